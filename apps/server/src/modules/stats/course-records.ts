import { kmh, round } from '../replay/splits.ts';
import { nameKey } from '../results/result-values.ts';
import type { ResultLine } from './race-results.ts';
import type { RiderRef } from './stage-statistics.ts';

/** One stage on a course, with its results: a candidate for the course's record. */
export interface CourseCandidate {
  course: string;
  /** m */
  length: number;
  raceId: string;
  raceName: string;
  stageId: string;
  date: string | null;
  lines: readonly ResultLine[];
}

export interface CourseRecord {
  course: string;
  length: number;
  time: number;
  rider: RiderRef;
  raceId: string;
  raceName: string;
  stageId: string;
  date: string | null;
  speed: number;
}

const counts = (line: ResultLine) => line.status === null && line.actualTime !== null && line.actualTime > 0;

/**
 * The line a candidate can hold a record with: the first of the fastest finishers' own times (what
 * `courseRecords` keeps of it, since an earlier line stands against an equal later one); null for none.
 * A race's share of the all-time statistics keeps only this line of each stage.
 */
export function bestLine(lines: readonly ResultLine[]): ResultLine | null {
  let best: ResultLine | null = null;
  for (const line of lines)
    if (counts(line) && (best === null || line.actualTime! < best.actualTime!)) best = line;
  return best;
}

/**
 * The fastest finisher's own time on each course. Courses are "the same" by name (case and accents
 * ignored) and length to the nearest 100 m, so a re-uploaded GPX of the same route still counts as one.
 * An earlier record stands against an equal later time.
 */
export function courseRecords(candidates: readonly CourseCandidate[]): CourseRecord[] {
  const best = new Map<string, CourseRecord>();
  const ordered = [...candidates].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  for (const c of ordered) {
    const length = Math.round(c.length / 100) * 100;
    const key = `${nameKey(c.course)}|${length}`;
    for (const line of c.lines) {
      if (!counts(line)) continue;
      const time = line.actualTime!;
      const record = best.get(key);
      if (record && record.time <= time) continue;
      best.set(key, {
        course: c.course,
        length,
        time,
        rider: { registrationId: line.registrationId, bib: line.bib, name: line.name },
        raceId: c.raceId,
        raceName: c.raceName,
        stageId: c.stageId,
        date: c.date,
        speed: round(kmh(c.length, time), 1),
      });
    }
  }
  return [...best.values()].sort((a, b) => a.course.localeCompare(b.course) || a.length - b.length);
}
