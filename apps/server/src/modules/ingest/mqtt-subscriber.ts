import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import mqtt from 'mqtt';
import { HttpProblem } from '../../http/problem.ts';
import type { IngestService } from './ingest.service.ts';
import { decodeOwnTracks } from './protocols/index.ts';
import { ingestDecoded } from './third-party-ingest.ts';

export const OWNTRACKS_TOPIC = 'owntracks/+/+';
/** Several ingest processes share one subscription: the broker gives each message to one of them. */
export const SHARED_OWNTRACKS_TOPIC = `$share/echelon/${OWNTRACKS_TOPIC}`;

/**
 * The client id names this machine (a container's or pod's host name), not this process: a restarted
 * process resumes the same persistent session, so the broker hands it what arrived in between.
 */
export const mqttClientId = (host = hostname()) => `echelon-ingest-${host}`.slice(0, 128);

/**
 * OwnTracks in MQTT mode: positions published on owntracks/<user>/<device> at the broker named by
 * MQTT_URL. A message is acknowledged (PUBACK) only once its fixes are stored (or handed to JetStream):
 * a crash or a database outage in between leaves it with the broker, which sends it again when the
 * session resumes (QoS 1, persistent session). A message refused for its content is acknowledged and
 * logged, since sending it again would not change the answer.
 */
export async function startOwnTracksMqtt(
  url: string,
  ingest: IngestService,
  log: FastifyBaseLogger,
  options: { shared?: boolean; clientId?: string } = {},
) {
  const topic = options.shared ? SHARED_OWNTRACKS_TOPIC : OWNTRACKS_TOPIC;
  let resuming = false;
  const client = await mqtt.connectAsync(url, {
    clientId: options.clientId ?? mqttClientId(),
    // MQTT 5: the client may then choose when to acknowledge (customHandleAcks); a persistent session
    // is one that outlives the connection by sessionExpiryInterval (a week: a long outage is covered).
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 7 * 24 * 3600 },
    reconnectPeriod: 2000,
    customHandleAcks: (messageTopic, payload, _packet, acknowledge) => {
      void store(messageTopic, payload).then(
        () => acknowledge(0),
        (error: unknown) => {
          log.warn(
            { topic: messageTopic, err: error },
            'owntracks message not stored; the broker will resend it',
          );
          // No PUBACK: the broker keeps the message and resends it when the session resumes, so resume now.
          acknowledge(error as Error);
          if (!resuming) {
            resuming = true;
            setTimeout(() => {
              resuming = false;
              client.stream?.destroy();
            }, 1000).unref();
          }
        },
      );
    },
  });

  /** Resolves once stored or refused for good; rejects when it could not be stored (an outage). */
  async function store(messageTopic: string, payload: Buffer): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      log.warn({ topic: messageTopic }, 'owntracks message is not JSON: dropped');
      return;
    }
    try {
      await ingestDecoded(
        ingest,
        decodeOwnTracks(body, { user: null, device: null, topic: messageTopic }),
        'owntracks-mqtt',
      );
    } catch (error) {
      if (error instanceof HttpProblem && error.status < 500) {
        log.warn({ topic: messageTopic, reason: error.message }, 'owntracks message refused');
        return;
      }
      throw error;
    }
  }

  await client.subscribeAsync(topic, { qos: 1 });
  client.on('error', (error) => log.warn({ err: error }, 'mqtt error'));
  log.info({ url, topic }, 'listening for OwnTracks over MQTT');
  return { close: () => client.endAsync() };
}
