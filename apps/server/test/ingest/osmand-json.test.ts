// Contract tests for the OsmAnd JSON decoder (the Traccar Client body in the transistorsoft
// background-geolocation format), on Traccar's own decoder-test payloads (osmand-json-samples.jsonl), then
// the cases the samples do not cover.
import { describe, expect, it } from 'vitest';
import { decodeOsmAndJson } from '../../src/modules/ingest/protocols/index.ts';
import { onlyFix, reasonOf, sampleBodies } from './protocol-samples.ts';

const JSON_BODIES = sampleBodies('osmand-json-samples.jsonl');

describe('OsmAnd JSON samples (osmand-json-samples.jsonl)', () => {
  it('has the 4 samples', () => expect(JSON_BODIES).toHaveLength(4));

  it('1: motionchange, heading -1 → null, battery level 1 → 100 %', () => {
    expect(onlyFix(decodeOsmAndJson(JSON_BODIES[0]))).toEqual({
      deviceId: '48241179',
      time: 1749995112862, // 2025-06-15T13:45:12.862Z
      lat: 37.4219983,
      lon: -122.084,
      speed: 0,
      heading: null,
      altitude: 5,
      accuracy: 5,
      battery: 100,
      charging: false,
      sos: false,
      attributes: { is_moving: false, odometer: 0, event: 'motionchange', activity: 'still' },
    });
  });

  it('2: extras copied, typed as in the JSON (integers stay integers)', () => {
    const fix = onlyFix(decodeOsmAndJson(JSON_BODIES[1]));
    expect(fix.attributes).toEqual({
      is_moving: false,
      odometer: 0,
      event: 'motionchange',
      activity: 'still',
      device_string_test: 'long_device_id',
      device_bool_test: true,
      device_bool_false_test: false,
      device_integer_test: 1,
      device_integer_twelve_test: 12,
      device_double_test: 1.345,
      device_very_long_double_test: 1763636.3442,
    });
    expect(Number.isInteger(fix.attributes.device_integer_twelve_test)).toBe(true);
    expect(fix).toMatchObject({ deviceId: '48241179', lat: 37.4219983, lon: -122.084, battery: 100 });
  });

  it('3: mock location, speed/heading -1 → null, battery level -1 → null', () => {
    expect(onlyFix(decodeOsmAndJson(JSON_BODIES[2]))).toEqual({
      deviceId: '658765',
      time: 1746763890579, // 2025-05-09T04:11:30.579Z
      lat: 37.785834,
      lon: -122.406417,
      speed: null,
      heading: null,
      altitude: 0,
      accuracy: 5,
      battery: null,
      charging: false,
      sos: false,
      attributes: {
        mock: true,
        is_moving: false,
        age: 188,
        odometer: 0,
        uuid: '2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8',
        event: 'motionchange',
        activity: 'unknown',
        activity_confidence: 100,
        ellipsoidal_altitude: 0,
      },
    });
  });

  it('4: moving, speed already m/s, battery 0.79 → 79 %', () => {
    expect(onlyFix(decodeOsmAndJson(JSON_BODIES[3]))).toEqual({
      deviceId: '8737767034',
      time: 1626854794444, // 2021-07-21T08:06:34.444Z
      lat: -6.1148096,
      lon: 106.6837015,
      speed: 18.67,
      heading: 63,
      altitude: 35.7,
      accuracy: 3.8,
      battery: 79,
      charging: false,
      sos: false,
      attributes: {
        event: 'motionchange',
        is_moving: false,
        uuid: '0e9a2473-a9a7-4c00-997b-fb97d2154e75',
        odometer: 0,
        speed_accuracy: 0.26,
        heading_accuracy: 0.28,
        altitude_accuracy: 3.8,
        activity: 'still',
        activity_confidence: 100,
      },
    });
  });
});

describe('OsmAnd JSON, beyond the samples', () => {
  const location = (extra: Record<string, unknown> = {}) => ({
    timestamp: '2025-06-15T13:45:12.862Z',
    coords: { latitude: 1, longitude: 2, speed: 3, heading: 4, accuracy: 5, altitude: 6 },
    ...extra,
  });

  it('a batch: location as an array → one fix each; [] → none', () => {
    const result = decodeOsmAndJson({ device_id: 'd', location: [location(), location({ timestamp: 1 })] });
    expect(result.ok && result.fixes.map((fix) => fix.time)).toEqual([1749995112862, 1000]);
    expect(decodeOsmAndJson({ device_id: 'd', location: [] })).toEqual({ ok: true, fixes: [] });
  });

  it('alarm sos from extras; no coords → no position; numeric device_id; top-level params kept', () => {
    const fix = onlyFix(
      decodeOsmAndJson({
        device_id: 42,
        user_id: 7,
        location: { timestamp: '2025-06-15T13:45:12Z', extras: { alarm: 'sos' } },
      }),
    );
    expect(fix).toMatchObject({ deviceId: '42', sos: true, lat: null, lon: null, time: 1749995112000 });
    expect(fix.attributes).toEqual({ alarm: 'sos', user_id: 7 });
  });

  it('non-object bodies and bad values → 400', () => {
    for (const body of [null, 'text', 42, [], true]) {
      expect(reasonOf(decodeOsmAndJson(body))).toMatch(/^body:/);
    }
    expect(reasonOf(decodeOsmAndJson({ location: location() }))).toMatch(/^device_id/);
    expect(reasonOf(decodeOsmAndJson({ device_id: 'd' }))).toMatch(/^location/);
    expect(reasonOf(decodeOsmAndJson({ device_id: 'd', location: [location(), 'x'] }))).toMatch(
      /^location\[1\]/,
    );
    const badLat = location({ coords: { latitude: 'abc', longitude: 2 } });
    expect(reasonOf(decodeOsmAndJson({ device_id: 'd', location: badLat }))).toMatch(
      /^location\.coords\.latitude/,
    );
    const badTime = location({ timestamp: 'soon' });
    expect(reasonOf(decodeOsmAndJson({ device_id: 'd', location: badTime }))).toMatch(/^location\.timestamp/);
    const farNorth = location({ coords: { latitude: 95, longitude: 2 } });
    expect(onlyFix(decodeOsmAndJson({ device_id: 'd', location: farNorth })).lat).toBe(95);
  });
});
