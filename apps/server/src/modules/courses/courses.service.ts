import {
  CourseGeometryError,
  type CoursePoint,
  metres,
  normaliseCourse,
  pointAtDistance,
  snapToCourse,
} from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import type { StoredCoursePoint } from '../../db/schema.ts';
import { badRequest, conflict, notFound, unprocessable } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { StagesService } from '../stages/stages.service.ts';
import { type CheckpointRow, type CourseRow, CoursesRepository } from './courses.repository.ts';
import { CourseFileError, detectCourseFormat, parseCourseFile } from './parsers/index.ts';

/** How far from the course a lat/lon may be and still be taken as a point on it. */
const MAX_SNAP_OFFSET_M = 500;

export function toCoursePoints(stored: StoredCoursePoint[]): CoursePoint[] {
  return stored.map(([lat, lon, ele, distance]) => ({ lat, lon, ele, distance: metres(distance) }));
}

export function presentCourse(row: CourseRow, includePoints: boolean) {
  return {
    stageId: row.stageId,
    name: row.name,
    fileName: row.fileName,
    fileFormat: row.fileFormat as 'gpx' | 'tcx' | 'fit',
    length: row.length,
    lapLength: row.lapLength,
    lapCount: row.lapCount,
    climbing: row.climbing,
    descent: row.descent,
    minEle: row.minEle,
    maxEle: row.maxEle,
    hasElevation: row.hasElevation,
    isCircuit: row.isCircuit,
    bbox: row.bbox,
    pointCount: row.points.length,
    simplified: row.simplified,
    profile: row.profile,
    suggestedCheckpoints: row.suggestedCheckpoints as never,
    uploadedAt: row.uploadedAt.toISOString(),
    ...(includePoints && { points: row.points }),
  };
}

