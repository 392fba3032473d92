import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runSimulation } from '@echelon/simulator';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/config.ts';
import { LiveWatcher } from '../support/live-watcher.ts';
import { deleteStreams, natsUnavailable, TEST_NATS_URL, uniquePrefix } from '../support/nats.ts';
import { SHARED_DATA } from '../support/test-app.ts';
import { freePort, PrivatePostgres, postgresBin } from './private-postgres.ts';
import { RoleProcess } from './role-process.ts';
import { SplitProxy } from './split-proxy.ts';

/**
 * Issue 8's proof: 2 ingest, 2 processor and 2 gateway processes (and an API to set the race up) on
 * the machine's NATS and a PostgreSQL of the test's own, a simulated race through them, and on the
 * way a processor killed (-9), a gateway stopped, and the database stopped for 20 s.
 */
const COURSE = `${SHARED_DATA}courses/tdf2024-stage07-itt-nuits-st-georges-gevrey-chambertin.gpx`;
const ADMIN = { email: 'admin@example.org', password: 'cluster-test-password' };
const SEED = 2026;
const RIDERS = 30;
const SPEEDUP = 30;
const OUTAGE_MS = 20_000;

const bin = postgresBin();
const unavailable =
  natsUnavailable ??
  (bin === null
    ? 'no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql or PG_BIN'
    : null);
if (bin === null) {
  if (process.env.CI === 'true') throw new Error(`${unavailable}; the cluster test is mandatory in CI`);
  console.warn(`Skipping the cluster test: ${unavailable}`);
}

