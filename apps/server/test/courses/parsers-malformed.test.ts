// parseCourseFile on files it must reject: every failure is a CourseFileError whose message says what is
// wrong with the file, never a library error escaping (which the API would report as a server fault).
import path from 'node:path';
import { mulberry32 as seededRandom } from '@echelon/simulator';
import { describe, expect, it } from 'vitest';
import { CourseFileError, parseCourseFile } from '../../src/modules/courses/parsers/index.ts';
import { bytesOf, RIDES, SMALL_GPX, SMALL_TCX, smallFitCourse, utf8 } from './parser-fixtures.ts';

function parseError(bytes: Uint8Array, filename: string): CourseFileError {
  try {
    parseCourseFile(bytes, filename);
  } catch (error) {
    if (error instanceof CourseFileError) return error;
    throw new Error(`expected a CourseFileError, got ${String(error)}`);
  }
  throw new Error('expected the file to be rejected');
}

describe('parseCourseFile: files it must reject', () => {
  const fitBytes = smallFitCourse();
  const truncatedRide = bytesOf(path.join(RIDES, 'fitparse__sample-activity.fit')).subarray(0, 50_000);
  const corruptedFit = Uint8Array.from(fitBytes);
  corruptedFit[100] = corruptedFit[100]! ^ 0xff;
  const randomBytes = Uint8Array.from({ length: 4096 }, seededRandom(7)).map((x) => Math.floor(x * 256));

  it.each([
    ['empty file', new Uint8Array(0), 'course.gpx', /^The file is empty/],
    [
      'KML',
      utf8('<kml xmlns="http://www.opengis.net/kml/2.2"/>'),
      'course.kml',
      /^Unsupported file type '\.kml': upload GPX, TCX or FIT$/,
    ],
    ['unknown content, no extension', utf8('hello'), 'README', /^Unsupported file type/],
    ['random bytes as .fit', randomBytes, 'ride.fit', /^The file is not a FIT file/],
    ['random bytes as .gpx', randomBytes, 'course.gpx', /^The file is not valid XML/],
    ['truncated FIT', truncatedRide, 'ride.fit', /^The FIT file could not be decoded/],
    ['corrupted FIT (CRC)', corruptedFit, 'course.fit', /^The FIT file could not be decoded/],
    ['FIT header only', fitBytes.subarray(0, 14), 'course.fit', /^The FIT file could not be decoded/],
    ['unclosed XML', utf8('<gpx><trk><trkseg>'), 'course.gpx', /^The file is not valid XML: .*unclosed/],
    [
      'XML that is not GPX',
      utf8('<kml><Placemark/></kml>'),
      'course.gpx',
      /^The file is not a GPX file: its root element is <kml>/,
    ],
    ['XML that is not TCX', utf8('<html><body/></html>'), 'course.tcx', /^The file is not a TCX file/],
    [
      'GPX without points',
      utf8('<gpx version="1.1"><wpt lat="45" lon="6"/></gpx>'),
      'c.gpx',
      /^The GPX file has no track or route points$/,
    ],
    [
      'TCX without positions',
      utf8(
        '<TrainingCenterDatabase><Courses><Course><Track><Trackpoint/></Track></Course></Courses></TrainingCenterDatabase>',
      ),
      'c.tcx',
      /^The TCX file has no track points with a position$/,
    ],
  ])('%s', (_label, bytes, filename, message) => {
    expect(parseError(bytes, filename).message).toMatch(message);
  });

  it('never lets a library error escape, whatever the damage (fuzzed GPX, TCX and FIT)', () => {
    const random = seededRandom(42);
    const samples: Array<[Uint8Array, string]> = [
      [utf8(SMALL_GPX), 'f.gpx'],
      [utf8(SMALL_TCX), 'f.tcx'],
      [fitBytes, 'f.fit'],
    ];
    let rejected = 0;
    for (const [original, filename] of samples) {
      for (let round = 0; round < 150; round++) {
        const bytes = Uint8Array.from(original.subarray(0, Math.floor(random() * original.length) + 1));
        const flips = Math.floor(random() * 4);
        for (let f = 0; f < flips; f++)
          bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        try {
          parseCourseFile(bytes, filename);
        } catch (error) {
          expect(error).toBeInstanceOf(CourseFileError);
          rejected++;
        }
      }
    }
    expect(rejected).toBeGreaterThan(300);
  });
});
