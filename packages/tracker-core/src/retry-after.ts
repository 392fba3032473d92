/**
 * Reads a Retry-After header (RFC 9110: delay-seconds or an HTTP date) into a wait in ms, or null when
 * absent or unreadable. A date is read against the server's own clock when its Date header came with
 * it, so a device clock that is off does not turn "in 30 s" into "now" or "in an hour".
 */
export function retryAfterMs(value: string | null | undefined, serverNow: number | null, deviceNow: number) {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names its weekday and month; Date.parse alone would take "-5" for a year.
  if (!/[a-z]{3}/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - (serverNow ?? deviceNow));
}
