// The finish table printed at the end of a run: finishers by time, then abandons.
import { clock } from './model/plan-race.ts';
import type { GroundTruth } from './truth.ts';

export function finishTable(truth: GroundTruth): string[] {
  const finishers = truth.riders
    .filter((r) => r.finishTime !== null)
    .sort((a, b) => a.finishTime! - b.finishTime!);
  const others = truth.riders.filter((r) => r.finishTime === null).sort((a, b) => a.bib - b.bib);
  const winner = finishers[0]?.finishTime ?? 0;
  const nameWidth = Math.max(4, ...truth.riders.map((r) => r.name.length));
  const row = (rank: string, bib: number | string, name: string, time: string, gap: string) =>
    `${rank.padStart(4)}  ${String(bib).padStart(5)}  ${name.padEnd(nameWidth)}  ${time.padStart(8)}  ${gap}`;
  const lines = [row('#', 'bib', 'name', 'time', 'gap')];
  finishers.forEach((r, i) => {
    const gap = i === 0 ? '' : `+${clock((r.finishTime! - winner) / 1000)}`;
    lines.push(row(String(i + 1), r.bib, r.name, clock((r.finishTime! - truth.startTime) / 1000), gap));
  });
  for (const r of others) {
    const last = r.samples.at(-1)?.[1] ?? 0;
    lines.push(row(r.dnf ? 'DNF' : '—', r.bib, r.name, '', `stopped at km ${(last / 1000).toFixed(1)}`));
  }
  return lines;
}
