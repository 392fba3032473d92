// The cluster the `--cluster` benchmarks run against: real role processes (apps/server/src/roles/*.ts) on
// the machine's NATS and a PostgreSQL of their own in a temporary directory, with the cluster test's
// helpers (apps/server/test/cluster/): RoleProcess, SplitProxy (trackers → two ingest processes, the rest
// → the API) and PrivatePostgres. Races are set up over HTTP as an organiser would.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Role } from '../../apps/server/src/config.ts';
import { freePort, PrivatePostgres, postgresBin } from '../../apps/server/test/cluster/private-postgres.ts';
import { RoleProcess } from '../../apps/server/test/cluster/role-process.ts';
import { SplitProxy } from '../../apps/server/test/cluster/split-proxy.ts';
import { deleteStreams, natsUnavailable, TEST_NATS_URL } from '../../apps/server/test/support/nats.ts';
import type { PostBatch } from '../support/batches.ts';
import type { BenchCourse } from '../support/course.ts';
import type { Peloton } from '../support/peloton.ts';
import type { BenchRace } from '../support/race.ts';

/** Riders per race in every cluster figure: the single-process bench's 200. */
export const CLUSTER_RIDERS = 200;

export { TEST_NATS_URL as NATS_URL };

const ADMIN = { email: 'bench@example.org', password: 'correct horse battery staple' };

/** Why the cluster bench cannot run here (no NATS JetStream, no PostgreSQL binaries), or null. */
export function clusterUnavailable(): string | null {
  if (natsUnavailable) return natsUnavailable;
  if (postgresBin() === null)
    return 'no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql or PG_BIN';
  return null;
}

export class BenchCluster {
  /** Subjects, streams and buckets of this run only; deleted at the end. */
  readonly prefix = `echelon_b${randomBytes(4).toString('hex')}`;
  readonly processes: RoleProcess[] = [];
  readonly db: PrivatePostgres;
  readonly tickMs: number;
  proxy!: SplitProxy;
  proxyUrl = '';
  private auth: Record<string, string> = {};

  private constructor(db: PrivatePostgres, tickMs: number) {
    this.db = db;
    this.tickMs = tickMs;
  }

