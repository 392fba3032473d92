import { cleanup, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveRider, LiveSnapshot, LiveTimeTrial } from '../../src/api/types.ts';
import { TimeTrialPanel } from '../../src/components/time-trial/TimeTrialPanel.tsx';
import { i18n } from '../../src/i18n/index.ts';
import { applyDelta, fromSnapshot } from '../../src/live/feed-state.ts';

const STAGE = '00000000-0000-4000-8000-000000000001';
const SPLIT = '00000000-0000-4000-8000-0000000000a1';
const FINISH = '00000000-0000-4000-8000-0000000000a2';
const T0 = Date.UTC(2025, 6, 1, 12, 0, 0);

const rider = (i: number, name: string): LiveRider => ({
  i,
  id: `00000000-0000-4000-8000-00000000010${i}`,
  bib: i + 1,
  name,
  team: null,
  category: null,
  rank: i + 1,
  cond: 'racing',
  d: 0,
  lap: 0,
  lat: null,
  lon: null,
  v: null,
  gap: null,
  grp: null,
  togo: 10_000,
  eta: null,
  next: null,
  fix: null,
  batt: null,
  acc: null,
  sos: null,
  fin: null,
  x: [],
});

const before: LiveTimeTrial = {
  riders: [
    {
      i: 0,
      rank: 1,
      phase: 'on_course',
      start: T0,
      point: SPLIT,
      t: 600_250,
      gap: 0,
      exact: true,
      vgap: null,
    },
    {
      i: 1,
      rank: 2,
      phase: 'on_course',
      start: T0 + 60_000,
      point: null,
      t: null,
      gap: null,
      exact: false,
      vgap: 12_000,
    },
    {
      i: 2,
      rank: null,
      phase: 'waiting',
      start: T0 + 120_000,
      point: null,
      t: null,
      gap: null,
      exact: false,
      vgap: null,
    },
  ],
  splits: [
    { id: SPLIT, rows: [[0, 600_250, 1, 0, true]] },
    { id: FINISH, rows: [] },
  ],
  hot: null,
};

const snapshot: LiveSnapshot = {
  type: 'snapshot',
  v: 2,
  stageId: STAGE,
  raceId: STAGE,
  seq: 4,
  at: T0 + 700_000,
  status: 'live',
  startedAt: T0,
  length: 10_000,
  riders: [rider(0, 'Ana'), rider(1, 'Bea'), rider(2, 'Cleo')],
  groups: [],
  checkpoints: [
    { id: SPLIT, kind: 'timing', name: 'Col', d: 5000 },
    { id: FINISH, kind: 'finish', name: 'Finish', d: 10_000 },
  ],
  announcements: [],
  tt: before,
};

afterEach(cleanup);

const show = (tt: LiveTimeTrial, riders: LiveRider[]) =>
  render(
    <I18nextProvider i18n={i18n}>
      <TimeTrialPanel tt={tt} riders={riders} checkpoints={snapshot.checkpoints} timeZone="UTC" />
    </I18nextProvider>,
  );

describe('time trial on the live page', () => {
  it('shows the standings by elapsed time, the split tables, and who waits to start', () => {
    const state = fromSnapshot(snapshot);
    show(state.tt!, state.riders);
    const rows = within(screen.getByTestId('tt-standings')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      '1#1 AnaCol10:00.25s.t.',
      '2#2 Beaon course+0:12',
      '#3 Cleostarts 12:02:00',
    ]);
    expect(screen.getByTestId('hot-seat').textContent).toBe('No one has finished yet.');
    const [split, finish] = screen.getAllByTestId('tt-split');
    expect(split!.textContent).toContain('Split at Col');
    expect(finish!.textContent).toContain('No one has reached it yet.');
  });

  it('takes a delta’s new time-trial block: the first finisher takes the hot seat', () => {
    const state = fromSnapshot(snapshot);
    const after: LiveTimeTrial = {
      ...before,
      riders: [
        {
          i: 0,
          rank: 1,
          phase: 'finished',
          start: T0,
          point: FINISH,
          t: 1_200_370,
          gap: 0,
          exact: false,
          vgap: null,
        },
        ...before.riders.slice(1),
      ],
      splits: [before.splits[0]!, { id: FINISH, rows: [[0, 1_200_370, 1, 0, false]] }],
      hot: { i: 0, t: 1_200_370, since: T0 + 1_200_370 },
    };
    expect(
      applyDelta(state, { type: 'delta', stageId: STAGE, seq: 5, at: T0 + 1_300_000, pos: [], tt: after }),
    ).toBe('applied');
    show(state.tt!, state.riders);
    expect(screen.getByTestId('hot-seat').textContent).toBe('Hot seat: #1 Ana in 20:00.37');
    expect(within(screen.getByTestId('tt-standings')).getAllByRole('row')[1]!.textContent).toBe(
      '1#1 AnaFinish20:00s.t.',
    );
  });

  it('shows a team time trial by teams: the team in the hot seat, its Nth rider’s time, its dropped riders', () => {
    const squad = [rider(0, 'Ana'), rider(1, 'Bea'), rider(2, 'Cleo'), rider(3, 'Dora'), rider(4, 'Eva')];
    const tt: LiveTimeTrial = {
      ...before,
      teams: {
        n: 2,
        standings: [
          {
            team: 'Rouleurs',
            rank: 1,
            phase: 'finished',
            start: T0,
            point: FINISH,
            t: 1_200_370,
            gap: 0,
            exact: true,
            vgap: null,
            riders: [0, 1],
            dropped: [2],
            out: [],
          },
          {
            team: 'Grimpeurs',
            rank: 2,
            phase: 'on_course',
            start: T0 + 120_000,
            point: SPLIT,
            t: 605_000,
            gap: 4750,
            exact: false,
            vgap: 9000,
            riders: [3],
            dropped: [],
            out: [4],
          },
        ],
        splits: [
          {
            id: SPLIT,
            rows: [
              ['Rouleurs', 600_250, 1, 0, true],
              ['Grimpeurs', 605_000, 2, 4750, false],
            ],
          },
          { id: FINISH, rows: [['Rouleurs', 1_200_370, 1, 0, true]] },
        ],
        hot: { team: 'Rouleurs', t: 1_200_370, since: T0 + 1_200_370 },
      },
    };
    const state = fromSnapshot({ ...snapshot, riders: squad, tt });
    show(state.tt!, state.riders);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Team time trial');
    expect(screen.getByTestId('hot-seat').textContent).toBe('Hot seat: Rouleurs in 20:00.37');
    expect(screen.getByText('A team is timed when 2 of its riders are across the line.')).toBeTruthy();
    const rows = within(screen.getByTestId('tt-standings')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      '1RouleursWith the team: #1 Ana, #2 BeaDropped: #3 CleoFinish20:00.37s.t.',
      '2GrimpeursWith the team: #4 DoraOut: #5 EvaCol10:05+0:05+0:09',
    ]);
    expect(screen.getAllByTestId('tt-dropped').map((d) => d.textContent)).toEqual(['Dropped: #3 Cleo']);
    // The split tables list teams, not riders.
    const [split, finish] = screen.getAllByTestId('tt-split');
    expect(
      within(split!)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['1Rouleurs10:00.25s.t.', '2Grimpeurs10:05+0:05']);
    expect(finish!.textContent).toContain('Rouleurs20:00.37');
    expect(screen.queryByText(/Hot seat: #/)).toBeNull();
  });
});
