import { type EpochMs, scoring } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { conflict, notFound, type ProblemItem, unprocessable } from '../../http/problem.ts';
import { LiveRepository } from '../../live/live.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import { DecisionsRepository } from './decisions.repository.ts';
import { type PassingInput, parsePassings } from './passings.ts';
import { ResultsRepository } from './results.repository.ts';
import { StartTimesService } from './start-times.service.ts';

/**
 * The timing desk: passings from a timing system (mats, transponders), which override GPS crossings at
 * their point, and the start lists of stages with individual starts.
 */
export class PassingsService {
  readonly startTimes: StartTimesService;
  private readonly repo: ResultsRepository;
  private readonly live: LiveRepository;
  private readonly decisions: DecisionsRepository;
  private readonly races: RacesService;
  private readonly audit: AuditService;
  /** Tells a live time trial that new passings make its splits exact. */
  private readonly onTiming: (stageId: string) => void;

  constructor(
    db: Db,
    races: RacesService,
    audit: AuditService,
    onTiming: (stageId: string) => void = () => {},
  ) {
    this.onTiming = onTiming;
    this.repo = new ResultsRepository(db);
    this.live = new LiveRepository(db);
    this.decisions = new DecisionsRepository(db);
    this.races = races;
    this.audit = audit;
    this.startTimes = new StartTimesService(db, races, audit, onTiming);
  }

  async importPassings(actor: Actor, stageId: string, body: unknown) {
    const context = await this.live.loadStage(stageId);
    if (!context) throw notFound('No such stage');
    await this.races.officiated(actor, context.race.id);
    if (await this.decisions.approval(stageId))
      throw conflict('The stage’s results are official; they can no longer change');
    const parsed = parsePassings(body, {
      zone: context.race.timeZone,
      reference: context.stage.startedAt ?? context.stage.scheduledStart?.getTime() ?? null,
    });
    if (!parsed.ok) throw unprocessable(parsed.detail, parsed.errors);
    const pointOf = (point: string) =>
      context.checkpoints.find((c) => c.id === point) ??
      context.checkpoints.find((c) => c.name.toLowerCase() === point.toLowerCase()) ??
      context.checkpoints.find(
        (c) => c.kind === point.toLowerCase() && (c.kind === 'finish' || c.kind === 'start'),
      );
    const errors: ProblemItem[] = [];
    const known: Array<{ input: PassingInput; riderId: string; checkpointId: string }> = [];
    const riderOf = matcher(context.riders);
    for (const p of parsed.passings) {
      const riderId = riderOf(p);
      const checkpoint = pointOf(p.point);
      const who = p.chip !== null ? `chip ${p.chip}` : `bib ${p.bib}`;
      if (riderId === null) errors.push({ line: p.line, detail: `no rider with ${who} in this race` });
      else if (!checkpoint)
        errors.push({ line: p.line, detail: `no timing point "${p.point}" on this stage` });
      else known.push({ input: p, riderId, checkpointId: checkpoint.id });
    }
    const rows = numberLaps(known).map((k) => ({
      stageId,
      registrationId: k.riderId,
      checkpointId: k.checkpointId,
      lap: k.lap,
      time: k.input.time,
    }));
    if (errors.length > 0)
      throw unprocessable(`${errors.length} passing(s) cannot be matched; nothing was imported`, errors);
    await this.repo.storePassings(rows);
    await this.audit.record(
      actor,
      'passings.import',
      { type: 'stage', id: stageId },
      { passings: rows.length },
    );
    this.onTiming(stageId);
    return { imported: rows.length };
  }
}

/**
 * Finds a passing's rider the way the domain merges timing reads (rules §6): by chip first, the timing
 * system's own id (a registration's device id), then by bib; null when neither matches.
 */
function matcher(riders: ReadonlyArray<{ id: string; bib: number; deviceId: string | null }>) {
  const identities = riders.map((r) => ({
    riderId: r.id,
    bib: String(r.bib),
    chips: r.deviceId === null ? [] : [r.deviceId],
  }));
  return (p: PassingInput): string | null => {
    const read = {
      bib: p.bib === null ? null : String(p.bib),
      chip: p.chip,
      pointId: '',
      time: 0 as EpochMs,
    };
    return scoring.formats.mergeCrossings([], [read], identities).crossings[0]?.riderId ?? null;
  };
}

/**
 * A passing's lap: the one it gives, else its place in time order among the file's passings of that rider
 * at that point (a loop on a circuit's line reads the rider once a lap).
 */
function numberLaps<T extends { input: PassingInput; riderId: string; checkpointId: string }>(
  known: readonly T[],
): Array<T & { lap: number }> {
  const sorted = [...known].sort((a, b) => a.input.time - b.input.time || a.input.line - b.input.line);
  const counts = new Map<string, number>();
  return sorted.map((k) => {
    const key = `${k.riderId}|${k.checkpointId}`;
    const next = (counts.get(key) ?? 0) + 1;
    counts.set(key, next);
    return { ...k, lap: k.input.lap ?? next };
  });
}
