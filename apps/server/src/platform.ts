import path from 'node:path';
import { type App, buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { type Cluster, openCluster } from './roles/cluster.ts';

/** The configuration, or a clear message and exit 1 when a variable is wrong. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Opens the database (PGlite in DATA_DIR, or DATABASE_URL's PostgreSQL) and, with NATS_URL, the
 * cluster's bus, then builds the platform over them (ROLE picks what it serves); `npm start` and
 * `npm run demo` both start this way.
 */
export async function openPlatform(
  config: Config,
  logLevel = config.logLevel,
): Promise<App & { database: Database; cluster: Cluster | null }> {
  const cluster = config.natsUrl
    ? await openCluster({
        natsUrl: config.natsUrl,
        prefix: config.natsPrefix,
        role: config.role,
        onError: (error, context) => console.error(`nats: ${context}:`, error),
      })
    : null;
  const database = await openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
  );
  const app = await buildApp({
    database,
    publicUrl: config.publicUrl,
    logLevel,
    loginRateLimitPerMinute: config.loginRateLimitPerMinute,
    sessionTtlDays: config.sessionTtlDays,
    tickMs: config.tickMs,
    maxFixSpeed: config.maxFixSpeed,
    webDistDir: config.webDistDir,
    tiles: config.tiles,
    oauthKeys: config.oauthKeys,
    trustProxy: config.trustProxy,
    maxSocketsPerAddress: config.maxSocketsPerAddress,
    ...(cluster && { cluster }),
  });
  return { ...app, database, cluster };
}
