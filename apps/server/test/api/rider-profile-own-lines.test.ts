import type { RiderProfile } from '@echelon/contracts';
import { type LiveCheckpoint, metres } from '@echelon/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { splitsOf } from '../../src/modules/replay/splits.ts';
import { ResultsStoreRepository } from '../../src/modules/results/results-store.repository.ts';
import { RidersRepository } from '../../src/modules/riders/riders.repository.ts';
import { raceResults } from '../../src/modules/stats/race-results.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { type FormatRace, formatRace, pass } from './results-format-setup.ts';

type RiderRace = RiderProfile['races'][number];

/**
 * A race's stages on a rider's page as they were made before the page read only the rider's own lines:
 * the whole race's standings scored again, the rider's line and the winner found among every rider's,
 * splits from the rider's stored crossings. What the page must still answer, to the byte.
 */
async function fromWholeField(t: TestApp, race: RiderRace): Promise<RiderRace['stages']> {
  const results = t.services.results;
  const { stages } = await raceResults(results, null, race.raceId);
  const courses = await new RidersRepository(t.database.db).splitCourses(stages.map((s) => s.stage.id));
  const out: RiderRace['stages'] = [];
  for (const { stage, lines } of stages) {
    const line = lines.find((l) => l.registrationId === race.registrationId);
    if (!line) continue;
    const winner = lines.find((l) => l.rank === 1)?.time ?? null;
    const course = courses.get(stage.id) ?? null;
    let splits: RiderRace['stages'][number]['splits'] = [];
    if (course && stage.startedAt !== null) {
      const crossings = (await results.crossings(stage, race.registrationId)).get(race.registrationId) ?? [];
      const length = course.lapLength * course.lapCount;
      const checkpoints = course.checkpoints.map(
        (c): LiveCheckpoint => ({
          id: c.id,
          kind: c.kind as LiveCheckpoint['kind'],
          name: c.name,
          distance: metres(Math.min(c.distance, length)),
        }),
      );
      splits = splitsOf(crossings, checkpoints, stage.startedAt);
    }
    out.push({
      stageId: stage.id,
      number: stage.number,
      name: stage.name,
      startedAt: stage.startedAt,
      rank: line.rank,
      time: line.time,
      gap: line.status === null && line.time !== null && winner !== null ? line.time - winner : null,
      status: line.status,
      splits,
    });
  }
  return out;
}

/**
 * A rider's page reads that rider's stored lines, not the field's (issue 16): the same answer as the
 * whole field's standings gave, for a tracked finisher and the rider behind, an imported DNF and a lap
 * race's riders (lapped, and one who did not finish), without reading every rider's lines or evidence.
 */
