// The benchmark course: Tour de France 2024 stage 4, Pinerolo > Valloire (138 km over the Galibier), read
// from the shared data folder beside the repository (never copied into it).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CoursePoint, normaliseCourse } from '@echelon/domain';
import { parseCourseFile } from '../../apps/server/src/modules/courses/parsers/index.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const STAGE4_FILE = 'tdf2024-stage04-pinerolo-valloire.gpx';
export const STAGE4_PATH = path.resolve(REPO_ROOT, '../shared/data/courses', STAGE4_FILE);

export interface BenchCourse {
  fileName: string;
  bytes: Uint8Array;
  points: CoursePoint[];
  /** Metres. */
  length: number;
}

/** Parses and normalises the stage-4 course exactly as an upload would. */
export function loadStage4(): BenchCourse {
  const bytes = new Uint8Array(readFileSync(STAGE4_PATH));
  const course = normaliseCourse(parseCourseFile(bytes, STAGE4_FILE));
  return { fileName: STAGE4_FILE, bytes, points: course.points, length: course.lapLength };
}
