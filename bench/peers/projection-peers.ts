// The projection peers (`--peers`): Turf's `nearestPointOnLine` and cheap-ruler's `pointOnLine`, the
// libraries a JavaScript developer would reach for, on the same fixes as CourseProjector in
// bench/projection.ts. Neither takes a hint (the rider's previous place), so each call searches the whole
// course: they are timed on a sample spread over the stream for a fixed time budget, not on every fix.
// Agreement is where on the course each puts a fix, in metres along it, against Echelon's projection.
import type { CoursePoint } from '@echelon/domain';
import { lineString } from '@turf/helpers';
import { nearestPointOnLine } from '@turf/nearest-point-on-line';
import CheapRuler from 'cheap-ruler';
import { quantile } from '../support/stats.ts';

export interface ProjectionPeerFigures {
  name: string;
  perS: number;
  samples: number;
  /** |peer − Echelon| along the course, metres, over the sampled fixes. */
  agreement: { p50: number; p99: number; max: number; beyond50m: number };
}

interface Fixes {
  lat: Float64Array;
  lon: Float64Array;
}

/** The golden-ratio sequence: indices that cover the stream evenly however early the budget stops it. */
const spread = (j: number, total: number) => Math.floor(((j * 0.618033988749895) % 1) * total);

function runPeer(
  name: string,
  fixes: Fixes,
  echelon: Float64Array,
  budgetMs: number,
  along: (lat: number, lon: number) => number,
): ProjectionPeerFigures {
  const total = echelon.length;
  for (let j = 0; j < 20; j++) along(fixes.lat[spread(j, total)]!, fixes.lon[spread(j, total)]!); // warm-up
  const differences: number[] = [];
  let elapsed = 0;
  for (let j = 0; elapsed < budgetMs; j++) {
    const k = spread(j, total);
    const started = performance.now();
    const distance = along(fixes.lat[k]!, fixes.lon[k]!);
    elapsed += performance.now() - started;
    differences.push(Math.abs(distance - echelon[k]!));
  }
  return {
    name,
    perS: differences.length / (elapsed / 1000),
    samples: differences.length,
    agreement: {
      p50: quantile(differences, 0.5),
      p99: quantile(differences, 0.99),
      max: quantile(differences, 1),
      beyond50m: differences.filter((d) => d > 50).length / differences.length,
    },
  };
}

/**
 * Both peers on `fixes`, whose Echelon projections (distance along the course) are `echelon`. A peer's
 * place is read as Echelon's distance of the segment's start plus the peer's way along the segment, so
 * the comparison is of where it lands, not of two ways to measure 138 km.
 */
export function benchProjectionPeers(
  points: CoursePoint[],
  fixes: Fixes,
  echelon: Float64Array,
  budgetMs: number,
): ProjectionPeerFigures[] {
  const coordinates = points.map((p) => [p.lon, p.lat] as [number, number]);
  const line = lineString(coordinates);
  const turf = runPeer('Turf nearestPointOnLine', fixes, echelon, budgetMs, (lat, lon) => {
    const { segmentIndex, segmentDistance } = nearestPointOnLine(line, [lon, lat], {
      units: 'meters',
    }).properties;
    return points[segmentIndex]!.distance + segmentDistance;
  });
  const mid = points.reduce((sum, p) => sum + p.lat, 0) / points.length;
  const ruler = new CheapRuler(mid, 'meters');
  const cheap = runPeer('cheap-ruler pointOnLine', fixes, echelon, budgetMs, (lat, lon) => {
    const { index, t } = ruler.pointOnLine(coordinates, [lon, lat]);
    const a = points[index]!.distance;
    const b = points[Math.min(index + 1, points.length - 1)]!.distance;
    return a + t * (b - a);
  });
  return [turf, cheap];
}
