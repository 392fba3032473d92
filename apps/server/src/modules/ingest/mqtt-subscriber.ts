import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import mqtt from 'mqtt';
import type { IngestService } from './ingest.service.ts';
import { decodeOwnTracks } from './protocols/index.ts';
import { ingestDecoded } from './third-party-ingest.ts';

export const OWNTRACKS_TOPIC = 'owntracks/+/+';
/** Several ingest processes share one subscription: the broker gives each message to one of them. */
export const SHARED_OWNTRACKS_TOPIC = `$share/echelon/${OWNTRACKS_TOPIC}`;

/**
 * OwnTracks in MQTT mode: positions published on owntracks/<user>/<device> at the broker named by
 * MQTT_URL. The broker keeps what arrives while we reconnect (QoS 1, persistent session).
 */
export async function startOwnTracksMqtt(
  url: string,
  ingest: IngestService,
  log: FastifyBaseLogger,
  options: { shared?: boolean } = {},
) {
  const topic = options.shared ? SHARED_OWNTRACKS_TOPIC : OWNTRACKS_TOPIC;
  const client = await mqtt.connectAsync(url, {
    // The host too: process ids repeat across machines, and a broker drops a client id seen twice.
    clientId: `echelon-ingest-${hostname()}-${process.pid}`,
    clean: false,
    reconnectPeriod: 2000,
  });
  await client.subscribeAsync(topic, { qos: 1 });
  client.on('message', (topic, payload) => {
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      log.warn({ topic }, 'owntracks message is not JSON');
      return;
    }
    ingestDecoded(ingest, decodeOwnTracks(body, { user: null, device: null, topic }), 'owntracks-mqtt').catch(
      (error: unknown) => log.warn({ topic, err: error }, 'owntracks message refused'),
    );
  });
  client.on('error', (error) => log.warn({ err: error }, 'mqtt error'));
  log.info({ url, topic }, 'listening for OwnTracks over MQTT');
  return { close: () => client.endAsync() };
}
