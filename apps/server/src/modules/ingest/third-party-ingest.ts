import type { IngestResult } from '@echelon/contracts';
import { badRequest, forbidden, unauthorized } from '../../http/problem.ts';
import type { IngestService } from './ingest.service.ts';
import type { DecodedFix, DecodeResult } from './protocols/index.ts';

export interface SenderCheck {
  /** The client's address (as TRUST_PROXY allows): misses count against it. Absent for MQTT. */
  address?: string;
  /** The registration the sender proved it is (an OwnTracks password that is a device token). */
  registrationId?: string;
}

/**
 * Stores what a third-party tracker sent (OsmAnd/Traccar Client, OwnTracks): the device is the
 * registration whose tracker id matches. Fixes of one message may name different devices (relays).
 * Unknown ids are throttled per address (GuessThrottle); a sender that proved a registration may only
 * send for that one.
 */
export async function ingestDecoded(
  ingest: IngestService,
  decoded: DecodeResult,
  source: string,
  sender: SenderCheck = {},
): Promise<IngestResult> {
  if (sender.address !== undefined) ingest.guesses.assertAllowed(sender.address);
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
      if (sender.address !== undefined) ingest.guesses.miss(sender.address);
      throw forbidden(
        `Tracker "${fixes[0]!.deviceId}" is not on any start list: register it as the rider's device id`,
      );
    }
    if (sender.registrationId !== undefined && rider.registrationId !== sender.registrationId) {
      if (sender.address !== undefined) ingest.guesses.miss(sender.address);
      throw unauthorized(`The password is not a device token of tracker "${fixes[0]!.deviceId}"`);
    }
    const result = await ingest.ingest(rider, fixes, source);
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    total.rejected.push(...result.rejected);
  }
  return total;
}
