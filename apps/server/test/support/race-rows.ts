import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client.ts';
import { races, registrations, users } from '../../src/db/schema.ts';

/**
 * A live race straight in the database, for tests of what happens below the API (fix persistence from
 * the bus): an organiser, the race, and riders with the given bibs; their registration ids in bib order.
 */
export async function liveRaceRows(
  db: Db,
  name: string,
  bibs: readonly number[],
): Promise<{ raceId: string; riderIds: string[] }> {
  const [owner] = await db
    .insert(users)
    .values({ email: `${randomUUID()}@example.org`, name: 'Organiser', role: 'organiser' })
    .returning();
  const [race] = await db.insert(races).values({ ownerId: owner!.id, name, status: 'live' }).returning();
  const riders = await db
    .insert(registrations)
    .values(bibs.map((bib) => ({ raceId: race!.id, bib, firstName: 'Rider', lastName: `${bib}` })))
    .returning();
  return { raceId: race!.id, riderIds: riders.map((r) => r.id) };
}
