import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

/**
 * The deployment files cannot be run here (no container engine), so their invariants are checked
 * statically: every role deployed, probes on real endpoints, autoscalers on real Deployments, compose
 * built from the Dockerfile, WebSockets upgraded by nginx and routed to the roles that serve them.
 */
const root = resolve(import.meta.dirname, '../../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const ROLES = ['api', 'ingest', 'processor', 'gateway'];

// Loose shapes: the test reads what it checks and fails loudly on anything missing.
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML of several kinds, checked field by field
type Doc = any;

const k8sDir = join(root, 'deploy/k8s');
const k8s: Array<Doc & { file: string }> = readdirSync(k8sDir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(k8sDir, file), 'utf8')).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      return { ...doc.toJS(), file };
    }),
  );
const ofKind = (kind: string) => k8s.filter((d) => d.kind === kind);
const deployments = ofKind('Deployment');
const roleOf = (d: Doc) => d.spec.template.spec.containers[0].env.find((e: Doc) => e.name === 'ROLE')?.value;

// Compose files share settings through YAML merge keys (`<<: *echelon`), as Docker Compose reads them.
const compose: Doc = parse(read('deploy/compose.yaml'), { merge: true });
const nginx = read('deploy/nginx.conf');
const dockerfile = read('Dockerfile');

/** Routes the server registers: a path in a manifest must be one of them (or a prefix of one). */
const serverSource = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return serverSource(path);
    return entry.name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
const server = serverSource(join(root, 'apps/server/src')).join('\n');
const serves = (path: string) => server.includes(`'${path}`);

