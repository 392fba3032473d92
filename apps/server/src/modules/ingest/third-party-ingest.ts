import type { IngestResult } from '@echelon/contracts';
import { badRequest, forbidden } from '../../http/problem.ts';
import type { IngestService } from './ingest.service.ts';
import type { DecodedFix, DecodeResult } from './protocols/index.ts';

/**
 * Stores what a third-party tracker sent (OsmAnd/Traccar Client, OwnTracks): the device is the
 * registration whose tracker id matches. Fixes of one message may name different devices (relays).
 */
export async function ingestDecoded(
  ingest: IngestService,
  decoded: DecodeResult,
  source: string,
): Promise<IngestResult> {
  if (!decoded.ok) throw badRequest(decoded.reason);
  const byDevice = new Map<string, DecodedFix[]>();
  for (const fix of decoded.fixes) {
    const key = [fix.deviceId, ...(fix.deviceIdAlternatives ?? [])].join('\n');
    byDevice.set(key, [...(byDevice.get(key) ?? []), fix]);
  }
  const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  for (const [key, fixes] of byDevice) {
    const rider = await ingest.riderForDevice(key.split('\n'));
    if (!rider) {
      throw forbidden(
        `Tracker "${fixes[0]!.deviceId}" is not on any start list: register it as the rider's device id`,
      );
    }
    const result = await ingest.ingest(rider, fixes, source);
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    total.rejected.push(...result.rejected);
  }
  return total;
}