export function presentCheckpoint(row: CheckpointRow) {
  return {
    id: row.id,
    stageId: row.stageId,
    kind: row.kind as 'start',
    name: row.name,
    distance: row.distance,
    lat: row.lat,
    lon: row.lon,
    climbCategory: row.climbCategory as 'HC' | null,
    createdAt: row.createdAt.toISOString(),
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export class CoursesService {
  private readonly repo: CoursesRepository;
  private readonly stages: StagesService;
  private readonly audit: AuditService;

  constructor(db: Db, stages: StagesService, audit: AuditService) {
    this.repo = new CoursesRepository(db);
    this.stages = stages;
    this.audit = audit;
  }

  async upload(actor: Actor, stageId: string, file: { fileName: string; bytes: Uint8Array }) {
    const { stage } = await this.stages.managed(actor, stageId);
    let course: ReturnType<typeof normaliseCourse>;
    // parseCourseFile refuses what detectCourseFormat cannot name, so a stored course always has a format.
    const format = detectCourseFormat(file.bytes, file.fileName) ?? 'gpx';
    try {
      course = normaliseCourse(parseCourseFile(file.bytes, file.fileName), { lapCount: stage.lapCount });
    } catch (error) {
      if (error instanceof CourseFileError || error instanceof CourseGeometryError) {
        throw unprocessable(`${file.fileName}: ${error.message}`);
      }
      throw error;
    }
    const points = course.points;
    const stored: StoredCoursePoint[] = points.map((p) => [
      p.lat,
      p.lon,
      p.ele === null ? null : round(p.ele, 1),
      round(p.distance, 2),
    ]);
    // Lengths follow the stored (rounded) distances exactly: a finish line a few millimetres beyond the
    // last point a rider can be projected to would never be crossed.
    const lapLength = stored.at(-1)![3];
    const length = lapLength * course.lapCount;
    const first = points[0]!;
    const last = points[points.length - 1]!;
    const existing = await this.repo.listCheckpoints(stageId);
    const moved = existing
      .filter((c) => c.kind !== 'start' && c.kind !== 'finish')
      .map((c) => {
        const snapped = snapToCourse(points, c.lat, c.lon);
        return { id: c.id, distance: snapped.distance, lat: snapped.lat, lon: snapped.lon };
      });
    const row = await this.repo.replace(
      {
        stageId,
        name: course.name,
        fileName: file.fileName,
        fileFormat: format,
        original: file.bytes,
        lapLength,
        lapCount: course.lapCount,
        length,
        climbing: course.climbing,
        descent: course.descent,
        minEle: course.minEle,
        maxEle: course.maxEle,
        hasElevation: course.hasElevation,
        isCircuit: course.isCircuit,
        bbox: course.bbox,
        points: stored,
        simplified: course.simplified,
        profile: course.profile,
        suggestedCheckpoints: course.suggestedCheckpoints,
        uploadedAt: new Date(),
        uploadedBy: actor.id,
      },
      [
        { stageId, kind: 'start', name: 'Start', distance: 0, lat: first.lat, lon: first.lon },
        // On a circuit the finish line is where the start is, after the last lap.
        { stageId, kind: 'finish', name: 'Finish', distance: length, lat: last.lat, lon: last.lon },
      ],
      moved,
    );
    await this.audit.record(
      actor,
      'course.upload',
      { type: 'stage', id: stageId },
      {
        fileName: file.fileName,
        length: Math.round(course.length),
        points: points.length,
      },
    );
    return presentCourse(row, false);
  }

  async get(actor: Actor | null, stageId: string, includePoints: boolean) {
    await this.stages.visible(actor, stageId);
    const row = await this.repo.find(stageId);
    if (!row) throw notFound('This stage has no course yet');
    return presentCourse(row, includePoints);
  }

  async listCheckpoints(actor: Actor | null, stageId: string) {
    await this.stages.visible(actor, stageId);
    return (await this.repo.listCheckpoints(stageId)).map(presentCheckpoint);
  }

  async createCheckpoint(
    actor: Actor,
    stageId: string,
    input: { kind: string; name: string; climbCategory: string | null } & (
      | { distance: number }
      | { lat: number; lon: number }
    ),
  ) {
    await this.stages.managed(actor, stageId);
    const course = await this.repo.find(stageId);
    if (!course) throw conflict('Upload the stage’s course before placing checkpoints');
    const points = toCoursePoints(course.points);
    let placed: { distance: number; lat: number; lon: number };
    if ('distance' in input) {
      if (input.distance > course.length + 0.5) {
        throw badRequest(
          `distance ${Math.round(input.distance)} m lies beyond the finish at ${Math.round(course.length)} m`,
        );
      }
      // On a multi-lap course, a distance in a later lap lands where that lap passes.
      const withinLap = course.lapCount > 1 ? input.distance % course.lapLength : input.distance;
      const at = pointAtDistance(points, metres(withinLap));
      placed = { distance: input.distance, lat: at.lat, lon: at.lon };
    } else {
      const snapped = snapToCourse(points, input.lat, input.lon);
      if (snapped.offset > MAX_SNAP_OFFSET_M) {
        throw badRequest(
          `The point lies ${Math.round(snapped.offset)} m from the course; place it within ${MAX_SNAP_OFFSET_M} m`,
        );
      }
      placed = { distance: snapped.distance, lat: snapped.lat, lon: snapped.lon };
    }
    if (input.kind === 'start' || input.kind === 'finish') {
      const existing = await this.repo.listCheckpoints(stageId);
      if (existing.some((c) => c.kind === input.kind)) {
        throw conflict(`The stage has a ${input.kind} already; delete it first to move it`);
      }
    }
    const row = await this.repo.insertCheckpoint({
      stageId,
      kind: input.kind,
      name: input.name,
      climbCategory: input.climbCategory,
      ...placed,
    });
    await this.audit.record(
      actor,
      'checkpoint.create',
      { type: 'stage', id: stageId },
      {
        checkpointId: row.id,
        kind: row.kind,
        distance: Math.round(row.distance),
      },
    );
    return presentCheckpoint(row);
  }

  async deleteCheckpoint(actor: Actor, stageId: string, checkpointId: string): Promise<void> {
    await this.stages.managed(actor, stageId);
    if (!(await this.repo.deleteCheckpoint(stageId, checkpointId)))
      throw notFound('No such checkpoint on this stage');
    await this.audit.record(actor, 'checkpoint.delete', { type: 'stage', id: stageId }, { checkpointId });
  }
}
