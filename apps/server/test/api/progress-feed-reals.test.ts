import { mulberry32 as random } from '@echelon/simulator';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { real } from '../../src/modules/ingest/ingest.service.ts';
import { createTestDatabase, databaseUnavailable } from '../support/databases.ts';

/**
 * A fix heard from ingest is fed to a pass as the database gives it back (progress-feed.ts): ingest
 * rounds the `real` readings — accuracy, speed, altitude, battery — to single precision before storing
 * them, the database parses the number it is sent to that same single, and `fixesAfter` reads it back
 * as float8, exactly. Values a phone sends (a few decimals, floats widened to double, quotients) and
 * the awkward ones (halfway between two singles, near the smallest and largest a real holds).
 */
describe.skipIf(databaseUnavailable !== null)(
  'real readings heard as the database stores and reads them',
  () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('stores each rounded reading as that very single and reads it back unchanged', async () => {
      const rnd = random(4242);
      const values = [
        // Halfway between two singles (47.21854…, 3559468.27…) and ties between two shortest decimals.
        47.21854209899902, 3559468.2693481445, 310990.6196594238, 1.808596432209015, 1121948.2421875,
        4.123456789, 0.1, 3.9, 12, 12.5, 99.99, -3.25, -412.123456, 1e-30, 1.2e-38, 3.4e38, 65.536,
      ];
      for (let i = 0; i < 4000; i++) {
        // What phones send: a few decimals, a float widened to double, a quotient, halves of LCG draws.
        values.push(Number(((rnd() - 0.2) * 10 ** Math.floor(rnd() * 7)).toFixed(Math.floor(rnd() * 8))));
        values.push(Math.fround(rnd() * 300));
        values.push(-(rnd() * 5000) / 7);
        values.push((Math.floor(rnd() * 2 ** 31) / 2 ** 31) * 10 ** Math.floor(rnd() * 10 - 3));
      }
      for (let e = -20; e < 30; e++) values.push(2 ** e * (1 - 2 ** -24), 2 ** e * (1 + 2 ** -23));
      const stored = values.map(real);
      const read = (await database.db.execute(
        sql`select v::float8 as v from unnest(${sql.param(stored)}::real[]) as v`,
      )) as unknown as { rows: Array<{ v: number }> };
      const wrong = stored.filter((v, i) => v !== read.rows[i]!.v);
      expect(wrong).toEqual([]);
    });
  },
);
