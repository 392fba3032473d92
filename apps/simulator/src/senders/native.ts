// Echelon's own tracker protocol: batches of fixes with the rider's device token.
import type { Api } from '../api/client.ts';
import { eventTime } from '../time-plan.ts';
import { attempt, countReason, createStats, round, type Sender } from './sender.ts';

/** The server takes at most this many fixes per request. */
export const MAX_BATCH = 1000;

interface IngestResult {
  accepted?: number;
  duplicates?: number;
  rejected?: Array<{ index: number; reason: string }>;
}

export function nativeSender(api: Api): Sender {
  const stats = createStats();
  return {
    concurrency: 8,
    stats,
    async send(rider, fixes, time) {
      if (!rider.deviceToken) throw new Error(`bib ${rider.bib} has no device token`);
      for (let from = 0; from < fixes.length; from += MAX_BATCH) {
        const chunk = fixes.slice(from, from + MAX_BATCH).map((f) => ({
          time: eventTime(time, f.t),
          lat: round(f.lat, 7),
          lon: round(f.lon, 7),
          accuracy: f.accuracy,
          speed: round(f.speed, 2),
          altitude: f.altitude === null ? null : round(f.altitude, 1),
          heading: round(f.heading, 1),
          battery: f.battery,
        }));
        const response = await attempt(stats, chunk.length, () =>
          api.raw('/api/v1/track/batch', {
            method: 'POST',
            headers: { authorization: `Bearer ${rider.deviceToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ fixes: chunk }),
          }),
        );
        if (!response) continue;
        const result = (await response.json().catch(() => ({}))) as IngestResult;
        stats.accepted += result.accepted ?? 0;
        stats.duplicates += result.duplicates ?? 0;
        for (const r of result.rejected ?? []) {
          stats.rejected++;
          countReason(stats, `rejected: ${r.reason}`);
        }
      }
    },
  };
}
