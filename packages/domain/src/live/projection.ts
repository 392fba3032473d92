// Where is a rider on the course? Turns every incoming fix into a distance along one lap, fast enough for
// a whole peloton at 1 Hz on one core, and without mixing up the two sides of an out-and-back, the two
// branches of a figure-8 or the end of one lap and the start of the next.
//
// Geometry (projection/course-line.ts). Every distance is measured in a flat east/north frame centred on
// the fix itself (the same frame `snapToCourse` uses): within a few kilometres of the fix it is exact to
// centimetres, so offsets near the course are good to well under a metre. The distance along the course is
// always the course's own cumulative geodesic distance, interpolated on the segment the fix lands on.
//
// Choosing the segment (projection/continuity-window.ts, projection/nearest-pass.ts). Without a hint the
// nearest segment wins (on a near tie, the earliest). With a hint, the segments near the fix whose foot
// point lies in the continuity window — from a little behind the previous distance (GPS noise) to as far
// ahead as the rider can have ridden (`reach`), wrapping past the end of a circuit onto the start — are
// preferred, and among those the one that is both close to the fix and close ahead of the previous
// distance. Only when nothing in the window is near the fix (a shortcut, a long gap, a hint that was wrong)
// does the nearest segment overall win.
//
// Speed. Most fixes land a few metres ahead of the previous one: walking the segments of the window from the
// hint's segment finds them without touching the spatial index (projection/segment-index.ts, a Flatbush
// R-tree over segment boxes), which only serves first fixes and recoveries.
//
// This module is the public face; the pieces under projection/ are internal to the projector.
export { CourseProjector, type CourseProjectorOptions } from './projection/course-projector.ts';
export { PROJECTION_BACK_TOLERANCE } from './projection/tuning.ts';