describe.skipIf(databaseUnavailable !== null)('rider profiles from the rider’s own stored lines', () => {
  let t: TestApp;
  let live: LiveRace;
  let criterium: FormatRace;
  let imported: Array<{ id: string; bib: number }>;
  const start = Date.now() - 2 * 60 * 60_000;

  beforeAll(async () => {
    t = await startTestApp();
    live = await setUpLiveRace(t, 3);
    await recordRace(
      t,
      live,
      start,
      {
        1: steadyRide([{ to: 10_050, speed: 10 }]),
        2: steadyRide([{ to: 10_050, speed: 8 }]),
        3: steadyRide([{ to: 6000, speed: 9 }]),
      },
      start + 1500_000,
    );

    const { client: organiser } = await t.signIn('organiser');
    const importRace = async (name: string, startDate: string, stages: number, rows: string[]) => {
      const raceId = (await organiser.post('/api/v1/races', { name, startDate })).json().id;
      for (let k = 1; k <= stages; k++)
        await organiser.post(`/api/v1/races/${raceId}/stages`, { name: `Stage ${k}` });
      await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
      const done = await organiser.post(
        `/api/v1/races/${raceId}/results/import?createMissing=true`,
        ['stage,bib,rider,team,time,bonus,penalty,status', ...rows].join('\n'),
        { 'content-type': 'text/csv' },
      );
      expect(done.statusCode, done.body).toBe(200);
      return (await organiser.get(`/api/v1/races/${raceId}/registrations`)).json().items as Array<{
        id: string;
        bib: number;
      }>;
    };
    imported = await importRace('Imported', '2023-04-10', 2, [
      '1,7,Lena Brandt,Team B,3:00:00,,,',
      '1,8,Ann Other,Team B,2:59:00,,,',
      '2,7,Lena Brandt,Team B,,,,DNF',
      '2,8,Ann Other,Team B,2:00:00,,,',
    ]);
    // The same rider in another race: word order, case and a decomposed accent; and a longer name.
    imported.push(
      ...(await importRace('Autumn', '2023-10-01', 1, [
        '1,3,BRANDT Le\u0301na,Team B,3:05:00,,,',
        '1,4,Lena Brandtner,Team B,3:06:00,,,',
      ])),
    );

    criterium = await formatRace(t, {
      format: 'criterium',
      laps: 5,
      riders: [1, 2, 3, 4].map((bib) => ({ bib })),
    });
    const lapsOf: Record<number, number[]> = {
      1: [100, 200, 300, 400, 500],
      2: [101, 201, 301, 401, 500.5],
      3: [130, 260, 390, 520],
      4: [110, 220],
    };
    await pass(
      criterium,
      Object.entries(lapsOf).flatMap(([bib, times]) =>
        times.map((s) => [Number(bib), 'finish', s] as [number, string, number]),
      ),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers what the whole field’s standings answered, byte for byte', async () => {
    const ids = [
      ...live.riders.map((r) => r.id),
      ...imported.map((r) => r.id),
      ...[...criterium.riders.values()],
    ];
    const statuses = new Set<string | null>();
    for (const id of ids) {
      const page = await t.services.riders.profile(null, id);
      const expected = { ...page, races: [] as RiderRace[] };
      for (const race of page.races) expected.races.push({ ...race, stages: await fromWholeField(t, race) });
      expect(JSON.stringify(page)).toBe(JSON.stringify(expected));
      for (const race of page.races) for (const stage of race.stages) statuses.add(stage.status);
      const http = await t.anonymous.get(`/api/v1/registrations/${id}/profile`);
      expect(http.statusCode).toBe(200);
    }
    // The cases the comparison must cover: finishers, and riders who did not finish.
    expect(statuses).toEqual(new Set([null, 'DNF']));
    const stageOf = async (id: string, raceId: string) =>
      (await t.services.riders.profile(null, id)).races.find((r) => r.raceId === raceId)!.stages[0]!;
    const lapped = await stageOf(criterium.riders.get(3)!, criterium.raceId);
    // Lapped: behind both lead-lap finishers (the one who stopped after two laps did not finish).
    expect(lapped).toMatchObject({ rank: 3, status: null });
    const lena = await t.services.riders.profile(null, imported.find((r) => r.bib === 7)!.id);
    expect(lena.races.map((r) => [r.raceName, r.bib, r.current])).toEqual([
      ['Autumn', 3, false],
      ['Imported', 7, true],
    ]);
    const tracked = await stageOf(live.riders[1]!.id, live.raceId);
    expect(tracked.splits.length).toBeGreaterThan(1);
    expect(tracked.gap).toBeGreaterThan(0);
  });

  it('reads neither the whole field’s lines nor their evidence', async () => {
    const wholeLines = vi.spyOn(ResultsStoreRepository.prototype, 'engineRows');
    const wholeEvidence = vi.spyOn(ResultsStoreRepository.prototype, 'evidenceRows');
    const wholePresented = vi.spyOn(ResultsStoreRepository.prototype, 'presentedRows');
    try {
      for (const id of [live.riders[0]!.id, imported[0]!.id, criterium.riders.get(2)!]) {
        await t.services.riders.profile(null, id);
      }
      expect(wholeLines).not.toHaveBeenCalled();
      expect(wholeEvidence).not.toHaveBeenCalled();
      expect(wholePresented).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });
});
