// The OwnTracks HTTP protocol: one JSON location per request, user and device in the query string, speed
// in km/h (integer), time in epoch seconds. Like the app, zero acc/alt/vel/cog are left out.
import type { Api } from '../api/client.ts';
import { eventTime } from '../time-plan.ts';
import { attempt, createStats, round, type Sender } from './sender.ts';

export function owntracksSender(api: Api): Sender {
  const stats = createStats();
  return {
    concurrency: 32,
    stats,
    async send(rider, fixes, time) {
      if (!rider.deviceId) throw new Error(`bib ${rider.bib} has no device id`);
      const path = `/owntracks?${new URLSearchParams({ u: rider.deviceId, d: 'phone' })}`;
      for (const f of fixes) {
        const body: Record<string, unknown> = {
          _type: 'location',
          tid: String(rider.bib % 100).padStart(2, '0'),
          lat: round(f.lat, 7),
          lon: round(f.lon, 7),
          tst: Math.floor(eventTime(time, f.t) / 1000),
          batt: f.battery,
          t: 't',
        };
        const optional = {
          vel: Math.round(f.speed * 3.6),
          acc: f.accuracy,
          alt: f.altitude === null ? 0 : Math.round(f.altitude),
          cog: Math.round(f.heading),
        };
        for (const [key, value] of Object.entries(optional)) if (value !== 0) body[key] = value;
        const response = await attempt(stats, 1, () =>
          api.raw(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
        );
        if (response) {
          await response.arrayBuffer();
          stats.accepted++;
        }
      }
    },
  };
}
