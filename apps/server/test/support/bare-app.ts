import { type App, buildApp } from '../../src/app.ts';
import { createTestDatabase } from './databases.ts';

/** An app on a fresh database with no user at all, for first-start behaviour. */
export async function startBareApp(): Promise<App & { close(): Promise<void> }> {
  const database = await createTestDatabase();
  const app = await buildApp({
    database,
    publicUrl: 'http://localhost:3000',
    logLevel: 'silent',
    loginRateLimitPerMinute: 100,
    sessionTtlDays: 14,
  });
  return {
    ...app,
    close: async () => {
      await app.http.close();
      await database.drop();
    },
  };
}
