// Traccar Client JSON body (Content-Type: application/json) in the transistorsoft background-geolocation
// format: `{ device_id, location: { timestamp, coords: {...}, battery: {...}, activity, extras, ... } }`.
// With the SDK's batchSync option several records go in one request: `location` is then an array.
import type { DecodedFix, DecodeResult } from './decoded-fix.ts';
import {
  DecodeError,
  decodeSafely,
  emptyFix,
  isPlainObject,
  jsonAttribute,
  jsonBoolean,
  jsonNumber,
  jsonString,
  jsonTimestamp,
  setAttribute,
} from './values.ts';

const COORDS_FIELDS = new Set(['latitude', 'longitude', 'speed', 'heading', 'altitude', 'accuracy']);
/** Read into typed fields, or dropped: `_` is the legacy query string the client also embeds. */
const LOCATION_FIELDS = new Set(['timestamp', 'coords', 'battery', 'activity', 'extras', 'alarm', '_']);

/**
 * Decodes one body into one fix per location (`location` object, or array for a batch; `[]` → no fixes).
 * - `device_id` (string or number) is required; `location.timestamp` ISO (none → time null).
 * - coords: latitude/longitude (absent → both null), speed m/s, heading, accuracy, altitude; a negative
 *   speed, heading or accuracy (the SDK's -1 = unknown) → null. Other coords (speed_accuracy, floor…)
 *   → attributes, except null and negative `*_accuracy` values.
 * - battery.level 0–1 → ×100 % (rounded to 0.01; negative = unknown → null), is_charging → charging.
 * - activity.type → `activity`, activity.confidence → `activity_confidence`.
 * - `alarm` (location, else extras) → attribute; `sos` sets sos.
 * - attributes also get the other location fields (is_moving, odometer, event, mock, uuid, age…),
 *   every `extras.*` and the other top-level keys (the SDK's `params`), typed as in the JSON; objects and
 *   arrays as JSON text. On a name clash the location's own fields win over extras, extras over top level.
 */
export function decodeOsmAndJson(body: unknown): DecodeResult {
  return decodeSafely(() => {
    if (!isPlainObject(body))
      throw new DecodeError('body: expected a JSON object with device_id and location');
    const deviceId = jsonString(body.device_id, 'device_id');
    if (deviceId === null || deviceId === '') throw new DecodeError('device_id: missing');
    const { location } = body;
    if (Array.isArray(location)) {
      return location.map((entry, index) => decodeLocation(deviceId, body, entry, `location[${index}]`));
    }
    if (isPlainObject(location)) return [decodeLocation(deviceId, body, location, 'location')];
    throw new DecodeError('location: expected an object, or an array of them for a batch');
  });
}

function decodeLocation(
  deviceId: string,
  root: Record<string, unknown>,
  location: unknown,
  path: string,
): DecodedFix {
  if (!isPlainObject(location)) throw new DecodeError(`${path}: expected an object`);
  const fix = emptyFix(deviceId);

  for (const [key, value] of Object.entries(root)) {
    if (key !== 'device_id' && key !== 'location') setAttribute(fix, key, jsonAttribute(value));
  }
  const { extras } = location;
  if (isPlainObject(extras)) {
    for (const [key, value] of Object.entries(extras)) setAttribute(fix, key, jsonAttribute(value));
  } else {
    setAttribute(fix, 'extras', jsonAttribute(extras));
  }
  for (const [key, value] of Object.entries(location)) {
    if (!LOCATION_FIELDS.has(key)) setAttribute(fix, key, jsonAttribute(value));
  }

  fix.time = jsonTimestamp(location.timestamp, `${path}.timestamp`);
  decodeCoords(fix, location.coords, `${path}.coords`);
  decodeBattery(fix, location.battery, `${path}.battery`);

  const { activity } = location;
  if (isPlainObject(activity)) {
    setAttribute(fix, 'activity', jsonAttribute(activity.type));
    setAttribute(fix, 'activity_confidence', jsonAttribute(activity.confidence));
  } else {
    setAttribute(fix, 'activity', jsonAttribute(activity));
  }

  const alarm = location.alarm ?? (isPlainObject(extras) ? extras.alarm : undefined);
  const alarmText = jsonString(alarm, `${path}.alarm`);
  if (alarmText !== null) {
    fix.attributes.alarm = alarmText;
    fix.sos = alarmText.toLowerCase() === 'sos';
  }
  return fix;
}

function decodeCoords(fix: DecodedFix, coords: unknown, path: string): void {
  if (coords === undefined || coords === null) return;
  if (!isPlainObject(coords)) throw new DecodeError(`${path}: expected an object`);
  const lat = jsonNumber(coords.latitude, `${path}.latitude`);
  const lon = jsonNumber(coords.longitude, `${path}.longitude`);
  if ((lat === null) !== (lon === null)) throw new DecodeError(`${path}: latitude and longitude go together`);
  fix.lat = lat;
  fix.lon = lon;
  fix.speed = nonNegative(jsonNumber(coords.speed, `${path}.speed`));
  fix.heading = nonNegative(jsonNumber(coords.heading, `${path}.heading`));
  fix.accuracy = nonNegative(jsonNumber(coords.accuracy, `${path}.accuracy`));
  fix.altitude = jsonNumber(coords.altitude, `${path}.altitude`);
  for (const [key, value] of Object.entries(coords)) {
    if (COORDS_FIELDS.has(key)) continue;
    if (key.endsWith('_accuracy') && typeof value === 'number' && value < 0) continue;
    setAttribute(fix, key, jsonAttribute(value));
  }
}

function decodeBattery(fix: DecodedFix, battery: unknown, path: string): void {
  if (battery === undefined || battery === null) return;
  if (!isPlainObject(battery)) throw new DecodeError(`${path}: expected an object`);
  const level = jsonNumber(battery.level, `${path}.level`);
  fix.battery = level === null || level < 0 ? null : Math.round(level * 10_000) / 100;
  fix.charging = jsonBoolean(battery.is_charging, `${path}.is_charging`);
}

/** The SDK reports unknown speed, heading and accuracy as -1. */
function nonNegative(value: number | null): number | null {
  return value === null || value < 0 ? null : value;
}