  /** PostgreSQL, the API (migrations, admin), then the other roles; the split proxy in front. */
  static async start(counts: { ingest: number; processor: number; gateway: number }, tickMs: number) {
    const cluster = new BenchCluster(await PrivatePostgres.start(postgresBin()!), tickMs);
    try {
      await (await cluster.spawn('api')).ready();
      const roles: Role[] = [
        ...Array<Role>(counts.ingest).fill('ingest'),
        ...Array<Role>(counts.processor).fill('processor'),
        ...Array<Role>(counts.gateway).fill('gateway'),
      ];
      const started = await Promise.all(roles.map((role) => cluster.spawn(role)));
      await Promise.all(started.map((p) => p.ready()));
      await cluster.signIn();
      const ingest = cluster.of('ingest');
      cluster.proxy = new SplitProxy(cluster.of('api')[0]!.port, [
        ingest[0]!.port,
        (ingest[1] ?? ingest[0])!.port,
      ]);
      cluster.proxyUrl = `http://127.0.0.1:${await cluster.proxy.listen()}`;
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** A role process on this cluster's database and NATS prefix (or another prefix, for a separate run). */
  async spawn(role: Role, env: Record<string, string> = {}): Promise<RoleProcess> {
    const child = new RoleProcess(role, await freePort(), {
      ROLE: role,
      DATABASE_URL: this.db.url,
      NATS_URL: TEST_NATS_URL,
      NATS_PREFIX: this.prefix,
      // Every bench spectator connects from 127.0.0.1.
      WS_MAX_CONNECTIONS_PER_ADDRESS: '1000000',
      LOG_LEVEL: 'warn',
      LIVE_TICK_MS: String(this.tickMs),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...env,
    });
    this.processes.push(child);
    return child;
  }

  of(role: Role): RoleProcess[] {
    return this.processes.filter((p) => p.role === role && p.alive);
  }

  /** Stops the processes of a role (SIGTERM: processors release their leases). */
  async stopRole(role: Role): Promise<void> {
    await Promise.all(this.of(role).map((p) => p.kill('SIGTERM')));
  }

  async stop(): Promise<void> {
    await this.proxy?.close().catch(() => {});
    await Promise.all(this.processes.map((p) => p.kill('SIGKILL')));
    await this.db.destroy();
    await deleteStreams(this.prefix).catch(() => {});
  }

  /** A call to the API as the administrator; the answer's JSON. */
  async api(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const form = body instanceof FormData;
    const response = await fetch(`${this.of('api')[0]!.url}${url}`, {
      method,
      headers: {
        ...this.auth,
        ...(body !== undefined &&
          !form &&
          typeof body !== 'string' && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && {
        body: form || typeof body === 'string' ? (body as FormData | string) : JSON.stringify(body),
      }),
    });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    // biome-ignore lint/suspicious/noExplicitAny: set-up reads a few fields of known answers
    return (await response.json()) as any;
  }

  /** A tracker upload through the split proxy (to one of the ingest processes, by device token). */
  readonly post: PostBatch = async (token, body) => {
    const response = await fetch(`${this.proxyUrl}/api/v1/track/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, body: await response.text() };
  };

  /**
   * A public race on the course with a start list of `riders`, as bench/support/race.ts builds it in one
   * process; device tokens only when trackers will send (`tokens`), live from `startAt` unless `live` is
   * false (then `goLive` starts it).
   */
  async setUpRace(
    course: BenchCourse,
    options: { riders: number; startAt: number; tokens?: boolean; live?: boolean; name?: string },
  ): Promise<BenchRace> {
    const raceId = (
      await this.api('POST', '/api/v1/races', { name: options.name ?? 'Benchmark', visibility: 'public' })
    ).id as string;
    const stageId = (await this.api('POST', `/api/v1/races/${raceId}/stages`, { name: 'Stage 4' }))
      .id as string;
    const form = new FormData();
    form.append('file', new Blob([course.bytes as Uint8Array<ArrayBuffer>]), course.fileName);
    await this.api('PUT', `/api/v1/stages/${stageId}/course`, form);
    const csv = ['bib,first_name,last_name,team,device_id'];
    for (let bib = 1; bib <= options.riders; bib++)
      csv.push(`${bib},Rider,Number ${bib},Team ${1 + (bib % 23)},bench-${bib}-${raceId.slice(0, 8)}`);
    await this.api('POST', `/api/v1/races/${raceId}/registrations/import`, csv.join('\n'), {
      'content-type': 'text/csv',
    });
    await this.api('POST', `/api/v1/races/${raceId}/status`, { status: 'published' });
    const registrations = (await this.api('GET', `/api/v1/races/${raceId}/registrations`)).items as Array<{
      id: string;
      bib: number;
    }>;
    registrations.sort((a, b) => a.bib - b.bib);
    const riders: BenchRace['riders'] = [];
    for (const r of registrations) {
      const token =
        options.tokens === false
          ? ''
          : ((await this.api('POST', `/api/v1/registrations/${r.id}/device-tokens`)).token as string);
      riders.push({ id: r.id, bib: r.bib, token });
    }
    const race = { raceId, stageId, riders };
    if (options.live !== false) await this.goLive(race, options.startAt);
    return race;
  }

  async goLive(race: BenchRace, startAt: number): Promise<void> {
    await this.api('POST', `/api/v1/races/${race.raceId}/status`, {
      status: 'live',
      stageId: race.stageId,
      at: startAt,
    });
  }

  private async signIn(): Promise<void> {
    const login = await fetch(`${this.of('api')[0]!.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const session = /echelon_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
    this.auth = {
      cookie: session,
      'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken,
    };
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The live driver of bench/support/driver.ts over HTTP: one fix per rider per second, through the proxy. */
export class HttpLiveDriver {
  sent = 0;
  failed = 0;
  lastError = '';
  private timer: NodeJS.Timeout | null = null;
  private slot = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly post: PostBatch;
  private readonly race: BenchRace;
  private readonly peloton: Peloton;
  private readonly startAt: number;

  constructor(post: PostBatch, race: BenchRace, peloton: Peloton, startAt: number) {
    this.post = post;
    this.race = race;
    this.peloton = peloton;
    this.startAt = startAt;
  }

  start(): void {
    this.timer = setInterval(() => this.send(), 100);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.pending);
  }

  private send(): void {
    const slot = this.slot++ % 10;
    const now = Date.now();
    for (let i = slot; i < this.race.riders.length; i += 10) {
      const f = this.peloton.fix(i, (now - this.startAt) / 1000);
      const body = JSON.stringify({
        fixes: [
          { time: now, lat: f.lat, lon: f.lon, accuracy: 5, speed: this.peloton.speeds[i], battery: 80 },
        ],
      });
      const done = this.post(this.race.riders[i]!.token, body)
        .then(
          (response) => {
            this.sent++;
            if (response.status !== 200 || JSON.parse(response.body).accepted !== 1) {
              this.failed++;
              this.lastError = `${response.status} ${response.body.slice(0, 200)}`;
            }
          },
          (error: unknown) => {
            this.failed++;
            this.lastError = String(error);
          },
        )
        .finally(() => this.pending.delete(done));
      this.pending.add(done);
    }
  }
}
