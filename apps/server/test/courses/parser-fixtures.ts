// Shared by the course parser tests: where the real files are, and small hand-made GPX, TCX and FIT
// courses whose every value the tests can state.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CourseMesg,
  type CoursePointMesg,
  Encoder,
  type FileIdMesg,
  Profile,
  type RecordMesg,
} from '@garmin/fitsdk';

// Real files live beside the repository, in ../shared/data (never copied in): resolve from this file.
const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const DATA = path.resolve(REPO_ROOT, '../shared/data');
export const COURSES = path.join(DATA, 'courses');
export const RIDES = path.join(DATA, 'rides');

export const bytesOf = (file: string) => new Uint8Array(readFileSync(file));
export const utf8 = (text: string) => new TextEncoder().encode(text);

const SEMICIRCLES_PER_DEGREE = 2 ** 31 / 180;

/** A small FIT course written with the Garmin SDK: 5 records climbing east, a climb and a turn cue. */
export function smallFitCourse(): Uint8Array {
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

export const SMALL_TCX = `<?xml version="1.0" encoding="UTF-8"?>
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

export const SMALL_GPX = `<?xml version="1.0" encoding="UTF-8"?>
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
