import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseCourse } from '@echelon/domain';
import {
  type CourseMesg,
  type CoursePointMesg,
  Encoder,
  type FileIdMesg,
  Profile,
  type RecordMesg,
} from '@garmin/fitsdk';
import { describe, expect, it } from 'vitest';
import {
  CourseFileError,
  detectCourseFormat,
  parseCourseFile,
} from '../../src/modules/courses/parsers/index.ts';

// Real files live beside the repository, in ../shared/data (never copied in): resolve from this file.
const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const DATA = path.resolve(REPO_ROOT, '../shared/data');
const COURSES = path.join(DATA, 'courses');
const RIDES = path.join(DATA, 'rides');

const bytesOf = (file: string) => new Uint8Array(readFileSync(file));
const utf8 = (text: string) => new TextEncoder().encode(text);

function parseError(bytes: Uint8Array, filename: string): CourseFileError {
  try {
    parseCourseFile(bytes, filename);
  } catch (error) {
    if (error instanceof CourseFileError) return error;
    throw new Error(`expected a CourseFileError, got ${String(error)}`);
  }
  throw new Error('expected the file to be rejected');
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEMICIRCLES_PER_DEGREE = 2 ** 31 / 180;

/** A small FIT course written with the Garmin SDK: 5 records climbing east, a climb and a turn cue. */
function smallFitCourse(): Uint8Array {
  const encoder = new Encoder();
  const t0 = Date.parse('2024-07-01T10:00:00Z');
  const sc = (deg: number) => Math.round(deg * SEMICIRCLES_PER_DEGREE);
  const fileId: FileIdMesg = {
    manufacturer: 'development',
    product: 1,
    timeCreated: new Date(t0),
    type: 'course',
  };
  const course: CourseMesg = { name: 'Boucle du test', sport: 'cycling' };
  encoder.onMesg(Profile.MesgNum.FILE_ID!, fileId);
  encoder.onMesg(Profile.MesgNum.COURSE!, course);
  for (let i = 0; i < 5; i++) {
    const record: RecordMesg = {
      timestamp: new Date(t0 + i * 1000),
      positionLat: sc(45.1),
      positionLong: sc(-6 + i * 0.001),
      altitude: 1000 + 10 * i,
    };
    encoder.onMesg(Profile.MesgNum.RECORD!, record);
  }
  const points: CoursePointMesg[] = [
    {
      timestamp: new Date(t0 + 3000),
      positionLat: sc(45.1),
      positionLong: sc(-5.997),
      type: 'thirdCategory',
      name: 'Côte du test',
    },
    {
      timestamp: new Date(t0 + 1000),
      positionLat: sc(45.1),
      positionLong: sc(-5.999),
      type: 'left',
      name: 'Left',
    },
  ];
  for (const point of points) encoder.onMesg(Profile.MesgNum.COURSE_POINT!, point);
  return encoder.close();
}

const SMALL_TCX = `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <Courses>
    <Course>
      <Name>Col test</Name>
      <Lap><TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>2000</DistanceMeters></Lap>
      <Track>
        <Trackpoint><Time>2024-07-01T10:00:00Z</Time><Position><LatitudeDegrees>45.0</LatitudeDegrees><LongitudeDegrees>6.0</LongitudeDegrees></Position><AltitudeMeters>500</AltitudeMeters></Trackpoint>
        <Trackpoint><Time>2024-07-01T10:01:00Z</Time><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>
        <Trackpoint><Time>2024-07-01T10:02:00Z</Time><Position><LatitudeDegrees>45.009</LatitudeDegrees><LongitudeDegrees>6.0</LongitudeDegrees></Position><AltitudeMeters>560</AltitudeMeters></Trackpoint>
        <Trackpoint><Time>2024-07-01T10:03:00Z</Time><Position><LatitudeDegrees>45.018</LatitudeDegrees><LongitudeDegrees>6.0</LongitudeDegrees></Position><AltitudeMeters>620</AltitudeMeters></Trackpoint>
      </Track>
      <CoursePoint>
        <Name>Sommet</Name>
        <Time>2024-07-01T10:03:00Z</Time>
        <Position><LatitudeDegrees>45.018</LatitudeDegrees><LongitudeDegrees>6.0005</LongitudeDegrees></Position>
        <PointType>4th Category</PointType>
        <Notes>Côte test, 2 km à 6 %</Notes>
      </CoursePoint>
      <CoursePoint>
        <Name>Tourner</Name>
        <Position><LatitudeDegrees>45.009</LatitudeDegrees><LongitudeDegrees>6.0</LongitudeDegrees></Position>
        <PointType>Left</PointType>
      </CoursePoint>
    </Course>
  </Courses>
</TrainingCenterDatabase>`;

const SMALL_GPX = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <metadata><name>Metadata name</name></metadata>
  <wpt lat="45.0045" lon="6.0001"><name>Sprint</name><desc>Sprint intermédiaire</desc></wpt>
  <trk><name>Track name</name>
    <trkseg>
      <trkpt lat="45.0" lon="6.0"><ele>100</ele></trkpt>
      <trkpt lat="45.003" lon="6.0"><ele>110</ele></trkpt>
    </trkseg>
    <trkseg>
      <trkpt lat="45.006" lon="6.0"></trkpt>
      <trkpt lat="45.009" lon="6.0"><ele>130</ele></trkpt>
    </trkseg>
  </trk>
</gpx>`;

describe('parseCourseFile: the Tour de France course files', () => {
  const files = readdirSync(COURSES).filter((f) => f.endsWith('.gpx'));

  it('finds all six files', () => {
    expect(files).toHaveLength(6);
  });

  it.each(files)('%s: every track point, with elevation when the file has it', (file) => {
    const bytes = bytesOf(path.join(COURSES, file));
    const text = new TextDecoder().decode(bytes);
    const raw = parseCourseFile(bytes, file);
    expect(raw.points.length).toBe(text.match(/<trkpt /g)!.length);
    expect(raw.name).toBeTruthy();
    const withEle = raw.points.filter((p) => p.ele !== null).length;
    expect(withEle).toBe(text.match(/<trkpt [^>]*>\s*<ele>/g)?.length ?? 0);
    const first = /<trkpt lat="([^"]+)" lon="([^"]+)"/.exec(text)!;
    expect(raw.points[0]).toMatchObject({ lat: Number(first[1]), lon: Number(first[2]) });
  });
});

describe('parseCourseFile: recorded rides, FIT and GPX of the same ride', () => {
  const rides = readdirSync(RIDES)
    .filter((f) => f.endsWith('.fit'))
    .map((f) => f.slice(0, -'.fit'.length));

  it('finds all eight rides', () => {
    expect(rides).toHaveLength(8);
  });

  it.each(rides)('%s: FIT and GPX give the same course within 2 %', (ride) => {
    const fit = parseCourseFile(bytesOf(path.join(RIDES, `${ride}.fit`)), `${ride}.fit`);
    const gpx = parseCourseFile(bytesOf(path.join(RIDES, `${ride}.gpx`)), `${ride}.gpx`);
    expect(fit.points.length).toBeGreaterThan(2000);
    expect(fit.points.filter((p) => p.ele !== null).length).toBeGreaterThan(0.9 * fit.points.length);
    // Semicircles converted to degrees: the first fix matches the GPX conversion to ~1 cm.
    expect(fit.points[0]!.lat).toBeCloseTo(gpx.points[0]!.lat, 6);
    expect(fit.points[0]!.lon).toBeCloseTo(gpx.points[0]!.lon, 6);

    const fitCourse = normaliseCourse(fit);
    const gpxCourse = normaliseCourse(gpx);
    expect(fitCourse.length).toBeGreaterThan(30_000);
    expect(Math.abs(fitCourse.length / gpxCourse.length - 1)).toBeLessThan(0.02);
    expect(Math.abs(fitCourse.climbing - gpxCourse.climbing)).toBeLessThanOrEqual(
      0.02 * gpxCourse.climbing + 2,
    );
  });

  it('reads the lengths the README gives for two of them', () => {
    const km = (ride: string) =>
      normaliseCourse(parseCourseFile(bytesOf(path.join(RIDES, `${ride}.fit`)), `${ride}.fit`)).length / 1000;
    expect(km('fitparse__Edge810-Vector-2013-08-16-15-35-10')).toBeCloseTo(41.4, 0);
    expect(km('sweatpy__4078723797')).toBeCloseTo(57.6, 0);
  });

  it('a FIT file renamed .gpx is still read as FIT', () => {
    const bytes = bytesOf(path.join(RIDES, 'fitparse__sample-activity.fit'));
    expect(detectCourseFormat(bytes, 'renamed.gpx')).toBe('fit');
    expect(parseCourseFile(bytes, 'renamed.gpx').points.length).toBeGreaterThan(2000);
  });
});

describe('parseCourseFile: FIT courses', () => {
  it('reads records and course points, converting semicircles to degrees', () => {
    const raw = parseCourseFile(smallFitCourse(), 'course.FIT');
    expect(raw.name).toBe('Boucle du test');
    expect(raw.points).toHaveLength(5);
    expect(raw.points[0]!.lat).toBeCloseTo(45.1, 6);
    expect(raw.points[4]!.lon).toBeCloseTo(-5.996, 6);
    expect(raw.points.map((p) => p.ele)).toEqual([1000, 1010, 1020, 1030, 1040]);
    expect(raw.waypoints).toHaveLength(2);
    expect(raw.waypoints[0]).toMatchObject({
      name: 'Côte du test',
      type: 'thirdCategory',
      description: null,
    });
    expect(raw.waypoints[0]!.lon).toBeCloseTo(-5.997, 6);

    const [climb, ...others] = normaliseCourse(raw).suggestedCheckpoints;
    expect(others).toHaveLength(0); // the turn cue is not a checkpoint
    expect(climb).toMatchObject({ kind: 'climb', climbCategory: '3', name: 'Côte du test' });
    expect(climb!.offset).toBeLessThan(1);
  });
});

describe('parseCourseFile: TCX', () => {
  it('reads a course: track points with a position, altitude, course points and the course name', () => {
    const raw = parseCourseFile(utf8(SMALL_TCX), 'col.tcx');
    expect(raw.name).toBe('Col test');
    expect(raw.points).toEqual([
      { lat: 45, lon: 6, ele: 500 },
      { lat: 45.009, lon: 6, ele: 560 },
      { lat: 45.018, lon: 6, ele: 620 },
    ]);
    expect(raw.waypoints).toEqual([
      {
        lat: 45.018,
        lon: 6.0005,
        name: 'Sommet',
        description: 'Côte test, 2 km à 6 %',
        type: '4th Category',
      },
      { lat: 45.009, lon: 6, name: 'Tourner', description: null, type: 'Left' },
    ]);
    const course = normaliseCourse(raw);
    expect(course.length).toBeCloseTo(2000, -1);
    expect(course.suggestedCheckpoints).toMatchObject([
      { kind: 'climb', climbCategory: '4', name: 'Sommet' },
    ]);
  });

  it('reads an activity: the track points of every lap, in order', () => {
    const lap = (lat0: number) =>
      `<Lap><Track>${[0, 1, 2]
        .map(
          (i) =>
            `<Trackpoint><Position><LatitudeDegrees>${lat0 + i * 0.001}</LatitudeDegrees><LongitudeDegrees>5</LongitudeDegrees></Position></Trackpoint>`,
        )
        .join('')}</Track></Lap>`;
    const tcx = `<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Biking"><Id>2024-07-01T10:00:00Z</Id>${lap(44)}${lap(44.003)}</Activity></Activities></TrainingCenterDatabase>`;
    const raw = parseCourseFile(utf8(tcx), 'activity.tcx');
    expect(raw.name).toBeNull();
    expect(raw.points.map((p) => p.lat)).toEqual([44, 44.001, 44.002, 44.003, 44.004, 44.005]);
    expect(raw.points.every((p) => p.ele === null)).toBe(true);
  });
});

