import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteStreams, uniquePrefix } from '../support/nats.ts';
import { type ImageConfig, ImageRoot, imageConfig } from './image/container.ts';
import {
  composeRoles,
  type Deployed,
  ingressRole,
  kubernetesRoles,
  nginxRole,
  ROUTE_SAMPLES,
} from './image/deployment-files.ts';
import { ecsTasks } from './image/ecs-tasks.ts';
import { buildImage, imageUnavailable, removeImage } from './image/image-build.ts';
import {
  addresses,
  clusterUnavailable,
  type EmptyDatabase,
  emptyDatabase,
  journalLength,
} from './image/machine-services.ts';
import {
  answered,
  expectRoutedOnlyTo,
  portTaken,
  type RoleAnswers,
  stopsOnSigterm,
} from './image/process-checks.ts';
import { read } from './repo-files.ts';

/**
 * The real image: the Dockerfile built by buildah on a base image made here (see image/base-image.ts),
 * and its command run as the image says (USER, WORKDIR, ENV) on a read-only root, with only DATA_DIR
 * (the image's VOLUME) and /tmp writable. With no base image kept it took 5 to 11.5 minutes on a shared
 * 2-core machine, about 4 minutes with it (docs/operations.md has the figures).
 */
const TAG = 'localhost/echelon:image-test';
let config: ImageConfig;
let image: ImageRoot;

const log = (line: string) => console.log(`[image] ${line}`);

beforeAll(async () => {
  if (imageUnavailable) return;
  await buildImage(TAG, log);
  config = await imageConfig(TAG);
  image = await ImageRoot.of(TAG);
});

afterAll(async () => {
  if (imageUnavailable) return;
  await image?.remove();
  await removeImage(TAG);
});

