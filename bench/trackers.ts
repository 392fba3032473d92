// Child process of the ingest-load benchmark: a crowd of phones, each on its own keep-alive connection,
// sending their positions to the server over real sockets, so the clients' work never runs on the
// server's event loop. Driven over IPC by ingest-load.ts: `init` hands over the devices this child
// plays, each `run` one scenario (protocol, batch size, credentials, flat out or paced), answered with
// the acknowledgement latencies and the fixes acknowledged. Each device keeps its own time cursor across
// scenarios, so no fix is ever sent twice and every phone's track moves forward plausibly.
import http from 'node:http';
import { loadStage4 } from './support/course.ts';
import { Peloton } from './support/peloton.ts';

export interface TrackerDevice {
  /** Index into the peloton (bib − 1). */
  index: number;
  token: string;
  /** An OAuth access token for the same registration, when one was minted. */
  oauth: string | null;
  /** The tracker id on the start list (OsmAnd `id`, OwnTracks user). */
  deviceId: string;
}

export interface TrackersInit {
  type: 'init';
  devices: TrackerDevice[];
  riders: number;
  startAt: number;
  baseUrl: string;
}

export interface Scenario {
  protocol: 'native' | 'osmand' | 'owntracks';
  auth: 'device' | 'oauth';
  batch: number;
  /** How many of this child's devices take part (the first ones). */
  devices: number;
  /**
   * 'flat': each device sends its next request once the last is acknowledged; 'paced': every
   * intervalMs; 'connect': each device opens its connection with one request, spread over `ms` (phones
   * come online over time; thousands of connections at once only overflow the listen backlog).
   */
  mode: 'flat' | 'paced' | 'connect';
  ms: number;
  intervalMs?: number;
}

export interface TrackersRun {
  type: 'run';
  scenario: Scenario;
}

export interface TrackersReport {
  requests: number;
  fixes: number;
  failures: number;
  /** Paced beats a phone skipped because its previous request was still unanswered. */
  skipped: number;
  firstFailure: string | null;
  /** Acknowledgement latency of every request, ms. */
  latencies: number[];
  ms: number;
  cpuMs: number;
}

let devices: TrackerDevice[] = [];
let peloton: Peloton | null = null;
let startAt = 0;
let base: URL | null = null;
let agent: http.Agent | null = null;
/** Seconds into the race of each device's next flat-out fix. */
let cursors: Int32Array = new Int32Array(0);

interface Fix {
  time: number;
  lat: number;
  lon: number;
  speed: number;
}

function fixOf(device: TrackerDevice, second: number, time: number): Fix {
  const f = peloton!.fix(device.index, second);
  return { time, lat: f.lat, lon: f.lon, speed: peloton!.speeds[device.index]! };
}

/** The request one device sends for `fixes`, as the protocol's trackers do. */
function requestOf(device: TrackerDevice, scenario: Scenario, fixes: Fix[]) {
  const bearer = scenario.auth === 'oauth' ? device.oauth! : device.token;
  if (scenario.protocol === 'osmand') {
    const f = fixes[0]!;
    // Traccar Client: speed in knots, timestamp in seconds (ms here, which the decoder also reads).
    const query = `id=${device.deviceId}&lat=${f.lat.toFixed(6)}&lon=${f.lon.toFixed(6)}&timestamp=${f.time}&speed=${(f.speed / 0.514444).toFixed(2)}&accuracy=5&altitude=1000&batt=80`;
    return { method: 'GET', path: `/osmand?${query}`, headers: {}, body: null };
  }
  if (scenario.protocol === 'owntracks') {
    const f = fixes[0]!;
    const body = JSON.stringify({
      _type: 'location',
      lat: Number(f.lat.toFixed(6)),
      lon: Number(f.lon.toFixed(6)),
      tst: Math.floor(f.time / 1000),
      acc: 5,
      vel: Math.round(f.speed * 3.6),
      alt: 1000,
      batt: 80,
      tid: 'bn',
    });
    return {
      method: 'POST',
      path: `/owntracks?u=${encodeURIComponent(device.deviceId)}`,
      headers: { 'content-type': 'application/json' },
      body,
    };
  }
  const body = JSON.stringify({
    fixes: fixes.map((f) => ({
      time: f.time,
      lat: Number(f.lat.toFixed(6)),
      lon: Number(f.lon.toFixed(6)),
      accuracy: 5,
      speed: Number(f.speed.toFixed(2)),
      altitude: 1000,
      battery: 80,
    })),
  });
  return {
    method: 'POST',
    path: '/api/v1/track/batch',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body,
  };
}