describe('parseCourseFile: GPX variants', () => {
  it('concatenates track segments in order, keeps missing elevations as null, reads waypoints', () => {
    const raw = parseCourseFile(utf8(SMALL_GPX), 'small.gpx');
    expect(raw.name).toBe('Track name');
    expect(raw.points.map((p) => [p.lat, p.ele])).toEqual([
      [45, 100],
      [45.003, 110],
      [45.006, null],
      [45.009, 130],
    ]);
    expect(raw.waypoints).toEqual([
      { lat: 45.0045, lon: 6.0001, name: 'Sprint', description: 'Sprint intermédiaire', type: null },
    ]);
  });

  it('falls back to the route when there is no track, and to the metadata name', () => {
    const gpx = `<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><metadata><name>Planned</name></metadata>
      <rte><rtept lat="45" lon="6"/><rtept lat="45.01" lon="6"/><rtept lat="45.02" lon="6.01"/></rte></gpx>`;
    const raw = parseCourseFile(utf8(gpx), 'route.GPX');
    expect(raw.name).toBe('Planned');
    expect(raw.points).toHaveLength(3);
  });

  it('honours a declared ISO-8859-1 encoding', () => {
    const text = `<?xml version="1.0" encoding="ISO-8859-1"?><gpx version="1.0"><wpt lat="45" lon="6"><name>Côte de Pérols</name></wpt><trk><trkseg><trkpt lat="45" lon="6"/><trkpt lat="45.01" lon="6"/></trkseg></trk></gpx>`;
    const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(parseCourseFile(latin1, 'old.gpx').waypoints[0]!.name).toBe('Côte de Pérols');
  });

  it('recognises GPX content whatever the extension', () => {
    expect(detectCourseFormat(utf8(SMALL_GPX), 'export.xml')).toBe('gpx');
    expect(detectCourseFormat(utf8(`\uFEFF<!-- x --><gpx:gpx xmlns:gpx="g"/>`), 'noext')).toBe('gpx');
    expect(parseCourseFile(utf8(SMALL_GPX), 'export.xml').points).toHaveLength(4);
    expect(detectCourseFormat(utf8(SMALL_TCX), 'course')).toBe('tcx');
  });
});

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

