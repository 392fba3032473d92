// A live race of many trackers for the ingest-load benchmark: the race, stage, course and start list set
// up through the API as an organiser would, then the credentials of thousands of phones written in bulk
// (one API call per device token would make the set-up longer than the measurement): a device token per
// registration, and an OAuth access token for the first `oauth` of them, minted by oidc-provider on the
// same database exactly as the device grant would store it.
import { eq } from 'drizzle-orm';
import type { App } from '../../apps/server/src/app.ts';
import type { Database } from '../../apps/server/src/db/client.ts';
import { deviceTokens, registrations, users } from '../../apps/server/src/db/schema.ts';
import { newSecret, sha256 } from '../../apps/server/src/modules/auth/secrets.ts';
import { OAuthRepository } from '../../apps/server/src/modules/oauth/oauth.repository.ts';
import {
  createProvider,
  DEVICE_CLIENT,
  TRACK_SCOPE,
  trackResource,
} from '../../apps/server/src/modules/oauth/provider.ts';
import type { TrackerDevice } from '../trackers.ts';
import type { BenchCourse } from './course.ts';
import { call, signIn } from './race.ts';

export const BENCH_PUBLIC_URL = 'http://localhost:3000';

export interface LoadRace {
  raceId: string;
  stageId: string;
  /** In bib order. */
  devices: TrackerDevice[];
  /** In bib order. */
  registrationIds: string[];
}

export async function setUpLoadRace(
  app: App,
  database: Database,
  course: BenchCourse,
  options: { riders: number; oauth: number; startAt: number },
): Promise<LoadRace> {
  const auth = await signIn(app);
  const raceId = (await call(app, auth, 'POST', '/api/v1/races', { name: 'Ingest load' })).id as string;
  const stageId = (await call(app, auth, 'POST', `/api/v1/races/${raceId}/stages`, { name: 'Stage 4' }))
    .id as string;
  const form = new FormData();
  form.append('file', new Blob([course.bytes]), course.fileName);
  const encoded = new Response(form);
  await call(app, auth, 'PUT', `/api/v1/stages/${stageId}/course`, Buffer.from(await encoded.arrayBuffer()), {
    'content-type': encoded.headers.get('content-type')!,
  });
  const csv = ['bib,first_name,last_name,team,device_id'];
  for (let bib = 1; bib <= options.riders; bib++) {
    csv.push(`${bib},Rider,Number ${bib},Team ${1 + (bib % 23)},load-${bib}-${raceId.slice(0, 8)}`);
  }
  await call(app, auth, 'POST', `/api/v1/races/${raceId}/registrations/import`, csv.join('\n'), {
    'content-type': 'text/csv',
  });
  await call(app, auth, 'POST', `/api/v1/races/${raceId}/status`, { status: 'published' });

  const db = database.db;
  const [admin] = await db.select({ id: users.id }).from(users).limit(1);
  const rows = await db
    .select({ id: registrations.id, bib: registrations.bib, deviceId: registrations.deviceId })
    .from(registrations)
    .where(eq(registrations.raceId, raceId));
  rows.sort((a, b) => a.bib - b.bib);
  const tokens = rows.map(() => newSecret('ech_dev'));
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(deviceTokens).values(
      rows.slice(i, i + 1000).map((r, k) => ({
        registrationId: r.id,
        tokenHash: sha256(tokens[i + k]!),
        prefix: tokens[i + k]!.slice(0, 12),
        createdBy: admin!.id,
      })),
    );
  }
  const oauth = await mintAccessTokens(
    database,
    admin!.id,
    rows.slice(0, options.oauth).map((r) => r.id),
  );
  await call(app, auth, 'POST', `/api/v1/races/${raceId}/status`, {
    status: 'live',
    stageId,
    at: options.startAt,
  });
  return {
    raceId,
    stageId,
    registrationIds: rows.map((r) => r.id),
    devices: rows.map((r, i) => ({
      index: r.bib - 1,
      token: tokens[i]!,
      oauth: oauth[i] ?? null,
      deviceId: r.deviceId!,
    })),
  };
}

/**
 * An access token per registration, as the device grant leaves them: a grant with the `track` scope for
 * the tracking API bound to the registration, and an opaque access token of that grant. A provider of
 * our own on the same database stores them; the app's provider finds them through the same adapter.
 */
async function mintAccessTokens(database: Database, accountId: string, registrationIds: string[]) {
  const provider = createProvider(database.db, BENCH_PUBLIC_URL);
  const repo = new OAuthRepository(database.db);
  const client = await provider.Client.find(DEVICE_CLIENT);
  const resource = trackResource(BENCH_PUBLIC_URL);
  const mint = async (registrationId: string) => {
    const grant = new provider.Grant({ accountId, clientId: DEVICE_CLIENT });
    grant.addResourceScope(resource, TRACK_SCOPE);
    const grantId = await grant.save();
    await repo.bindGrant({ grantId, registrationId, userId: accountId, clientId: DEVICE_CLIENT });
    const token = new provider.AccessToken({
      accountId,
      client: client!,
      grantId,
      gty: 'urn:ietf:params:oauth:grant-type:device_code',
      scope: TRACK_SCOPE,
      resourceServer: new provider.ResourceServer(resource, {
        scope: TRACK_SCOPE,
        accessTokenFormat: 'opaque',
        accessTokenTTL: 3600,
      }),
    });
    return token.save();
  };
  const values: string[] = [];
  for (let i = 0; i < registrationIds.length; i += 50) {
    values.push(...(await Promise.all(registrationIds.slice(i, i + 50).map(mint))));
  }
  return values;
}
