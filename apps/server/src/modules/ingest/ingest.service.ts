import { fixReadingsProblem, type IngestResult } from '@echelon/contracts';
import { epochMs, type Fix, JumpFilter, validateFix } from '@echelon/domain';
import { isRefusedData } from '../../db/errors.ts';
import type { FixBatch, SosAlarm } from '../../live/bus.ts';
import type { ScalableBus } from '../../live/scalable-bus.ts';
import { ALL_NEW, FixWriter, type StoredListener } from './fix-writer.ts';
import { GuessThrottle } from './guess-throttle.ts';
import type { FixInsert, IngestRepository, SosInsert, TrackedRider } from './ingest.repository.ts';
import { refusedSos } from './sos-alarm.ts';
import { TrackerIdentities } from './tracker-identities.ts';

/** A position as any protocol delivers it, in SI units, before validation. */
export interface IncomingFix {
  /** Epoch ms; null when the tracker sent none (the receive time is used). */
  time: number | null;
  lat: number | null;
  lon: number | null;
  accuracy?: number | null;
  speed?: number | null;
  altitude?: number | null;
  heading?: number | null;
  battery?: number | null;
  sos?: boolean;
}

export interface IngestSettings {
  /** Fixes stamped further ahead of the server clock are refused. */
  maxFutureMs: number;
  /** Fixes less accurate than this (m) are refused. */
  maxAccuracy: number;
  /** Fixes implying a faster move (m/s) from the rider's previous fix are refused. */
  maxSpeed: number;
}

export const DEFAULT_INGEST_SETTINGS: IngestSettings = {
  maxFutureMs: 30_000,
  maxAccuracy: 200,
  maxSpeed: 30,
};

/**
 * Takes fixes from every protocol: validates each on its own (one bad fix never drops the good ones),
 * drops impossible jumps, stores them (a fix already stored is a duplicate, not an error), and hands
 * the new ones to the live processor.
 */
export class IngestService {
  private readonly repo: IngestRepository;
  private readonly writer: FixWriter;
  private readonly bus: ScalableBus;
  private readonly settings: IngestSettings;
  /** validateFix's options, made once rather than per fix. */
  private readonly checks: { maxFutureMs: number; maxAccuracy: number };
  /** Publish to the fixes stream first, store later (several processes): see `ingest`. */
  private readonly streamFirst: boolean;
  private readonly jumps = new Map<string, JumpFilter>();
  private readonly identities: TrackerIdentities;
  /** Misses (unknown tracker ids, wrong passwords) per client address, shared by every third-party route. */
  readonly guesses = new GuessThrottle();
  private readonly trackSockets = new Map<string, Set<() => void>>();

  constructor(
    repo: IngestRepository,
    bus: ScalableBus,
    settings: IngestSettings = DEFAULT_INGEST_SETTINGS,
    options: {
      streamFirst?: boolean;
      onStored?: StoredListener;
      /** Group commits writing side by side: one per pooled connection they may take (PostgreSQL). */
      writeConcurrency?: number;
    } = {},
  ) {
    this.repo = repo;
    this.writer = new FixWriter(repo, {
      ...(options.onStored && { onStored: options.onStored }),
      concurrency: options.writeConcurrency ?? 1,
    });
    this.bus = bus;
    this.settings = settings;
    this.checks = { maxFutureMs: settings.maxFutureMs, maxAccuracy: settings.maxAccuracy };
    this.identities = new TrackerIdentities(repo);
    this.streamFirst = options.streamFirst ?? false;
  }

  /** The rider of an unrevoked device token; null for any other string (cached, see TrackerIdentities). */
  riderForToken(token: string): Promise<TrackedRider | null> {
    return this.identities.byDeviceToken(token);
  }

  /** The registration a tracker id belongs to: in a running race if there is one, else the latest. */
  riderForDevice(candidates: string[]): Promise<TrackedRider | null> {
    return this.identities.byTrackerIds(candidates);
  }