interface Standing {
  bib: number;
  rank: number;
  /** Finish time from the stage start, ms; null when not finished. */
  fin: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(unavailable !== null)('a cluster of roles on NATS and PostgreSQL', () => {
  const prefix = uniquePrefix();
  let db: PrivatePostgres;
  let nc: NatsConnection;
  const processes: RoleProcess[] = [];
  let proxy: SplitProxy;
  let proxyUrl: string;
  let cookie: Record<string, string>;

  // What the run saw, checked by the tests below.
  let stageId: string;
  let raceId: string;
  const crossIngest = { riders: 0, seenMoving: 0 };
  let takeoverMs = Number.NaN;
  let acceptedDuringOutage = 0;
  let rejectedDuringOutage = 0;
  const spectators = {
    before: new LiveWatcher(),
    after: new LiveWatcher(),
    steady: new LiveWatcher(),
    duringOutage: new LiveWatcher(),
  };
  /** Frames a spectator who arrived while PostgreSQL was down had received before it came back. */
  let framesDuringOutage = 0;
  let storedAfter = 0;
  let acceptedInRun = 0;
  let crashed: Standing[] = [];
  let baseline: Standing[] = [];

  const start = async (role: Role) => {
    const child = new RoleProcess(role, await freePort(), {
      ROLE: role,
      DATABASE_URL: db.url,
      NATS_URL: TEST_NATS_URL,
      NATS_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      LIVE_TICK_MS: '250',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    processes.push(child);
    return child;
  };
  const ofRole = (role: Role) => processes.filter((p) => p.role === role && p.alive);

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${ofRole('api')[0]!.url}${path}`, {
      method,
      headers: {
        ...cookie,
        ...(body !== undefined && !(body instanceof FormData) && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: body instanceof FormData ? body : JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    // biome-ignore lint/suspicious/noExplicitAny: test set-up reads a few fields of known answers
    return (await response.json()) as any;
  };

  /** A public race with the Nuits – Gevrey course, ready for the simulator to fill and start. */
  const setUpRace = async (name: string) => {
    const race = await api('POST', '/api/v1/races', { name, visibility: 'public' });
    const stage = await api('POST', `/api/v1/races/${race.id}/stages`, {
      name: 'Nuits – Gevrey',
      format: 'road_race',
    });
    const form = new FormData();
    form.append('file', new Blob([readFileSync(COURSE)]), 'stage7.gpx');
    await api('PUT', `/api/v1/stages/${stage.id}/course`, form);
    await api('POST', `/api/v1/stages/${stage.id}/checkpoints`, {
      kind: 'timing',
      name: 'Split',
      distance: 12_000,
    });
    return { raceId: race.id as string, stageId: stage.id as string };
  };

  const standings = async (stage: string): Promise<Standing[]> => {
    const response = await fetch(`${ofRole('gateway')[0]!.url}/api/v1/stages/${stage}/live`);
    const snapshot = (await response.json()) as {
      startedAt: number;
      riders: Array<{ bib: number; rank: number; fin: number | null }>;
    };
    return snapshot.riders
      .map((r) => ({ bib: r.bib, rank: r.rank, fin: r.fin === null ? null : r.fin - snapshot.startedAt }))
      .sort((a, b) => a.bib - b.bib);
  };

  const holder = async (stage: string): Promise<string | null> => {
    const kv = await new Kvm(nc).open(`${prefix}_leases`);
    const entry = await kv.get(stage);
    return entry?.operation === 'PUT' ? entry.string() : null;
  };

  const stored = async (race: string): Promise<number> => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'select count(*)::int as n from fixes f join registrations r on r.id = f.registration_id where r.race_id = $1',
        [race],
      );
      return rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    db = await PrivatePostgres.start(bin!);
    nc = await connect({ servers: TEST_NATS_URL });
    // The API first: it migrates and creates the administrator; the others wait on the migration lock.
    await (await start('api')).ready();
    for (const role of ['ingest', 'ingest', 'processor', 'processor', 'gateway', 'gateway'] as const)
      await start(role);
    await Promise.all(processes.map((p) => p.ready()));
    const login = await fetch(`${ofRole('api')[0]!.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const session = /echelon_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
    cookie = { cookie: session, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const { token } = await api('POST', '/api/v1/tokens', { name: 'simulator' });
    const [ingestA, ingestB] = ofRole('ingest');
    proxy = new SplitProxy(ofRole('api')[0]!.port, [ingestA!.port, ingestB!.port]);
    proxyUrl = `http://127.0.0.1:${await proxy.listen()}`;
    const [gatewayA, gatewayB] = ofRole('gateway');
    const ws = (g: RoleProcess) => `ws://127.0.0.1:${g.port}/api/v1/live`;

    // The run with every failure.
    ({ raceId, stageId } = await setUpRace('Cluster GP'));
    const faults: Promise<void>[] = [];
    const simulatorLog: string[] = [];
    await runSimulation({
      log: (line) => simulatorLog.push(line),
      server: proxyUrl,
      raceId,
      stageId,
      token,
      riders: RIDERS,
      speedup: SPEEDUP,
      protocol: 'native',
      seed: SEED,
      start: true,
      onReady: () => {
        void spectators.before.watch(ws(gatewayA!), stageId);
        void spectators.steady.watch(ws(gatewayB!), stageId);
        faults.push(
          (async () => {
            // kill -9 of the stage's owner; the other processor must take the lease over.
            await sleep(5000);
            const owner = await holder(stageId);
            const victim = ofRole('processor').find((p) => owner?.endsWith(`:${p.pid}`));
            if (!victim) throw new Error(`no processor holds stage ${stageId} (lease: ${owner})`);
            const killedAt = Date.now();
            await victim.kill('SIGKILL');
            while (Date.now() - killedAt < 15_000) {
              const now = await holder(stageId);
              if (now && now !== owner) {
                takeoverMs = Date.now() - killedAt;
                break;
              }
              await sleep(100);
            }
            // A gateway stopped: its spectator reconnects to the other.
            await sleep(3000);
            await gatewayA!.kill('SIGTERM');
            spectators.before.close();
            await spectators.after.watch(ws(gatewayB!), stageId);
            // The database away for 20 s: ingest keeps accepting.
            await sleep(2000);
            const acceptedBefore = proxy.accepted;
            const rejectedBefore = proxy.failures;
            await db.pause();
            // A spectator arriving now is let in from what the gateway knows, without the database.
            await sleep(OUTAGE_MS / 2);
            await spectators.duringOutage.watch(ws(gatewayB!), stageId);
            await sleep(OUTAGE_MS / 2);
            framesDuringOutage = spectators.duringOutage.observations.length;
            acceptedDuringOutage = proxy.accepted - acceptedBefore;
            rejectedDuringOutage = proxy.failures - rejectedBefore;
            await db.resume();
          })(),
        );
      },
    });
    await Promise.all(faults);
    // Everything accepted reaches the database once it is back (the persistence consumer retries).
    const until = Date.now() + 60_000;
    acceptedInRun = proxy.accepted;
    storedAfter = await stored(raceId);
    while (storedAfter < acceptedInRun && Date.now() < until) {
      await sleep(500);
      storedAfter = await stored(raceId);
    }
    await sleep(1500);
    crashed = await standings(stageId);
    spectators.steady.close();
    spectators.after.close();
    spectators.duringOutage.close();
    for (const [registration, side] of proxy.ingestOf) {
      if (side !== 1) continue;
      crossIngest.riders += 1;
      const seen = spectators.before.observations.some((o) =>
        o.riders.some((r) => r.id === registration && r.fix !== null),
      );
      if (seen) crossIngest.seenMoving += 1;
    }

    // The same race (same seed) with nothing failing.
    const clean = await setUpRace('Cluster GP, no failures');
    await runSimulation({
      server: proxyUrl,
      raceId: clean.raceId,
      stageId: clean.stageId,
      token,
      riders: RIDERS,
      speedup: SPEEDUP,
      protocol: 'native',
      seed: SEED,
      start: true,
    });
    await sleep(1500);
    baseline = await standings(clean.stageId);
    // The figures docs/operations.md quotes.
    console.info(
      `cluster: take-over ${takeoverMs} ms after kill -9; ${acceptedDuringOutage} fixes accepted during the ` +
        `${OUTAGE_MS / 1000} s database outage; ${storedAfter}/${acceptedInRun} accepted fixes stored`,
    );
    // What explains a failure here (it has happened only in a busy CI run): what the simulator and the
    // proxy saw fail, and the ingest processes' last lines.
    if (proxy.failures > 0 || crashed.filter((s) => s.fin !== null).length <= 20) {
      console.info(
        [
          `cluster: ${proxy.failures} tracker requests failed (${rejectedDuringOutage} during the outage):`,
          ...[...proxy.failureKinds].map(([kind, n]) => `  ${n}× ${kind}`),
          'simulator:',
          ...simulatorLog.slice(-12).map((line) => `  ${line}`),
          ...processes
            .filter((p) => p.role === 'ingest')
            .flatMap((p) => [`ingest ${p.port} (alive ${p.alive}):`, ...p.output.slice(-15)]),
        ].join('\n'),
      );
    }
  }, 360_000);

  afterAll(async () => {
    for (const watcher of Object.values(spectators)) watcher.close();
    await proxy?.close();
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await nc?.close();
    await db?.destroy();
    await deleteStreams(prefix).catch(() => {});
  });

  it('shows a spectator on one gateway the fixes sent to the other ingest', () => {
    expect(crossIngest.riders).toBeGreaterThan(5);
    expect(crossIngest.seenMoving).toBe(crossIngest.riders);
  });

  it('hands the stage to the other processor within 5 s of a kill -9', () => {
    expect(takeoverMs).toBeLessThan(5000);
  });

  it('keeps accepting fixes while PostgreSQL is down, and stores every accepted one after', () => {
    expect(acceptedDuringOutage).toBeGreaterThan(100);
    expect(rejectedDuringOutage).toBe(0);
    expect(storedAfter).toBe(acceptedInRun);
  });

  it('lets a new spectator in and streams to them while PostgreSQL is down', () => {
    expect(framesDuringOutage).toBeGreaterThan(5);
    expect(spectators.duringOutage.missedSeqs).toBe(0);
  });

  it('ends with the standings of the same race run without failures', () => {
    const finishers = crashed.filter((s) => s.fin !== null);
    expect(finishers.length).toBeGreaterThan(20);
    expect(crashed.filter((s) => s.fin !== null)).toEqual(baseline.filter((s) => s.fin !== null));
  });

  it('resynchronises spectators across the processor take-over and the gateway stop without a missed frame', () => {
    expect(spectators.steady.observations.length).toBeGreaterThan(50);
    expect(spectators.steady.missedSeqs).toBe(0);
    expect(spectators.before.missedSeqs).toBe(0);
    expect(spectators.after.missedSeqs).toBe(0);
    const lastBefore = spectators.before.observations.at(-1)!.seq;
    const firstAfter = spectators.after.observations[0]!.seq;
    expect(firstAfter).toBeGreaterThanOrEqual(lastBefore);
    expect(spectators.after.observations.length).toBeGreaterThan(20);
  });

  it('sets a poison batch aside in the dead-letter stream, listed for an admin, while good fixes still store', async () => {
    // A batch accepted into the fixes stream whose rider was deleted meanwhile: PostgreSQL refuses it
    // for its content every time, so after a bounded number of deliveries it is set aside, not retried
    // for as long as the stream keeps it.
    const gone = randomUUID();
    const time = Date.now() - 10_000;
    const poison = {
      raceId,
      registrationId: gone,
      fixes: [
        { riderId: gone, time, lat: 47.2, lon: 4.9, accuracy: 8, speed: 9.5, altitude: 250, battery: 80 },
      ],
      sos: false,
    };
    await jetstream(nc).publish(`${prefix}.fixes.${raceId}`, JSON.stringify(poison));
    const letters = async () =>
      (await api('GET', '/api/v1/ingest/dead-letters')) as {
        items: Array<{ registrationId: string | null; deliveries: number; error: string; fixes: number }>;
      };
    const deadline = Date.now() + 30_000;
    let found = (await letters()).items.find((d) => d.registrationId === gone);
    while (!found && Date.now() < deadline) {
      await sleep(250);
      found = (await letters()).items.find((d) => d.registrationId === gone);
    }
    expect(found).toMatchObject({ fixes: 1, error: expect.stringMatching(/foreign key|violates/) });
    expect(found!.deliveries).toBeGreaterThanOrEqual(2);
    const metrics = await (await fetch(`${ofRole('api')[0]!.url}/metrics`)).text();
    expect(metrics).toMatch(/echelon_fixes_dead_letters\S* [1-9]/);
  });
});
