import type { LiveTeamTimeTrial, LiveTimeTrial } from '@echelon/contracts';
import {
  type EpochMs,
  type LiveCheckpoint,
  type RiderStanding,
  type TeamEntry,
  type TeamTimeTrialStandings,
  type TimeTrialEntry,
  type TrailSource,
  teamTimeTrialStandings,
  timeTrialStandings,
} from '@echelon/domain';
import type { StageTimingInput } from './live.repository.ts';

export const TIME_TRIAL_FORMATS: ReadonlySet<string> = new Set(['individual_time_trial', 'team_time_trial']);

/** A team time trial's teams and its counting rider (the stage's `countingRider`). */
export interface TeamTimeTrialSetup {
  teams: readonly TeamEntry[];
  countingRider: number;
}

/**
 * The teams of a start list, as the results count them: by team name, a rider without a team riding as
 * a team of one named by their bib.
 */
export function teamsOf(
  riders: ReadonlyArray<{ id: string; bib: number; team: string | null }>,
): TeamEntry[] {
  const teams = new Map<string, string[]>();
  for (const r of riders) {
    const key = r.team ?? `#${r.bib}`;
    teams.set(key, [...(teams.get(key) ?? []), r.id]);
  }
  return [...teams].map(([teamId, riderIds]) => ({ teamId, riderIds }));
}

/**
 * The time-trial part of a stage's feed: the domain's standings, split tables and hot seat, with riders
 * by their feed index; in a team time trial, the teams' too (`teams`). Virtual gaps move every tick; they
 * are sent to the whole second, so the block goes in a delta only when a rider passes a point, starts,
 * finishes, or gains or loses a second.
 */
export class TimeTrialFeed {
  private readonly index: ReadonlyMap<string, number>;
  private readonly checkpoints: readonly LiveCheckpoint[];
  private readonly team: TeamTimeTrialSetup | null;
  private entries: TimeTrialEntry[];
  private passings: StageTimingInput['passings'];
  private sent = '';

  constructor(
    riderIds: readonly string[],
    checkpoints: readonly LiveCheckpoint[],
    timing: StageTimingInput,
    team: TeamTimeTrialSetup | null = null,
  ) {
    this.index = new Map(riderIds.map((id, i) => [id, i]));
    this.checkpoints = checkpoints;
    this.team = team;
    this.entries = [];
    this.passings = new Map();
    this.setTiming(timing);
  }

  /** A new start list or new passings. */
  setTiming(timing: StageTimingInput): void {
    this.entries = [...this.index.keys()].map((riderId) => {
      const start = timing.starts.get(riderId);
      return { riderId, scheduledStart: start === undefined ? null : (start as EpochMs) };
    });
    this.passings = timing.passings;
    this.sent = '';
  }

  state(now: EpochMs, standings: readonly RiderStanding[], trails: TrailSource): LiveTimeTrial {
    const tt = timeTrialStandings(now, this.entries, standings, this.checkpoints, trails, this.passings);
    const i = (riderId: string) => this.index.get(riderId)!;
    const ms = (s: number | null) => (s === null ? null : Math.round(s * 1000));
    return {
      riders: tt.riders.map((r) => ({
        i: i(r.riderId),
        rank: r.rank,
        phase: r.phase,
        start: r.start,
        point: r.pointId,
        t: ms(r.elapsed),
        gap: ms(r.gap),
        exact: r.exact,
        vgap: r.virtualGap === null ? null : Math.round(r.virtualGap) * 1000,
      })),
      splits: tt.splits.map((table) => ({
        id: table.checkpointId,
        rows: table.rows.map(
          (row) =>
            [i(row.riderId), ms(row.elapsed)!, row.rank, ms(row.gap)!, row.exact] as [
              number,
              number,
              number,
              number,
              boolean,
            ],
        ),
      })),
      hot: tt.hotSeat && { i: i(tt.hotSeat.riderId), t: ms(tt.hotSeat.elapsed)!, since: tt.hotSeat.since },
      ...(this.team && {
        teams: presentTeams(teamTimeTrialStandings(tt, this.team.teams, this.team.countingRider, trails), i),
      }),
    };
  }

  /** The state when it differs from what the last delta carried, else undefined. */
  changed(state: LiveTimeTrial): LiveTimeTrial | undefined {
    const json = JSON.stringify(state);
    if (json === this.sent) return undefined;
    this.sent = json;
    return state;
  }
}

function presentTeams(tt: TeamTimeTrialStandings, i: (riderId: string) => number): LiveTeamTimeTrial {
  const ms = (s: number | null) => (s === null ? null : Math.round(s * 1000));
  return {
    n: tt.countingRider,
    standings: tt.teams.map((t) => ({
      team: t.teamId,
      rank: t.rank,
      phase: t.phase,
      start: t.start,
      point: t.pointId,
      t: ms(t.elapsed),
      gap: ms(t.gap),
      exact: t.exact,
      vgap: t.virtualGap === null ? null : Math.round(t.virtualGap) * 1000,
      riders: t.riders.map(i),
      dropped: t.dropped.map(i),
      out: t.out.map(i),
    })),
    splits: tt.splits.map((table) => ({
      id: table.checkpointId,
      rows: table.rows.map(
        (row) =>
          [row.teamId, ms(row.elapsed)!, row.rank, ms(row.gap)!, row.exact] as [
            string,
            number,
            number,
            number,
            boolean,
          ],
      ),
    })),
    hot: tt.hotSeat && { team: tt.hotSeat.teamId, t: ms(tt.hotSeat.elapsed)!, since: tt.hotSeat.since },
  };
}
