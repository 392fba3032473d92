import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/admin/csv.ts';
import { latestSos, monitorRows, newAlerts } from '../../src/admin/monitor.ts';
import { resultWarnings } from '../../src/admin/warnings.ts';
import type { LiveRider } from '../../src/api/types.ts';

const rider = (over: Partial<LiveRider>): LiveRider => ({
  i: 0,
  id: 'r1',
  bib: 1,
  name: 'Ann',
  team: null,
  category: null,
  rank: 1,
  cond: 'racing',
  d: 1000,
  lap: 1,
  lat: null,
  lon: null,
  v: null,
  gap: null,
  grp: null,
  togo: 0,
  eta: null,
  next: null,
  fix: 10_000,
  batt: 80,
  acc: null,
  sos: null,
  fin: null,
  x: [],
  ...over,
});

describe('start-list CSV preview', () => {
  it('keeps the file’s line numbers, quotes and CRLF', () => {
    const preview = parseCsv('bib,first_name\r\n1,"Ann, ""A"""\r\n\r\n2,Bea\r\n');
    expect(preview.header).toEqual(['bib', 'first_name']);
    expect(preview.rows).toEqual([
      { line: 2, cells: ['1', 'Ann, "A"'] },
      { line: 4, cells: ['2', 'Bea'] },
    ]);
  });
});

describe('tracker monitor', () => {
  it('ages fixes, sorts by bib, and lets SOS outrank the condition', () => {
    const rows = monitorRows(
      [rider({ id: 'b', bib: 2, fix: null }), rider({ id: 'a', bib: 1, sos: 15_000, acc: 12 })],
      20_000,
    );
    expect(rows.map((r) => [r.bib, r.age, r.condition, r.accuracy])).toEqual([
      [1, 10, 'sos', 12],
      [2, null, 'racing', null],
    ]);
  });

  it('takes SOS times from race control’s own list, as the public feed carries none', () => {
    const at = 1_000_000;
    const sos = latestSos([
      { registrationId: 'r1', time: at - 60_000 },
      { registrationId: 'r1', time: at },
    ]);
    expect(sos.get('r1')).toBe(at);
    expect(monitorRows([rider({ sos: null })], at + 1000, sos)[0]!.condition).toBe('sos');
    expect(monitorRows([rider({ sos: null })], at + 1000)[0]!.condition).toBe('racing');
  });

  it('shows an SOS as the condition for 30 minutes after it was sent', () => {
    const sos = 1_000_000;
    expect(monitorRows([rider({ sos })], sos + 30 * 60_000)[0]!.condition).toBe('sos');
    expect(monitorRows([rider({ sos })], sos + 30 * 60_000 + 1)[0]!.condition).toBe('racing');
  });

  it('raises an alert once when a rider enters an alerting condition', () => {
    const rows = monitorRows([rider({ cond: 'signal_lost' })], 20_000);
    expect(newAlerts(new Map(), rows)).toHaveLength(1);
    expect(newAlerts(new Map([['r1', 'signal_lost']]), rows)).toHaveLength(0);
    expect(newAlerts(new Map(), monitorRows([rider({ cond: 'racing' })], 0))).toHaveLength(0);
  });
});

describe('results desk warnings', () => {
  it('flags riders never seen, missing crossings and impossible speeds', () => {
    const warnings = resultWarnings({
      results: [
        { bib: 1, rider: 'Ann', time: 1800, status: null },
        { bib: 2, rider: 'Bea', time: 600, status: null },
        { bib: 3, rider: 'Cleo', time: null, status: 'DNF' },
      ],
      seen: new Map([
        [1, { fixes: true, crossings: 1 }],
        [2, { fixes: true, crossings: 2 }],
      ]),
      expectedCrossings: 2,
      length: 20_000,
    });
    expect(warnings).toEqual([
      { kind: 'missingCrossings', bib: 1, rider: 'Ann', count: 1 },
      { kind: 'impossibleSpeed', bib: 2, rider: 'Bea', speed: 120 },
      { kind: 'neverSeen', bib: 3, rider: 'Cleo' },
    ]);
  });
});
