import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqttClientId, startOwnTracksMqtt } from '../../src/modules/ingest/mqtt-subscriber.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const BROKER = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** The broker on this machine (Mosquitto); outside CI a missing broker skips the suite with a message. */
const brokerUnavailable: string | null = await (async () => {
  try {
    const probe = await mqtt.connectAsync(BROKER, { connectTimeout: 3000, reconnectPeriod: 0 });
    await probe.endAsync();
    return null;
  } catch (error) {
    const message = `MQTT broker at ${BROKER} is unreachable (${(error as Error).message})`;
    if (process.env.CI === 'true') throw new Error(`${message}; the OwnTracks MQTT suite is mandatory in CI`);
    console.warn(`Skipping the OwnTracks MQTT suite: ${message}`);
    return message;
  }
})();

describe.skipIf(databaseUnavailable !== null || brokerUnavailable !== null)('OwnTracks over MQTT', () => {
  let t: TestApp;
  let race: LiveRace;
  let subscriber: { close(): Promise<void> };
  let publisher: mqtt.MqttClient;
  const start = Date.now() - 5 * 60_000;

  beforeAll(async () => {
    t = await startTestApp({ tickMs: 50 });
    race = await setUpLiveRace(t, 2);
    await race.organiser.post(`/api/v1/races/${race.raceId}/status`, { status: 'live', at: start });
    // A client id of this run's own: the PGlite and PostgreSQL runs of this file share the broker.
    subscriber = await startOwnTracksMqtt(BROKER, t.services.ingest, t.http.log, {
      clientId: `echelon-test-${process.pid}-${process.env.ECHELON_TEST_DB}-${Date.now()}`,
    });
    publisher = await mqtt.connectAsync(BROKER);
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await subscriber?.close();
    await t?.close();
  });

  it('stores a location published on owntracks/<user>/<device> for the registration of that user', async () => {
    const rider = race.riders[0]!;
    const message = {
      _type: 'location',
      tid: 'r1',
      ...along(2500),
      tst: Math.floor(start / 1000) + 240,
      vel: 36,
    };
    await publisher.publishAsync(`owntracks/${rider.deviceId}/phone`, JSON.stringify(message), { qos: 1 });
    let distance = 0;
    for (let i = 0; i < 50 && distance < 2400; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const snapshot = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/live`)).json();
      distance = snapshot.riders.find((r: { bib: number }) => r.bib === rider.bib)?.d ?? 0;
    }
    expect(Math.abs(distance - 2500)).toBeLessThan(5);
  });

  it('acknowledges a message only once stored: one that met a storage outage comes again and is stored', async () => {
    const rider = race.riders[1]!;
    const ingest = t.services.ingest;
    const real = ingest.ingest.bind(ingest);
    let outages = 0;
    ingest.ingest = async (...args) => {
      if (outages++ === 0) throw new Error('Connection terminated unexpectedly');
      return real(...args);
    };
    try {
      const message = {
        _type: 'location',
        tid: 'r2',
        ...along(1800),
        tst: Math.floor(start / 1000) + 200,
        acc: 7,
      };
      await publisher.publishAsync(`owntracks/${rider.deviceId}/phone`, JSON.stringify(message), { qos: 1 });
      await expect
        .poll(
          async () => {
            await ingest.drain();
            return ingest.countStored(rider.id);
          },
          { timeout: 20_000, interval: 200 },
        )
        .toBe(1);
      expect(outages).toBeGreaterThanOrEqual(2);
    } finally {
      ingest.ingest = real;
    }
  });
});

describe('the MQTT client id', () => {
  it('names the machine, not the process, so a restart resumes the same session', () => {
    expect(mqttClientId('ingest-7f9c')).toBe('echelon-ingest-ingest-7f9c');
    expect(mqttClientId('ingest-7f9c')).toBe(mqttClientId('ingest-7f9c'));
  });
});
