// parseCourseFile on the XML formats: the real Tour de France GPX files (points, elevation, climb
// waypoints), hand-made TCX courses and activities, and the GPX variants (segments, routes, encodings).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { normaliseCourse } from '@echelon/domain';
import { describe, expect, it } from 'vitest';
import { detectCourseFormat, parseCourseFile } from '../../src/modules/courses/parsers/index.ts';
import { bytesOf, COURSES, SMALL_GPX, SMALL_TCX, utf8 } from './parser-fixtures.ts';

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
