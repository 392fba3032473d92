// OwnTracks JSON (booklet docs/tech/json.md), over HTTP (body) or MQTT (payload, topic owntracks/<user>/<device>).
import type { DecodedFix, DecodeResult } from './decoded-fix.ts';
import {
  DecodeError,
  decodeSafely,
  emptyFix,
  isPlainObject,
  jsonAttribute,
  jsonNumber,
  jsonString,
  jsonTimestamp,
  KMH_TO_MPS,
  setAttribute,
} from './values.ts';

/**
 * Who sent the message, as the transport knows it. HTTP: `?u=&d=`, else the X-Limit-U / X-Limit-D headers,
 * else the Basic-auth user for `user`. MQTT: the message topic. A `topic` field inside the body (relayed
 * messages, iOS in HTTP mode) is used when `topic` is not given here. Blank strings count as absent.
 */
export interface OwnTracksIdentity {
  user: string | null;
  device: string | null;
  topic?: string | null;
}

/** Read into typed fields (`_type` only selects the message kind). */
const TYPED_FIELDS = new Set(['_type', 'lat', 'lon', 'tst', 'vel', 'cog', 'alt', 'acc', 'batt', 'bs']);

/**
 * Decodes a message (or an array of messages) into fixes. Only `_type: "location"` yields a fix; every
 * other type (transition, waypoint, lwt, card, status…) is acknowledged with no fix. `_type` missing → 400.
 * - `lat`/`lon` required; `tst` epoch s → ms (absent → time null).
 * - `vel` km/h → m/s, `cog` → heading, `alt`, `acc` → accuracy, `batt` %, `bs` (battery status: 2 charging,
 *   3 full → charging true; 1 unplugged → false; 0 unknown → null).
 * - The booklet omits acc/alt/cog/vac/vel when zero, but older clients and relays (samples 2 and 4) never
 *   send them, so an absent field cannot be told from an unknown one: absent → null, never 0 (a false
 *   speed 0 would show a moving rider as stopped; the server can derive speed from successive fixes).
 *   A negative vel or cog (iOS: invalid) → null.
 * - Everything else (tid, t, conn, vac, created_at, m, topic, mcc/mnc/lac/cid, inregions…) → attributes,
 *   typed as in the JSON; arrays and objects as JSON text.
 * - Identity: `user`/`device` from `identity`, else from the topic (`identity.topic`, else the body's
 *   `topic`; it only fills in a missing device when it names the same user). deviceId = `user/device`,
 *   `user`, `device` or `tid`, the first that exists; none at all → 400. `deviceIdAlternatives` (always
 *   set, deviceId first) lists those that exist in that order, then, when the topic names another user
 *   (a relay posting for its trackers), the topic's `user/device`, `user` and `device`.
 */
export function decodeOwnTracks(body: unknown, identity: OwnTracksIdentity): DecodeResult {
  return decodeSafely(() => {
    if (Array.isArray(body)) {
      return body.flatMap((message, index) => decodeMessage(message, identity, `[${index}]`));
    }
    return decodeMessage(body, identity, '');
  });
}

function decodeMessage(message: unknown, identity: OwnTracksIdentity, path: string): DecodedFix[] {
  const field = (name: string) => (path === '' ? name : `${path}.${name}`);
  if (!isPlainObject(message)) throw new DecodeError(`${path || 'body'}: expected an OwnTracks JSON object`);
  const type = message._type;
  if (typeof type !== 'string') throw new DecodeError(`${field('_type')}: missing`);
  if (type !== 'location') return [];

  const ids = deviceIds(message, identity, field);
  const fix = emptyFix(ids[0]!);
  fix.deviceIdAlternatives = ids;

  const lat = jsonNumber(message.lat, field('lat'));
  const lon = jsonNumber(message.lon, field('lon'));
  if (lat === null || lon === null) throw new DecodeError(`${field('lat')}/${field('lon')}: missing`);
  fix.lat = lat;
  fix.lon = lon;
  fix.time = jsonTimestamp(message.tst, field('tst'));
  const vel = jsonNumber(message.vel, field('vel'));
  fix.speed = vel === null || vel < 0 ? null : vel * KMH_TO_MPS;
  const cog = jsonNumber(message.cog, field('cog'));
  fix.heading = cog === null || cog < 0 ? null : cog;
  fix.altitude = jsonNumber(message.alt, field('alt'));
  fix.accuracy = jsonNumber(message.acc, field('acc'));
  fix.battery = jsonNumber(message.batt, field('batt'));
  const status = jsonNumber(message.bs, field('bs'));
  fix.charging = status === 2 || status === 3 ? true : status === 1 ? false : null;

  for (const [key, value] of Object.entries(message)) {
    if (!TYPED_FIELDS.has(key)) setAttribute(fix, key, jsonAttribute(value));
  }
  return [fix];
}

/** Candidate device identifiers, most specific first, without duplicates; at least one or a DecodeError. */
function deviceIds(
  message: Record<string, unknown>,
  identity: OwnTracksIdentity,
  field: (name: string) => string,
): string[] {
  const topicText = nonEmpty(identity.topic) ?? nonEmpty(jsonString(message.topic, field('topic')));
  const topic = topicText === null ? null : parseTopic(topicText);
  const explicitUser = nonEmpty(identity.user);
  const explicitDevice = nonEmpty(identity.device);
  // The topic completes the transport's identity only when it names the same user (or none was given).
  const sameUser = topic !== null && (explicitUser === null || topic.user === explicitUser);
  const user = explicitUser ?? topic?.user ?? null;
  const device = explicitDevice ?? (sameUser ? topic.device : null);
  const tid = nonEmpty(jsonString(message.tid, field('tid')));

  const candidates = [user !== null && device !== null ? `${user}/${device}` : null, user, device, tid];
  if (topic !== null && !sameUser) {
    candidates.push(topic.user !== null && topic.device !== null ? `${topic.user}/${topic.device}` : null);
    candidates.push(topic.user, topic.device);
  }
  const ids = [...new Set(candidates.filter((id): id is string => id !== null))];
  if (ids.length === 0) {
    throw new DecodeError('no device identity: send ?u=&d=, X-Limit-U/X-Limit-D, a topic or a tid');
  }
  return ids;
}

/** `owntracks/<user>/<device>` (any first segment); two segments read as `<user>/<device>`, one as `<user>`. */
function parseTopic(topic: string): { user: string | null; device: string | null } {
  const parts = topic.split('/').filter((part) => part !== '');
  if (parts.length >= 3) return { user: parts[1]!, device: parts[2]! };
  return { user: parts[0] ?? null, device: parts[1] ?? null };
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
