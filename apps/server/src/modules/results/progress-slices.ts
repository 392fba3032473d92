import type { GpsPass, PassFix } from './gps-pass.ts';
import type { StageProgressRepository } from './stage-progress.repository.ts';

/** Fixes are read this much stage time at a time: ~100k fixes for 2,000 riders at one every 5 s. */
const SLICE_MS = 5 * 60_000;

/**
 * Feeds the pass each rider's fixes after their own `after`, a slice of time at a time so that a rider
 * taken from the start (or a whole stage from scratch) never holds millions of fixes at once. Answers
 * how many fixes each rider was fed.
 */
export async function feedInSlices(
  repo: StageProgressRepository,
  pass: GpsPass,
  reads: ReadonlyArray<{ id: string; after: number }>,
  to: number | null,
): Promise<Map<string, number>> {
  const fed = new Map<string, number>();
  const count = (fixes: readonly PassFix[]) => {
    for (const f of fixes) fed.set(f.registrationId, (fed.get(f.registrationId) ?? 0) + 1);
    pass.feed(fixes);
  };
  // Slices reach the riders' latest fix, not the window's end: at the finish every rider is within
  // seconds of it, and a query per empty slice would cost more than the fixes themselves.
  const latest = await repo.latestFix(reads.map((r) => r.id));
  const end = Math.min(to ?? Number.POSITIVE_INFINITY, latest ?? Number.NEGATIVE_INFINITY);
  let sliceFrom = Math.min(...reads.map((r) => r.after));
  while (sliceFrom + SLICE_MS < end) {
    const sliceTo = sliceFrom + SLICE_MS;
    const behind = reads.filter((r) => r.after < sliceTo);
    count(
      await repo.fixesAfter(
        behind.map((r) => ({ id: r.id, after: Math.max(r.after, sliceFrom) })),
        sliceTo,
      ),
    );
    sliceFrom = sliceTo;
  }
  // The rest to the window's end (or with no end while it runs: phones' clocks may run ahead).
  count(
    await repo.fixesAfter(
      reads.map((r) => ({ id: r.id, after: Math.max(r.after, sliceFrom) })),
      to,
    ),
  );
  return fed;
}
