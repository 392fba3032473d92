// Shared value parsing for the protocol decoders: strict numbers, timestamps, attribute values.
import type { AttributeValue, DecodedFix, DecodeResult } from './decoded-fix.ts';

/** 1 international knot = 1852 m per hour. */
export const KNOTS_TO_MPS = 1852 / 3600;
export const KMH_TO_MPS = 1 / 3.6;

/** Epoch values below this are seconds, at or above it milliseconds (as Traccar does). */
const SECONDS_LIMIT = 2 ** 31;

/** Thrown by the helpers below; each decoder turns it into `{ ok: false, status: 400, reason }`. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/** Runs a decoder body, turning a DecodeError into a 400 result. Anything else is a bug and propagates. */
export function decodeSafely(decode: () => DecodedFix[]): DecodeResult {
  try {
    return { ok: true, fixes: decode() };
  } catch (error) {
    if (error instanceof DecodeError) return { ok: false, status: 400, reason: error.message };
    throw error;
  }
}

export function emptyFix(deviceId: string): DecodedFix {
  return {
    deviceId,
    time: null,
    lat: null,
    lon: null,
    speed: null,
    heading: null,
    altitude: null,
    accuracy: null,
    battery: null,
    charging: null,
    sos: false,
    attributes: {},
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decimal notation only: no hex, no `Infinity`, no blanks (which `Number()` would all accept). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal string → finite number, or a DecodeError naming the field. */
export function parseDecimal(text: string, field: string): number {
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new DecodeError(`${field}: '${clip(text)}' is not a number`);
  return value;
}

/** A JSON value that should be a number: finite number or decimal string; null/undefined → null. */
export function jsonNumber(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DecodeError(`${field}: not a finite number`);
    return value;
  }
  if (typeof value === 'string') return value === '' ? null : parseDecimal(value, field);
  throw new DecodeError(`${field}: expected a number, got ${describe(value)}`);
}

export function jsonBoolean(value: unknown, field: string): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  throw new DecodeError(`${field}: expected true or false, got ${describe(value)}`);
}

export function jsonString(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new DecodeError(`${field}: expected a string, got ${describe(value)}`);
}

// date, 'T' or blank, time with optional fraction, optional zone (none = UTC)
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * A timestamp → epoch ms: integer (or decimal) epoch, seconds when < 2^31, else milliseconds; ISO 8601
 * (`2016-01-27T18:55:47Z`, offsets, fractions); or `yyyy-MM-dd HH:mm:ss`. A time without a zone is UTC.
 */
export function parseTimestamp(text: string, field: string): number {
  if (DECIMAL.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value) && value >= 0) {
      return Math.round(value < SECONDS_LIMIT ? value * 1000 : value);
    }
  }
  const match = DATE_TIME.exec(text);
  if (match) {
    const [, year, month, day, hour, minute, second, fraction, , sign, offsetHours, offsetMinutes] = match;
    const y = Number(year);
    const mo = Number(month);
    const d = Number(day);
    const h = Number(hour);
    const mi = Number(minute);
    const s = Number(second ?? '0');
    const oh = Number(offsetHours ?? '0');
    const om = Number(offsetMinutes ?? '0');
    const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth && h <= 23 && mi <= 59 && s <= 59;
    if (valid && oh <= 23 && om <= 59) {
      const ms = fraction ? Number(fraction.padEnd(3, '0').slice(0, 3)) : 0; // digits, not 0.862 × 1000
      const offset = (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
      return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
    }
  }
  throw new DecodeError(
    `${field}: '${clip(text)}' is not a timestamp (epoch seconds or ms, ISO 8601, or yyyy-MM-dd HH:mm:ss)`,
  );
}

/** A JSON timestamp: a string as in parseTimestamp, or an epoch number (seconds < 2^31, else ms). */
export function jsonTimestamp(value: unknown, field: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return parseTimestamp(value, field);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return Math.round(value < SECONDS_LIMIT ? value * 1000 : value);
  }
  throw new DecodeError(`${field}: expected a timestamp, got ${describe(value)}`);
}

/**
 * A query-string value as an attribute: `true`/`false` → boolean; a decimal → number, unless that would
 * lose information (leading zeros as in `007`, integers beyond 2^53 such as ICCIDs); anything else stays
 * a string.
 */
export function textAttribute(text: string): AttributeValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (DECIMAL.test(text) && !/^[+-]?0\d/.test(text)) {
    const value = Number(text);
    const integerLooking = /^[+-]?\d+$/.test(text);
    if (Number.isFinite(value) && (!integerLooking || Number.isSafeInteger(value))) return value;
  }
  return text;
}

/** A JSON value as an attribute: primitives as they are, objects and arrays as JSON text, null → skipped. */
export function jsonAttribute(value: unknown): AttributeValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') return JSON.stringify(value);
  return undefined;
}

/** Sets an attribute unless the value is undefined; never `__proto__` (it would not be an own key). */
export function setAttribute(fix: DecodedFix, key: string, value: AttributeValue | undefined): void {
  if (value === undefined || key === '__proto__') return;
  fix.attributes[key] = value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `'${clip(value)}'` : typeof value;
}

/** Quotes client input in reasons without echoing a whole payload back. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
