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
      const time = line.actualTime;
      if (line.status !== null || time === null || time <= 0) continue;
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
