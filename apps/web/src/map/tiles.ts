import { apiGet } from '../api/client.ts';

export interface TileConfig {
  /** A Leaflet tile URL template, or null for no background map at all. */
  url: string | null;
  attribution: string;
}

const OSM: TileConfig = {
  url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  attribution: '&copy; OpenStreetMap contributors',
};

let pending: Promise<TileConfig> | null = null;

/**
 * The tile server the operator configured (TILE_URL on the server, empty for none), asked once per
 * page load. A server that does not say gets OpenStreetMap's. The course and riders are drawn as
 * vectors either way, so a map with no reachable tiles still shows the race.
 */
export function tileConfig(): Promise<TileConfig> {
  pending ??= apiGet<{ tileUrl: string | null; tileAttribution: string }>('/api/v1/config')
    .then((config) => ({ url: config.tileUrl, attribution: config.tileAttribution }))
    .catch(() => OSM);
  return pending;
}
