/**
 * What every third-party tracker protocol decoder produces: one shape, fixed units (degrees, metres, m/s,
 * %, epoch ms), whatever the wire format. Decoders only check shape and number syntax; range checks (lat 95,
 * battery 140…) are the server's job afterwards, so a decoded fix is not yet a valid fix.
 */
export interface DecodedFix {
  /** The tracker's own identifier: OsmAnd `id`/`deviceid`/`device_id`; OwnTracks `user/device`, `user` or `tid`. */
  deviceId: string;
  /**
   * Every identifier the tracker may have been registered under, most specific first, `deviceId` first
   * (OwnTracks: [`user/device`, `user`, `device`, `tid`, …], those that exist). Absent for OsmAnd.
   */
  deviceIdAlternatives?: string[];
  /** Fix time, epoch ms; null when the message has none (the server then uses the receive time). */
  time: number | null;
  /** Both null when the message carries no position (cell/wifi only, or no coords). */
  lat: number | null;
  lon: number | null;
  /** m/s, always (converted from knots or km/h where the protocol needs it). */
  speed: number | null;
  /** degrees */
  heading: number | null;
  /** metres */
  altitude: number | null;
  /** horizontal accuracy, metres */
  accuracy: number | null;
  /** percent, 0–100 */
  battery: number | null;
  charging: boolean | null;
  sos: boolean;
  /** Everything else worth keeping, typed as in the source (an integer stays a number). */
  attributes: Record<string, string | number | boolean>;
}

export type DecodeResult = { ok: true; fixes: DecodedFix[] } | { ok: false; status: 400; reason: string };

export type AttributeValue = DecodedFix['attributes'][string];
