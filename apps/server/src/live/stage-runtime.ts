import { LIVE_FEED_VERSION, type LiveSnapshot, type LiveTimeTrial, StageScoring } from '@echelon/contracts';
import {
  epochMs,
  type Fix,
  type LiveSettings,
  type LiveStandings,
  ridersOut,
  StageState,
} from '@echelon/domain';
import { EventClock } from './event-clock.ts';
import { FrameBuilder, type RiderMeta } from './frames.ts';
import type { StageContext, StageTimingInput } from './live.repository.ts';
import { liveCourseOf } from './live-course.ts';
import { TIME_TRIAL_FORMATS, TimeTrialFeed, teamsOf } from './time-trial-feed.ts';

type Announcement = LiveSnapshot['announcements'][number];

const SETTLED = new Set(['finished', 'official', 'cancelled', 'annulled']);

/**
 * One live stage in the processor: the domain's StageState fed with fixes, its event clock, and the
 * feed frames built from it each tick. Each tick's frame is serialised once, here.
 */
export class StageRuntime {
  readonly stageId: string;
  readonly raceId: string;
  readonly riderIds: Set<string>;
  status: LiveSnapshot['status'];
  private readonly state: StageState;
  private readonly clock: EventClock;
  private readonly frames: FrameBuilder;
  private readonly length: number;
  readonly startedAt: number | null;
  private readonly checkpoints: LiveSnapshot['checkpoints'];
  private readonly announcements: Announcement[];
  private pendingAnnouncements: Announcement[] = [];
  private pendingStatus: LiveSnapshot['status'] | undefined;
  private last: LiveStandings | null = null;
  /** Time-trial stages: standings by elapsed time, splits and hot seat (null for massed starts). */
  private readonly timeTrial: TimeTrialFeed | null;
  private lastTimeTrial: LiveTimeTrial | undefined;
  private snapshotCache: { seq: number; json: string } | null = null;
  /** Taken over from another processor: the next frame is a whole snapshot (see resumeFrom). */
  private resyncNext = false;

  constructor(
    context: StageContext,
    settings: Partial<LiveSettings>,
    wallNow: () => number = Date.now,
    timing: StageTimingInput = { starts: new Map(), passings: new Map() },
  ) {
    const { stage, race, course } = context;
    if (!course) throw new Error(`Stage ${stage.id} has no course; upload one before starting it`);
    this.stageId = stage.id;
    this.raceId = race.id;
    this.status = stage.status as LiveSnapshot['status'];
    this.startedAt = stage.startedAt;
    const liveCourse = liveCourseOf(course, context.checkpoints);
    this.length = liveCourse.length;
    this.checkpoints = liveCourse.checkpoints.map((c) => ({
      id: c.id,
      kind: c.kind,
      name: c.name,
      d: Math.round(c.distance),
    }));
    this.state = new StageState(
      liveCourse,
      context.riders.map((r) => ({ riderId: r.id })),
      settings,
    );
    const meta: RiderMeta[] = context.riders.map((r) => ({
      id: r.id,
      bib: r.bib,
      name: `${r.firstName} ${r.lastName}`,
      team: r.team,
      category: r.category,
    }));
    this.riderIds = new Set(meta.map((m) => m.id));
    this.timeTrial = TIME_TRIAL_FORMATS.has(stage.format)
      ? new TimeTrialFeed(
          meta.map((m) => m.id),
          liveCourse.checkpoints,
          timing,
          stage.format === 'team_time_trial'
            ? {
                teams: teamsOf(context.riders),
                countingRider: StageScoring.parse(stage.scoring ?? {}).countingRider,
              }
            : null,
        )
      : null;
    this.frames = new FrameBuilder(meta);
    this.clock = new EventClock(wallNow);
    this.announcements = context.announcements
      .filter((a) => a.stageId === null || a.stageId === stage.id)
      .map((a) => ({ id: a.id, at: a.at, text: a.text, stageId: a.stageId }));
    if (stage.startedAt !== null) this.state.start(epochMs(stage.startedAt));
    if (stage.status === 'neutralised') this.state.neutralise(epochMs(Date.now()));
    // The decisions so far, as the control events that carried them would have left the state.
    for (const [riderId, since] of ridersOut(context.riderOutDecisions)) this.state.setDnf(riderId, since);
  }

