// Results: one metric per figure, printed as a table and written as JSON for comparing runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Metric {
  name: string;
  value: number;
  unit: string;
  /** What the issue asks for; null for figures that only explain the others. */
  target: number | null;
  /** Whether a higher value is better ('min': value ≥ target) or a lower one ('max': value ≤ target). */
  goal: 'min' | 'max';
  note?: string;
  /** The same figure measured the same way on what users would pick instead (`--peers`). */
  peers?: Peer[];
}

/** A peer's figure, and Echelon's value divided by it (below 1 is better for a 'max' metric). */
export interface Peer {
  name: string;
  value: number;
  ratio: number;
}

export const withPeers = (m: Metric, peers: Array<{ name: string; value: number }>): Metric => ({
  ...m,
  peers: peers.map((p) => ({ ...p, ratio: p.value > 0 ? m.value / p.value : Number.NaN })),
});

export interface Options {
  quick: boolean;
  /** Profile each measured window (bench/results/<name>.cpuprofile.json) and print where the time went. */
  profile: boolean;
  /** Also measure the peers (Socket.IO, bare ws, Turf, cheap-ruler) the same way, in the same run. */
  peers?: boolean;
}

export const metric = (
  name: string,
  value: number,
  unit: string,
  target: number | null = null,
  goal: 'min' | 'max' = 'min',
  note?: string,
): Metric => ({ name, value, unit, target, goal, ...(note !== undefined && { note }) });

export function passed(m: Metric): boolean | null {
  if (m.target === null) return null;
  if (!Number.isFinite(m.value)) return false;
  return m.goal === 'min' ? m.value >= m.target : m.value <= m.target;
}

const format = (value: number) =>
  !Number.isFinite(value)
    ? String(value)
    : Math.abs(value) >= 100
      ? Math.round(value).toLocaleString('en-US')
      : String(Math.round(value * 100) / 100);

export function printTable(metrics: Metric[]): void {
  const rows = metrics.map((m) => {
    const ok = passed(m);
    return [
      m.name,
      format(m.value),
      m.unit,
      m.target === null ? '' : `${m.goal === 'min' ? '≥' : '≤'} ${format(m.target)}`,
      ok === null ? '' : ok ? 'pass' : 'FAIL',
      m.note ?? '',
    ];
  });
  const header = ['metric', 'value', 'unit', 'target', 'result', 'note'];
  if (metrics.some((m) => m.peers)) {
    header.splice(5, 0, 'peers (value, Echelon ÷ peer)');
    metrics.forEach((m, i) => {
      const peers = (m.peers ?? []).map((p) => `${p.name} ${format(p.value)} (${format(p.ratio)}×)`);
      rows[i]!.splice(5, 0, peers.join('; '));
    });
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
  console.log(line(header).trimEnd());
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row).trimEnd());
}

export function writeResults(file: string, quick: boolean, metrics: Metric[]): void {
  const json = {
    at: new Date().toISOString(),
    quick,
    machine: { cpus: os.cpus().length, node: process.version },
    metrics: Object.fromEntries(
      metrics.map((m) => [
        m.name,
        {
          value: m.value,
          unit: m.unit,
          target: m.target,
          ...(m.target !== null && { cmp: m.goal === 'min' ? '>=' : '<=' }),
          ok: passed(m),
          ...(m.note !== undefined && { note: m.note }),
          ...(m.peers && { peers: m.peers }),
        },
      ]),
    ),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}
