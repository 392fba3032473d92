// Contract tests for the OsmAnd query-string decoder (GET / form POST), on Traccar's own decoder-test
// payloads (osmand-query-samples.txt), then the cases the samples do not cover.
import { describe, expect, it } from 'vitest';
import {
  decodeOsmAndQuery,
  KNOTS_TO_MPS,
  paramsFromQueryString,
} from '../../src/modules/ingest/protocols/index.ts';
import { NO_VALUES, onlyFix, reasonOf, sampleLines } from './protocol-samples.ts';

const QUERY = sampleLines('osmand-query-samples.txt');

/** A sample URI `/?a=1&b=2` → its parameters, as a route would receive them. */
const queryOf = (uri: string) => paramsFromQueryString(uri.slice(uri.indexOf('?') + 1));

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

  it('splits every query as URLSearchParams does, with or without escapes (plain ones are cut up directly)', () => {
    const reference = (text: string) => {
      const params: Record<string, string | string[]> = {};
      for (const [key, value] of new URLSearchParams(text)) {
        const previous = params[key];
        params[key] = previous === undefined ? value : [previous, value].flat();
      }
      return params;
    };
    const fixed = [
      '',
      '?',
      '?a=1',
      'a=1&&b',
      'a',
      '=1',
      'a==b=',
      'a=1&a=2&a=3',
      '&&&',
      'a=1&b=&',
      '??a=1',
      'id=x&lat=1.5&lon=2&timestamp=1700000000',
      'a=%41%zz',
      'a=b+c',
      'é=1',
      'a=\ud800',
      'x=1?y=2',
    ];
    // Random queries from the characters that matter to the splitting and decoding (seeded, repeatable).
    let seed = 17;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const alphabet = 'ab1=&?%+é.-';
    const random = Array.from({ length: 2000 }, () =>
      Array.from({ length: next() % 14 }, () => alphabet[next() % alphabet.length]).join(''),
    );
    for (const text of [...fixed, ...random]) {
      expect({ text, params: { ...paramsFromQueryString(text) } }).toEqual({ text, params: reference(text) });
    }
  });
});
