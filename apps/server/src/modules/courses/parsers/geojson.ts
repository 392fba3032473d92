// Reading what @tmcw/togeojson returns. Its declared types come from @types/geojson, which this project
// does not install, so they arrive untyped: these guards turn the output into checked TrackPoints instead
// of trusting `any`.
import type { TrackPoint } from '@echelon/domain';

type Position = [number, number, ...number[]];

export interface GeoFeature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown } | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The features of a FeatureCollection, skipping anything that is not shaped like a feature. */
export function featuresOf(collection: unknown): GeoFeature[] {
  if (!isRecord(collection) || !Array.isArray(collection.features)) return [];
  const out: GeoFeature[] = [];
  for (const f of collection.features) {
    if (!isRecord(f)) continue;
    const geometry = isRecord(f.geometry) && typeof f.geometry.type === 'string' ? f.geometry : null;
    out.push({
      properties: isRecord(f.properties) ? f.properties : {},
      geometry: geometry ? { type: geometry.type as string, coordinates: geometry.coordinates } : null,
    });
  }
  return out;
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && value.every((n) => typeof n === 'number');
}

/** GeoJSON positions are [lon, lat, ele?]; a missing or NaN elevation becomes null. */
function toTrackPoint(position: Position): TrackPoint {
  const ele = position[2];
  return { lat: position[1], lon: position[0], ele: ele !== undefined && Number.isFinite(ele) ? ele : null };
}

/** Points of a LineString or of every line of a MultiLineString, in order; other geometries give none. */
export function linePoints(feature: GeoFeature): TrackPoint[] {
  const g = feature.geometry;
  if (!g || !Array.isArray(g.coordinates)) return [];
  const lines: unknown[] =
    g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
  const out: TrackPoint[] = [];
  for (const line of lines) {
    if (!Array.isArray(line)) continue;
    for (const position of line) if (isPosition(position)) out.push(toTrackPoint(position));
  }
  return out;
}

/** The position of a Point feature, or null. */
export function pointPosition(feature: GeoFeature): { lat: number; lon: number } | null {
  const g = feature.geometry;
  if (g?.type !== 'Point' || !isPosition(g.coordinates)) return null;
  return { lat: g.coordinates[1], lon: g.coordinates[0] };
}

/** A string property, trimmed, or null when absent or blank. */
export function stringProperty(feature: GeoFeature, key: string): string | null {
  const value = feature.properties[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
