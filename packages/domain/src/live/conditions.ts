// What a rider is doing at a given moment, from its track and the clock.
import type { RiderTrack } from './rider-track.ts';
import type { LiveSettings, RiderCondition } from './types.ts';

/**
 * In order of precedence: a DNF decision; finished; not started (the stage has not started, or the rider was
 * never seen); signal lost (no fix for signalLostAfterMs); off course (every fix for offCourseAfterMs farther
 * than offCourseDistance); stopped (recent speed below stoppedSpeed for stoppedAfterMs); racing.
 */
export function riderCondition(
  rider: RiderTrack,
  now: number,
  startAt: number | null,
  settings: LiveSettings,
): RiderCondition {
  if (rider.dnfAt !== null) return 'dnf';
  if (rider.finishTime !== null) return 'finished';
  if (startAt === null || now < startAt || rider.lastFixAt === null) return 'not_started';
  if (now - rider.lastFixAt > settings.signalLostAfterMs) return 'signal_lost';
  if (rider.offCourseSince !== null && now - rider.offCourseSince >= settings.offCourseAfterMs) {
    return 'off_course';
  }
  if (rider.slowSince !== null && now - rider.slowSince >= settings.stoppedAfterMs) return 'stopped';
  return 'racing';
}
