import { existsSync } from 'node:fs';
import { runSimulation } from '@echelon/simulator';
import { configOrExit, openPlatform } from '../platform.ts';
import { DEMO_COURSE, demoOrganiser, seedDemoRace } from './seed.ts';

/**
 * `npm run demo`: the platform on its embedded defaults, with a race on a real course ridden by the
 * simulator, again and again, so a first visit shows a live race: a breakaway, a chasing group and a
 * peloton, tracked by phones as they are on race day (each on its own rhythm, noisy, with silences and
 * late batches; apps/simulator/README.md). DEMO_RIDERS and DEMO_SPEEDUP tune it.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  if (!existsSync(DEMO_COURSE)) {
    console.error(`The demo rides a course from the shared data, which is missing here: ${DEMO_COURSE}`);
    process.exit(1);
  }
  const riders = Number(process.env.DEMO_RIDERS ?? 50);
  const speedup = Number(process.env.DEMO_SPEEDUP ?? 10);

  const { http, services, database } = await openPlatform(config, process.env.LOG_LEVEL ?? 'warn');
  await services.auth.bootstrap(config.admin);
  await http.listen({ port: config.port, host: config.host });
  const actor = await demoOrganiser(database.db);
  const stop = new AbortController();
  process.on('SIGINT', () => stop.abort());
  process.on('SIGTERM', () => stop.abort());

  for (let round = 1; !stop.signal.aborted; round++) {
    const { raceId, stageId, token } = await seedDemoRace(services, actor, round);
    console.log(
      `\nDemo race #${round} is live: ${riders} riders at ${speedup}× speed.\n` +
        `  race:           ${config.publicUrl}/api/v1/races/${raceId}\n` +
        `  live standings: ${config.publicUrl}/api/v1/stages/${stageId}/live\n` +
        `  live feed:      ${config.publicUrl.replace(/^http/, 'ws')}/api/v1/live  {"type":"subscribe","stageId":"${stageId}"}\n` +
        `  API reference:  ${config.publicUrl}/api/docs\n`,
    );
    try {
      await runSimulation({
        server: `http://127.0.0.1:${config.port}`,
        raceId,
        stageId,
        token,
        riders,
        speedup,
        protocol: 'native',
        start: true,
        signal: stop.signal,
        log: (line) => console.log(`  ${line}`),
      });
      await services.races.setStatus(actor, raceId, { status: 'finished', reason: 'demo race over' });
    } catch (error) {
      if (!stop.signal.aborted) throw error;
    }
  }
  await http.close();
  await database.close();
}

await main();
