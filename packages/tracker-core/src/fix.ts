import type { NativeFix } from '@echelon/contracts';

/**
 * A fix as the tracker sends it: the native format with the time always in epoch milliseconds
 * (server-aligned when the estimate allows, see FixStamper), so it can be compared and ordered.
 */
export type TrackerFix = Omit<NativeFix, 'time'> & { time: number };

/**
 * A fix in the queue. `id` is a device-local sequence number given once, when the fix is stored: it
 * orders the queue and names exactly which fixes a batch carried, so the queue removes only those the
 * server answered for, even while new fixes arrive during the request.
 */
export interface QueuedFix {
  id: number;
  fix: TrackerFix;
}
