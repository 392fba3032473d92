/**
 * The rider's tracking session: idle (never started), tracking, paused (a café stop: the session goes
 * on, no positions are recorded), stopped (the ride is over; starting again begins a new session).
 * Queued fixes are sent in every state: stopping never throws positions away.
 */
export type TrackerState = 'idle' | 'tracking' | 'paused' | 'stopped';

export type TrackerCommand = 'start' | 'pause' | 'resume' | 'stop';

const TRANSITIONS: Record<TrackerState, Partial<Record<TrackerCommand, TrackerState>>> = {
  idle: { start: 'tracking' },
  tracking: { pause: 'paused', stop: 'stopped' },
  paused: { resume: 'tracking', stop: 'stopped' },
  stopped: { start: 'tracking' },
};

/** The next state, or null when the command makes no sense now (the UI should not have offered it). */
export function nextTrackerState(state: TrackerState, command: TrackerCommand): TrackerState | null {
  return TRANSITIONS[state][command] ?? null;
}

/** Whether positions are recorded in this state (an SOS is always sent, whatever the state). */
export const recording = (state: TrackerState): boolean => state === 'tracking';
