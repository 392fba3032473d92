// The OsmAnd protocol as Traccar Client sends it: one fix per request, all in the query string, speed in
// knots, time in epoch seconds. The device id is the rider's registered deviceId.
import type { Api } from '../api/client.ts';
import { eventTime } from '../time-plan.ts';
import { attempt, createStats, round, type Sender } from './sender.ts';

export const KNOTS_PER_MPS = 3600 / 1852;

export function osmandSender(api: Api): Sender {
  const stats = createStats();
  return {
    concurrency: 32,
    stats,
    async send(rider, fixes, time) {
      if (!rider.deviceId) throw new Error(`bib ${rider.bib} has no device id`);
      for (const f of fixes) {
        const query = new URLSearchParams({
          id: rider.deviceId,
          timestamp: String(Math.floor(eventTime(time, f.t) / 1000)),
          lat: String(round(f.lat, 7)),
          lon: String(round(f.lon, 7)),
          speed: String(round(f.speed * KNOTS_PER_MPS, 2)),
          bearing: String(round(f.heading, 1)),
          ...(f.altitude === null ? {} : { altitude: String(round(f.altitude, 1)) }),
          accuracy: String(f.accuracy),
          batt: String(f.battery),
        });
        const response = await attempt(stats, 1, () => api.raw(`/osmand?${query}`, { method: 'POST' }));
        if (response) {
          await response.arrayBuffer();
          stats.accepted++;
        }
      }
    },
  };
}