describe('parseCourseFile: TdF 2025 stage 6 climb waypoints', () => {
  it('gives six categorised climb checkpoints, in course order, each on the course', () => {
    const file = 'tdf2025-stage06-bayeux-vire-normandie__tdf-route-extractor.gpx';
    const raw = parseCourseFile(bytesOf(path.join(COURSES, file)), file);
    expect(raw.waypoints).toHaveLength(6);
    expect(raw.waypoints[0]).toEqual({
      lat: 49.05281,
      lon: -0.658,
      name: 'Côte du Mont Pinçon',
      description: 'Côte du Mont Pinçon - 5,6 km de montée à 3.7% - Catégorie 3',
      type: 'climb',
    });

    const course = normaliseCourse(raw);
    expect(course.hasElevation).toBe(false);
    const checkpoints = course.suggestedCheckpoints;
    expect(checkpoints.map((c) => c.kind)).toEqual(Array(6).fill('climb'));
    expect(checkpoints.map((c) => c.climbCategory)).toEqual(['3', '3', '3', '3', '3', '4']);
    expect(checkpoints.map((c) => c.name)).toEqual([
      'Côte du Mont Pinçon',
      'Côte de la Raçonnière',
      'Côte de Mortain Cote 314',
      'Côte de Juvigny-le-Tertre',
      'Côte de Saint-Michel-de-Montjoie',
      'Côte de Vaudry',
    ]);
    for (let i = 1; i < checkpoints.length; i++) {
      expect(checkpoints[i]!.distance).toBeGreaterThan(checkpoints[i - 1]!.distance);
    }
    for (const c of checkpoints) {
      expect(c.offset).toBeLessThan(200);
      expect(c.distance).toBeGreaterThan(0);
      expect(c.distance).toBeLessThan(course.length);
    }
  });
});
