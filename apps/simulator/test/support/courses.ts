import type { CoursePointTuple } from '../../src/model/course.ts';
import { haversine } from '../../src/model/geo.ts';

/**
 * A course heading north from Dijon, one point every 10 m, with the elevation given by `ele(distance)`.
 * `loop` bends it into a closed circle instead (a circuit for laps).
 */
export function syntheticCourse(
  length: number,
  ele: (distance: number) => number | null = () => 250,
  loop = false,
): CoursePointTuple[] {
  const points: CoursePointTuple[] = [];
  const lat0 = 47.32;
  const lon0 = 5.04;
  const radius = length / (2 * Math.PI);
  for (let d = 0; d <= length; d += 10) {
    let lat: number;
    let lon: number;
    if (loop) {
      const angle = (2 * Math.PI * d) / length;
      lat = lat0 + (radius * Math.sin(angle)) / 111_200;
      lon = lon0 + (radius * (1 - Math.cos(angle))) / (111_200 * Math.cos((lat0 * Math.PI) / 180));
    } else {
      lat = lat0 + d / 111_200;
      lon = lon0;
    }
    const previous = points.at(-1);
    const distance = previous ? previous[3] + haversine(previous[0], previous[1], lat, lon) : 0;
    points.push([lat, lon, ele(d), distance]);
  }
  return points;
}

/** Rolling: flat, a 2 km climb at 6 %, a 2 km descent, flat again. */
export const rolling = (d: number): number => {
  if (d < 4000) return 250;
  if (d < 6000) return 250 + (d - 4000) * 0.06;
  if (d < 8000) return 370 - (d - 6000) * 0.06;
  return 250;
};
