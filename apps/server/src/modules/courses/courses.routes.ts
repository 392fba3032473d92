import {
  Checkpoint,
  CheckpointParams,
  Course,
  CreateCheckpointBody,
  GetCourseQuery,
  StageParams,
} from '@echelon/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { badRequest, HttpProblem } from '../../http/problem.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { CoursesService } from './courses.service.ts';

const ORGANISERS = ['admin', 'organiser'] as const;
export const MAX_COURSE_BYTES = 25 * 1024 * 1024;

export function registerCourseRoutes(app: ZodApp, courses: CoursesService): void {
  app.put(
    '/api/v1/stages/:stageId/course',
    {
      schema: {
        operationId: 'uploadCourse',
        tags: ['courses'],
        summary: 'Upload the stage’s course as GPX, TCX or FIT (multipart field `file`, up to 25 MB)',
        description:
          'Replaces any earlier course. Start and finish checkpoints are set from the new geometry; other ' +
          'checkpoints move to where their position snaps on the new course. Waypoints in the file come back ' +
          'as suggestedCheckpoints.',
        consumes: ['multipart/form-data'],
        params: StageParams,
        response: { 200: Course, ...problems(400, 401, 403, 404, 406, 409, 413, 422) },
      },
      config: { access: ORGANISERS, multipartFile: 'file' },
    },
    async (request) => {
      const actor = actorOf(request);
      const upload = await readUpload(request);
      if (upload.bytes.length === 0) throw badRequest('The uploaded file is empty');
      return courses.upload(actor, request.params.stageId, upload);
    },
  );

  app.get(
    '/api/v1/stages/:stageId/course',
    {
      schema: {
        operationId: 'getCourse',
        tags: ['courses'],
        summary: 'The stage’s normalised course: length, climbing, simplified line, profile',
        params: StageParams,
        querystring: GetCourseQuery,
        response: { 200: Course, ...problems(404) },
      },
      config: { access: 'public' },
    },
    async (request) => courses.get(request.actor, request.params.stageId, request.query.include === 'points'),
  );

  app.get(
    '/api/v1/stages/:stageId/checkpoints',
    {
      schema: {
        operationId: 'listCheckpoints',
        tags: ['courses'],
        summary: 'The stage’s checkpoints, by distance',
        params: StageParams,
        response: { 200: z.object({ items: z.array(Checkpoint) }), ...problems(404) },
      },
      config: { access: 'public' },
    },
    async (request) => ({ items: await courses.listCheckpoints(request.actor, request.params.stageId) }),
  );

  app.post(
    '/api/v1/stages/:stageId/checkpoints',
    {
      schema: {
        operationId: 'createCheckpoint',
        tags: ['courses'],
        summary: 'Place a checkpoint by distance, or by a lat/lon snapped to the course',
        params: StageParams,
        body: CreateCheckpointBody,
        response: { 201: Checkpoint, ...problems(400, 401, 403, 404, 409) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await courses.createCheckpoint(actorOf(request), request.params.stageId, request.body)),
  );

  app.delete(
    '/api/v1/stages/:stageId/checkpoints/:checkpointId',
    {
      schema: {
        operationId: 'deleteCheckpoint',
        tags: ['courses'],
        summary: 'Remove a checkpoint',
        params: CheckpointParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) => {
      await courses.deleteCheckpoint(actorOf(request), request.params.stageId, request.params.checkpointId);
      return reply.status(204).send(null);
    },
  );
}

/**
 * The uploaded file's bytes. A body that is not well-formed multipart (no boundary, cut short, bad part
 * headers) is the client's mistake: busboy's error becomes a 400 naming it, not a 500.
 */
async function readUpload(request: FastifyRequest): Promise<{ fileName: string; bytes: Uint8Array }> {
  try {
    const part = await request.file({ limits: { fileSize: MAX_COURSE_BYTES, files: 1 } });
    if (!part) throw badRequest('Send the course as a multipart/form-data field named "file"');
    return { fileName: part.filename || 'course', bytes: new Uint8Array(await part.toBuffer()) };
  } catch (error) {
    if (error instanceof HttpProblem || (error as { statusCode?: number }).statusCode !== undefined)
      throw error;
    throw badRequest(`The upload is not well-formed multipart/form-data: ${(error as Error).message}`);
  }
}
