import { CHECKPOINT_KINDS, CLIMB_CATEGORIES } from '@echelon/domain';
import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';

export const CheckpointKind = z.enum(CHECKPOINT_KINDS).meta({ id: 'CheckpointKind' });
export const ClimbCategory = z.enum(CLIMB_CATEGORIES).meta({ id: 'ClimbCategory' });

export const SuggestedCheckpoint = z.object({
  kind: CheckpointKind,
  name: z.string(),
  distance: z.number().describe('metres from the start'),
  lat: z.number(),
  lon: z.number(),
  climbCategory: ClimbCategory.nullable(),
  offset: z.number().describe('metres between the waypoint and the course'),
});

export const Course = z
  .object({
    stageId: Uuid,
    name: z.string().nullable(),
    fileName: z.string(),
    fileFormat: z.enum(['gpx', 'tcx', 'fit']),
    length: z.number().describe('metres, all laps'),
    lapLength: z.number().describe('metres'),
    lapCount: z.number().int(),
    climbing: z.number().describe('metres of ascent, all laps'),
    descent: z.number().describe('metres of descent, all laps'),
    minEle: z.number().nullable(),
    maxEle: z.number().nullable(),
    hasElevation: z.boolean(),
    isCircuit: z.boolean(),
    bbox: z.object({ minLat: z.number(), minLon: z.number(), maxLat: z.number(), maxLon: z.number() }),
    pointCount: z.number().int(),
    simplified: z.array(z.tuple([z.number(), z.number()])).describe('[lat, lon] of one lap, for display'),
    profile: z.array(z.tuple([z.number(), z.number()])).describe('[distance m, elevation m] of one lap'),
    suggestedCheckpoints: z.array(SuggestedCheckpoint),
    uploadedAt: IsoDateTime,
    points: z
      .array(z.tuple([z.number(), z.number(), z.number().nullable(), z.number()]))
      .optional()
      .describe('Full-precision [lat, lon, ele, distance] of one lap; only with ?include=points'),
  })
  .meta({ id: 'Course' });

export const GetCourseQuery = z.object({
  include: z.enum(['points']).optional(),
});

export const Checkpoint = z
  .object({
    id: Uuid,
    stageId: Uuid,
    kind: CheckpointKind,
    name: z.string(),
    distance: z.number().describe('metres from the start'),
    lat: z.number(),
    lon: z.number(),
    climbCategory: ClimbCategory.nullable(),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'Checkpoint' });

const CheckpointCommon = {
  kind: CheckpointKind,
  name: z.string().trim().min(1).max(120),
  climbCategory: ClimbCategory.nullable().default(null).describe('Required for climb summits'),
};
export const CreateCheckpointBody = z
  .union([
    z.object({ ...CheckpointCommon, distance: z.number().min(0).describe('metres from the start') }),
    z.object({
      ...CheckpointCommon,
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
    }),
  ])
  .superRefine((body, ctx) => {
    if (body.kind === 'climb' && body.climbCategory === null) {
      ctx.addIssue({ code: 'custom', path: ['climbCategory'], message: 'A climb summit needs a category' });
    }
    if (body.kind !== 'climb' && body.climbCategory !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['climbCategory'],
        message: 'Only climb summits have a category',
      });
    }
  });

export const CheckpointParams = z.object({ stageId: Uuid, checkpointId: Uuid });
