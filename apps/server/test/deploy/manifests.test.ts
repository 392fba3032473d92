import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { dockerfile, read, root } from './repo-files.ts';

/**
 * The deployment files' structure, read as text in a second: every role deployed, probes on real
 * endpoints, autoscalers on real Deployments, compose built from the Dockerfile, WebSockets upgraded by
 * nginx. What they do is checked on the built image by image.test.ts: each compose role and each
 * Deployment started with its own environment, user and writable folders, its health checks and
 * probes answered on its port, and every route reaching the one role that serves it.
 */
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

  it('trusts exactly the one proxy in front of the roles, which appends the client address', () => {
    for (const d of deployments) {
      const configMap = ofKind('ConfigMap').find(
        (c) =>
          c.metadata.name ===
          d.spec.template.spec.containers[0].envFrom.find((s: Doc) => s.configMapRef)?.configMapRef.name,
      );
      expect(configMap?.data.TRUST_PROXY, d.metadata.name).toBe('1');
    }
    for (const role of ROLES) expect(compose.services[role].environment.TRUST_PROXY, role).toBe('1');
    // One hop is believed: the address nginx appends, whatever the client put before it.
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
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
});
