import { useEffect, useRef } from 'react';

/**
 * Calls `callback(value)` once `value` has stopped changing for `delayMs`. The latest callback is used,
 * so a parent re-rendering does not restart the wait.
 */
export function useDebouncedEffect<T>(value: T, delayMs: number, callback: (value: T) => void): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    const timer = setTimeout(() => latest.current(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
}
