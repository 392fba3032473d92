// Copies of a finished race's stored results, for the reads bench's all-time statistics over many big
// races: the race, its stages, courses, checkpoints, categories, start list, stored result sets, lines,
// classifications and approvals, row for row with new ids (and ids inside the stored JSON mapped
// alike), through the schema's tables. No fixes are copied: reads never replay them.
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../apps/server/src/db/client.ts';
import {
  categories,
  checkpoints,
  courses,
  races,
  registrations,
  stageApprovals,
  stageResultSets,
  stages,
  storedClassifications,
  storedStageResults,
} from '../../apps/server/src/db/schema.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function remap<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return value.replace(UUID, (id) => ids.get(id) ?? id) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array)
    return value;
  if (Array.isArray(value)) return value.map((v) => remap(v, ids)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remap(v, ids)])) as T;
}

async function insertAll<R>(rows: R[], insert: (chunk: R[]) => Promise<unknown>, chunk = 500) {
  for (let i = 0; i < rows.length; i += chunk) await insert(rows.slice(i, i + chunk));
}

/** Makes `copies` copies of the race; each copy's riders are other people (their last names numbered). */
export async function cloneRace(db: Db, raceId: string, copies: number): Promise<string[]> {
  const [race] = await db.select().from(races).where(eq(races.id, raceId));
  if (!race) throw new Error(`no race ${raceId}`);
  const raceStages = await db.select().from(stages).where(eq(stages.raceId, raceId));
  const stageIds = raceStages.map((s) => s.id);
  const source = {
    courses: await db.select().from(courses).where(inArray(courses.stageId, stageIds)),
    checkpoints: await db.select().from(checkpoints).where(inArray(checkpoints.stageId, stageIds)),
    categories: await db.select().from(categories).where(eq(categories.raceId, raceId)),
    registrations: await db.select().from(registrations).where(eq(registrations.raceId, raceId)),
    sets: await db.select().from(stageResultSets).where(inArray(stageResultSets.stageId, stageIds)),
    lines: await db.select().from(storedStageResults).where(inArray(storedStageResults.stageId, stageIds)),
    classifications: await db
      .select()
      .from(storedClassifications)
      .where(eq(storedClassifications.raceId, raceId)),
    approvals: await db.select().from(stageApprovals).where(inArray(stageApprovals.stageId, stageIds)),
  };
  const made: string[] = [];
  for (let copy = 1; copy <= copies; copy++) {
    const ids = new Map<string, string>();
    for (const row of [
      race,
      ...raceStages,
      ...source.checkpoints,
      ...source.categories,
      ...source.registrations,
    ])
      ids.set(row.id, randomUUID());
    const map = <T>(rows: T[]) => rows.map((row) => remap(row, ids));
    await db.insert(races).values({ ...remap(race, ids), name: `${race.name} ${copy}` });
    await db.insert(stages).values(map(raceStages));
    if (source.courses.length > 0) await db.insert(courses).values(map(source.courses));
    if (source.checkpoints.length > 0) await db.insert(checkpoints).values(map(source.checkpoints));
    if (source.categories.length > 0) await db.insert(categories).values(map(source.categories));
    await insertAll(
      map(source.registrations).map((r) => ({ ...r, lastName: `${r.lastName} ${copy}` })),
      (chunk) => db.insert(registrations).values(chunk),
    );
    if (source.sets.length > 0) await db.insert(stageResultSets).values(map(source.sets));
    await insertAll(map(source.lines), (chunk) => db.insert(storedStageResults).values(chunk), 200);
    await insertAll(
      map(source.classifications),
      (chunk) => db.insert(storedClassifications).values(chunk),
      50,
    );
    if (source.approvals.length > 0) await db.insert(stageApprovals).values(map(source.approvals));
    made.push(ids.get(race.id)!);
  }
  return made;
}