  addFixes(fixes: Fix[]): void {
    for (const fix of fixes) {
      this.clock.observe(fix.time);
      this.state.addFix(fix);
    }
  }

  /** SOS alarms whose positions were refused: the riders' SOS shows, their positions stay. */
  raiseSos(alarms: ReadonlyArray<{ riderId: string; time: number }>): void {
    for (const alarm of alarms) this.state.raiseSos(alarm.riderId, epochMs(alarm.time));
  }

  /** Whether the stage is a time trial (its feed carries `tt`): its timing inputs matter. */
  get isTimeTrial(): boolean {
    return this.timeTrial !== null;
  }

  /** A time trial's start list or timing passings changed. */
  setTiming(timing: StageTimingInput): void {
    this.timeTrial?.setTiming(timing);
  }

  setStatus(status: LiveSnapshot['status'], at: number): void {
    if (status === 'neutralised') this.state.neutralise(epochMs(at));
    if (status === 'live' && this.status === 'neutralised') this.state.resume(epochMs(at));
    this.status = status;
    this.pendingStatus = status;
  }

  /** DNF (or DSQ) by decision: the rider ranks with the non-finishers; `false` reinstates them. */
  setOut(registrationId: string, out: boolean, at: number): void {
    if (out) this.state.setDnf(registrationId, epochMs(at));
    else this.state.reinstate(registrationId);
  }

  announce(announcement: Announcement): void {
    // Race control's stream replays announcements to a processor that starts late; show each once.
    if (this.announcements.some((a) => a.id === announcement.id)) return;
    this.announcements.push(announcement);
    this.pendingAnnouncements.push(announcement);
  }

  /**
   * Carries on the numbering of a stage another processor was running: its spectators hold state up to
   * `seq`, which this runtime's deltas do not continue, so the next frame is a full snapshot numbered
   * `seq + 1` (clients replace their state with it) and deltas follow it: no gap, no stale state.
   */
  resumeFrom(seq: number): void {
    this.frames.seq = Math.max(this.frames.seq, seq);
    this.resyncNext = true;
  }

  /**
   * Advances one tick: the delta frame since the previous one, serialised. A finished stage sends one
   * last frame with its final status, then stays quiet (its snapshot is still served).
   */
  tick(): string | null {
    if (
      SETTLED.has(this.status) &&
      this.pendingStatus === undefined &&
      this.pendingAnnouncements.length === 0
    ) {
      return null;
    }
    this.last = this.state.standings(epochMs(this.clock.now()));
    const frame = this.frames.delta(this.stageId, this.last, {
      ...(this.pendingStatus && { status: this.pendingStatus }),
      ann: this.pendingAnnouncements,
    });
    if (this.timeTrial) {
      this.lastTimeTrial = this.timeTrial.state(this.last.at, this.last.riders, this.state);
      const tt = this.timeTrial.changed(this.lastTimeTrial);
      if (tt) frame.tt = tt;
    }
    this.pendingStatus = undefined;
    this.pendingAnnouncements = [];
    if (this.resyncNext) {
      this.resyncNext = false;
      return this.snapshot();
    }
    return JSON.stringify(frame);
  }

  /** Finished, official, cancelled or annulled: it sends one last frame, then nothing. */
  get settled(): boolean {
    return SETTLED.has(this.status);
  }

  get seq(): number {
    return this.frames.seq;
  }

  /** The full state as of the latest tick (so deltas continue from it), serialised once per tick. */
  snapshot(): string {
    if (this.snapshotCache?.seq === this.frames.seq) return this.snapshotCache.json;
    const standings = this.last ?? this.state.standings(epochMs(this.clock.now()));
    const snapshot: LiveSnapshot = {
      type: 'snapshot',
      v: LIVE_FEED_VERSION,
      stageId: this.stageId,
      raceId: this.raceId,
      seq: this.frames.seq,
      at: standings.at,
      status: this.status,
      startedAt: this.startedAt,
      length: Math.round(this.length),
      riders: this.frames.riders(standings),
      groups: this.frames.groups(standings),
      checkpoints: this.checkpoints,
      announcements: this.announcements,
    };
    if (this.timeTrial) {
      snapshot.tt =
        this.last && this.lastTimeTrial
          ? this.lastTimeTrial
          : this.timeTrial.state(standings.at, standings.riders, this.state);
    }
    const json = JSON.stringify(snapshot);
    this.snapshotCache = { seq: this.frames.seq, json };
    return json;
  }
}