  /**
   * A tracker's open native socket, closed when its registration's credentials are revoked (in this
   * process; elsewhere the socket's next message finds its token gone). Returns the unregistration.
   */
  trackSocketOpened(registrationId: string, close: () => void): () => void {
    let set = this.trackSockets.get(registrationId);
    if (!set) {
      set = new Set();
      this.trackSockets.set(registrationId, set);
    }
    set.add(close);
    const mine = set;
    return () => {
      mine.delete(close);
      if (mine.size === 0 && this.trackSockets.get(registrationId) === mine)
        this.trackSockets.delete(registrationId);
    };
  }

  /** Every credential of the registration was revoked: its open sockets end now. */
  credentialsRevoked(registrationId: string): void {
    this.forgetIdentities();
    for (const close of [...(this.trackSockets.get(registrationId) ?? [])]) close();
  }

  /** Start lists and tokens changed: forget cached identities. */
  forgetIdentities(): void {
    this.identities.forget();
  }

  async ingest(rider: TrackedRider, incoming: IncomingFix[], source: string): Promise<IngestResult> {
    const receivedAt = Date.now();
    const rejected: IngestResult['rejected'] = [];
    const candidates: Candidate[] = [];
    // An SOS is never dropped: when its position is refused, the alarm itself still goes through.
    const alarms: Array<SosAlarm & { index: number }> = [];
    // A plain loop and no closures: this runs for every request of every tracker (one fix, mostly).
    for (let index = 0; index < incoming.length; index++) {
      const raw = incoming[index]!;
      if (raw.lat === null || raw.lon === null) {
        this.refuse(rejected, alarms, raw, index, 'the message carries no position', receivedAt);
        continue;
      }
      const time = raw.time ?? receivedAt;
      // Ranges first (speed 1e39 would overflow its column), then the live checks (future, accuracy, 0,0).
      const reason =
        fixReadingsProblem(raw.time === null ? { ...raw, time } : raw) ??
        validateFix(
          { time, lat: raw.lat, lon: raw.lon, accuracy: raw.accuracy ?? null },
          epochMs(receivedAt),
          this.checks,
        );
      if (reason) {
        this.refuse(rejected, alarms, raw, index, reason, receivedAt);
        continue;
      }
      const fix: Fix = {
        riderId: rider.registrationId,
        time: epochMs(time),
        lat: raw.lat,
        lon: raw.lon,
        accuracy: raw.accuracy ?? null,
        speed: raw.speed ?? null,
        altitude: raw.altitude ?? null,
        battery: raw.battery ?? null,
      };
      if (raw.sos) fix.sos = true;
      candidates.push({ index, fix, heading: raw.heading ?? null, sos: raw.sos ?? false });
    }

    // A replayed batch may come in any order; judge jumps along time.
    if (candidates.length > 1) candidates.sort((a, b) => a.fix.time - b.fix.time);
    const jump = this.jumpFilterOf(rider.registrationId);
    const rows: FixInsert[] = [];
    const kept: Candidate[] = [];
    for (const candidate of candidates) {
      if (!jump.accept(candidate.fix)) {
        this.refuse(
          rejected,
          alarms,
          incoming[candidate.index]!,
          candidate.index,
          IMPOSSIBLE_JUMP,
          receivedAt,
        );
        continue;
      }
      kept.push(candidate);
      rows.push(toRow(candidate.fix, candidate.heading, source, receivedAt));
    }
    // No SOS (nearly always): nothing to store first, and no promise to wait for.
    const sos =
      alarms.length === 0 && !hasSos(kept)
        ? NO_SOS
        : await this.storeSos(rider, kept, alarms, source, receivedAt);
    if (this.streamFirst) return this.publishFirst(rider, kept, rejected, sos, alarms, source, receivedAt);
    const inserted = await this.writer.write(rows);
    // Every row new (nearly always): the kept fixes as they are, no key looked up per fix.
    const fresh =
      inserted === ALL_NEW ? kept : kept.filter((c) => inserted.has(rider.registrationId, c.fix.time));
    if (fresh.length > 0 || alarms.length > 0) {
      const fixes: Fix[] = new Array(fresh.length);
      let anySos = alarms.length > 0;
      for (let i = 0; i < fresh.length; i++) {
        fixes[i] = fresh[i]!.fix;
        if (fresh[i]!.sos) anySos = true;
      }
      this.bus.publishFixes({
        raceId: rider.raceId,
        registrationId: rider.registrationId,
        fixes,
        sos: anySos,
        ...(alarms.length > 0 && { alarms: alarms.map(withoutIndex) }),
      });
    }
    if (rejected.length > 1) rejected.sort((a, b) => a.index - b.index);
    const result: IngestResult = { accepted: fresh.length, duplicates: kept.length - fresh.length, rejected };
    if (sos.sos) result.sos = sos.sos;
    return result;
  }

