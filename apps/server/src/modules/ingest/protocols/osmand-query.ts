// OsmAnd / Traccar Client query protocol: `GET /?id=..&lat=..&lon=..&timestamp=..&speed=<knots>..`, or the
// same pairs as an application/x-www-form-urlencoded body when the URI has no query string.
import type { DecodedFix, DecodeResult } from './decoded-fix.ts';
import {
  DecodeError,
  decodeSafely,
  emptyFix,
  KNOTS_TO_MPS,
  parseDecimal,
  parseTimestamp,
  setAttribute,
  textAttribute,
} from './values.ts';

/** Query or form parameters; a key given several times (`cell=..&cell=..`) may carry an array. */
export type OsmAndParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * A raw query string or form-urlencoded body → parameters (`+` is a blank, repeated keys become arrays),
 * for a route that does not get them parsed already.
 */
export function paramsFromQueryString(text: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = Object.create(null);
  // Percent-escapes, `+` and non-ASCII take URLSearchParams' decoding; a tracker's plain `id=..&lat=..` (nearly
  // every request) is cut up directly: URLSearchParams' iterator and its decoding were a third of the
  // OsmAnd decoder's time (scratch profile of the ingest core, 2,000 phones).
  const entries: Iterable<[string, string]> = NEEDS_DECODING.test(text)
    ? new URLSearchParams(text)
    : plainPairs(text);
  for (const [key, value] of entries) {
    const previous = params[key];
    if (previous === undefined) params[key] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else params[key] = [previous, value];
  }
  return params;
}

/** Escapes, blanks, and anything beyond ASCII (URLSearchParams replaces lone surrogates): its decoding. */
const NEEDS_DECODING = /[%+\u0080-\uffff]/;

/** `a=1&b&&c=2` → [a, 1], [b, ''], [c, 2], as URLSearchParams splits text with no escapes (empty pairs skipped). */
function plainPairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const start = text.startsWith('?') ? 1 : 0;
  let from = start;
  while (from <= text.length) {
    let end = text.indexOf('&', from);
    if (end < 0) end = text.length;
    if (end > from) {
      const eq = text.indexOf('=', from);
      pairs.push(
        eq >= 0 && eq < end ? [text.slice(from, eq), text.slice(eq + 1, end)] : [text.slice(from, end), ''],
      );
    }
    from = end + 1;
  }
  return pairs;
}

/**
 * Decodes one OsmAnd request into one fix.
 * - device: `id`, else `deviceid`; missing → 400.
 * - position: `lat` + `lon`, else `location=lat,lon`; none → lat/lon null (the server falls back to the
 *   last known position); only one of lat/lon → 400.
 * - `timestamp`: epoch s (< 2^31) or ms, ISO 8601, or `yyyy-MM-dd HH:mm:ss` (UTC); none → time null.
 * - `speed` in knots → m/s; `bearing` (else `heading`); `altitude`; `accuracy` (else `hacc`); `batt` %;
 *   `charge` (true/false/1/0); `alarm` (kept as an attribute; `sos` sets `sos`).
 * - every other key → attributes, numbers and booleans typed (see textAttribute); a key sent several times
 *   keeps all its values joined with `;` as a string (`cell`, `wifi`). For the known keys above the last
 *   value wins; empty values count as absent (as Traccar does).
 * Malformed numbers or timestamps → 400 naming the field. Ranges are not checked here.
 */
export function decodeOsmAndQuery(params: OsmAndParams): DecodeResult {
  return decodeSafely(() => [decodeParams(params)]);
}

function decodeParams(params: OsmAndParams): DecodedFix {
  // The keys consumed by a known field (at most a dozen: a list is cheaper than a Set per request).
  const used: string[] = [];
  /** The last non-empty value of `key`, marking it consumed; null when absent or empty. */
  const take = (key: string): string | null => {
    const text = lastValue(params[key]);
    if (text !== null) used.push(key);
    return text;
  };
  const number = (key: string, alternative?: string): number | null => {
    let found = take(key);
    let field = key;
    if (found === null && alternative !== undefined) {
      found = take(alternative);
      field = alternative;
    }
    return found === null ? null : parseDecimal(found, field);
  };

  const id = take('id');
  const device = id ?? take('deviceid');
  if (device === null) throw new DecodeError('id: missing, send the device identifier as id= or deviceid=');
  const fix = emptyFix(device);

  let lat = number('lat');
  let lon = number('lon');
  if (lat === null && lon === null) {
    const location = take('location');
    if (location !== null) [lat, lon] = parseLocation(location);
  }
  if ((lat === null) !== (lon === null)) throw new DecodeError('lat and lon must be sent together');
  fix.lat = lat;
  fix.lon = lon;

  const timestamp = take('timestamp');
  if (timestamp !== null) fix.time = parseTimestamp(timestamp, 'timestamp');
  const knots = number('speed');
  fix.speed = knots === null ? null : knots * KNOTS_TO_MPS;
  fix.heading = number('bearing', 'heading');
  fix.altitude = number('altitude');
  fix.accuracy = number('accuracy', 'hacc');
  fix.battery = number('batt');

  const charge = take('charge');
  if (charge !== null) fix.charging = parseFlag(charge, 'charge');
  const alarm = take('alarm');
  if (alarm !== null) {
    fix.sos = alarm.toLowerCase() === 'sos';
    fix.attributes.alarm = alarm;
  }

  for (const key of Object.keys(params)) {
    if (used.includes(key)) continue;
    const raw = params[key];
    if (raw === undefined || raw === '') continue;
    if (typeof raw === 'string') {
      setAttribute(fix, key, textAttribute(raw));
      continue;
    }
    const list = (raw as readonly string[]).filter((v) => v !== '');
    if (list.length > 0) setAttribute(fix, key, list.length === 1 ? textAttribute(list[0]!) : list.join(';'));
  }
  return fix;
}

/** The last non-empty value of a parameter (sent once or several times); null when none. */
function lastValue(raw: string | readonly string[] | undefined): string | null {
  if (raw === undefined) return null;
  if (typeof raw === 'string') return raw === '' ? null : raw;
  for (let i = raw.length - 1; i >= 0; i--) if (raw[i] !== '') return raw[i]!;
  return null;
}

function parseLocation(text: string): [number, number] {
  const parts = text.split(',');
  if (parts.length !== 2) throw new DecodeError(`location: '${text.slice(0, 40)}' is not lat,lon`);
  return [parseDecimal(parts[0]!.trim(), 'location (lat)'), parseDecimal(parts[1]!.trim(), 'location (lon)')];
}

function parseFlag(text: string, field: string): boolean {
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw new DecodeError(`${field}: '${text.slice(0, 40)}' is not true or false`);
}
