import { startOwnTracksMqtt } from './modules/ingest/mqtt-subscriber.ts';
import { startOsmAndListener } from './modules/ingest/osmand-listener.ts';
import { configOrExit, openPlatform } from './platform.ts';

/** Starts Echelon: every role in one process, on PGlite in DATA_DIR unless DATABASE_URL names a PostgreSQL. */
async function main(): Promise<void> {
  const config = configOrExit();
  const { http, services, database } = await openPlatform(config);

  const { setupSecret } = await services.auth.bootstrap(config.admin);
  await http.listen({ port: config.port, host: config.host });
  const osmand = config.osmandPort
    ? await startOsmAndListener(config.osmandPort, config.host, services.ingest)
    : null;
  const mqtt = config.mqttUrl ? await startOwnTracksMqtt(config.mqttUrl, services.ingest, http.log) : null;
  http.log.info({ database: database.kind, publicUrl: config.publicUrl }, 'Echelon is running');
  if (setupSecret) {
    // Printed plainly (not only as a JSON log line) so the person starting the server sees it.
    console.log(
      `\nNo user exists yet. Create the administrator within 24 hours at:\n  ${config.publicUrl}/setup?token=${setupSecret}\n`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    http.log.info({ signal }, 'shutting down');
    await osmand?.close();
    await mqtt?.close();
    await http.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