  /** A fix refused: its reason, and its alarm kept when it carried an SOS. */
  private refuse(
    rejected: IngestResult['rejected'],
    alarms: Array<SosAlarm & { index: number }>,
    raw: IncomingFix,
    index: number,
    reason: string,
    receivedAt: number,
  ): void {
    rejected.push({ index, reason });
    if (raw.sos) alarms.push({ index, ...refusedSos(raw, reason, receivedAt, this.settings.maxFutureMs) });
  }

  /**
   * Keeps every SOS of the batch (its position used or refused) before answering, so the phone's
   * acknowledgement means the alarm is stored; a storage failure fails the request and the phone resends.
   */
  private async storeSos(
    rider: TrackedRider,
    kept: Array<{ index: number; fix: Fix; sos: boolean }>,
    alarms: Array<SosAlarm & { index: number }>,
    source: string,
    receivedAt: number,
  ): Promise<Pick<IngestResult, 'sos'>> {
    const used = kept.filter((c) => c.sos);
    const rows: SosInsert[] = [
      ...used.map((c) => ({
        registrationId: rider.registrationId,
        time: c.fix.time,
        lat: c.fix.lat,
        lon: c.fix.lon,
        accuracy: c.fix.accuracy,
        positionRefused: null,
        source,
        receivedAt,
      })),
      ...alarms.map((a) => ({
        registrationId: rider.registrationId,
        time: a.time,
        lat: a.lat,
        lon: a.lon,
        accuracy: a.accuracy,
        positionRefused: a.positionRefused,
        source,
        receivedAt,
      })),
    ];
    await this.repo.insertSos(rows);
    const sos: NonNullable<IngestResult['sos']> = [
      ...used.map((c) => ({ index: c.index, time: c.fix.time, position: 'used' as const })),
      ...alarms.map((a) => ({ index: a.index, time: a.time, position: 'refused' as const })),
    ];
    return { sos: sos.sort((a, b) => a.index - b.index) };
  }

  /**
   * Several processes: the batch is acknowledged once the fixes stream has stored it, and the
   * persistence consumer (`persistFromStream`) writes it to the database later. This is what keeps
   * ingest accepting while PostgreSQL is down. A batch the stream has seen already (a retry) counts as
   * duplicates; single fixes sent again inside a new batch are dropped by the database's key.
   */
  private async publishFirst(
    rider: TrackedRider,
    kept: Array<{ index: number; fix: Fix; heading: number | null; sos: boolean }>,
    rejected: IngestResult['rejected'],
    sos: Pick<IngestResult, 'sos'>,
    alarms: Array<SosAlarm & { index: number }>,
    source: string,
    receivedAt: number,
  ): Promise<IngestResult> {
    rejected.sort((a, b) => a.index - b.index);
    if (kept.length === 0 && alarms.length === 0) return { accepted: 0, duplicates: 0, rejected };
    if (!this.bus.publishFixesAcked) throw new Error('stream-first ingest needs a bus with acknowledgements');
    const ack = await this.bus.publishFixesAcked({
      raceId: rider.raceId,
      registrationId: rider.registrationId,
      fixes: kept.map((c) => c.fix),
      sos: kept.some((c) => c.sos) || alarms.length > 0,
      ...(alarms.length > 0 && { alarms: alarms.map(withoutIndex) }),
      stored: { source, receivedAt, headings: kept.map((c) => c.heading) },
    });
    return ack.duplicate
      ? { accepted: 0, duplicates: kept.length, rejected, ...sos }
      : { accepted: kept.length, duplicates: 0, rejected, ...sos };
  }

