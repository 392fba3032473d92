// Contract tests for the OwnTracks decoder (HTTP and MQTT location messages), on Traccar's own
// decoder-test payloads (owntracks-samples.jsonl), then the cases the samples do not cover.
import { describe, expect, it } from 'vitest';
import { decodeOwnTracks } from '../../src/modules/ingest/protocols/index.ts';
import { NO_VALUES, onlyFix, reasonOf, sampleBodies } from './protocol-samples.ts';

const OWNTRACKS = sampleBodies('owntracks-samples.jsonl');

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
