import { z } from 'zod';
import { Uuid } from './common.ts';
import { CheckpointKind } from './courses.ts';
import { StageStatus } from './stages.ts';

export const RiderConditionSchema = z
  .enum(['not_started', 'racing', 'stopped', 'signal_lost', 'off_course', 'finished', 'dnf'])
  .meta({ id: 'RiderCondition' });

/**
 * A rider in a live snapshot. `i` is the rider's index in this stage's feed: deltas refer to riders by
 * it, to keep frames small. Distances in metres, speed in km/h, times as epoch ms, gap in seconds.
 */
export const LiveRider = z
  .object({
    i: z.number().int(),
    id: Uuid.describe('registration id'),
    bib: z.number().int(),
    name: z.string(),
    team: z.string().nullable(),
    category: z.string().nullable(),
    rank: z.number().int(),
    cond: RiderConditionSchema,
    d: z
      .number()
      .describe(
        'distance covered at the last fix, m; carry the rider on at `v` for the fix’s age (as `rank` does)',
      ),
    lap: z.number().int(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    v: z.number().nullable().describe('speed, km/h'),
    gap: z.number().nullable().describe('seconds behind the leader at the same distance'),
    grp: z
      .number()
      .int()
      .nullable()
      .describe(
        'the rider’s group: a feed group id (`groups[].id`, kept while the group holds together); null in none',
      ),
    togo: z.number().describe('distance to go, m'),
    eta: z.number().nullable().describe('expected finish, epoch ms'),
    next: z.object({ id: Uuid, eta: z.number().nullable() }).nullable(),
    fix: z.number().nullable().describe('time of the last fix, epoch ms'),
    batt: z.number().nullable(),
    acc: z
      .number()
      .nullable()
      .describe('horizontal accuracy of the last fix, whole m; null when the tracker reported none'),
    sos: z
      .number()
      .nullable()
      .describe(
        'always null: an SOS is for race control only (GET /api/v1/races/{raceId}/sos), never in this public feed',
      ),
    fin: z.number().nullable().describe('finish time, epoch ms'),
    x: z.array(z.tuple([Uuid, z.number()])).describe('[checkpoint id, crossing time epoch ms]'),
  })
  .meta({ id: 'LiveRider' });
export type LiveRider = z.infer<typeof LiveRider>;

export const LiveGroupSchema = z
  .object({
    id: z.number().int().describe('the group’s feed id, stable while most of its riders stay together'),
    name: z.string(),
    gap: z.number(),
    riders: z.array(z.number().int()),
  })
  .meta({ id: 'LiveGroup' });

/**
 * A team time trial's live state: the team races the clock, and its time at a point is its Nth rider's
 * (`n`, from the stage's scoring; the last rider's when fewer are left), as the official result will be.
 * Riders are by feed index; a rider without a team rides as a team of one, named by their bib.
 */
export const LiveTeamTimeTrial = z
  .object({
    n: z.number().int().describe('the counting rider'),
    standings: z
      .array(
        z.object({
          team: z.string(),
          rank: z.number().int().nullable().describe('place in the live order; null while waiting or out'),
          phase: z.enum(['waiting', 'on_course', 'finished', 'out']),
          start: z.number().nullable().describe('the team’s start, epoch ms'),
          point: Uuid.nullable().describe('the last timing point the team’s Nth rider passed'),
          t: z.number().nullable().describe('the team’s time there (its Nth rider’s), ms'),
          gap: z.number().nullable().describe('behind the best team time at that point, ms'),
          exact: z.boolean().describe('the counting rider’s time is a timing system’s passing'),
          vgap: z
            .number()
            .nullable()
            .describe(
              'between points, from GPS: behind the reference team at the same distance, whole s in ms',
            ),
          riders: z
            .array(z.number().int())
            .describe('with the team: through its last point by its Nth rider'),
          dropped: z.array(z.number().int()).describe('dropped: later through that point, or not yet there'),
          out: z.array(z.number().int()).describe('out of the race'),
        }),
      )
      .describe('in live order'),
    splits: z.array(
      z.object({
        id: Uuid.describe('timing point'),
        rows: z
          .array(z.tuple([z.string(), z.number(), z.number().int(), z.number(), z.boolean()]))
          .describe('[team, elapsed ms, rank, gap to the best ms, exact], fastest first'),
      }),
    ),
    hot: z
      .object({ team: z.string(), t: z.number(), since: z.number() })
      .nullable()
      .describe('the hot seat: the fastest team home so far, its time (ms), since when (epoch ms)'),
  })
  .meta({ id: 'LiveTeamTimeTrial' });
export type LiveTeamTimeTrial = z.infer<typeof LiveTeamTimeTrial>;

/**
 * A time-trial stage's live state: riders race the clock, so they are compared by elapsed time at the same
 * point, not by where they are on the road. Times and gaps in ms; `i` is the rider's feed index.
 */
export const LiveTimeTrial = z
  .object({
    riders: z
      .array(
        z.object({
          i: z.number().int(),
          rank: z.number().int().nullable().describe('place in the live order; null while waiting or out'),
          phase: z.enum(['waiting', 'on_course', 'finished', 'out']),
          start: z.number().nullable().describe('the rider’s start, epoch ms (scheduled, else seen leaving)'),
          point: Uuid.nullable().describe('the last timing point passed (the finish once finished)'),
          t: z.number().nullable().describe('elapsed time at that point, ms'),
          gap: z.number().nullable().describe('behind the best time at that point, ms'),
          exact: z.boolean().describe('that time is a timing system’s passing, not GPS'),
          vgap: z
            .number()
            .nullable()
            .describe(
              'between points, from GPS: behind the hot seat (or the fastest) at the same distance, whole s in ms',
            ),
        }),
      )
      .describe('in live order'),
    splits: z.array(
      z.object({
        id: Uuid.describe('timing point'),
        rows: z
          .array(z.tuple([z.number().int(), z.number(), z.number().int(), z.number(), z.boolean()]))
          .describe('[rider index, elapsed ms, rank, gap to the best ms, exact], fastest first'),
      }),
    ),
    hot: z
      .object({ i: z.number().int(), t: z.number(), since: z.number() })
      .nullable()
      .describe('the hot seat: the fastest finisher so far, elapsed ms, since when (epoch ms)'),
    teams: LiveTeamTimeTrial.optional().describe('team time trials only: the teams racing the clock'),
  })
  .meta({ id: 'LiveTimeTrial' });
export type LiveTimeTrial = z.infer<typeof LiveTimeTrial>;

export const Announcement = z
  .object({ id: Uuid, at: z.number(), text: z.string(), stageId: Uuid.nullable() })
  .meta({ id: 'Announcement' });

/**
 * The version of the feed's wire shape. 2: riders' `grp` are stable feed group ids, and a delta's flat
 * lists count rider indices on from the previous entry, ranks and gaps as changes. A client that meets
 * another version reloads (its code is older than the server's).
 */
export const LIVE_FEED_VERSION = 2;

export const LiveSnapshot = z
  .object({
    type: z.literal('snapshot'),
    v: z.literal(LIVE_FEED_VERSION).describe('the feed’s wire version (LIVE_FEED_VERSION)'),
    stageId: Uuid,
    raceId: Uuid,
    seq: z.number().int(),
    at: z.number(),
    status: StageStatus.describe('the stage’s own status'),
    startedAt: z.number().nullable(),
    length: z.number(),
    riders: z.array(LiveRider),
    groups: z.array(LiveGroupSchema),
    checkpoints: z.array(z.object({ id: Uuid, kind: CheckpointKind, name: z.string(), d: z.number() })),
    announcements: z.array(Announcement),
    tt: LiveTimeTrial.optional().describe('time-trial stages only'),
  })
  .meta({ id: 'LiveSnapshot' });
export type LiveSnapshot = z.infer<typeof LiveSnapshot>;

/**
 * What changed since frame seq − 1. Flat lists hold entries for riders in increasing feed index, each
 * entry starting with its index step: the rider's index minus the previous entry's (the first entry's
 * step is its index + 1). `pos`: [step, metres moved since the distance the client has, seconds between
 * that fix and `at`], for riders with a new fix. `ll`: [step, lat, lon] only for riders whose position
 * cannot be drawn from their distance along the course (off course). `rk`: [step, rank change].
 * `ga`: [step, gap change in s] (a gap that appears or goes travels in `st`). `gp`: [step, group id or
 * null]. `st` carries the other fields that changed enough to show (speed by 3 km/h, gap by 1 s,
 * battery by 5 %, accuracy by 5 m, or to or from none; the rest exactly), with absolute `i`; `togo` is
 * `length − d`, and ETAs are the client's to carry on from d and v (the snapshot has the server's).
 * `gl`/`gn` give the groups when they changed. A client that sees a gap in seq asks for a snapshot.
 */
export const LiveDelta = z
  .object({
    type: z.literal('delta'),
    stageId: Uuid,
    seq: z.number().int(),
    at: z.number(),
    status: StageStatus.optional(),
    pos: z.array(z.number()).describe('flat: index step, metres moved, fix age in s; repeated'),
    ll: z.array(z.number()).optional().describe('flat: index step, lat, lon; repeated'),
    st: z.array(LiveRider.partial().extend({ i: z.number().int() })).optional(),
    rk: z
      .array(z.number().int())
      .optional()
      .describe('rank changes, flat: index step, new rank − old rank; repeated'),
    ga: z
      .array(z.number().int())
      .optional()
      .describe('gap changes, flat: index step, new gap − old gap in s; repeated'),
    gp: z
      .array(z.number().int().nullable())
      .optional()
      .describe('group changes, flat: index step, new group id (null: in none); repeated'),
    gl: z
      .array(z.number())
      .optional()
      .describe('the groups from the front when they changed, flat: group id, size, gap in s; repeated'),
    gn: z
      .array(z.tuple([z.number().int(), z.string()]))
      .optional()
      .describe('with gl: [1-based group, name] for groups not simply called "Group k"'),
    ann: z.array(Announcement).optional(),
    tt: LiveTimeTrial.optional().describe('time-trial stages: the whole time-trial state, when it changed'),
  })
  .meta({ id: 'LiveDelta' });
export type LiveDelta = z.infer<typeof LiveDelta>;

/** Messages a spectator sends on WS /api/v1/live. */
export const LiveClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    stageId: Uuid,
    encoding: z
      .enum(['json', 'deflate'])
      .default('json')
      .describe('deflate: every frame as a binary raw-DEFLATE message (browsers: DecompressionStream)'),
  }),
  z.object({ type: z.literal('unsubscribe'), stageId: Uuid }),
  z
    .object({ type: z.literal('snapshot'), stageId: Uuid })
    .describe('Ask for a fresh snapshot after a missed seq'),
]);

/** What the live socket answers a message it cannot serve; the socket stays open. */
export const LiveError = z.object({
  type: z.literal('error'),
  stageId: Uuid.optional(),
  code: z
    .enum(['invalid', 'not-found', 'unavailable'])
    .describe(
      'invalid: the message was malformed; not-found: no such stage, or it is not public; unavailable: try again shortly',
    ),
  detail: z.string(),
});
export type LiveError = z.infer<typeof LiveError>;

export const CreateAnnouncementBody = z.object({
  text: z.string().trim().min(1).max(500),
  stageId: Uuid.nullable().default(null),
});
