// Reads what the simulation needs to know about the race: the race, the stage, its course and checkpoints.
import type { CoursePointTuple } from '../model/course.ts';
import type { Api } from './client.ts';

export interface RaceInfo {
  id: string;
  name: string;
  status: string;
}

export interface StageInfo {
  id: string;
  name: string;
  number: number;
  lapCount: number;
  hasCourse: boolean;
  /** The stage's own status (scheduled, live, neutralised, finished …); absent from older servers. */
  status?: string;
}

export interface CourseInfo {
  length: number;
  lapLength: number;
  lapCount: number;
  points: CoursePointTuple[];
}

export interface CheckpointInfo {
  id: string;
  kind: string;
  name: string;
  distance: number;
}

export interface RaceData {
  race: RaceInfo;
  stage: StageInfo;
  course: CourseInfo;
  checkpoints: CheckpointInfo[];
}

export async function loadRaceData(api: Api, raceId: string, stageId?: string): Promise<RaceData> {
  const race = await api.get<RaceInfo>(`/api/v1/races/${encodeURIComponent(raceId)}`);
  const { items: stages } = await api.get<{ items: StageInfo[] }>(
    `/api/v1/races/${encodeURIComponent(raceId)}/stages`,
  );
  const stage = stageId ? stages.find((s) => s.id === stageId) : stages.find((s) => s.hasCourse);
  if (!stage) {
    throw new Error(
      stageId
        ? `Stage ${stageId} is not a stage of race ${race.name}`
        : `Race ${race.name} has no stage with a course yet: upload one first`,
    );
  }
  if (!stage.hasCourse) throw new Error(`Stage ${stage.name} has no course yet: upload one first`);
  const course = await api.get<CourseInfo>(`/api/v1/stages/${stage.id}/course?include=points`);
  if (!Array.isArray(course.points) || course.points.length < 2) {
    throw new Error(`The course of stage ${stage.name} came back without its points`);
  }
  const { items: checkpoints } = await api.get<{ items: CheckpointInfo[] }>(
    `/api/v1/stages/${stage.id}/checkpoints`,
  );
  return { race, stage, course, checkpoints };
}
