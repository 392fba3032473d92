import { useSyncExternalStore } from 'react';

/**
 * Race control's one "sound on/off": the tracker monitor's alerts and the time-trial start's beeps both
 * follow it. Kept in this browser (localStorage), so a reload in the middle of a stage does not turn
 * the sound back on behind the commissaire's back, and in step across the browser's tabs.
 */
const KEY = 'echelon-race-control-sound';

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const listeners = new Set<() => void>();
/** The setting as last read or set: storage may be missing or full, and the toggle must still work. */
let current: boolean | null = null;

/** Whether race control sounds its alerts and beeps: on unless turned off in this browser. */
export function soundOn(): boolean {
  current ??= browserStorage()?.getItem(KEY) !== 'off';
  return current;
}

export function setSoundOn(on: boolean): void {
  current = on;
  try {
    browserStorage()?.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // Storage full or refused: the setting holds until the page is reloaded.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab turned the sound on or off.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== KEY && event.key !== null) return;
    current = null;
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The race-control sound setting, re-rendering when it changes here or in another tab. */
export function useSoundOn(): boolean {
  return useSyncExternalStore(subscribe, soundOn);
}
