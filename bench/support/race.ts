// A live race on the stage-4 course, set up through the API as an organiser would: race, stage, course
// upload, start list, device tokens, then the start gun at `startAt`.
import type { InjectOptions } from 'fastify';
import { type App, buildApp } from '../../apps/server/src/app.ts';
import { openDatabase } from '../../apps/server/src/db/client.ts';
import { benchPostgres } from './bench-database.ts';
import type { BenchCourse } from './course.ts';

export interface BenchRace {
  raceId: string;
  stageId: string;
  /** In bib order. */
  riders: Array<{ id: string; bib: number; token: string }>;
}

const ADMIN = { email: 'bench@example.org', password: 'correct horse battery staple' };

export async function call(
  app: App,
  headers: Record<string, string>,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: InjectOptions['payload'],
  extra: Record<string, string> = {},
) {
  const response = await app.http.inject({
    method,
    url,
    headers: { ...headers, ...extra },
    ...(payload !== undefined && { payload }),
  });
  if (response.statusCode >= 300)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function signIn(app: App): Promise<Record<string, string>> {
  await app.services.auth.bootstrap(ADMIN);
  const response = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'echelon_session')!;
  return { cookie: `echelon_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken };
}

export async function setUpRace(
  app: App,
  course: BenchCourse,
  options: {
    riders: number;
    startAt: number /** Device tokens for every rider (default true). */;
    tokens?: boolean;
  },
): Promise<BenchRace> {
  const auth = await signIn(app);
  const raceId = (await call(app, auth, 'POST', '/api/v1/races', { name: 'Benchmark' })).id as string;
  const stageId = (await call(app, auth, 'POST', `/api/v1/races/${raceId}/stages`, { name: 'Stage 4' }))
    .id as string;

  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(course.bytes)]), course.fileName);
  const encoded = new Response(form);
  await call(app, auth, 'PUT', `/api/v1/stages/${stageId}/course`, Buffer.from(await encoded.arrayBuffer()), {
    'content-type': encoded.headers.get('content-type')!,
  });

  const csv = ['bib,first_name,last_name,team,device_id'];
  for (let bib = 1; bib <= options.riders; bib++) {
    csv.push(`${bib},Rider,Number ${bib},Team ${1 + (bib % 23)},bench-${bib}-${raceId.slice(0, 8)}`);
  }
  await call(app, auth, 'POST', `/api/v1/races/${raceId}/registrations/import`, csv.join('\n'), {
    'content-type': 'text/csv',
  });
  await call(app, auth, 'POST', `/api/v1/races/${raceId}/status`, { status: 'published' });
  const registrations = (await call(app, auth, 'GET', `/api/v1/races/${raceId}/registrations`))
    .items as Array<{
    id: string;
    bib: number;
  }>;
  registrations.sort((a, b) => a.bib - b.bib);
  const riders: BenchRace['riders'] = [];
  for (const r of registrations) {
    const token =
      options.tokens === false
        ? ''
        : ((await call(app, auth, 'POST', `/api/v1/registrations/${r.id}/device-tokens`)).token as string);
    riders.push({ id: r.id, bib: r.bib, token });
  }
  await call(app, auth, 'POST', `/api/v1/races/${raceId}/status`, {
    status: 'live',
    stageId,
    at: options.startAt,
  });
  return { raceId, stageId, riders };
}

/** The app on a fresh database, quiet: in-memory PGlite, or a throwaway PostgreSQL (serving the web app's build when given). */
export async function startBenchApp(
  tickMs: number,
  options: {
    webDistDir?: string;
    on?: 'pglite' | 'postgres';
    /** A PostgreSQL database of the caller's own (opened, dropped on close): the reads bench's kept stage. */
    postgres?: { url: string; drop(): Promise<void> };
  } = {},
) {
  const throwaway = options.postgres ?? (options.on === 'postgres' ? await benchPostgres() : null);
  const database = await openDatabase(
    throwaway ? { kind: 'postgres', url: throwaway.url } : { kind: 'pglite', dataDir: null },
  );
  const app = await buildApp({
    database,
    publicUrl: 'http://localhost:3000',
    logLevel: 'silent',
    loginRateLimitPerMinute: 1000,
    sessionTtlDays: 1,
    tickMs,
    // Every bench spectator connects from 127.0.0.1.
    maxSocketsPerAddress: 1_000_000,
    // The livepage bench serves the spectator web app too.
    webDistDir: options.webDistDir ?? null,
  });
  return {
    app,
    database,
    /** The PostgreSQL database's URL; null on PGlite. */
    url: throwaway?.url ?? null,
    close: async () => {
      await app.http.close();
      await database.close();
      await throwaway?.drop();
    },
  };
}
