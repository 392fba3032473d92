// GPX 1.0/1.1: the course is the track (every <trkseg> of every <trk>, in order) or, for files from route
// planners that only write a route, the <rte>. Waypoints (<wpt>) become RawWaypoints with their name,
// description and type, which is where course files mark climbs and sprints.
//
// @tmcw/togeojson does the reading: it keeps <ele> as the third coordinate, skips points without a valid
// lat/lon, and copies <name>, <desc>, <cmt> and <type> of tracks and waypoints into properties. It drops a
// <trkseg> of a single point (not a GeoJSON line), which cannot matter for a course. The file-level name
// in <metadata> it does not read; that comes from the DOM directly.
import type { RawTrack, RawWaypoint, TrackPoint } from '@echelon/domain';
import { gpx } from '@tmcw/togeojson';
import type { Document } from '@xmldom/xmldom';
import { CourseFileError, messageOf } from './errors.ts';
import { featuresOf, type GeoFeature, linePoints, pointPosition, stringProperty } from './geojson.ts';
import { childElements, childText } from './xml.ts';

export function parseGpx(doc: Document): RawTrack {
  const root = doc.documentElement;
  if (root?.localName !== 'gpx') {
    throw new CourseFileError(
      `The file is not a GPX file: its root element is <${root?.localName ?? '?'}>, not <gpx>`,
    );
  }
  let features: GeoFeature[];
  try {
    features = featuresOf(gpx(doc));
  } catch (error) {
    throw new CourseFileError(`The GPX file could not be read: ${messageOf(error)}`);
  }

  const tracks = features.filter((f) => f.properties._gpxType === 'trk');
  const routes = features.filter((f) => f.properties._gpxType === 'rte');
  const fromTracks = tracks.flatMap(linePoints);
  const lines = fromTracks.length > 0 ? tracks : routes;
  const points: TrackPoint[] = fromTracks.length > 0 ? fromTracks : routes.flatMap(linePoints);
  if (points.length === 0) throw new CourseFileError('The GPX file has no track or route points');

  const metadata = childElements(root, 'metadata')[0];
  const name =
    lines.map((f) => stringProperty(f, 'name')).find((n) => n !== null) ??
    (metadata ? childText(metadata, 'name') : null);

  return { name, points, waypoints: features.flatMap(toWaypoint) };
}

function toWaypoint(feature: GeoFeature): RawWaypoint[] {
  const position = pointPosition(feature);
  if (!position) return [];
  return [
    {
      ...position,
      name: stringProperty(feature, 'name') ?? '',
      // <desc> is the description meant for people; <cmt> is the older GPX 1.0 habit for the same thing.
      description: stringProperty(feature, 'desc') ?? stringProperty(feature, 'cmt'),
      type: stringProperty(feature, 'type'),
    },
  ];
}
