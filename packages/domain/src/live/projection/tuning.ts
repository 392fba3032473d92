// The projector's tuning, in one place: every rule in the other files (the continuity window, the index
// search radius, the fallback to the nearest pass) is expressed with these, and they only make sense together
// (SAME_PASS is built from two of them, the search radius must cover CANDIDATE_MARGIN, …).

/** How far behind the previous distance a fix may still land: GPS noise along the road, a rider stopped. */
export const PROJECTION_BACK_TOLERANCE = 50;

/**
 * In-window segments within this of the nearest in-window one compete on progress; farther ones are a
 * different road that merely lies within reach along the course (the other leg of a hairpin, …).
 */
export const CANDIDATE_MARGIN = 30;

/**
 * An in-window segment this close to the fix is always plausible, whatever lies nearer outside the window
 * (the rule is: in-window segments count when within max(nearest + CANDIDATE_MARGIN, this) of the fix).
 */
export const TRUSTED_OFFSET = 50;

/** Without a hint, segments within this of the nearest one are a tie, and the earliest wins. */
export const TIE_MARGIN = 5;

/** Candidates closer than this along the course belong to the same pass over a place. */
export const SAME_PASS = 2 * (TIE_MARGIN + TRUSTED_OFFSET);

/**
 * Cost of a candidate: its offset plus these metres per metre of progress from the previous distance
 * (forward) or of going back (behind). 100 m farther along weighs like 10 m farther from the fix: the
 * continuity window decides between places far apart along the course (out-and-back, figure-8, laps),
 * the offset between neighbouring roads (the two legs of a hairpin). Going back is only GPS noise or a rider
 * standing still, never progress, so it costs its full length: at the tip of an out-and-back, where the
 * fix lies on both legs, the leg ahead wins unless it is ten times farther than the one behind.
 */
export const FORWARD_WEIGHT = 0.1;
export const BACKWARD_WEIGHT = 1;

/** The fast path gives up and asks the index when the window spans more segments than this. */
export const WALK_LIMIT = 256;

/** First search radius of the index (metres), multiplied by this factor until something is found. */
export const FIRST_SEARCH_RADIUS = 100;
export const SEARCH_GROWTH = 8;
