// The live fondo on a running server, for the livepage benchmark and the browser test of a big field:
// the race, stage, course and start list set up through the API as an organiser would, then the phones'
// fixes handed to the live processor on the bus, as ingest does once a fix is stored. Ingest and storage
// are measured elsewhere (ingest, fanout); leaving them out keeps a 3,000-rider feed light enough for
// a small machine that also runs Chromium.
import type { Fix } from '@echelon/domain';
import type { App } from '../../apps/server/src/app.ts';
import { loadStage4 } from './course.ts';
import {
  FONDO_ELAPSED_S,
  FONDO_LIVE_RIDERS,
  fondoPeloton,
  PhoneDriver,
  type PhoneFix,
  Phones,
} from './fondo-live.ts';
import { type BenchRace, setUpRace } from './race.ts';
import { sleep } from './stats.ts';

/** Race time fed before the page opens: trails, gaps and groups have settled. */
const HISTORY_S = 240;

export interface LiveFondo {
  race: BenchRace;
  driver: PhoneDriver;
}

/** A fondo `FONDO_ELAPSED_S` into the race, its last minutes fed, its phones sending (started). */
export async function startFondo(app: App, riders = FONDO_LIVE_RIDERS): Promise<LiveFondo> {
  const course = loadStage4();
  const startAt = Date.now() - FONDO_ELAPSED_S * 1000;
  const setUp = performance.now();
  const race = await setUpRace(app, course, { riders, startAt, tokens: false });
  const { processor, bus } = app.services;
  for (let k = 0; processor.snapshot(race.stageId) === null; k++) {
    if (k > 600) throw new Error('the stage did not go live');
    await sleep(50);
  }
  const publish = (i: number, fix: PhoneFix) => {
    const registrationId = race.riders[i]!.id;
    const live: Fix = { riderId: registrationId, altitude: null, ...fix } as Fix;
    bus.publishFixes({ raceId: race.raceId, registrationId, fixes: [live], sos: false });
  };
  const peloton = fondoPeloton(course.points, riders);
  const now = (Date.now() - startAt) / 1000;
  const history = new Phones(peloton, startAt, now - HISTORY_S);
  for (let s = Math.ceil(now - HISTORY_S); s < now - 1; s++) history.due(s, publish);
  console.error(
    `  ${riders.toLocaleString('en-US')} riders set up and ${HISTORY_S} s of race fed in ${((performance.now() - setUp) / 1000).toFixed(1)} s`,
  );
  const driver = new PhoneDriver(peloton, startAt, publish);
  driver.start();
  return { race, driver };
}
