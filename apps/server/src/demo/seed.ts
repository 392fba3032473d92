import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { toActor } from '../modules/auth/auth.service.ts';
import { hashPassword, newSecret } from '../modules/auth/secrets.ts';
import { UsersRepository } from '../modules/users/users.repository.ts';
import type { Services } from '../services.ts';

/** The demo rides a real course: the Tour de France 2024 stage 7 time-trial route, as a mass-start race. */
export const DEMO_COURSE = path.resolve(
  import.meta.dirname,
  '../../../../../shared/data/courses/tdf2024-stage07-itt-nuits-st-georges-gevrey-chambertin.gpx',
);
const DEMO_EMAIL = 'demo-organiser@echelon.invalid';

/** The demo's organiser account: created once, with a password nobody knows (the demo signs in by token). */
export async function demoOrganiser(db: Db): Promise<Actor> {
  const users = new UsersRepository(db);
  const existing = await users.findByEmail(DEMO_EMAIL);
  const row =
    existing ??
    (await users.insert({
      email: DEMO_EMAIL,
      name: 'Demo organiser',
      role: 'organiser',
      passwordHash: await hashPassword(newSecret('demo')),
    }));
  return toActor(row, 'token', null);
}

/** A public, published race with one stage on the demo course; answers its ids and a token to drive it. */
export async function seedDemoRace(services: Services, actor: Actor, round: number) {
  const bytes = new Uint8Array(readFileSync(DEMO_COURSE));
  const race = await services.races.create(actor, {
    name: `Echelon demo race #${round}`,
    description:
      'A simulated race on the 2024 Tour de France stage 7 route, ridden by the Echelon simulator.',
    location: 'Nuits-Saint-Georges → Gevrey-Chambertin',
    timeZone: 'Europe/Paris',
    visibility: 'public',
    discipline: 'road',
    startDate: new Date().toISOString().slice(0, 10),
  });
  const stage = await services.stages.create(actor, race.id, {
    name: 'Nuits-Saint-Georges → Gevrey-Chambertin',
    format: 'road_race',
    scheduledStart: new Date().toISOString(),
    lapCount: 1,
    waves: [],
  });
  await services.courses.upload(actor, stage.id, { fileName: path.basename(DEMO_COURSE), bytes });
  await services.courses.createCheckpoint(actor, stage.id, {
    kind: 'sprint',
    name: 'Vosne-Romanée sprint',
    climbCategory: null,
    distance: 8000,
  });
  await services.courses.createCheckpoint(actor, stage.id, {
    kind: 'timing',
    name: 'Split Chambolle',
    climbCategory: null,
    distance: 16_000,
  });
  await services.races.setStatus(actor, race.id, { status: 'published' });
  const { token } = await services.auth.createToken(actor, `demo simulator #${round}`, 1);
  return { raceId: race.id, stageId: stage.id, token };
}
