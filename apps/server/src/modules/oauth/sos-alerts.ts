import type { Bus } from '../../live/bus.ts';
import type { LiveRepository } from '../../live/live.repository.ts';
import type { OAuthRepository } from './oauth.repository.ts';

/** A rider pressing SOS again within this time adds no second announcement. */
const QUIET_MS = 5 * 60_000;

/**
 * Turns a tracker's SOS (ingest marks SOS batches on the bus) into a race announcement, so organisers
 * and the live feed see it at once, with where the rider was. Returns the unsubscribe function.
 */
export function raiseSosAlerts(
  bus: Bus,
  live: LiveRepository,
  riders: OAuthRepository,
  log: { error(o: object, m: string): void },
) {
  const lastAlert = new Map<string, number>();
  return bus.onFixes((batch) => {
    if (!batch.sos) return;
    const now = Date.now();
    if (now - (lastAlert.get(batch.registrationId) ?? 0) < QUIET_MS) return;
    lastAlert.set(batch.registrationId, now);
    // Where the rider was: the latest SOS position, even one refused for the race (it is all there is).
    const sosFix = batch.fixes.filter((f) => f.sos === true).at(-1) ?? batch.fixes.at(-1);
    const alarm = batch.alarms?.at(-1);
    const fix = alarm && (!sosFix || alarm.time >= sosFix.time) ? alarm : sosFix;
    void (async () => {
      const rider = await riders.registration(batch.registrationId);
      if (!rider) return;
      const where =
        fix && fix.lat !== null && fix.lon !== null
          ? ` at ${fix.lat.toFixed(5)}, ${fix.lon.toFixed(5)}${fix === alarm ? ' (position doubtful)' : ''}`
          : ' (no usable position)';
      const text = `SOS from #${rider.bib} ${rider.firstName} ${rider.lastName}${where}`;
      const row = await live.insertAnnouncement({ raceId: batch.raceId, stageId: null, text, at: now });
      bus.publishControl({
        type: 'announcement',
        raceId: row.raceId,
        id: row.id,
        at: row.at,
        text: row.text,
        stageId: null,
      });
    })().catch((error: unknown) => log.error({ err: error }, 'could not announce an SOS'));
  });
}
