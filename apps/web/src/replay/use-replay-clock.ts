import { useCallback, useEffect, useRef, useState } from 'react';
import { advance, clampTime, type ReplaySpeed, type TimeRange } from './replay-clock.ts';

/** Longest wall-clock step one frame may take: a tab back from the background does not leap ahead. */
const MAX_FRAME_MS = 250;
/** How often the page re-renders while playing (the clock itself runs every animation frame). */
const COMMIT_MS = 33;

export interface ReplayClock {
  t: number;
  playing: boolean;
  speed: ReplaySpeed;
  seek: (t: number) => void;
  setPlaying: (playing: boolean) => void;
  toggle: () => void;
  setSpeed: (speed: ReplaySpeed) => void;
}

/** The replay's clock: seeking, and playing at a speed on animation frames until the end. */
export function useReplayClock(
  range: TimeRange,
  initial: number,
  initialSpeed: ReplaySpeed = 60,
): ReplayClock {
  const [t, setT] = useState(() => clampTime(initial, range));
  const [playing, setPlayingState] = useState(false);
  const [speed, setSpeed] = useState<ReplaySpeed>(initialSpeed);
  // The running time: ahead of `t` between commits while playing.
  const current = useRef(t);
  const { start, end } = range;

  const seek = useCallback(
    (next: number) => {
      const clamped = clampTime(next, { start, end });
      current.current = clamped;
      setT(clamped);
    },
    [start, end],
  );

  const setPlaying = useCallback(
    (next: boolean) => {
      // Play at the end starts again from the beginning, as a video does.
      if (next && current.current >= end) seek(start);
      setPlayingState(next);
    },
    [start, end, seek],
  );
  const playingRef = useRef(playing);
  playingRef.current = playing;
  const toggle = useCallback(() => setPlaying(!playingRef.current), [setPlaying]);

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let committed = last;
    let frame = 0;
    // The clock's own reading, not the frame's timestamp: the two need not share an origin everywhere.
    const tick = () => {
      const now = performance.now();
      const step = advance(current.current, Math.min(MAX_FRAME_MS, now - last), speed, { start, end });
      last = now;
      current.current = step.t;
      if (step.ended) {
        setT(step.t);
        setPlayingState(false);
        return;
      }
      if (now - committed >= COMMIT_MS) {
        committed = now;
        setT(step.t);
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, start, end]);

  return { t, playing, speed, seek, setPlaying, toggle, setSpeed };
}
