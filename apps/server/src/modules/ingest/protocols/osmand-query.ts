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
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = params[key];
    if (previous === undefined) params[key] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else params[key] = [previous, value];
  }
  return params;
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
  const values = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(params)) {
    const list = (raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw]).filter(
      (v) => v !== '',
    );
    if (list.length > 0) values.set(key, list);
  }
  const used = new Set<string>();
  /** The last value of the first of `keys` that is present, marking that key as consumed. */
  const take = (...keys: string[]): { key: string; text: string } | null => {
    for (const key of keys) {
      const text = values.get(key)?.at(-1);
      if (text !== undefined) {
        used.add(key);
        return { key, text };
      }
    }
    return null;
  };
  const number = (...keys: string[]): number | null => {
    const found = take(...keys);
    return found === null ? null : parseDecimal(found.text, found.key);
  };

  const device = take('id', 'deviceid');
  if (device === null) throw new DecodeError('id: missing, send the device identifier as id= or deviceid=');
  const fix = emptyFix(device.text);

  let lat = number('lat');
  let lon = number('lon');
  if (lat === null && lon === null) {
    const location = take('location');
    if (location !== null) [lat, lon] = parseLocation(location.text);
  }
  if ((lat === null) !== (lon === null)) throw new DecodeError('lat and lon must be sent together');
  fix.lat = lat;
  fix.lon = lon;

  const timestamp = take('timestamp');
  if (timestamp !== null) fix.time = parseTimestamp(timestamp.text, 'timestamp');
  const knots = number('speed');
  fix.speed = knots === null ? null : knots * KNOTS_TO_MPS;
  fix.heading = number('bearing', 'heading');
  fix.altitude = number('altitude');
  fix.accuracy = number('accuracy', 'hacc');
  fix.battery = number('batt');

  const charge = take('charge');
  if (charge !== null) fix.charging = parseFlag(charge.text, 'charge');
  const alarm = take('alarm');
  if (alarm !== null) {
    fix.sos = alarm.text.toLowerCase() === 'sos';
    fix.attributes.alarm = alarm.text;
  }

  for (const [key, list] of values) {
    if (used.has(key)) continue;
    setAttribute(fix, key, list.length === 1 ? textAttribute(list[0]!) : list.join(';'));
  }
  return fix;
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
