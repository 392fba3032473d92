// The spatial index: a Flatbush R-tree over the segments' bounding boxes. It serves first fixes and
// recoveries (a shortcut, a long gap, a wrong hint); fixes that land a little ahead of the previous one are
// found by walking the continuity window instead, without touching it.
import Flatbush from 'flatbush';
import { CourseGeometryError } from '../../course/errors.ts';
import type { Candidates } from './candidates.ts';
import { CANDIDATE_MARGIN, FIRST_SEARCH_RADIUS, SEARCH_GROWTH } from './tuning.ts';

export class SegmentIndex {
  private readonly index: Flatbush;
  private readonly candidates: Candidates;

  constructor(candidates: Candidates) {
    this.candidates = candidates;
    // The index works in degrees (unwrapped longitude, latitude): a search box of ±r metres converted with
    // the fix's own scale catches exactly the segments within r in the frame distances are measured in.
    const { lat, lon, segments } = candidates;
    this.index = new Flatbush(segments);
    for (let i = 0; i < segments; i++) {
      const lat0 = lat[i]!;
      const lat1 = lat[i + 1]!;
      const lon0 = lon[i]!;
      const lon1 = lon[i + 1]!;
      this.index.add(Math.min(lon0, lon1), Math.min(lat0, lat1), Math.max(lon0, lon1), Math.max(lat0, lat1));
    }
    this.index.finish();
  }

  /**
   * Fills the candidates with every segment within max(nearest + 60 m, 80 m) of the query — enough for
   * every rule in `CourseProjector.project` — and returns the candidate index of the nearest segment.
   */
  search(): number {
    const index = this.index;
    const c = this.candidates;
    let radius = FIRST_SEARCH_RADIUS;
    for (;;) {
      const dLat = radius / c.perLat;
      const dLon = Math.min(radius / c.perLon, 360);
      const hits = index.search(c.qLon - dLon, c.qLat - dLat, c.qLon + dLon, c.qLat + dLat);
      const coversAll =
        c.qLon - dLon <= index.minX &&
        c.qLat - dLat <= index.minY &&
        c.qLon + dLon >= index.maxX &&
        c.qLat + dLat >= index.maxY;
      c.count = 0;
      let nearest = -1;
      for (const i of hits) {
        c.add(i);
        const k = c.count - 1;
        if (nearest < 0 || c.offsetSq[k]! < c.offsetSq[nearest]!) nearest = k;
      }
      if (nearest >= 0) {
        const needed = Math.max(Math.sqrt(c.offsetSq[nearest]!) + 2 * CANDIDATE_MARGIN, 80);
        if (needed <= radius || coversAll) return nearest;
        radius = needed;
      } else if (coversAll) {
        throw new CourseGeometryError('The course index is empty');
      } else {
        radius *= SEARCH_GROWTH;
      }
    }
  }
}