function send(request: ReturnType<typeof requestOf>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base!.hostname,
        port: base!.port,
        method: request.method,
        path: request.path,
        agent: agent!,
        headers: request.headers,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body ?? undefined);
  });
}

/** How many of `sent` fixes the answer acknowledges as stored (new or already stored). */
function acknowledged(scenario: Scenario, answer: { status: number; body: string }, sent: number): number {
  if (answer.status !== 200) return 0;
  if (scenario.protocol !== 'native') return sent;
  const result = JSON.parse(answer.body) as { accepted: number; duplicates: number };
  return result.accepted + result.duplicates;
}

async function run(scenario: Scenario): Promise<TrackersReport> {
  const report: TrackersReport = {
    requests: 0,
    fixes: 0,
    failures: 0,
    skipped: 0,
    firstFailure: null,
    latencies: [],
    ms: 0,
    cpuMs: 0,
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  const until = started + scenario.ms;
  const one = async (device: TrackerDevice, fixes: Fix[]) => {
    const t0 = performance.now();
    const answer = await send(requestOf(device, scenario, fixes)).catch((error: unknown) => ({
      status: 0,
      body: String(error),
    }));
    report.latencies.push(performance.now() - t0);
    report.requests++;
    const acked = acknowledged(scenario, answer, fixes.length);
    report.fixes += acked;
    if (acked !== fixes.length) {
      report.failures++;
      report.firstFailure ??= `${answer.status} ${answer.body.slice(0, 200)}`;
    }
  };
  const flat = async (device: TrackerDevice, slot: number) => {
    while (performance.now() < until) {
      const fixes: Fix[] = [];
      for (let k = 0; k < scenario.batch; k++) {
        const second = cursors[slot]!++;
        fixes.push(fixOf(device, second, startAt + second * 1000));
      }
      await one(device, fixes);
    }
  };
  // A phone on its own clock: its own phase in the interval, one fix of "now" at each beat. Like Traccar
  // Client it has one request out at a time: a beat that comes while it still waits is skipped (counted
  // in `skipped`), so an overloaded server shows as latency and skipped beats, not as an endless queue.
  const paced = async (device: TrackerDevice) => {
    const interval = scenario.intervalMs ?? 1000;
    await sleep(Math.random() * interval);
    for (let beat = performance.now(); beat < until; beat += interval) {
      const wait = beat - performance.now();
      if (wait < 0) {
        report.skipped++;
        continue;
      }
      await sleep(wait);
      // Stamped in whole seconds, like the position: a fix at 10.99 s placed where the rider was at 10 s
      // and the next at 11.01 s placed at 11 s would move a second's distance in 20 ms, and the server
      // rightly refuses it as an impossible jump (late beats made that common under load).
      const second = Math.floor((Date.now() - startAt) / 1000);
      await one(device, [fixOf(device, second, startAt + second * 1000)]);
    }
  };
  const taking = devices.slice(0, scenario.devices);
  await Promise.all(
    taking.map((device, slot) => (scenario.mode === 'flat' ? flat(device, slot) : paced(device))),
  );
  report.ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  report.cpuMs = (used.user + used.system) / 1000;
  return report;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

process.on('message', async (message: TrackersInit | TrackersRun) => {
  if (message.type === 'init') {
    devices = message.devices;
    startAt = message.startAt;
    base = new URL(message.baseUrl);
    peloton = Peloton.race(loadStage4().points, message.riders);
    cursors = new Int32Array(devices.length).fill(1);
    // One kept-alive connection per device: none closed as surplus between requests.
    agent = new http.Agent({
      keepAlive: true,
      maxSockets: devices.length + 16,
      maxFreeSockets: devices.length + 16,
    });
    process.send!({ ready: true });
    return;
  }
  process.send!(await run(message.scenario));
});
