import { describe, expect, it } from 'vitest';
import { nextTrackerState, recording, type TrackerCommand, type TrackerState } from '../src/index.ts';

describe('tracker state machine', () => {
  it('goes idle → tracking → paused → tracking → stopped → tracking', () => {
    const path: TrackerCommand[] = ['start', 'pause', 'resume', 'stop', 'start'];
    const states: TrackerState[] = [];
    let state: TrackerState = 'idle';
    for (const command of path) {
      state = nextTrackerState(state, command)!;
      states.push(state);
    }
    expect(states).toEqual(['tracking', 'paused', 'tracking', 'stopped', 'tracking']);
  });

  it('refuses commands that make no sense in a state', () => {
    expect(nextTrackerState('idle', 'pause')).toBeNull();
    expect(nextTrackerState('idle', 'stop')).toBeNull();
    expect(nextTrackerState('tracking', 'start')).toBeNull();
    expect(nextTrackerState('tracking', 'resume')).toBeNull();
    expect(nextTrackerState('paused', 'pause')).toBeNull();
    expect(nextTrackerState('stopped', 'pause')).toBeNull();
    expect(nextTrackerState('paused', 'stop')).toBe('stopped');
  });

  it('records positions only while tracking', () => {
    const all: TrackerState[] = ['idle', 'tracking', 'paused', 'stopped'];
    expect(all.filter(recording)).toEqual(['tracking']);
  });
});