describe('deployment files', () => {
  it('parse, and every Kubernetes object has a kind, a name and the echelon namespace', () => {
    expect(k8s.length).toBeGreaterThan(10);
    for (const doc of k8s) {
      expect(doc.apiVersion, doc.file).toBeTruthy();
      expect(doc.metadata?.name, doc.file).toBeTruthy();
      if (doc.kind !== 'Namespace') expect(doc.metadata.namespace, `${doc.file} ${doc.kind}`).toBe('echelon');
    }
    expect(ofKind('Namespace').map((n) => n.metadata.name)).toEqual(['echelon']);
  });

  it('deploys every role on Kubernetes, each from the same image, with its ROLE', () => {
    expect(deployments.map(roleOf).sort()).toEqual([...ROLES].sort());
    const images = new Set(deployments.map((d) => d.spec.template.spec.containers[0].image));
    expect(images.size).toBe(1);
    for (const d of deployments) {
      expect(d.spec.replicas, d.metadata.name).toBeGreaterThanOrEqual(2);
      const labels = d.spec.template.metadata.labels;
      for (const [key, value] of Object.entries(d.spec.selector.matchLabels)) expect(labels[key]).toBe(value);
    }
  });

  it('points readiness at /readyz and liveness at /healthz, on a declared port, which the server serves', () => {
    expect(serves('/readyz')).toBe(true);
    expect(serves('/healthz')).toBe(true);
    for (const doc of [...deployments, ...ofKind('StatefulSet')]) {
      const container = doc.spec.template.spec.containers[0];
      const ports = container.ports.flatMap((p: Doc) => [p.name, p.containerPort]);
      for (const probe of ['readinessProbe', 'livenessProbe']) {
        expect(container[probe]?.httpGet, `${doc.metadata.name} ${probe}`).toBeTruthy();
        expect(ports).toContain(container[probe].httpGet.port);
      }
      if (doc.kind === 'Deployment') {
        expect(container.readinessProbe.httpGet.path).toBe('/readyz');
        expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      }
    }
  });

  it('runs as non-root everywhere', () => {
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).not.toBe(0);
      expect(pod.containers[0].securityContext.allowPrivilegeEscalation).toBe(false);
    }
    const user = dockerfile.match(/^USER\s+(\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('reads DATABASE_URL from a Secret and NATS_URL from a ConfigMap that exist', () => {
    const configMaps = new Map(ofKind('ConfigMap').map((c) => [c.metadata.name, c]));
    const secrets = new Map(ofKind('Secret').map((s) => [s.metadata.name, s]));
    for (const d of deployments) {
      const sources = d.spec.template.spec.containers[0].envFrom;
      const configMap = configMaps.get(sources.find((s: Doc) => s.configMapRef)?.configMapRef.name);
      const secret = secrets.get(sources.find((s: Doc) => s.secretRef)?.secretRef.name);
      expect(configMap?.data.NATS_URL, d.metadata.name).toMatch(/^nats:\/\//);
      expect(secret?.stringData.DATABASE_URL, d.metadata.name).toMatch(/^postgres(ql)?:\/\//);
      expect(configMap?.data.DATABASE_URL).toBeUndefined();
    }
    // The address the roles use is the NATS Service defined beside them.
    const natsHost = new URL(ofKind('ConfigMap').find((c) => c.data.NATS_URL).data.NATS_URL).hostname;
    const natsServices = ofKind('Service').map(
      (s) => `${s.metadata.name}.${s.metadata.namespace}.svc.cluster.local`,
    );
    expect(natsServices).toContain(natsHost);
  });

  it('autoscales the gateway and ingest Deployments, which exist', () => {
    const hpas = ofKind('HorizontalPodAutoscaler');
    const targets = hpas.map((h) => h.spec.scaleTargetRef);
    for (const target of targets) {
      expect(target.kind).toBe('Deployment');
      expect(deployments.map((d) => d.metadata.name)).toContain(target.name);
    }
    const scaledRoles = targets.map((t) => roleOf(deployments.find((d) => d.metadata.name === t.name)));
    expect(scaledRoles.sort()).toEqual(['gateway', 'ingest']);
    for (const h of hpas) expect(h.spec.maxReplicas).toBeGreaterThan(h.spec.minReplicas);
  });

  it('routes the Ingress to Services that select running pods, WebSockets to the roles serving them', () => {
    const services = new Map(ofKind('Service').map((s) => [s.metadata.name, s]));
    const [ingress] = ofKind('Ingress');
    expect(
      Number(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']),
    ).toBeGreaterThanOrEqual(3600);
    const routes = new Map<string, string>();
    for (const path of ingress.spec.rules[0].http.paths) {
      const service = services.get(path.backend.service.name);
      expect(service, path.path).toBeDefined();
      expect(service.spec.ports.map((p: Doc) => p.name)).toContain(path.backend.service.port.name);
      const selected = deployments.find((d) =>
        Object.entries(service.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
      );
      expect(selected, `${path.path} → ${service.metadata.name}`).toBeDefined();
      routes.set(path.path, roleOf(selected));
    }
    expect(routes.get('/api/v1/live')).toBe('gateway');
    expect(routes.get('/api/v1/track')).toBe('ingest');
    expect(routes.get('/')).toBe('api');
    for (const path of routes.keys()) {
      if (!path.includes('[')) expect(serves(path), path).toBe(true);
    }
  });

  it('builds every compose role from the repository Dockerfile, on PostgreSQL and NATS', () => {
    for (const role of ROLES) {
      const service = compose.services[role];
      expect(service, role).toBeDefined();
      expect(service.environment.ROLE).toBe(role);
      const dockerfilePath = resolve(root, 'deploy', service.build.context, service.build.dockerfile);
      expect(dockerfilePath).toBe(join(root, 'Dockerfile'));
      expect(existsSync(dockerfilePath)).toBe(true);
      expect(service.deploy.replicas, role).toBeGreaterThanOrEqual(2);
      expect(service.environment.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(service.environment.NATS_URL).toBe('nats://nats:4222');
      expect(service.depends_on.nats.condition).toBe('service_healthy');
      expect(service.healthcheck.test.join(' ')).toContain('/readyz');
    }
    expect(compose.services.postgres.image).toMatch(/^postgres:/);
    expect(compose.services.nats.image).toMatch(/^nats:/);
    const natsConf = read('deploy/nats.conf');
    expect(natsConf).toMatch(/jetstream\s*\{/);
    // The one port published is nginx's: the roles are reached through it.
    const published = Object.entries(compose.services).filter(([, s]) => (s as Doc).ports);
    expect(published.map(([name]) => name)).toEqual(['nginx']);
    const mounted = compose.services.nginx.volumes.map((v: string) => v.split(':')[0]);
    expect(mounted).toContain('./nginx.conf');
  });

  it('has nginx upgrade WebSockets for the live feed and the trackers, towards compose services', () => {
    expect(nginx).toMatch(/map \$http_upgrade \$connection_upgrade\s*\{/);
    expect(nginx).toMatch(/proxy_http_version 1\.1;/);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    const location = (path: string) => {
      const match = nginx.match(new RegExp(`location ${path.replaceAll('/', '\\/')} \\{([^}]*)\\}`));
      expect(match, path).not.toBeNull();
      return match![1]!;
    };
    expect(location('/api/v1/live')).toMatch(/proxy_pass http:\/\/gateway;/);
    expect(location('/api/v1/track')).toMatch(/proxy_pass http:\/\/ingest;/);
    for (const path of ['/api/v1/live', '/api/v1/track']) {
      expect(serves(path)).toBe(true);
      expect(Number(location(path).match(/proxy_read_timeout (\d+)s/)?.[1])).toBeGreaterThanOrEqual(3600);
    }
    const upstreamHosts = [...nginx.matchAll(/server (\w+):3000/g)].map((m) => m[1]);
    expect(upstreamHosts.sort()).toEqual(['api', 'gateway', 'ingest']);
    for (const host of upstreamHosts) expect(compose.services[host!]).toBeDefined();
  });

  it('has a multi-stage Dockerfile on Node 24 that builds the web app and installs every workspace', () => {
    const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)];
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/ARG NODE_IMAGE=node:24[-\w.]*/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/ENV[\s\S]*ROLE=all/);
    expect(dockerfile).toMatch(/npm ci/);
    // npm ci needs every workspace's package.json: a new workspace must be added to the deps stage.
    const workspaces = ['apps', 'packages'].flatMap((dir) =>
      readdirSync(join(root, dir))
        .filter((name) => existsSync(join(root, dir, name, 'package.json')))
        .map((name) => `${dir}/${name}`),
    );
    for (const workspace of workspaces)
      expect(dockerfile, workspace).toContain(`COPY ${workspace}/package.json`);
    // What the runtime stage serves: the server, the shared packages and the web build.
    expect(dockerfile).toMatch(/COPY --from=build \S+ \/app\/apps\/web\/dist/);
    expect(dockerfile).toMatch(/CMD \["node", "apps\/server\/src\/main\.ts"\]/);
    expect(existsSync(join(root, 'apps/server/src/main.ts'))).toBe(true);
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toContain('**/node_modules');
    expect(ignored).toContain('.git');
  });
});

/**
 * What the image needs, checked without building it (`npm run image:dry-run` builds and runs it on the
 * host): npm ci accepts the lock file, the runtime stage holds everything the server imports and reads,
 * and the build context keeps it.
 */
interface LockEntry {
  link?: boolean;
  resolved?: string;
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
const lock: { packages: Record<string, LockEntry> } = JSON.parse(read('package-lock.json'));
const locked = lock.packages;
/** Node's lookup from a locked package: its own node_modules, each enclosing one, then the root's. */
const locate = (from: string, name: string): string | undefined => {
  let base = from;
  for (;;) {
    const key = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (locked[key]) return key;
    if (!base) return undefined;
    const nested = base.lastIndexOf('/node_modules/');
    base = nested >= 0 ? base.slice(0, nested) : '';
  }
};
/** What npm installs for a locked package: dependencies, optional ones, required peers; devDependencies for the root and workspaces. */
const edges = (key: string, entry: LockEntry): string[] => [
  ...Object.keys(entry.dependencies ?? {}),
  ...Object.keys(entry.optionalDependencies ?? {}),
  ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !entry.peerDependenciesMeta?.[n]?.optional),
  ...(key.includes('node_modules/') ? [] : Object.keys(entry.devDependencies ?? {})),
];

// The Dockerfile as Docker reads it: comment lines dropped, continuations joined, one instruction a line.
const instructions = dockerfile
  .split('\n')
  .filter((line) => !/^\s*#/.test(line))
  .join('\n')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((line) => line.trim() !== '');
const lastFrom = instructions.findLastIndex((line) => /^FROM\s/i.test(line));
const runtime = instructions.slice(lastFrom);
const runtimeCopies = runtime
  .filter((line) => /^COPY\s/i.test(line))
  .map((line) => line.split(/\s+/).filter((word) => !word.startsWith('--')));
const runtimeEnv = new Map(
  runtime
    .filter((line) => /^ENV\s/i.test(line))
    .flatMap((line) => [...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!] as const)),
);
const workdir = runtime.find((line) => /^WORKDIR\s/i.test(line))?.split(/\s+/)[1] ?? '/';
/** Repository folders the runtime stage copies from the build stage's WORKDIR (/app). */
const copiedFromBuild = runtimeCopies
  .map((words) => words[1]!)
  .filter((src) => src.startsWith('/app/'))
  .map((src) => src.slice('/app/'.length));
const inRuntime = (path: string) => copiedFromBuild.some((dir) => path === dir || path.startsWith(`${dir}/`));

/** .dockerignore as Docker matches it: `**`, one segment for `*`, `!` re-includes, the last match wins, a folder covers its files. */
const dockerignore = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const negate = line.startsWith('!');
    const pattern = (negate ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
    const source = pattern
      .split('**/')
      .map((part) =>
        part
          .split('**')
          .map((p) =>
            p
              .replace(/[.+^${}()|\\]/g, '\\$&')
              .replaceAll('*', '[^/]*')
              .replaceAll('?', '[^/]'),
          )
          .join('.*'),
      )
      .join('(?:.*/)?');
    return { negate, regex: new RegExp(`^${source}$`) };
  });
const excluded = (file: string) => {
  const parents = file.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  return dockerignore.reduce(
    (out, rule) => (parents.some((p) => rule.regex.test(p)) ? !rule.negate : out),
    false,
  );
};

/** Workspaces the build stage keeps: every one but those whose package.json it removes before the prune. */
const workspaces = ['apps', 'packages'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((name) => existsSync(join(root, dir, name, 'package.json')))
    .map((name) => `${dir}/${name}`),
);
const removedBeforePrune = new Set(
  [...dockerfile.matchAll(/rm\s+([^&\n]+)/g)].flatMap((m) =>
    [...m[1]!.matchAll(/(\S+)\/package\.json/g)].map((f) => f[1]!),
  ),
);
const keptWorkspaces = workspaces.filter((w) => !removedBeforePrune.has(w));

describe('the image', () => {
  it('has a lock file npm ci accepts: every dependency of every locked package is locked', () => {
    // `npm ci` (the deps stage) refuses a lock that misses any of them, optional ones for other
    // platforms included, even where `npm install` (CI) passes.
    const missing: string[] = [];
    for (const [key, entry] of Object.entries(locked)) {
      if (entry.link) continue;
      for (const name of edges(key, entry))
        if (!locate(key, name)) missing.push(`${key || '(root)'} → ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('copies the workspaces the server runs, and imports at run time only what the prune keeps', () => {
    expect(keptWorkspaces).toContain('apps/server');
    for (const workspace of keptWorkspaces) expect(inRuntime(workspace), workspace).toBe(true);
    // What `npm prune --omit=dev` keeps: whatever the kept workspaces' production dependencies reach.
    const kept = new Set<string>();
    const visit = (key: string) => {
      if (kept.has(key)) return;
      kept.add(key);
      const entry = locked[key]!;
      const from = entry.link ? entry.resolved! : key;
      if (entry.link) return visit(from);
      for (const name of [
        ...Object.keys(entry.dependencies ?? {}),
        ...Object.keys(entry.optionalDependencies ?? {}),
        ...Object.keys(entry.peerDependencies ?? {}).filter(
          (n) => !entry.peerDependenciesMeta?.[n]?.optional,
        ),
      ]) {
        const found = locate(from, name);
        if (found) visit(found);
      }
    };
    // Every workspace is linked into the root's node_modules, declared as a dependency or not.
    for (const [key, entry] of Object.entries(locked))
      if (entry.link && keptWorkspaces.includes(entry.resolved!)) visit(key);
    // Value imports of the server and the kept packages (`import type` is erased by Node); the demo
    // needs the simulator and shared/, neither in the image.
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === 'demo' ? [] : sources(path);
        return entry.name.endsWith('.ts') ? [path] : [];
      });
    const unkept: string[] = [];
    for (const workspace of keptWorkspaces) {
      if (!existsSync(join(root, workspace, 'src'))) continue;
      for (const file of sources(join(root, workspace, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(
          /^\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?'([^'.][^']*)'/gm,
        )) {
          if (m[1] || m[2]!.startsWith('node:')) continue;
          const name = m[2]!
            .split('/')
            .slice(0, m[2]!.startsWith('@') ? 2 : 1)
            .join('/');
          const found = locate(workspace, name);
          if (!found || !kept.has(found)) unkept.push(`${file.slice(root.length + 1)}: ${name}`);
        }
      }
    }
    expect(unkept).toEqual([]);
  });

  it('holds the migrations, the web build and the data volume where the server looks for them', () => {
    // The database client reads the migrations beside its own folder: they must be copied and not ignored.
    const client = read('apps/server/src/db/client.ts');
    const relative = client.match(/MIGRATIONS = path\.resolve\(import\.meta\.dirname, '([^']+)'\)/)?.[1];
    expect(relative).toBeDefined();
    const migrations = join('apps/server/src/db', relative!).replaceAll('\\', '/');
    expect(inRuntime(migrations), migrations).toBe(true);
    const journal = JSON.parse(read(`${migrations}/meta/_journal.json`)) as { entries: { tag: string }[] };
    for (const { tag } of journal.entries) {
      expect(existsSync(join(root, migrations, `${tag}.sql`)), tag).toBe(true);
      expect(excluded(`${migrations}/${tag}.sql`), tag).toBe(false);
    }
    // The build context keeps what the stages read.
    for (const file of [
      'package.json',
      'package-lock.json',
      'apps/server/src/main.ts',
      'apps/web/index.html',
    ])
      expect(excluded(file), file).toBe(false);
    for (const file of ['node_modules/x/index.js', 'apps/web/dist/index.html', '.git/HEAD', '.env', 'data/x'])
      expect(excluded(file), file).toBe(true);
    // WEB_DIST_DIR is where the runtime stage puts the web build; DATA_DIR is a volume the user owns.
    expect(runtimeEnv.get('WEB_DIST_DIR')).toBe(`${workdir}/apps/web/dist`);
    expect(runtimeCopies.map((words) => words[2])).toContain('./apps/web/dist');
    const dataDir = runtimeEnv.get('DATA_DIR')!;
    const user = runtime.find((line) => /^USER\s/.test(line))!.split(/\s+/)[1];
    expect(runtime.find((line) => /^VOLUME\s/.test(line))).toContain(`"${dataDir}"`);
    const beforeUser = runtime
      .slice(
        0,
        runtime.findIndex((line) => /^USER\s/.test(line)),
      )
      .join('\n');
    expect(beforeUser).toMatch(
      new RegExp(`mkdir -p ${dataDir}\\b[^\\n]*chown ${user}:${user} ${dataDir}\\b`),
    );
    expect(runtime.find((line) => /^EXPOSE\s/.test(line))?.split(/\s+/)[1]).toBe(runtimeEnv.get('PORT'));
    expect(runtime.find((line) => /^HEALTHCHECK\s/.test(line))).toContain('/healthz');
  });
});
