// The tracker routes' own cost per request (issue 17, routecost): server CPU per request of requests
// that go through every hook, parser, credential check, validation and serialisation of a tracker
// route but store nothing — a native fix stamped a day ahead (refused in `rejected`, answered 200), an
// OsmAnd message without a position (acknowledged with an empty 200, as Traccar does). With no group
// commit in the way, the figure does not move with the request rate the way request-cost.ts's does
// (bigger groups at higher rates), so a few µs of route work show through a loaded machine.
// ROUTECOST_MS per window, ROUTECOST_ROUNDS, ROUTECOST_CONNECTIONS, ROUTECOST_PROFILE=<scenario> (a CPU
// profile of its first window in bench/results/); the phones are a child process.
import { fork } from 'node:child_process';
import { buildApp } from '../apps/server/src/app.ts';
import { startOsmAndListener } from '../apps/server/src/modules/ingest/osmand-listener.ts';
import { openTarget } from './support/bench-database.ts';
import { loadStage4 } from './support/course.ts';
import { HttpWire } from './support/http-wire.ts';
import { BENCH_PUBLIC_URL, setUpLoadRace } from './support/load-race.ts';
import { CpuProfile } from './support/profile.ts';

interface Job {
  port: number;
  requests: string[];
  ms: number;
}

if (process.argv[2] === 'phones') {
  // Each connection sends its request again as soon as the last is answered.
  process.on('message', async (job: Job) => {
    const until = performance.now() + job.ms;
    const statuses = new Map<number, number>();
    await Promise.all(
      job.requests.map(async (request) => {
        const wire = new HttpWire('127.0.0.1', job.port);
        while (performance.now() < until) {
          const answer = await wire.send(request);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        }
        wire.close();
      }),
    );
    process.send!({ statuses: [...statuses] });
  });
} else {
  await main();
}

async function main() {
  const MS = Number(process.env.ROUTECOST_MS ?? 4000);
  const ROUNDS = Number(process.env.ROUTECOST_ROUNDS ?? 5);
  const CONNECTIONS = Number(process.env.ROUTECOST_CONNECTIONS ?? 50);
  const target = await openTarget('pglite');
  const app = await buildApp({
    database: target.database,
    publicUrl: BENCH_PUBLIC_URL,
    logLevel: 'info',
    loginRateLimitPerMinute: 1000,
    sessionTtlDays: 1,
    maxSocketsPerAddress: 1_000_000,
  });
  const startAt = Date.now() - 3600_000;
  const race = await setUpLoadRace(app, target.database, loadStage4(), {
    riders: CONNECTIONS,
    oauth: CONNECTIONS,
    startAt,
  });
  await app.http.listen({ host: '127.0.0.1', port: 0 });
  const apiPort = (app.http.server.address() as { port: number }).port;
  const osmand = await startOsmAndListener(0, '127.0.0.1', app.services.ingest);
  const phones = fork(import.meta.filename, ['phones'], { stdio: 'inherit' });

  const ahead = Date.now() + 24 * 3600_000;
  const native = (bearer: string) => {
    const body = `{"fixes":[{"time":${ahead},"lat":45.123456,"lon":6.123456,"accuracy":5,"speed":8.5,"altitude":1000,"battery":80}]}`;
    return (
      `POST /api/v1/track/batch HTTP/1.1\r\nauthorization: Bearer ${bearer}\r\ncontent-type: application/json\r\n` +
      `Host: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Length: ${body.length}\r\n\r\n${body}`
    );
  };
  const osmandQuery = (deviceId: string) =>
    `GET /osmand?id=${deviceId}&timestamp=${ahead}&batt=80 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`;
  const scenarios: Array<[string, number, string[]]> = [
    ['native1', apiPort, race.devices.map((d) => native(d.token))],
    ['oauth1', apiPort, race.devices.map((d) => native(d.oauth!))],
    ['osmand1', apiPort, race.devices.map((d) => osmandQuery(d.deviceId))],
    ['osmandport1', osmand.port, race.devices.map((d) => osmandQuery(d.deviceId))],
  ];
  const run = (port: number, requests: string[], ms: number) =>
    new Promise<Array<[number, number]>>((resolve) => {
      phones.once('message', (m: { statuses: Array<[number, number]> }) => resolve(m.statuses));
      phones.send({ port, requests, ms } satisfies Job);
    });
  const figures = new Map<string, number[]>();
  try {
    for (const [, port, requests] of scenarios) await run(port, requests, 1500);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, port, requests] of scenarios) {
        const profiler = process.env.ROUTECOST_PROFILE === name && round === 0 ? new CpuProfile() : null;
        await profiler?.start();
        const cpu = process.cpuUsage();
        const statuses = await run(port, requests, MS);
        const used = process.cpuUsage(cpu);
        if (profiler) console.error(await profiler.stop(`routecost-${name}`));
        const count = statuses.reduce((s, [, n]) => s + n, 0);
        const us = (used.user + used.system) / count;
        figures.set(name, [...(figures.get(name) ?? []), us]);
        const other = statuses.filter(([status]) => status !== 200);
        console.error(
          `round ${round + 1} ${name}: ${count} req, ${us.toFixed(1)} µs/req (system ${(used.system / count).toFixed(1)})` +
            (other.length ? `, not 200: ${JSON.stringify(other)}` : ''),
        );
      }
    }
    for (const [name, list] of figures) {
      const sorted = [...list].sort((a, b) => a - b);
      console.error(
        `${name}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} µs/req ` +
          `(${sorted.map((v) => v.toFixed(1)).join(' ')})`,
      );
    }
  } finally {
    phones.kill();
    await osmand.close();
    await app.http.close();
    await target.drop();
  }
}
