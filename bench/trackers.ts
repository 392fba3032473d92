// Child process of the ingest-load benchmark: a crowd of phones, each on its own keep-alive connection,
// sending their positions to the server over real sockets, so the clients' work never runs on the
// server's event loop. Driven over IPC by ingest-load.ts: `init` hands over the devices this child
// plays, each `run` one scenario (protocol, batch size, credentials, flat out or paced; at the server or
// at a peer), answered with the acknowledgement latencies and the fixes acknowledged; `audit` hands back
// every fix acknowledged as stored, per device. Each device keeps its own time cursor across scenarios
// and stamps every fix with a second of its own, so no fix is ever sent twice and every phone's track
// moves forward plausibly. Connections are raw `net` sockets (support/http-wire.ts): node:http's client
// cost the phones a third to half of one of the machine's two cores, taken from the server measured.
import { loadStage4 } from './support/course.ts';
import { HttpWire, utf8Of, type WireAnswer, WireError } from './support/http-wire.ts';
import { Peloton } from './support/peloton.ts';
import { type Auth, DeviceRequests, type Fix, type Protocol } from './support/tracker-requests.ts';

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
  protocol: Protocol;
  auth: Auth;
  batch: number;
  /** How many of this child's devices take part (the first ones). */
  devices: number;
  /** 'flat': each device sends its next request once the last is acknowledged; 'paced': every intervalMs. */
  mode: 'flat' | 'paced';
  ms: number;
  intervalMs?: number;
  /**
   * A peer server's port instead of the app's (bench/peers/http-ingest-peer.ts): the same requests, but
   * nothing is stored, so neither the cursors move nor the fixes count as acknowledged in the audit.
   */
  peerPort?: number;
  /**
   * The app on another of its ports (OSMAND_PORT): its own connections, but the same devices' tracks,
   * so its fixes carry on each device's time line instead of resending seconds already stored.
   */
  appPortOverride?: number;
}

export interface TrackersRun {
  type: 'run';
  scenario: Scenario;
}

export interface TrackersReport {
  requests: number;
  /** Fixes the answers acknowledged as stored (new or already stored). */
  fixes: number;
  /** Of those, fixes the server said it had stored before (native answers' `duplicates`). */
  duplicates: number;
  failures: number;
  /** Of those, requests on a connection that never answered: the connect did not take (a full backlog). */
  failedConnects: number;
  /** Paced beats that came due (each one sent or skipped). */
  due: number;
  /** Paced beats a phone skipped because its previous request was still unanswered. */
  skipped: number;
  firstFailure: string | null;
  /** Acknowledgement latency of every request, ms. */
  latencies: number[];
  ms: number;
  cpuMs: number;
}

/** Every fix acknowledged as stored over the run: per device (peloton index), its race seconds. */
export interface TrackersAudit {
  indexes: number[];
  seconds: Int32Array[];
}

let devices: TrackerDevice[] = [];
let peloton: Peloton | null = null;
let startAt = 0;
let host = '127.0.0.1';
let appPort = 0;
/** Seconds into the race of each device's next flat-out fix. */
let cursors: Int32Array = new Int32Array(0);
/** Race seconds of each device's acknowledged fixes (for the audit). */
let acked: number[][] = [];
/** Each device's connection to the app (kept across scenarios, as a phone keeps its connection). */
let wires: HttpWire[] = [];
let peerWires: { port: number; wires: HttpWire[] } | null = null;

function fixOf(device: TrackerDevice, second: number): Fix {
  const f = peloton!.fix(device.index, second);
  return { time: startAt + second * 1000, lat: f.lat, lon: f.lon, speed: peloton!.speeds[device.index]! };
}

/** How many of `sent` fixes the answer acknowledges as stored, and how many of them were duplicates. */
function acknowledged(protocol: Protocol, answer: WireAnswer, sent: number): [number, number] {
  if (answer.status !== 200) return [0, 0];
  if (protocol !== 'native') return [sent, 0];
  const result = JSON.parse(answer.body) as { accepted: number; duplicates: number };
  return [result.accepted + result.duplicates, result.duplicates];
}

