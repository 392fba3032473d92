import { randomBytes } from 'node:crypto';
import type { Role } from '@echelon/contracts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type App, buildApp } from '../../src/app.ts';
import type { Database } from '../../src/db/client.ts';
import type { TrustProxy } from '../../src/http/trust-proxy.ts';
import { createTestDatabase } from './databases.ts';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

type Body = InjectOptions['payload'];

/** Sends requests as one caller: anonymous, a browser session (cookie + CSRF), or a bearer token. */
export class Client {
  readonly http: FastifyInstance;
  readonly headers: Record<string, string>;
  constructor(http: FastifyInstance, headers: Record<string, string> = {}) {
    this.http = http;
    this.headers = headers;
  }

  request(
    method: InjectOptions['method'],
    url: string,
    payload?: Body,
    headers: Record<string, string> = {},
  ) {
    return this.http.inject({
      method,
      url,
      headers: { ...this.headers, ...headers },
      ...(payload !== undefined && { payload }),
    });
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload?: Body, headers?: Record<string, string>) {
    return this.request('POST', url, payload ?? {}, headers);
  }
  patch(url: string, payload?: Body) {
    return this.request('PATCH', url, payload ?? {});
  }
  put(url: string, payload?: Body, headers?: Record<string, string>) {
    return this.request('PUT', url, payload, headers);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

export interface TestApp extends App {
  anonymous: Client;
  /** Creates a user with a role (through the admin API) and returns a signed-in session client. */
  signIn(role: Role, options?: { email?: string }): Promise<{ user: TestUser; client: Client }>;
  admin: Client;
  /** The test's own database, for checks no API answers (what exactly was stored). */
  database: Database;
  close(): Promise<void>;
}

const PASSWORD = 'correct horse battery';

export async function startTestApp(
  options: {
    loginRateLimitPerMinute?: number;
    tickMs?: number;
    webDistDir?: string;
    publicUrl?: string;
    trustProxy?: TrustProxy;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp({
    database,
    publicUrl: options.publicUrl ?? 'http://localhost:3000',
    logLevel: 'silent',
    loginRateLimitPerMinute: options.loginRateLimitPerMinute ?? 1000,
    sessionTtlDays: 14,
    tickMs: options.tickMs ?? 1000,
    webDistDir: options.webDistDir ?? null,
    ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
  });
  const anonymous = new Client(app.http);
  await app.services.auth.bootstrap({ email: 'admin@example.org', password: PASSWORD });
  const admin = await login(app.http, 'admin@example.org', PASSWORD);

  return {
    ...app,
    anonymous,
    admin,
    database,
    signIn: async (role, opts = {}) => {
      const email = opts.email ?? `${role}-${randomBytes(4).toString('hex')}@example.org`;
      const created = await admin.post('/api/v1/users', {
        email,
        name: `${role} ${email}`,
        role,
        password: PASSWORD,
      });
      if (created.statusCode !== 201) throw new Error(`could not create user: ${created.body}`);
      const client = await login(app.http, email, PASSWORD);
      return { user: { id: created.json().id, email, password: PASSWORD, role }, client };
    },
    close: async () => {
      await app.http.close();
      await database.drop();
    },
  };
}

export async function login(http: FastifyInstance, email: string, password: string): Promise<Client> {
  const response = await http.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'echelon_session');
  return new Client(http, {
    cookie: `echelon_session=${cookie!.value}`,
    'x-csrf-token': response.json().csrfToken,
  });
}

/** A multipart/form-data body with one file field, encoded by the platform's own FormData. */
export async function multipartFile(field: string, fileName: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)]), fileName);
  const encoded = new Response(form);
  return {
    payload: Buffer.from(await encoded.arrayBuffer()),
    headers: { 'content-type': encoded.headers.get('content-type')! },
  };
}

export function expectProblem(response: LightMyRequestResponse, status: number): Record<string, unknown> {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${response.headers['content-type']}`);
  }
  const body = response.json();
  if (body.status !== status || typeof body.title !== 'string' || typeof body.detail !== 'string') {
    throw new Error(`not an RFC 9457 problem: ${response.body}`);
  }
  return body;
}

/** The shared data folder beside the repository (../shared/data), never copied into it. */
export const SHARED_DATA = new URL('../../../../../shared/data/', import.meta.url).pathname;
