import type { ProblemItem } from '../../http/problem.ts';
import { nameKey } from './result-values.ts';
import type { RegistrationRow } from './results.repository.ts';
import type { StageResultRow } from './stage-results-csv.ts';

export type MatchTarget = { kind: 'existing'; id: string } | { kind: 'new'; name: string };

export interface RiderMatch {
  /** Per row of the file, who it is about. */
  targets: MatchTarget[];
  /** Riders to register (createMissing); `${firstName} ${lastName}` is their `name` in targets. */
  create: Array<{ bib: number; firstName: string; lastName: string; team: string | null }>;
  errors: ProblemItem[];
}

/** "ANNEMIEK VAN VLEUTEN" → first name "ANNEMIEK", last name "VAN VLEUTEN": the usual order in results. */
function splitName(name: string): { firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/);
  return words.length === 1
    ? { firstName: '', lastName: words[0]! }
    : { firstName: words[0]!, lastName: words.slice(1).join(' ') };
}

/**
 * Finds each row's rider: by bib, else by name ignoring case, accents and word order. A name two riders
 * share is ambiguous and must be given with a bib. Unknown riders are registered once each when
 * `createMissing`, with their bib from the file or the next free one; otherwise each row is reported.
 */
export function matchRiders(
  rows: readonly StageResultRow[],
  riders: readonly RegistrationRow[],
  options: { createMissing: boolean; firstFreeBib: number },
): RiderMatch {
  const byBib = new Map(riders.map((r) => [r.bib, r]));
  const byName = new Map<string, RegistrationRow[]>();
  for (const r of riders) {
    const key = nameKey(`${r.firstName} ${r.lastName}`);
    byName.set(key, [...(byName.get(key) ?? []), r]);
  }
  const created = new Map<string, { name: string; bib: number }>();
  const usedBibs = new Set(riders.map((r) => r.bib));
  let nextBib = options.firstFreeBib;
  const result: RiderMatch = { targets: [], create: [], errors: [] };

  for (const row of rows) {
    const key = nameKey(row.rider);
    const byBibHit = row.bib !== null ? byBib.get(row.bib) : undefined;
    if (byBibHit) {
      result.targets.push({ kind: 'existing', id: byBibHit.id });
      continue;
    }
    const named = row.rider ? (byName.get(key) ?? []) : [];
    if (named.length === 1) {
      result.targets.push({ kind: 'existing', id: named[0]!.id });
      continue;
    }
    if (named.length > 1) {
      result.errors.push({
        line: row.line,
        detail: `${named.length} riders are called "${row.rider}": give the bib`,
      });
      result.targets.push({ kind: 'new', name: '' });
      continue;
    }
    if (!options.createMissing) {
      const who = row.bib !== null ? `bib ${row.bib}` : `"${row.rider}"`;
      result.errors.push({
        line: row.line,
        detail: `no rider ${who} on the start list (import with createMissing=true to register them)`,
      });
      result.targets.push({ kind: 'new', name: '' });
      continue;
    }
    let entry = created.get(key);
    if (!entry) {
      let bib = row.bib ?? nextBib;
      while (usedBibs.has(bib)) bib = ++nextBib;
      usedBibs.add(bib);
      if (bib >= nextBib) nextBib = bib + 1;
      const { firstName, lastName } = splitName(row.rider || `Rider ${bib}`);
      entry = { name: `${firstName} ${lastName}`, bib };
      created.set(key, entry);
      result.create.push({ bib, firstName, lastName, team: row.team });
    }
    result.targets.push({ kind: 'new', name: entry.name });
  }
  return result;
}
