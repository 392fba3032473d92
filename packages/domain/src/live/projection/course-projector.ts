// The projector itself: builds the course line with its candidate buffers, the continuity window and the
// segment index, and decides between what they find (see `../projection.ts` for the whole approach).
import { CourseGeometryError } from '../../course/errors.ts';
import type { CoursePoint } from '../../course/types.ts';
import { type Metres, metres } from '../../units.ts';
import type { Projection, ProjectionHint } from '../types.ts';
import { Candidates } from './candidates.ts';
import { ContinuityWindow } from './continuity-window.ts';
import { pickNearest } from './nearest-pass.ts';
import { SegmentIndex } from './segment-index.ts';
import * as tuning from './tuning.ts';

// Module-local copies of the tuning: V8 reloads an imported binding (a live binding) on every use but folds
// a module's own constants into optimised code.
const CANDIDATE_MARGIN = tuning.CANDIDATE_MARGIN;
const TRUSTED_OFFSET = tuning.TRUSTED_OFFSET;

export interface CourseProjectorOptions {
  /**
   * Whether the lap closes on itself, so that a rider near the end of it continues onto its start. Default:
   * the last point lies within CIRCUIT_CLOSE_DISTANCE of the first and the lap is at least 1 km long.
   */
  circuit?: boolean;
}

export class CourseProjector {
  /** The course line, which also holds the candidates of the current query. */
  private readonly candidates: Candidates;
  private readonly continuity: ContinuityWindow;
  private readonly index: SegmentIndex;

  constructor(points: readonly CoursePoint[], options: CourseProjectorOptions = {}) {
    this.candidates = new Candidates(points, options.circuit);
    this.continuity = new ContinuityWindow(this.candidates);
    this.index = new SegmentIndex(this.candidates);
  }

  /** Length of one lap. */
  get length(): Metres {
    return metres(this.candidates.lap);
  }

  /** Whether a rider near the end of the lap continues onto its start. */
  get isCircuit(): boolean {
    return this.candidates.circuit;
  }

  /**
   * Where the position lands on the lap. `hint` is what is known of the rider's previous position (null
   * for a first fix): it resolves places the course passes more than once.
   */
  project(lat: number, lon: number, hint: ProjectionHint | null): Projection {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
      throw new CourseGeometryError(`Cannot place (${lat}, ${lon}) on the course: not a valid position`);
    }
    this.candidates.setQuery(lat, lon);

    if (hint !== null && Number.isFinite(hint.distance) && !Number.isNaN(hint.reach)) {
      const continuity = this.continuity;
      const h = continuity.normaliseHintDistance(hint.distance);
      const reach = Math.min(Math.max(hint.reach, 0), this.candidates.lap);
      if (continuity.walk(h, reach, continuity.startSegment(h, hint.segment))) {
        // Every in-window segment is among the walked ones; an in-window segment this close to the fix is
        // plausible whatever lies nearer outside the window, so the index has nothing to add.
        const chosen = continuity.pick(h, reach);
        if (chosen >= 0 && continuity.bestOffsetSq <= TRUSTED_OFFSET * TRUSTED_OFFSET) {
          return this.result(chosen);
        }
      }
      return this.result(this.searchNearHint(h, reach));
    }

    return this.result(pickNearest(this.candidates, this.index.search(), null));
  }

  /**
   * The slow path with a hint (the walk found nothing close, or the window was too long to walk): every
   * segment near the fix, from the index. The best in-window one still wins when it is about as near as the
   * nearest segment overall (or trusted anyway); otherwise the fix is off the window (a shortcut, a long
   * gap, a wrong hint) and the nearest pass wins. Kept out of `project` so that stays under V8's size limit
   * for inlining it into its callers.
   */
  private searchNearHint(h: number, reach: number): number {
    const nearest = this.index.search();
    const chosen = this.continuity.pick(h, reach);
    const limit = Math.max(Math.sqrt(this.candidates.offsetSq[nearest]!) + CANDIDATE_MARGIN, TRUSTED_OFFSET);
    if (chosen >= 0 && this.continuity.bestOffsetSq <= limit * limit) return chosen;
    return pickNearest(this.candidates, nearest, h);
  }

  private result(k: number): Projection {
    const candidates = this.candidates;
    return {
      distance: metres(candidates.distance[k]!),
      offset: metres(Math.sqrt(candidates.offsetSq[k]!)),
      segment: candidates.segment[k]!,
    };
  }
}