describe.skipIf(imageUnavailable)('the image built from the Dockerfile', () => {
  it('says how it runs: the node user (uid 1000), its command, the data volume, the port and a health check', () => {
    expect(image.userIds(config.user)).toBe('1000:1000');
    expect(config.cmd).toEqual(['node', 'apps/server/src/main.ts']);
    expect(config.volumes).toEqual([config.env.DATA_DIR]);
    expect(config.exposedPorts).toEqual([`${config.env.PORT}/tcp`]);
    expect(config.healthcheck?.[0]).toBe('CMD');
  });

  it('serves health, readiness, the web app and the API as uid 1000 on a read-only root, migrates DATA_DIR, and stops on SIGTERM', async () => {
    const port = Number(config.env.PORT);
    expect(await portTaken(port), `port ${port} is in use on this machine: stop what holds it`).toBe(false);
    const data = mkdtempSync('/var/tmp/echelon-image-data-');
    const [uid, gid] = image.userIds(config.user).split(':');
    await import('node:fs/promises').then((fs) => fs.chown(data, Number(uid), Number(gid)));
    const run = {
      command: config.cmd,
      env: config.env,
      user: config.user,
      workingDir: config.workingDir,
      tmpfs: ['/tmp'],
      volumes: { [config.env.DATA_DIR!]: data },
    };
    try {
      const server = image.start(run);
      const base = `http://127.0.0.1:${port}`;
      await answered(`${base}/healthz`, server);
      expect(server.uids()).toEqual([1000, 1000, 1000, 1000]);

      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const home = await fetch(`${base}/`);
      expect(home.headers.get('content-type')).toMatch(/text\/html/);
      const html = await home.text();
      // The built web app (WEB_DIST_DIR), not the API reference the server shows without one.
      const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
      expect(script, html.slice(0, 500)).toBeDefined();
      expect((await fetch(`${base}${script}`)).status).toBe(200);
      const openapi = (await (await fetch(`${base}/api/openapi.json`)).json()) as {
        openapi: string;
        paths: object;
      };
      expect(openapi.openapi).toMatch(/^3\.1/);
      expect(Object.keys(openapi.paths)).toContain('/api/v1/races');
      expect((await fetch(`${base}/api/v1/races`)).status).toBe(200);

      // The image's HEALTHCHECK, run inside it as the orchestrator would.
      const check = await image.exec({ ...run, command: config.healthcheck!.slice(1) });
      expect(check.code, check.output).toBe(0);
      // The application tree is read-only even to its owner: only the volume and /tmp take writes.
      const write = await image.exec({
        ...run,
        command: ['node', '-e', "require('fs').writeFileSync('/app/package.json', '')"],
      });
      expect(write.code).not.toBe(0);
      expect(write.output).toContain('EROFS');

      await stopsOnSigterm(server);

      // Every migration the image carries is applied in the volume's embedded database.
      const journal = JSON.parse(
        readFileSync(join(image.path, 'app/apps/server/drizzle/meta/_journal.json'), 'utf8'),
      ) as { entries: { when: number }[] };
      const db = new PGlite(join(data, 'pglite'));
      const applied = await db.query<{ created_at: string }>(
        'select created_at from drizzle.__drizzle_migrations order by created_at',
      );
      await db.close();
      expect(applied.rows.map((r) => Number(r.created_at))).toEqual(journal.entries.map((e) => e.when));
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('reads every variable the deployment files set: given bad values, it refuses to start naming each', async () => {
    const names = new Set<string>();
    for (const match of read('deploy/compose.yaml').matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm))
      names.add(match[1]!);
    for (const match of read('deploy/k8s/config.yaml').matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm))
      names.add(match[1]!);
    for (const match of read('deploy/k8s/api.yaml').matchAll(/name: ([A-Z][A-Z0-9_]+)$/gm))
      names.add(match[1]!);
    // POSTGRES_* configure the postgres service, not Echelon.
    const echelon = [...names].filter((name) => !name.startsWith('POSTGRES_'));
    expect(echelon).toEqual(expect.arrayContaining(['DATABASE_URL', 'NATS_URL', 'ROLE', 'PUBLIC_URL']));
    const bad = Object.fromEntries(echelon.map((name) => [name, 'x']));
    const refused = await image.exec({
      command: config.cmd,
      env: { ...config.env, ...bad },
      user: config.user,
      workingDir: config.workingDir,
      tmpfs: ['/tmp'],
    });
    expect(refused.code).not.toBe(0);
    for (const name of echelon) expect(refused.output, name).toMatch(new RegExp(`\\b${name}\\b`));
  });
});

/**
 * The compose file and the Kubernetes manifests, run on the built image: each role with the
 * environment, user and writable folders the file gives it (the addresses of PostgreSQL and NATS
 * replaced by the machine's), one after the other on the port the file expects. Each must pass the
 * file's own health check or probes there, and every load balancer rule (nginx.conf, the Ingress) must
 * send its requests to the one role that serves them: the others refuse them (the role filter's 404).
 */
describe.skipIf(imageUnavailable || clusterUnavailable)('the deployment files, run on the image', () => {
  let database: EmptyDatabase;
  let keys: Record<string, string>;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    database = await emptyDatabase();
    // The shared OAuth keys, made by the image's own command as docs/operations.md says.
    const made = await image.exec({
      command: ['node', 'apps/server/scripts/oauth-keys.ts'],
      env: config.env,
      user: config.user,
      workingDir: config.workingDir,
      tmpfs: ['/tmp'],
    });
    expect(made.code, made.output).toBe(0);
    keys = Object.fromEntries(
      [...made.output.matchAll(/^(OAUTH_\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^'|'$/g, '')]),
    );
    expect(Object.keys(keys).sort()).toEqual(['OAUTH_COOKIE_KEYS', 'OAUTH_JWKS']);
  });

  afterAll(async () => {
    await database?.drop();
    await deleteStreams(prefix);
  });

  /** Runs each deployed role in turn; what every role answered to every route sample. */
  async function runEach(deployed: Deployed[]): Promise<RoleAnswers> {
    const answers: RoleAnswers = new Map();
    // The API first: it migrates the database the other roles use, as the files' start order says.
    const ordered = [...deployed].sort((a, b) => Number(b.role === 'api') - Number(a.role === 'api'));
    for (const role of ordered) {
      expect(await portTaken(role.port), `port ${role.port} is in use on this machine`).toBe(false);
      const env = { ...config.env, ...role.env, ...addresses(role.env, database.url), NATS_PREFIX: prefix };
      const run = {
        command: role.command ?? config.cmd,
        env,
        user: role.user ?? config.user,
        workingDir: config.workingDir,
        tmpfs: role.tmpfs,
      };
      const server = image.start(run);
      const base = `http://127.0.0.1:${role.port}`;
      // A role no load balancer probes (the processor on ECS) is judged by its health check command alone.
      await answered(`${base}${role.probes[0] ?? '/healthz'}`, server);
      expect(server.uids()[0], role.name).toBe(Number(image.userIds(run.user).split(':')[0]));
      for (const path of role.probes)
        expect((await fetch(`${base}${path}`)).status, `${role.name} ${path}`).toBe(200);
      if (role.healthcheck) {
        const check = await image.exec({ ...run, command: role.healthcheck });
        expect(check.code, `${role.name} healthcheck: ${check.output}`).toBe(0);
      }
      const seen = new Map<string, number | 'refused'>();
      for (const sample of ROUTE_SAMPLES) {
        const response = await fetch(`${base}${sample.path}`, { method: sample.method, redirect: 'manual' });
        const body = await response.text();
        seen.set(
          sample.path,
          response.status === 404 && body.includes('is served by the') ? 'refused' : response.status,
        );
      }
      answers.set(role.role, seen);
      await stopsOnSigterm(server);
    }
    return answers;
  }

  it('compose: every role healthy on the port nginx uses, and nginx routes each path to the role serving it', async () => {
    const roles = composeRoles({ ...keys, POSTGRES_PASSWORD: 'echelon' });
    expect(roles.map((r) => r.role).sort()).toEqual(['api', 'gateway', 'ingest', 'processor']);
    const answers = await runEach(roles);
    expect(await database.migrations()).toBe(journalLength());
    expectRoutedOnlyTo(answers, (sample) => nginxRole(sample.path, roles));
  });

  it('Kubernetes: the Secret placeholders stop start-up; with real keys every Deployment passes its probes as runAsUser on a read-only root', async () => {
    const roles = kubernetesRoles();
    expect(roles.map((r) => r.role).sort()).toEqual(['api', 'gateway', 'ingest', 'processor']);
    const api = roles.find((r) => r.role === 'api')!;
    const placeholders = await image.exec({
      command: config.cmd,
      env: { ...config.env, ...api.env, ...addresses(api.env, database.url) },
      user: api.user!,
      workingDir: config.workingDir,
      tmpfs: api.tmpfs,
    });
    expect(placeholders.code).not.toBe(0);
    expect(placeholders.output).toMatch(/OAUTH_COOKIE_KEYS must be/);
    expect(placeholders.output).toMatch(/OAUTH_JWKS must be/);

    const answers = await runEach(roles.map((r) => ({ ...r, env: { ...r.env, ...keys } })));
    expectRoutedOnlyTo(answers, (sample) => ingressRole(sample.path, roles));
  });

  it('AWS: each ECS task as the CDK stack defines it runs on the image (command, secrets, user, read-only root, port, health checks), and the ALB routes each path to the role serving it', async () => {
    const { tasks, albRole, oauthPlaceholders } = ecsTasks();
    expect(tasks.map((t) => t.role).sort()).toEqual(['api', 'gateway', 'ingest', 'processor']);
    const url = new URL(database.url);
    // What Secrets Manager would inject: the RDS secret's fields (here the machine's PostgreSQL) and the OAuth keys.
    const secretValues: Record<string, string> = {
      DB_USER: decodeURIComponent(url.username),
      DB_PASSWORD: decodeURIComponent(url.password),
      DB_HOST: url.hostname,
      DB_PORT: url.port || '5432',
      DB_NAME: url.pathname.slice(1),
      ...keys,
    };
    for (const task of tasks) expect(task.readOnlyRoot, task.name).toBe(true);
    // Until the operator puts the keys in, the secret's placeholders stop the api tasks, naming both.
    const api = tasks.find((t) => t.role === 'api')!;
    const unset = await image.exec({
      command: api.command,
      env: {
        ...config.env,
        ...api.env,
        ...addresses(api.env, database.url),
        ...secretValues,
        ...oauthPlaceholders,
        DB_SSLMODE: 'disable',
      },
      user: api.user!,
      workingDir: config.workingDir,
      tmpfs: api.tmpfs,
    });
    expect(unset.code).not.toBe(0);
    expect(unset.output).toMatch(/OAUTH_COOKIE_KEYS must be/);
    expect(unset.output).toMatch(/OAUTH_JWKS must be/);
    const answers = await runEach(
      tasks.map((task) => ({
        ...task,
        env: {
          ...task.env,
          ...Object.fromEntries(task.secrets.map((name) => [name, secretValues[name]!])),
          // The machine's PostgreSQL has no TLS (RDS requires it): the one setting changed here.
          DB_SSLMODE: 'disable',
        },
      })),
    );
    expectRoutedOnlyTo(answers, (sample) => albRole(sample.method, sample.path));
  });
});