async function run(scenario: Scenario): Promise<TrackersReport> {
  const report: TrackersReport = {
    requests: 0,
    fixes: 0,
    duplicates: 0,
    failures: 0,
    failedConnects: 0,
    due: 0,
    skipped: 0,
    firstFailure: null,
    latencies: [],
    ms: 0,
    cpuMs: 0,
  };
  const taking = devices.slice(0, scenario.devices);
  const port = scenario.peerPort ?? scenario.appPortOverride ?? appPort;
  const peer = scenario.peerPort !== undefined;
  const builders = taking.map(
    (d) => new DeviceRequests(d, scenario.protocol, scenario.auth, `${host}:${port}`),
  );
  const connections = port !== appPort ? peerWiresFor(port) : wires;
  // A peer stores nothing: its fixes come from a copy of the cursors, so the app's tracks go on unbroken.
  const seconds = peer ? cursors.slice() : cursors;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const until = started + scenario.ms;
  const one = async (slot: number, stamps: number[]) => {
    const device = taking[slot]!;
    const fixes = stamps.map((second) => fixOf(device, second));
    const t0 = performance.now();
    const answer = await connections[slot]!.send(builders[slot]!.request(fixes)).catch(
      (error: unknown): WireAnswer => {
        if (error instanceof WireError && error.newConnection) report.failedConnects++;
        return { status: 0, body: String(error) };
      },
    );
    report.latencies.push(performance.now() - t0);
    report.requests++;
    const [fixesAcked, duplicates] = acknowledged(scenario.protocol, answer, fixes.length);
    report.fixes += fixesAcked;
    report.duplicates += duplicates;
    if (fixesAcked === fixes.length) {
      if (!peer) acked[slot]!.push(...stamps);
    } else {
      report.failures++;
      report.firstFailure ??= `${answer.status} ${utf8Of(answer.body).slice(0, 200)}`;
    }
  };
  const flat = async (slot: number) => {
    while (performance.now() < until) {
      const stamps: number[] = [];
      for (let k = 0; k < scenario.batch; k++) stamps.push(seconds[slot]!++);
      await one(slot, stamps);
    }
  };
  // A phone on its own clock: its own phase in the interval, one fix at each beat, stamped with the beat's
  // second. Like Traccar Client it has one request out at a time: a beat that comes while it still waits
  // is skipped (counted in `skipped`), so an overloaded server shows as latency and skipped beats, not as
  // an endless queue. Beats are a whole interval apart, so no two fixes of a phone share a second (a fix
  // stamped with the second it was sent in did: a late beat and the next on time, the second fix answered
  // as a duplicate yet counted as one more fix acknowledged). Positions are where the rider was at that
  // whole second, as the time says: a fix at 10.99 s placed at 10 s and the next at 11.01 s placed at
  // 11 s would move a second's distance in 20 ms, which the server rightly refuses as an impossible jump.
  const clockAtStart = Date.now();
  const paced = async (slot: number) => {
    const interval = scenario.intervalMs ?? 1000;
    await sleep(Math.random() * interval);
    for (let beat = performance.now(); beat < until; beat += interval) {
      report.due++;
      const wait = beat - performance.now();
      if (wait < 0) {
        report.skipped++;
        continue;
      }
      await sleep(wait);
      await one(slot, [Math.floor((clockAtStart + (beat - started) - startAt) / 1000)]);
    }
  };
  await Promise.all(taking.map((_, slot) => (scenario.mode === 'flat' ? flat(slot) : paced(slot))));
  report.ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  report.cpuMs = (used.user + used.system) / 1000;
  return report;
}

/**
 * Each device's connection to a peer (or the app's other port): kept across that port's windows (its
 * warm-up opens them, as the app's warm-up opens the app's), closed when another port comes.
 */
function peerWiresFor(port: number): HttpWire[] {
  if (peerWires?.port !== port) {
    for (const wire of peerWires?.wires ?? []) wire.close();
    peerWires = { port, wires: devices.map(() => new HttpWire(host, port)) };
  }
  return peerWires.wires;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

process.on('message', async (message: TrackersInit | TrackersRun | { type: 'audit' }) => {
  if (message.type === 'init') {
    devices = message.devices;
    startAt = message.startAt;
    const base = new URL(message.baseUrl);
    host = base.hostname;
    appPort = Number(base.port);
    peloton = Peloton.race(loadStage4().points, message.riders);
    cursors = new Int32Array(devices.length).fill(1);
    acked = devices.map(() => []);
    wires = devices.map(() => new HttpWire(host, appPort));
    process.send!({ ready: true });
    return;
  }
  if (message.type === 'audit') {
    const audit: TrackersAudit = {
      indexes: devices.map((d) => d.index),
      seconds: acked.map((list) => Int32Array.from(list)),
    };
    process.send!(audit);
    return;
  }
  process.send!(await run(message.scenario));
});
