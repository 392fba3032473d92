// Garmin Training Center (TCX): either a course (<Courses><Course><Track>…) or a recorded activity
// (<Activities><Activity><Lap><Track>…). Track points carry <Position> and <AltitudeMeters>.
//
// @tmcw/togeojson reads the track points of both (skipping points without a position, which activities
// record while the GPS has no fix) but ignores <CoursePoint>s, the TCX equivalent of waypoints, and the
// course <Name>: those come from the DOM directly.
import type { RawTrack, RawWaypoint } from '@echelon/domain';
import { tcx } from '@tmcw/togeojson';
import type { Document, Element } from '@xmldom/xmldom';
import { CourseFileError, messageOf } from './errors.ts';
import { featuresOf, linePoints } from './geojson.ts';
import { childElements, childText, descendants } from './xml.ts';

export function parseTcx(doc: Document): RawTrack {
  const root = doc.documentElement;
  if (root?.localName !== 'TrainingCenterDatabase') {
    throw new CourseFileError(
      `The file is not a TCX file: its root element is <${root?.localName ?? '?'}>, not <TrainingCenterDatabase>`,
    );
  }
  let points: RawTrack['points'];
  try {
    points = featuresOf(tcx(doc)).flatMap(linePoints);
  } catch (error) {
    throw new CourseFileError(`The TCX file could not be read: ${messageOf(error)}`);
  }
  if (points.length === 0) throw new CourseFileError('The TCX file has no track points with a position');

  const course = descendants(doc, 'Course')[0];
  return {
    name: course ? childText(course, 'Name') : null,
    points,
    waypoints: descendants(doc, 'CoursePoint').flatMap(toWaypoint),
  };
}

/** A <CoursePoint>: Name, Position, PointType ("Summit", "4th Category", "Sprint", "Food" …) and Notes. */
function toWaypoint(element: Element): RawWaypoint[] {
  const position = childElements(element, 'Position')[0];
  if (!position) return [];
  const lat = Number(childText(position, 'LatitudeDegrees'));
  const lon = Number(childText(position, 'LongitudeDegrees'));
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return [];
  return [
    {
      lat,
      lon,
      name: childText(element, 'Name') ?? '',
      description: childText(element, 'Notes'),
      type: childText(element, 'PointType'),
    },
  ];
}
