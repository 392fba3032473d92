// Contract tests for the tracker protocol decoders, on Traccar's own decoder-test payloads
// (../shared/data/protocols, read in place, never copied into the repository).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type DecodedFix,
  type DecodeResult,
  decodeOsmAndJson,
  decodeOsmAndQuery,
  decodeOwnTracks,
  KNOTS_TO_MPS,
  paramsFromQueryString,
} from '../../src/modules/ingest/protocols/index.ts';

const PROTOCOLS = path.resolve(import.meta.dirname, '../../../../../shared/data/protocols');
const lines = (file: string) =>
  readFileSync(path.join(PROTOCOLS, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

const QUERY = lines('osmand-query-samples.txt');
const JSON_BODIES = lines('osmand-json-samples.jsonl').map((line) => JSON.parse(line) as unknown);
const OWNTRACKS = lines('owntracks-samples.jsonl').map((line) => JSON.parse(line) as unknown);

/** A sample URI `/?a=1&b=2` → its parameters, as a route would receive them. */
const queryOf = (uri: string) => paramsFromQueryString(uri.slice(uri.indexOf('?') + 1));

function onlyFix(result: DecodeResult): DecodedFix {
  if (!result.ok) throw new Error(`expected ok, got 400: ${result.reason}`);
  expect(result.fixes).toHaveLength(1);
  return result.fixes[0]!;
}

function reasonOf(result: DecodeResult): string {
  if (result.ok) throw new Error('expected a 400');
  expect(result.status).toBe(400);
  return result.reason;
}

const NO_VALUES = {
  time: null,
  lat: null,
  lon: null,
  speed: null,
  heading: null,
  altitude: null,
  accuracy: null,
  battery: null,
  charging: null,
  sos: false,
};

describe('OsmAnd query samples (osmand-query-samples.txt, in file order)', () => {
  it('has the 11 samples', () => expect(QUERY).toHaveLength(11));

  it('1: cell and wifi only → a fix with no position, repeated keys kept', () => {
    expect(onlyFix(decodeOsmAndQuery(queryOf(QUERY[0]!)))).toEqual({
      ...NO_VALUES,
      deviceId: '123456',
      time: 1377177267000, // epoch seconds 2013-08-22T13:14:27Z
      attributes: {
        cell: '257,02,16,2224;257,02,16,2223,-90',
        wifi: '00-14-22-01-23-45,-80;00-1C-B3-09-85-15,-70',
      },
    });
  });

  it('2: no id → 400', () => {
    expect(reasonOf(decodeOsmAndQuery(queryOf(QUERY[1]!)))).toMatch(/id/);
  });

  it('3: ISO-8601 timestamp', () => {
    expect(onlyFix(decodeOsmAndQuery(queryOf(QUERY[2]!)))).toEqual({
      ...NO_VALUES,
      deviceId: '902064',
      time: 1453920947000, // 2016-01-27T18:55:47Z
      lat: 42.06288,
      lon: -88.23412,
      speed: 0,
      altitude: 224,
      attributes: { hdop: 6 },
    });
  });

  it('4: epoch milliseconds timestamp', () => {
    expect(onlyFix(decodeOsmAndQuery(queryOf(QUERY[3]!)))).toEqual({
      ...NO_VALUES,
      deviceId: '902064',
      time: 1442068686579, // 2015-09-12T14:38:06.579Z
      lat: 42.06288,
      lon: -88.23412,
      speed: 0,
      altitude: 224,
      attributes: { hdop: 6 },
    });
  });

  it('5: yyyy-MM-dd HH:mm:ss timestamp (UTC, + as blank), id last', () => {
    expect(onlyFix(decodeOsmAndQuery(queryOf(QUERY[4]!)))).toEqual({
      ...NO_VALUES,
      deviceId: '353861053849681',
      time: 1401873011000, // 2014-06-04T09:10:11Z
      lat: 49.60688,
      lon: 6.15788,
      speed: 0,
      altitude: 384.7,
      attributes: {},
    });
  });

  it('6: bearing, zero speed/altitude/hdop', () => {
    expect(onlyFix(decodeOsmAndQuery(queryOf(QUERY[5]!)))).toEqual({
      ...NO_VALUES,
      deviceId: '123456',
      time: 1377177267000,
      lat: 60,
      lon: 30,
      speed: 0,
      heading: 0,
      altitude: 0,
      attributes: { hdop: 0 },
    });
  });

  it('7: the minimum (id, timestamp, lat, lon)', () => {
    expect(onlyFix(decodeOsmAndQuery(queryOf(QUERY[6]!)))).toEqual({
      ...NO_VALUES,
      deviceId: '123456',
      time: 1377177267000,
      lat: 60,
      lon: 30,
      attributes: {},
    });
  });

  it('8: deviceid=, heading=, hacc → accuracy, vacc → attribute, no timestamp → time null', () => {
    expect(onlyFix(decodeOsmAndQuery(queryOf(QUERY[7]!)))).toEqual({
      ...NO_VALUES,
      deviceId: '123456',
      time: null,
      lat: 60,
      lon: 30,
      speed: 0,
      heading: 0,
      altitude: 0,
      accuracy: 0,
      attributes: { vacc: 0 },
    });
  });

  it('9: batt, speed 0.000000, no timestamp', () => {
    expect(onlyFix(decodeOsmAndQuery(queryOf(QUERY[8]!)))).toEqual({
      ...NO_VALUES,
      deviceId: '861001000719969',
      time: null,
      lat: 41.666667,
      lon: -0.883333,
      speed: 0,
      altitude: 350.059479,
      battery: 87,
      attributes: {},
    });
  });

  it('10: location=lat,lon', () => {
    expect(onlyFix(decodeOsmAndQuery(queryOf(QUERY[9]!)))).toEqual({
      ...NO_VALUES,
      deviceId: '123456',
      time: 1377177267000,
      lat: 60,
      lon: 30,
      attributes: {},
    });
  });

  it('11: speed 40 knots → m/s, unknown keys typed into attributes', () => {
    const fix = onlyFix(decodeOsmAndQuery(queryOf(QUERY[10]!)));
    expect(fix).toEqual({
      ...NO_VALUES,
      deviceId: '123456789012345',
      time: 1504763810000, // 2017-09-07T05:56:50Z
      lat: 40.7232948571,
      lon: -74.0061408571,
      speed: expect.any(Number),
      heading: 7.19889788244,
      attributes: { ignition: true, rpm: 933, fuel: 24 },
    });
    expect(fix.speed).toBeCloseTo(20.577778, 6); // 40 × 1852 / 3600
  });
});

describe('OsmAnd query, beyond the samples', () => {
  const decode = (params: Record<string, string | string[]>) => decodeOsmAndQuery(params);

  it('knots → m/s', () => {
    expect(KNOTS_TO_MPS).toBeCloseTo(0.514444, 6);
    expect(onlyFix(decode({ id: 'a', speed: '1' })).speed).toBeCloseTo(0.514444, 6);
  });

  it('timestamp variants', () => {
    const time = (timestamp: string) => onlyFix(decode({ id: 'a', timestamp })).time;
    expect(time('2016-01-27T18:55:47.120Z')).toBe(1453920947120);
    expect(time('2016-01-27T20:55:47+02:00')).toBe(1453920947000);
    expect(time('2016-01-27T18:55:47')).toBe(1453920947000); // no zone → UTC
    expect(time('2147483647')).toBe(2147483647000); // < 2^31: seconds
    expect(time('2147483648')).toBe(2147483648); // ≥ 2^31: milliseconds
    expect(time('1377177267.5')).toBe(1377177267500);
  });

  it('charge, alarm=sos, accuracy over hacc, empty values as absent, leading zeros stay text', () => {
    const fix = onlyFix(
      decode({ id: 'a', charge: 'true', alarm: 'sos', accuracy: '4', hacc: '7', altitude: '', code: '007' }),
    );
    expect(fix).toMatchObject({ charging: true, sos: true, accuracy: 4, altitude: null });
    expect(fix.attributes).toEqual({ alarm: 'sos', hacc: 7, code: '007' });
    expect(onlyFix(decode({ id: 'a', alarm: 'lowBattery' })).sos).toBe(false);
  });

  it('non-numeric values → 400 naming the field; out-of-range values are left to the server', () => {
    expect(reasonOf(decode({ id: 'a', lat: 'abc', lon: '30' }))).toMatch(/^lat:/);
    expect(reasonOf(decode({ id: 'a', lat: '60', lon: '30', speed: '0x10' }))).toMatch(/^speed:/);
    expect(reasonOf(decode({ id: 'a', location: '60.0' }))).toMatch(/^location/);
    expect(reasonOf(decode({ id: 'a', location: '60,x' }))).toMatch(/^location/);
    expect(reasonOf(decode({ id: 'a', timestamp: 'yesterday' }))).toMatch(/^timestamp:/);
    expect(reasonOf(decode({ id: 'a', timestamp: '2016-02-30 10:00:00' }))).toMatch(/^timestamp:/);
    expect(reasonOf(decode({ id: 'a', charge: 'maybe' }))).toMatch(/^charge:/);
    expect(reasonOf(decode({ id: 'a', lat: '60' }))).toMatch(/lat and lon/);
    expect(onlyFix(decode({ id: 'a', lat: '95', lon: '30', batt: '140' }))).toMatchObject({
      lat: 95,
      battery: 140,
    });
  });

  it('form-urlencoded body parsing: + is a blank, repeated keys become arrays', () => {
    expect(paramsFromQueryString('id=a&t=1+2&c=1&c=2')).toEqual({ id: 'a', t: '1 2', c: ['1', '2'] });
  });
});

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

describe('OwnTracks samples (owntracks-samples.jsonl)', () => {
  const http = { user: 'alice', device: 'phone' };
  const anonymous = { user: null, device: null };

  it('has the 6 samples', () => expect(OWNTRACKS).toHaveLength(6));

  it('1: vel 0 → speed 0, identity from ?u=&d=', () => {
    expect(onlyFix(decodeOwnTracks(OWNTRACKS[0], http))).toEqual({
      deviceId: 'alice/phone',
      deviceIdAlternatives: ['alice/phone', 'alice', 'phone', '5t'],
      time: 1551874878000, // 2019-03-06T12:21:18Z
      lat: 46.0681247,
      lon: 11.1512805,
      speed: 0,
      heading: null,
      altitude: 440,
      accuracy: 15,
      battery: 46,
      charging: null,
      sos: false,
      attributes: { conn: 'w', t: 'u', tid: '5t', vac: 2 },
    });
  });

  it('2: the minimum; no vel → speed null; no identity → tid', () => {
    expect(onlyFix(decodeOwnTracks(OWNTRACKS[1], anonymous))).toEqual({
      ...NO_VALUES,
      deviceId: 'JJ',
      deviceIdAlternatives: ['JJ'],
      time: 1497349316000, // 2017-06-13T10:21:56Z
      lat: 48.85833,
      lon: 2.29513,
      attributes: { tid: 'JJ' },
    });
  });

  it('3: vel 61 km/h → m/s, cog, batt', () => {
    const fix = onlyFix(decodeOwnTracks(OWNTRACKS[2], { user: 'alice', device: null }));
    expect(fix).toEqual({
      deviceId: 'alice',
      deviceIdAlternatives: ['alice', 'JJ'],
      time: 1497349316000,
      lat: 48.85833,
      lon: 2.29513,
      speed: expect.any(Number),
      heading: 271,
      altitude: 167,
      accuracy: 5,
      battery: 67,
      charging: null,
      sos: false,
      attributes: { vac: 21, tid: 'JJ', t: 'u' },
    });
    expect(fix.speed).toBeCloseTo(16.944444, 6); // 61 / 3.6
  });

  it('4: position and time only', () => {
    expect(onlyFix(decodeOwnTracks(OWNTRACKS[3], http))).toEqual({
      ...NO_VALUES,
      deviceId: 'alice/phone',
      deviceIdAlternatives: ['alice/phone', 'alice', 'phone', 'JJ'],
      time: 1497476456000, // 2017-06-14T21:40:56Z
      lat: 48.85,
      lon: 2.295,
      attributes: { tid: 'JJ' },
    });
  });

  it('5: identity from the body topic; created_at, m, topic → attributes', () => {
    expect(onlyFix(decodeOwnTracks(OWNTRACKS[4], anonymous))).toEqual({
      ...NO_VALUES,
      deviceId: 'ckrey/22A67880-15C3-41A6-9157-25545C7993AC',
      deviceIdAlternatives: [
        'ckrey/22A67880-15C3-41A6-9157-25545C7993AC',
        'ckrey',
        '22A67880-15C3-41A6-9157-25545C7993AC',
        'AC',
      ],
      time: 1736161169000, // 2025-01-06T10:59:29Z
      lat: 37,
      lon: -122,
      altitude: 0,
      accuracy: 5,
      attributes: {
        created_at: 1736161415,
        topic: 'owntracks/ckrey/22A67880-15C3-41A6-9157-25545C7993AC',
        t: 'u',
        m: 1,
        conn: 'w',
        tid: 'AC',
      },
    });
  });

  it('6: relayed qtripp tracker: cell fields → attributes, identity from the topic', () => {
    expect(onlyFix(decodeOwnTracks(OWNTRACKS[5], anonymous))).toEqual({
      ...NO_VALUES,
      deviceId: 'qtripp/865284041968706',
      deviceIdAlternatives: ['qtripp/865284041968706', 'qtripp', '865284041968706', 'CS'],
      time: 1736519167000, // 2025-01-10T14:26:07Z
      lat: 47.420051,
      lon: 13.654704,
      speed: 0,
      heading: 113,
      altitude: 1113,
      accuracy: 10,
      attributes: {
        topic: 'owntracks/qtripp/865284041968706',
        mcc: 232,
        mnc: 1,
        lac: '4F4D',
        cid: '673A',
        t: 'I',
        don: 105,
        tid: 'CS',
      },
    });
  });

  it('6 through a relay account: the transport user first, the topic identities after', () => {
    expect(
      onlyFix(decodeOwnTracks(OWNTRACKS[5], { user: 'relay', device: null })).deviceIdAlternatives,
    ).toEqual(['relay', 'CS', 'qtripp/865284041968706', 'qtripp', '865284041968706']);
  });
});

describe('OwnTracks, beyond the samples', () => {
  const anonymous = { user: null, device: null };
  const location = { _type: 'location', lat: 1, lon: 2, tst: 1497349316, tid: 'JJ' };

  it('non-location messages are acknowledged with no fixes', () => {
    for (const _type of ['transition', 'waypoint', 'lwt', 'card', 'status', 'cmd']) {
      expect(decodeOwnTracks({ _type }, anonymous)).toEqual({ ok: true, fixes: [] });
    }
  });

  it('MQTT topic wins over the body topic; identity fills from a same-user topic', () => {
    const mqtt = decodeOwnTracks(
      { ...location, topic: 'owntracks/x/y' },
      { user: null, device: null, topic: 'owntracks/bob/bike' },
    );
    expect(onlyFix(mqtt).deviceId).toBe('bob/bike');
    const basicAuth = decodeOwnTracks(
      { ...location, topic: 'owntracks/bob/bike' },
      { user: 'bob', device: null },
    );
    expect(onlyFix(basicAuth).deviceId).toBe('bob/bike');
  });

  it('bs → charging, negative vel/cog → null, arrays of messages', () => {
    const fix = onlyFix(decodeOwnTracks({ ...location, bs: 2, vel: -1, cog: -1 }, anonymous));
    expect(fix).toMatchObject({ charging: true, speed: null, heading: null });
    expect(onlyFix(decodeOwnTracks({ ...location, bs: 1 }, anonymous)).charging).toBe(false);
    const both = decodeOwnTracks([location, { _type: 'lwt' }, location], anonymous);
    expect(both.ok && both.fixes).toHaveLength(2);
  });

  it('bad bodies → 400', () => {
    for (const body of [null, 'text', 42, true])
      expect(reasonOf(decodeOwnTracks(body, anonymous))).toMatch(/body/);
    expect(reasonOf(decodeOwnTracks({ lat: 1, lon: 2 }, anonymous))).toMatch(/_type/);
    expect(reasonOf(decodeOwnTracks({ ...location, lat: 'abc' }, anonymous))).toMatch(/^lat:/);
    expect(reasonOf(decodeOwnTracks({ ...location, lat: undefined }, anonymous))).toMatch(/missing/);
    expect(reasonOf(decodeOwnTracks({ ...location, tst: 'x' }, anonymous))).toMatch(/^tst:/);
    expect(reasonOf(decodeOwnTracks({ ...location, tid: undefined }, anonymous))).toMatch(/device identity/);
    expect(onlyFix(decodeOwnTracks({ ...location, lat: 95 }, anonymous)).lat).toBe(95);
  });
});
