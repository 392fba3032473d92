import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { raceStatisticsShares, stageResultSets } from '../../src/db/schema.ts';
import { StatsService } from '../../src/modules/stats/stats.service.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { straightGpx } from '../support/live-race.ts';
import { type Client, multipartFile, startTestApp, type TestApp } from '../support/test-app.ts';

const HEADER = 'stage,bib,rider,team,time,bonus,penalty,status';

/** A public race on the straight 10 km course whose one stage's results were imported, then run and finished. */
async function finishedRace(organiser: Client, name: string, startDate: string, csv: string[]) {
  const raceId = (await organiser.post('/api/v1/races', { name, startDate })).json().id;
  const stageId = (await organiser.post(`/api/v1/races/${raceId}/stages`, { name: 'Stage 1' })).json().id;
  const form = await multipartFile('file', 'straight.gpx', straightGpx(10));
  await organiser.put(`/api/v1/stages/${stageId}/course`, form.payload, form.headers);
  await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
  await importResults(organiser, raceId, csv);
  const at = Date.parse(`${startDate}T10:00:00Z`);
  await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'live', at });
  await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'finished', at: at + 3600_000 });
  return raceId as string;
}

async function importResults(organiser: Client, raceId: string, csv: string[]) {
  const imported = await organiser.post(
    `/api/v1/races/${raceId}/results/import?createMissing=true`,
    [HEADER, ...csv].join('\n'),
    { 'content-type': 'text/csv' },
  );
  if (imported.statusCode !== 200) throw new Error(imported.body);
}

/**
 * The all-time statistics' per-race shares are stored (issue 16): a restarted process reads them instead
 * of every race's results, a race whose results change is read again alone, and the figures are those
 * a computation from scratch gives.
 */
describe.skipIf(databaseUnavailable !== null)('all-time statistics from stored per-race shares', () => {
  let t: TestApp;
  let organiser: Client;
  let spring: string;
  let autumn: string;

  /** A process that has never read the statistics (as after a restart), counting what it scores. */
  const restarted = () => {
    const standings = vi.spyOn(t.services.results, 'standings');
    standings.mockClear();
    const stats = new StatsService(t.database.db, t.services.races, t.services.results, t.services.replay);
    return { stats, scoredRaces: () => standings.mock.calls.map((call) => call[1]) };
  };
  const storedShares = async () =>
    new Map(
      (await t.database.db.select().from(raceStatisticsShares)).map((r) => [
        r.raceId,
        r.computedAt.getTime(),
      ]),
    );

  beforeAll(async () => {
    t = await startTestApp();
    ({ client: organiser } = await t.signIn('organiser'));
    // Each finish stores the stage's results in the background; a statistics read that overlaps that
    // store hears the change and rightly keeps no share computed meanwhile — so the reads below wait it out.
    const recomputes = vi.spyOn(t.services.resultsStore, 'recompute');
    spring = await finishedRace(organiser, 'Spring Classic', '2023-04-10', [
      '1,7,Fast Rider,,950,,,',
      '1,8,Slow Rider,,1100,,,',
      '1,9,Quitter,,,,,DNF',
    ]);
    autumn = await finishedRace(organiser, 'Autumn Classic', '2024-09-20', [
      '1,3,Steady Rider,,1000,,,',
      '1,4,Other Rider,,1200,,,',
    ]);
    const finishes = () => recomputes.mock.calls.filter((call) => call[1] === 'stage finished');
    await vi.waitFor(() => expect(finishes()).toHaveLength(2), { timeout: 20_000, interval: 50 });
    // …and any stage a later event marked stale (the background sweep recomputes it, and a statistics
    // read overlapping that rightly stores no share): under load that sweep ran during the first read.
    const stale = async () =>
      (await t.database.db.select().from(stageResultSets)).filter((set) => set.staleSince !== null);
    await vi.waitFor(async () => expect(await stale()).toEqual([]), { timeout: 20_000, interval: 50 });
    await t.services.resultsStore.stop();
    t.services.resultsStore.start();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.close();
  });

  it('keeps every race’s share in the database, read by a restarted process without scoring any race', async () => {
    const first = (await t.anonymous.get('/api/v1/statistics')).json();
    expect(first).toMatchObject({ races: 2, riders: 5, finishers: 4 });
    expect(first.courseRecords).toMatchObject([{ time: 950, raceId: spring, rider: { bib: 7 } }]);
    expect([...(await storedShares()).keys()].sort()).toEqual([spring, autumn].sort());

    const { stats, scoredRaces } = restarted();
    expect(await stats.statistics()).toEqual(first);
    expect(scoredRaces()).toEqual([]);
  });

  it('reads again only the race whose results changed, and the figures follow the change', async () => {
    const before = await storedShares();
    // A corrected file for the autumn race: its winner now beats the course record.
    await importResults(organiser, autumn, ['1,3,Steady Rider,,900,,,', '1,4,Other Rider,,1200,,,']);

    const { stats, scoredRaces } = restarted();
    const changed = await stats.statistics();
    expect(new Set(scoredRaces())).toEqual(new Set([autumn]));
    expect(changed.courseRecords).toMatchObject([{ time: 900, raceId: autumn, rider: { bib: 3 } }]);
    const after = await storedShares();
    expect(after.get(spring)).toBe(before.get(spring));
    expect(after.get(autumn)).toBeGreaterThan(before.get(autumn)!);
    // The API's own process answers the same, from the stored shares.
    const { stats: again, scoredRaces: scoredAgain } = restarted();
    expect(await again.statistics()).toEqual(changed);
    expect(scoredAgain()).toEqual([]);
    expect((await t.anonymous.get('/api/v1/statistics')).json()).toEqual(changed);
  });

  it('gives the figures a computation from scratch gives', async () => {
    const { stats: kept } = restarted();
    const fromShares = await kept.statistics();
    await t.database.db.delete(raceStatisticsShares);
    const { stats, scoredRaces } = restarted();
    const fromScratch = await stats.statistics();
    expect(new Set(scoredRaces())).toEqual(new Set([spring, autumn]));
    expect(fromShares).toEqual(fromScratch);
    expect(fromScratch).toMatchObject({ races: 2, riders: 5, finishers: 4, dnfRate: 0.2 });
  });
});
