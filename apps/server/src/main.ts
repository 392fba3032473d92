import { LISTEN_BACKLOG } from './http/listen-backlog.ts';
import { startOwnTracksMqtt } from './modules/ingest/mqtt-subscriber.ts';
import { startOsmAndListener } from './modules/ingest/osmand-listener.ts';
import { unsharedKeysWarning } from './modules/oauth/oauth-keys.ts';
import { configOrExit, openPlatform } from './platform.ts';
import { runs } from './roles/role-routes.ts';
import { gracefulShutdown } from './shutdown.ts';

/**
 * Starts Echelon: every role in one process by default, on PGlite in DATA_DIR unless DATABASE_URL
 * names a PostgreSQL; with ROLE and NATS_URL one role of a cluster.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const { http, services, database, cluster } = await openPlatform(config);
  const { role } = config;
  const keysWarning = unsharedKeysWarning({
    servesSignIn: runs(role, 'api'),
    clustered: cluster !== null,
    keys: config.oauthKeys,
  });
  if (keysWarning) http.log.warn(keysWarning);

  const { setupSecret } = runs(role, 'api')
    ? await services.auth.bootstrap(config.admin)
    : { setupSecret: null };
  await http.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
  const ingests = runs(role, 'ingest');
  const osmand =
    ingests && config.osmandPort
      ? await startOsmAndListener(config.osmandPort, config.host, services.ingest, config.trustProxy)
      : null;
  const mqtt =
    ingests && config.mqttUrl
      ? await startOwnTracksMqtt(config.mqttUrl, services.ingest, http.log, { shared: cluster !== null })
      : null;
  // Stream-first ingest: the ingest processes share writing the fixes stream to the database.
  const stopPersisting = ingests && cluster ? services.ingest.persistFromStream() : null;
  http.log.info(
    {
      role,
      database: database.kind,
      nats: cluster ? 'connected' : 'in-process',
      publicUrl: config.publicUrl,
    },
    'Echelon is running',
  );
  if (setupSecret) {
    // Printed plainly (not only as a JSON log line) so the person starting the server sees it.
    console.log(
      `\nNo user exists yet. Create the administrator within 24 hours at:\n  ${config.publicUrl}/setup?token=${setupSecret}\n`,
    );
  }

  const stop = gracefulShutdown({
    http,
    timeoutMs: config.shutdownTimeoutMs,
    steps: async (connectionsClosed) => {
      // Leases first, so a standby processor takes over at once; then what is in flight (its fixes
      // still reach the bus); then the bus and the database.
      services.processor.stop();
      await cluster?.leases?.stop();
      stopPersisting?.();
      await osmand?.close();
      await mqtt?.close();
      await connectionsClosed;
      await http.close();
      await cluster?.close();
      await database.close();
    },
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
