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
  const groups = byDevice(decoded.fixes);
  // One device (nearly every message): its result as it is.
  if (groups.length === 1) return ingestDevice(ingest, groups[0]!, source, sender);
  const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  for (const fixes of groups) {
    const result = await ingestDevice(ingest, fixes, source, sender);
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    total.rejected.push(...result.rejected);
  }
  return total;
}

/** One device's fixes: who it is, checked against the sender, then stored. */
async function ingestDevice(
  ingest: IngestService,
  fixes: DecodedFix[],
  source: string,
  sender: SenderCheck,
): Promise<IngestResult> {
  const first = fixes[0]!;
  const ids = first.deviceIdAlternatives?.length
    ? [first.deviceId, ...first.deviceIdAlternatives]
    : [first.deviceId];
  const rider = await ingest.riderForDevice(ids);
  if (!rider) {
    if (sender.address !== undefined) ingest.guesses.miss(sender.address);
    throw forbidden(
      `Tracker "${first.deviceId}" is not on any start list: register it as the rider's device id`,
    );
  }
  if (sender.registrationId !== undefined && rider.registrationId !== sender.registrationId) {
    if (sender.address !== undefined) ingest.guesses.miss(sender.address);
    throw unauthorized(`The password is not a device token of tracker "${first.deviceId}"`);
  }
  return ingest.ingest(rider, fixes, source);
}

/** The fixes of a message grouped by the device they name (with its alternative ids); most carry one. */
function byDevice(fixes: DecodedFix[]): DecodedFix[][] {
  if (fixes.length === 1) return [fixes];
  const groups = new Map<string, DecodedFix[]>();
  for (const fix of fixes) {
    const key = [fix.deviceId, ...(fix.deviceIdAlternatives ?? [])].join('\n');
    const group = groups.get(key);
    if (group) group.push(fix);
    else groups.set(key, [fix]);
  }
  return [...groups.values()];
}
