// The HTTP/1.1 requests the ingest-load phones send, byte for byte as node:http sent them before
// (bench/trackers.ts moved to raw sockets): the head is built once per device and connection (method,
// path, Host, credentials, content type), only the body — or, for OsmAnd, the query — per fix.
import type { TrackerDevice } from '../trackers.ts';

export type Protocol = 'native' | 'osmand' | 'owntracks';
export type Auth = 'device' | 'oauth';

export interface Fix {
  time: number;
  lat: number;
  lon: number;
  /** m/s. */
  speed: number;
}

/** Six decimals (≈ 0.1 m), printed as JSON.stringify prints the rounded number. */
const deg = (value: number) => String(Number(value.toFixed(6)));

/** Builds one device's requests for one protocol, credentials and server. */
export class DeviceRequests {
  /** Everything before the Content-Length value (POST) or the per-fix query (GET). */
  private readonly head: string;
  private readonly tail: string;
  private readonly protocol: Protocol;

  constructor(device: TrackerDevice, protocol: Protocol, auth: Auth, host: string) {
    this.protocol = protocol;
    if (protocol === 'osmand') {
      this.head = `GET /osmand?id=${device.deviceId}&`;
      this.tail = ` HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`;
      return;
    }
    const path =
      protocol === 'owntracks'
        ? `/owntracks?u=${encodeURIComponent(device.deviceId)}`
        : '/api/v1/track/batch';
    const bearer = auth === 'oauth' ? device.oauth : device.token;
    if (protocol === 'native' && !bearer) throw new Error(`device ${device.index} has no ${auth} credential`);
    const authorization = protocol === 'native' ? `authorization: Bearer ${bearer}\r\n` : '';
    this.head =
      `POST ${path} HTTP/1.1\r\n${authorization}content-type: application/json\r\n` +
      `Host: ${host}\r\nConnection: keep-alive\r\nContent-Length: `;
    this.tail = '';
  }

  /** The whole request for `fixes` (OsmAnd and OwnTracks carry one fix a request). */
  request(fixes: Fix[]): string {
    if (this.protocol === 'osmand') {
      const f = fixes[0]!;
      // Traccar Client: speed in knots, timestamp in seconds (ms here, which the decoder also reads).
      const query = `lat=${f.lat.toFixed(6)}&lon=${f.lon.toFixed(6)}&timestamp=${f.time}&speed=${(f.speed / 0.514444).toFixed(2)}&accuracy=5&altitude=1000&batt=80`;
      return this.head + query + this.tail;
    }
    const body = this.protocol === 'owntracks' ? ownTracksBody(fixes[0]!) : nativeBody(fixes);
    // Every byte is ASCII, so the string's length is the body's length in bytes.
    return `${this.head}${body.length}\r\n\r\n${body}`;
  }
}

function nativeBody(fixes: Fix[]): string {
  let body = '{"fixes":[';
  for (let i = 0; i < fixes.length; i++) {
    const f = fixes[i]!;
    if (i > 0) body += ',';
    body += `{"time":${f.time},"lat":${deg(f.lat)},"lon":${deg(f.lon)},"accuracy":5,"speed":${Number(f.speed.toFixed(2))},"altitude":1000,"battery":80}`;
  }
  return `${body}]}`;
}

function ownTracksBody(f: Fix): string {
  return `{"_type":"location","lat":${deg(f.lat)},"lon":${deg(f.lon)},"tst":${Math.floor(f.time / 1000)},"acc":5,"vel":${Math.round(f.speed * 3.6)},"alt":1000,"batt":80,"tid":"bn"}`;
}