  /**
   * The persistence side of stream-first ingest: every batch of the fixes stream is written to the
   * database, shared among the processes that call this (one durable consumer), acknowledged once
   * stored and redelivered after a failure. Writing twice is harmless: the table's key drops repeats.
   * A batch the database refuses for its content goes to the dead-letter stream after `maxDeliveries`.
   */
  persistFromStream(durable = 'echelon_persist', options: { maxDeliveries?: number } = {}): () => void {
    if (!this.bus.consumeFixes) throw new Error('persisting from the stream needs the NATS bus');
    return this.bus.consumeFixes(
      durable,
      async (batch) => {
        await this.writer.write(rowsOf(batch));
      },
      { maxDeliveries: options.maxDeliveries ?? 5, isPoison: isRefusedData },
    );
  }

  /** How many fixes are stored for a registration (operations and tests). */
  countStored(registrationId: string): Promise<number> {
    return this.repo.countFixes(registrationId);
  }

  async drain(): Promise<void> {
    await this.writer.drain();
  }

  private jumpFilterOf(registrationId: string): JumpFilter {
    let filter = this.jumps.get(registrationId);
    if (!filter) {
      filter = new JumpFilter({ maxSpeed: this.settings.maxSpeed });
      this.jumps.set(registrationId, filter);
    }
    return filter;
  }
}

/** A fix that passed the checks, with what the fixes table keeps beside it. */
interface Candidate {
  index: number;
  fix: Fix;
  heading: number | null;
  sos: boolean;
}

/** A batch without SOS: nothing stored for it, nothing in the answer. */
const NO_SOS: Pick<IngestResult, 'sos'> = Object.freeze({});

function hasSos(kept: readonly Candidate[]): boolean {
  for (const c of kept) if (c.sos) return true;
  return false;
}

const IMPOSSIBLE_JUMP = 'impossible jump: too far from the previous position for the time between them';

function withoutIndex({ index: _index, ...alarm }: SosAlarm & { index: number }): SosAlarm {
  return alarm;
}

function rowsOf(batch: FixBatch): FixInsert[] {
  const stored = batch.stored ?? { source: 'unknown', receivedAt: Date.now(), headings: [] };
  return batch.fixes.map((fix, i) =>
    toRow(fix, stored.headings[i] ?? null, stored.source, stored.receivedAt),
  );
}

function toRow(fix: Fix, heading: number | null, source: string, receivedAt: number): FixInsert {
  return {
    registrationId: fix.riderId,
    time: fix.time,
    lat: fix.lat,
    lon: fix.lon,
    accuracy: real(fix.accuracy),
    speed: real(fix.speed),
    altitude: real(fix.altitude),
    heading: real(heading),
    battery: real(fix.battery),
    sos: fix.sos === true ? true : null,
    source,
    receivedAt,
  };
}

/** Smallest magnitude a `real` column holds: PostgreSQL refuses a smaller one (underflow) rather than store 0. */
const REAL_MIN = 1.2e-38;

/**
 * A reading as its `real` column holds it: in single precision, so the row the writer hands on (the
 * results' progress feed, progress-feed.ts) holds the number the database stores and gives back as
 * float8; 7.7e-149 % battery is 0 % (ranges are checked before).
 */
export function real(value: number | null): number | null {
  if (value === null) return null;
  if (Math.abs(value) < REAL_MIN) return 0;
  const single = Math.fround(value);
  // Beyond what a real holds (a batch from before the range checks): as it is, so the database refuses
  // it, rather than stored as Infinity.
  return Number.isFinite(single) ? single : value;
}
