// Reads a recorded ride from GPX: track points with time, in file order. A small regex reader is enough
// for the files this replays (one <trk>, <trkpt lat lon><ele/><time/></trkpt>); no XML dependency.

export interface RidePoint {
  lat: number;
  lon: number;
  ele: number | null;
  /** epoch ms */
  time: number;
}

const TRKPT = /<trkpt\b([^>]*?)(?:\/>|>([\s\S]*?)<\/trkpt>)/g;
const attribute = (attrs: string, name: string): number => {
  const match = new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`).exec(attrs);
  return match ? Number(match[1]) : Number.NaN;
};
const element = (body: string, name: string): string | null =>
  new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(body)?.[1] ?? null;

/**
 * Points with a position and a time, with the time strictly increasing: recorders repeat or step back a
 * timestamp now and then, and a replay must not send two fixes for one instant.
 */
export function parseRideGpx(xml: string): RidePoint[] {
  const points: RidePoint[] = [];
  for (const match of xml.matchAll(TRKPT)) {
    const attrs = match[1] ?? '';
    const body = match[2] ?? '';
    const lat = attribute(attrs, 'lat');
    const lon = attribute(attrs, 'lon');
    const timeText = element(body, 'time');
    const time = timeText === null ? Number.NaN : Date.parse(timeText);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || !Number.isFinite(time)) continue;
    const eleText = element(body, 'ele');
    const ele = eleText === null || eleText === '' ? null : Number(eleText);
    const last = points.at(-1);
    if (last && time <= last.time) continue;
    points.push({ lat, lon, ele: ele !== null && Number.isFinite(ele) ? ele : null, time });
  }
  return points;
}
