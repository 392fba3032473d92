import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { type App, buildApp } from '../../src/app.ts';
import type { OAuthKeys } from '../../src/modules/oauth/oauth-keys.ts';
import { createTestDatabase } from './databases.ts';
import { Client, login, type TestApp } from './test-app.ts';

const PASSWORD = 'correct horse battery';

/**
 * A load balancer without sticky sessions over two instances: every request goes to the next one.
 * `served` records which instance answered each path, so a test can show the requests did move.
 */
export class RoundRobin {
  readonly served: Array<{ instance: 'a' | 'b'; url: string }> = [];
  private readonly instances: Array<['a' | 'b', FastifyInstance]>;
  private turn = 0;

  constructor(a: FastifyInstance, b: FastifyInstance) {
    this.instances = [
      ['a', a],
      ['b', b],
    ];
  }

  inject(options: InjectOptions) {
    const [instance, http] = this.instances[this.turn++ % 2]!;
    this.served.push({ instance, url: String(options.url) });
    return http.inject(options);
  }

  /** Stands in for a Fastify instance where test helpers only ever call `inject`. */
  asHttp(): FastifyInstance {
    return this as unknown as FastifyInstance;
  }
}

export interface TwinApps {
  /** The first instance, with an administrator and sign-in like startTestApp's. */
  a: TestApp;
  /** The second instance: same database, its own process state and the keys it was given. */
  b: App;
  close(): Promise<void>;
}

/**
 * Two api processes on one database, as several replicas behind a load balancer: identical but for
 * the OAuth keys each is given (null: the process makes its own, as without OAUTH_* variables).
 */
export async function startTwinApps(keys: { a: OAuthKeys | null; b: OAuthKeys | null }): Promise<TwinApps> {
  const database = await createTestDatabase();
  const build = (oauthKeys: OAuthKeys | null) =>
    buildApp({
      database,
      publicUrl: 'http://localhost:3000',
      logLevel: 'silent',
      loginRateLimitPerMinute: 1000,
      sessionTtlDays: 14,
      oauthKeys,
    });
  const a = await build(keys.a);
  const b = await build(keys.b);
  await a.services.auth.bootstrap({ email: 'admin@example.org', password: PASSWORD });
  const admin = await login(a.http, 'admin@example.org', PASSWORD);
  const close = async () => {
    await a.http.close();
    await b.http.close();
    await database.drop();
  };
  const twinA: TestApp = {
    ...a,
    anonymous: new Client(a.http),
    admin,
    database,
    signIn: async (role) => {
      const email = `${role}-${randomBytes(4).toString('hex')}@example.org`;
      const created = await admin.post('/api/v1/users', {
        email,
        name: `${role} ${email}`,
        role,
        password: PASSWORD,
      });
      if (created.statusCode !== 201) throw new Error(`could not create user: ${created.body}`);
      const client = await login(a.http, email, PASSWORD);
      return { user: { id: created.json().id, email, password: PASSWORD, role }, client };
    },
    close,
  };
  return { a: twinA, b, close };
}
