// Garmin FIT (binary): a course file or a recorded activity. Positions are in `record` messages, course
// points (climbs, sprints, turn cues) in `course_point` messages; both store latitude and longitude as
// "semicircles", signed 32-bit integers where 2^31 is 180°.
import type { RawTrack, RawWaypoint, TrackPoint } from '@echelon/domain';
import { Decoder, Stream } from '@garmin/fitsdk';
import { looksLikeFit } from './detect.ts';
import { CourseFileError, messageOf } from './errors.ts';

const DEGREES_PER_SEMICIRCLE = 180 / 2 ** 31;

function degrees(semicircles: number | undefined): number | null {
  return typeof semicircles === 'number' && Number.isFinite(semicircles)
    ? semicircles * DEGREES_PER_SEMICIRCLE
    : null;
}

/** Something that has the optional position fields of FIT record and course-point messages. */
interface Positioned {
  positionLat?: number;
  positionLong?: number;
}

function positionOf(message: Positioned): { lat: number; lon: number } | null {
  const lat = degrees(message.positionLat);
  const lon = degrees(message.positionLong);
  return lat === null || lon === null ? null : { lat, lon };
}

function decode(bytes: Uint8Array) {
  const stream = Stream.fromByteArray(bytes);
  if (!Decoder.isFIT(stream)) {
    // The SDK also says "not FIT" for a file cut short inside its header: tell the two cases apart.
    throw new CourseFileError(
      looksLikeFit(bytes)
        ? `The FIT file could not be decoded (it may be truncated or corrupted): invalid ${bytes.length}-byte header`
        : 'The file is not a FIT file: its header does not contain ".FIT"',
    );
  }
  // read() catches its own exceptions (truncated data, CRC mismatch, unknown record types) and returns them;
  // a course built from the part before the damage would silently be wrong, so any error rejects the file.
  const { messages, errors } = new Decoder(stream).read({
    convertDateTimesToDates: false,
    mergeHeartRates: false,
  });
  const first = errors[0];
  if (first) {
    throw new CourseFileError(
      `The FIT file could not be decoded (it may be truncated or corrupted): ${messageOf(first)}`,
    );
  }
  return messages;
}

export function parseFit(bytes: Uint8Array): RawTrack {
  let messages: ReturnType<typeof decode>;
  try {
    messages = decode(bytes);
  } catch (error) {
    if (error instanceof CourseFileError) throw error;
    throw new CourseFileError(`The FIT file could not be decoded: ${messageOf(error)}`);
  }

  const points: TrackPoint[] = [];
  for (const record of messages.recordMesgs ?? []) {
    // Records without a position are sensor-only samples (heart rate, power) logged before a GPS fix.
    const position = positionOf(record);
    if (!position) continue;
    // enhanced_altitude is the 32-bit field newer devices write; altitude the 16-bit one. The SDK fills both
    // when the file has either, so prefer the one with more range and precision.
    const ele = record.enhancedAltitude ?? record.altitude;
    points.push({ ...position, ele: typeof ele === 'number' && Number.isFinite(ele) ? ele : null });
  }
  if (points.length === 0) throw new CourseFileError('The FIT file has no records with a GPS position');

  const waypoints: RawWaypoint[] = [];
  for (const point of messages.coursePointMesgs ?? []) {
    const position = positionOf(point);
    if (!position) continue;
    waypoints.push({
      ...position,
      name: typeof point.name === 'string' ? point.name.trim() : '',
      description: null,
      // The FIT course-point type as the SDK names it: "summit", "fourthCategory", "sprint", "left" …
      type: point.type === undefined ? null : String(point.type),
    });
  }

  const courseName = messages.courseMesgs?.[0]?.name;
  return {
    name: typeof courseName === 'string' && courseName.trim() ? courseName.trim() : null,
    points,
    waypoints,
  };
}
