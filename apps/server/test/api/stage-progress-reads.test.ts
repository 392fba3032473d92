import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { StageProgressRepository } from '../../src/modules/results/stage-progress.repository.ts';
import { createTestDatabase, databaseUnavailable, testDbKind } from '../support/databases.ts';
import { liveRaceRows } from '../support/race-rows.ts';

const RIDERS = 120;
const FIXES_EACH = 2500;
const START = Date.parse('2026-07-12T11:00:00Z');

/** Rider i's phone: its own clock offset (ms), its own interval (1–10 s), a dropout for every seventh. */
const phone = (i: number) => ({
  offsetMs: (i * 7919) % 5000,
  everyMs: 1000 * (1 + (i % 10)),
  dropout: i % 7 === 3 ? ([600, 900] as const) : null,
});

/** The fix times rider i's phone stored (what the table is filled with below, computed the same way). */
function timesOf(i: number): number[] {
  const { offsetMs, everyMs, dropout } = phone(i);
  const times: number[] = [];
  for (let g = 1; g <= FIXES_EACH; g++) {
    if (dropout && g >= dropout[0] && g < dropout[1]) continue;
    times.push(START + offsetMs + g * everyMs);
  }
  return times;
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

/**
 * At the finish a stage's results read each rider's fixes since their saved progress: seconds of fixes
 * out of hours (stage-progress.ts). On a table filled faster than it is analysed — a race day's fixes,
 * bulk loaded here and never analysed — PostgreSQL joined the riders flat to the fixes and sorted and
 * merged all of them (8.5 s for a 2,000-rider stage's finish). The reads must go rider by rider through
 * the fixes' key whatever the statistics say, and answer exactly each rider's own range.
 */
describe.skipIf(databaseUnavailable !== null)('riders’ progress reads at the finish', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let riderIds: string[];
  const statements: SQL[] = [];
  let repo: StageProgressRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    const bibs = Array.from({ length: RIDERS }, (_, i) => i + 1);
    riderIds = (await liveRaceRows(database.db, 'Finish reads', bibs)).riderIds;
    // Filled in bulk by the database itself (as COPY or a day of group commits fill it), no ANALYZE.
    await database.db.execute(sql`
      insert into fixes (registration_id, time_ms, lat, lon, accuracy_m, source, received_ms)
      select r.id, t.time_ms, 45 + g * 1e-5, 6 + g * 1e-5, 5, 'native', t.time_ms
      from unnest(${sql.param(riderIds)}::uuid[]) with ordinality as r(id, i)
      cross join generate_series(1, ${FIXES_EACH}) as g
      cross join lateral (select ${START}::bigint + ((r.i - 1) * 7919) % 5000
        + g * 1000 * (1 + (r.i - 1) % 10) as time_ms) as t
      where not ((r.i - 1) % 7 = 3 and g >= 600 and g < 900)`);
    // The repository's statements, kept to be explained as they were sent.
    const spy = new Proxy(database.db, {
      get(target, key) {
        if (key === 'execute')
          return (query: SQL) => {
            statements.push(query);
            return target.execute(query);
          };
        return Reflect.get(target, key);
      },
    }) as Db;
    repo = new StageProgressRepository(spy);
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
  });

  /** Each rider's read from: the last 30 s of their own fixes, but every fifth taken from the start. */
  const reads = () =>
    riderIds.map((id, i) => {
      const times = timesOf(i);
      return { id, after: i % 5 === 0 ? START - 1 : times[times.length - 1]! - 30_000 };
    });

  const planOf = async (statement: SQL) => {
    const explained = (await database.db.execute(sql`explain (format json) ${statement}`)) as unknown as {
      rows: Array<{ 'QUERY PLAN': unknown }>;
    };
    const json = explained.rows[0]!['QUERY PLAN'];
    const [top] = (typeof json === 'string' ? JSON.parse(json) : json) as Array<{ Plan: PlanNode }>;
    return nodes(top!.Plan);
  };

  it('answers each rider’s fixes after their own point, in time order, reading them through the key', async () => {
    const asked = reads();
    const to = START + 2 * 3600_000;
    statements.length = 0;
    const fed = await repo.fixesAfter(asked, to);

    const expected = asked
      .flatMap(({ id, after }, i) =>
        timesOf(i)
          .filter((time) => time > after && time <= to)
          .map((time) => ({ id, time })),
      )
      .sort((a, b) => a.time - b.time);
    expect(fed.map((f) => f.time)).toEqual(expected.map((e) => e.time));
    expect(new Set(fed.map((f) => `${f.registrationId}/${f.time}`))).toEqual(
      new Set(expected.map((e) => `${e.id}/${e.time}`)),
    );

    const plan = await planOf(statements[0]!);
    const onFixes = plan.filter((n) => n['Relation Name'] === 'fixes').map((n) => n['Node Type']);
    expect(onFixes.length).toBeGreaterThan(0);
    expect(onFixes.filter((type) => !/Index|Bitmap Heap/.test(type))).toEqual([]);
    expect(plan.map((n) => n['Node Type'])).toContain('Nested Loop');
  });

  it('counts each rider’s fixes in their own range through the key', async () => {
    const asked = reads().map((r, i) => {
      const times = timesOf(i);
      return { ...r, through: times[times.length - 3]! };
    });
    statements.length = 0;
    const counts = await repo.countsBetween(asked);
    asked.forEach(({ id, after, through }, i) => {
      expect(counts.get(id)).toBe(timesOf(i).filter((time) => time > after && time <= through).length);
    });

    const plan = await planOf(statements[0]!);
    const onFixes = plan.filter((n) => n['Relation Name'] === 'fixes').map((n) => n['Node Type']);
    expect(onFixes.length).toBeGreaterThan(0);
    expect(onFixes.filter((type) => !/Index|Bitmap Heap/.test(type))).toEqual([]);
  });

  it.skipIf(testDbKind !== 'postgres')(
    'opens its PostgreSQL connections without JIT compilation',
    async () => {
      for (const db of [database.db, database.readDb]) {
        const shown = (await db.execute(sql`show jit`)) as unknown as { rows: Array<{ jit: string }> };
        expect(shown.rows[0]!.jit).toBe('off');
      }
    },
  );
});
