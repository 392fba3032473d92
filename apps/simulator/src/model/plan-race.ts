// The model end to end: riders, incidents, the race, and each phone's fixes, all from one seed.
import { finishPlan, type Plan } from '../plan.ts';
import type { SimCourse } from './course.ts';
import { estimateDuration } from './estimate.ts';
import { type IncidentOptions, planIncidents } from './incidents.ts';
import { type PhoneOptions, type PlannedFix, phoneFixes } from './phone.ts';
import { createRng } from './prng.ts';
import { type RaceRun, simulateRace } from './race.ts';
import { createRider, type RiderProfile } from './riders.ts';

export interface ModelOptions extends IncidentOptions, PhoneOptions {
  maxSeconds?: number;
}

export interface ModelPlan extends Plan {
  profiles: RiderProfile[];
  run: RaceRun;
}

/** `label(i)` names rider i in the notes (e.g. by bib). */
export function planModelRace(
  course: SimCourse,
  riders: number,
  seed: number,
  options: ModelOptions = {},
  label: (rider: number) => string = (i) => `#${i + 1}`,
): ModelPlan {
  const rng = createRng(seed);
  const riderRng = rng.fork(1);
  const profiles = Array.from({ length: riders }, () => createRider(riderRng));
  const incidents = planIncidents(rng.fork(2), riders, estimateDuration(course, riders), options);
  const run = simulateRace(course, profiles, incidents, rng.fork(3), options.maxSeconds);
  const fixes: PlannedFix[] = [];
  run.tracks.forEach((track, i) => {
    fixes.push(...phoneFixes(i, track, profiles[i]!, course, rng.fork(100 + i), options));
  });

  const notes: string[] = [];
  const { crash, abandon } = incidents;
  if (crash)
    notes.push(`rider ${label(crash.rider)} crashes at ${clock(crash.at)} and stops ${crash.stopFor} s`);
  if (abandon) notes.push(`rider ${label(abandon.rider)} abandons at ${clock(abandon.at)}`);
  for (const a of run.attacks) {
    notes.push(`attack by ${a.riders.map(label).join(' and ')} from ${clock(a.from)} to ${clock(a.until)}`);
  }
  return { ...finishPlan(run.tracks, fixes, notes), profiles, run };
}

/** h:mm:ss */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
