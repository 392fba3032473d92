// The riders of the simulation: the race's start list, topped up with simulated riders when it is short.
import type { Rng } from '../model/prng.ts';
import { deviceIdFor, riderEntry } from '../names.ts';
import type { Api } from './client.ts';

export interface Entrant {
  registrationId: string;
  bib: number;
  firstName: string;
  lastName: string;
  deviceId: string | null;
}

interface Registration {
  id: string;
  bib: number;
  firstName: string;
  lastName: string;
  deviceId: string | null;
}

/**
 * The first `count` riders by bib. OsmAnd and OwnTracks identify a rider by device id only, so for those
 * protocols riders without one are passed over (and replaced by simulated riders).
 */
export async function ensureStartList(
  api: Api,
  raceId: string,
  count: number,
  options: { needDeviceId: boolean; rng: Rng; log: (line: string) => void },
): Promise<Entrant[]> {
  const path = `/api/v1/races/${encodeURIComponent(raceId)}/registrations`;
  const { items } = await api.get<{ items: Registration[] }>(path);
  const sorted = [...items].sort((a, b) => a.bib - b.bib);
  const usable = options.needDeviceId ? sorted.filter((r) => r.deviceId) : sorted;
  if (usable.length < sorted.length) {
    options.log(`${sorted.length - usable.length} registered riders have no device id and are left out`);
  }
  const chosen = usable.slice(0, count).map(toEntrant);
  const missing = count - chosen.length;
  if (missing <= 0) return chosen;

  options.log(`registering ${missing} simulated riders`);
  const bibs = new Set(sorted.map((r) => r.bib));
  const devices = new Set(sorted.map((r) => r.deviceId).filter((d) => d !== null));
  let bib = Math.max(0, ...bibs);
  while (chosen.length < count) {
    bib++;
    if (bibs.has(bib) || devices.has(deviceIdFor(raceId, bib))) continue;
    const created = await api.post<Registration>(path, riderEntry(options.rng, raceId, bib));
    chosen.push(toEntrant(created));
  }
  return chosen;
}

function toEntrant(r: Registration): Entrant {
  return {
    registrationId: r.id,
    bib: r.bib,
    firstName: r.firstName,
    lastName: r.lastName,
    deviceId: r.deviceId,
  };
}
