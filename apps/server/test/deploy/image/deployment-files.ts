import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { read, root } from '../repo-files.ts';

// Parsed YAML of several kinds, read field by field; a missing field fails the test that reads it.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Doc = any;

/** One process as a deployment file runs it: what the image test starts and checks. */
export interface Deployed {
  name: string;
  role: string;
  env: Record<string, string>;
  /** uid:gid, or the image's USER when the file does not say. */
  user: string | null;
  /** Folders the file makes writable (emptyDir, tmpfs); with readOnlyRoot everything else is not. */
  tmpfs: string[];
  /** The port the file expects the process on, and the paths it probes there. */
  port: number;
  probes: string[];
  /** A command the file runs inside the container to judge its health, if any. */
  healthcheck: string[] | null;
  /** The command, where the file overrides the image's CMD. */
  command?: string[];
}

/** `${VAR}`, `${VAR:-default}` and `${VAR:?message}` as Docker Compose interpolates them. */
function interpolate(value: string, given: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    if (given[name] !== undefined && given[name] !== '') return given[name]!;
    if (kind === '?') throw new Error(`compose needs ${name}: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

/** The compose file's roles (services built from the Dockerfile), with `given` as the shell's variables. */
export function composeRoles(given: Record<string, string>): Deployed[] {
  const compose: Doc = parse(read('deploy/compose.yaml'), { merge: true });
  const upstreamPorts = new Map(
    [...read('deploy/nginx.conf').matchAll(/server (\w+):(\d+)/g)].map((m) => [m[1]!, Number(m[2])]),
  );
  return Object.entries(compose.services as Record<string, Doc>)
    .filter(([, service]) => service.build)
    .map(([name, service]) => {
      const env = Object.fromEntries(
        Object.entries(service.environment as Record<string, string>).map(([k, v]) => [
          k,
          interpolate(String(v), given),
        ]),
      );
      const test: string[] = service.healthcheck.test;
      const url = test.join(' ').match(/http:\/\/127\.0\.0\.1:(\d+)(\/\w+)/);
      if (!url) throw new Error(`compose ${name}: no http://127.0.0.1:PORT/path in its healthcheck`);
      // The port nginx sends this role's requests to, when nginx routes to it, must be the same one.
      const port = upstreamPorts.get(name) ?? Number(url[1]);
      if (port !== Number(url[1]))
        throw new Error(`compose ${name}: nginx uses ${port}, healthcheck ${url[1]}`);
      return {
        name: `compose ${name}`,
        role: env.ROLE!,
        env,
        user: service.user ?? null,
        tmpfs: service.tmpfs ?? [],
        port,
        probes: [url[2]!],
        healthcheck: test[0] === 'CMD' ? test.slice(1) : ['/bin/sh', '-c', test.slice(1).join(' ')],
      };
    });
}

const k8sDocs = (): Doc[] =>
  readdirSync(join(root, 'deploy/k8s'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(root, 'deploy/k8s', file), 'utf8')).map((doc) => doc.toJS()),
    );

/** The Kubernetes Deployments as their pods run: env from their ConfigMaps and Secrets, user, volumes, probes. */
export function kubernetesRoles(): Deployed[] {
  const docs = k8sDocs();
  const byName = (kind: string, name: string) =>
    docs.find((d) => d.kind === kind && d.metadata.name === name) ??
    (() => {
      throw new Error(`no ${kind} ${name} in deploy/k8s`);
    })();
  return docs
    .filter((d) => d.kind === 'Deployment')
    .map((deployment) => {
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      const env: Record<string, string> = {};
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef) Object.assign(env, byName('ConfigMap', source.configMapRef.name).data);
        if (source.secretRef) Object.assign(env, byName('Secret', source.secretRef.name).stringData);
      }
      for (const { name, value } of container.env ?? []) env[name] = String(value);
      const ports = new Map<string | number, number>(
        container.ports.flatMap((p: Doc) => [
          [p.name, p.containerPort],
          [p.containerPort, p.containerPort],
        ]),
      );
      const probes = ['startupProbe', 'readinessProbe', 'livenessProbe']
        .map((probe) => container[probe]?.httpGet)
        .filter(Boolean);
      const probePorts = new Set(probes.map((get: Doc) => ports.get(get.port)));
      if (probePorts.size !== 1) throw new Error(`${deployment.metadata.name}: probes on ${[...probePorts]}`);
      const emptyDirs = new Set((pod.volumes ?? []).filter((v: Doc) => v.emptyDir).map((v: Doc) => v.name));
      const security = { ...pod.securityContext, ...container.securityContext };
      if (!security.readOnlyRootFilesystem)
        throw new Error(`${deployment.metadata.name}: root not read-only`);
      return {
        name: `k8s ${deployment.metadata.name}`,
        role: env.ROLE!,
        env,
        user:
          security.runAsUser === undefined
            ? null
            : `${security.runAsUser}:${security.runAsGroup ?? security.runAsUser}`,
        tmpfs: (container.volumeMounts ?? [])
          .filter((m: Doc) => emptyDirs.has(m.name))
          .map((m: Doc) => m.mountPath),
        port: [...probePorts][0]!,
        probes: probes.map((get: Doc) => get.path),
        healthcheck: null,
      };
    });
}

/** A request each load balancer rule exists for, to send to every role. */
export interface RouteSample {
  method: 'GET' | 'POST';
  path: string;
}
export const ROUTE_SAMPLES: RouteSample[] = [
  { method: 'GET', path: '/api/v1/live' },
  { method: 'GET', path: '/api/v1/stages/00000000-0000-4000-8000-000000000000/live' },
  { method: 'POST', path: '/api/v1/track/batch' },
  { method: 'GET', path: '/osmand?id=0&lat=45&lon=6&timestamp=1' },
  { method: 'POST', path: '/owntracks' },
  { method: 'GET', path: '/api/v1/races' },
  { method: 'GET', path: '/' },
];

/** The role nginx (deploy/nginx.conf) sends a path to: nginx's own choice of location, then its upstream's compose service. */
export function nginxRole(path: string, roles: Deployed[]): string {
  const nginx = read('deploy/nginx.conf');
  const locations = [...nginx.matchAll(/location\s+(=|~)?\s*(\S+)\s*\{([^}]*)\}/g)].map((m) => ({
    kind: m[1] ?? 'prefix',
    pattern: m[2]!,
    upstream: m[3]!.match(/proxy_pass http:\/\/(\w+);/)?.[1] ?? null,
  }));
  const bare = path.split('?')[0]!;
  // nginx: an exact match wins; else the longest prefix, unless a regex location (in file order) matches.
  const exact = locations.find((l) => l.kind === '=' && l.pattern === bare);
  const regex = locations.find((l) => l.kind === '~' && new RegExp(l.pattern).test(bare));
  const prefix = locations
    .filter((l) => l.kind === 'prefix' && bare.startsWith(l.pattern))
    .sort((a, b) => b.pattern.length - a.pattern.length)[0];
  const chosen = exact ?? regex ?? prefix;
  if (!chosen?.upstream) throw new Error(`nginx sends ${path} nowhere`);
  const service = roles.find((r) => r.name === `compose ${chosen.upstream}`);
  if (!service) throw new Error(`nginx upstream ${chosen.upstream} is no compose role`);
  return service.role;
}

/** The role the Kubernetes Ingress sends a path to: ingress-nginx with use-regex, the longest matching path first. */
export function ingressRole(path: string, roles: Deployed[]): string {
  const docs = k8sDocs();
  const ingress = docs.find((d) => d.kind === 'Ingress');
  const bare = path.split('?')[0]!;
  const rule = (ingress.spec.rules[0].http.paths as Doc[])
    .filter((p) => new RegExp(`^${p.path}`).test(bare))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!rule) throw new Error(`the Ingress sends ${path} nowhere`);
  const service = docs.find((d) => d.kind === 'Service' && d.metadata.name === rule.backend.service.name);
  const deployment = docs.find(
    (d) =>
      d.kind === 'Deployment' &&
      Object.entries(service.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
  );
  const role = roles.find((r) => r.name === `k8s ${deployment.metadata.name}`);
  if (!role)
    throw new Error(`the Ingress sends ${path} to ${service.metadata.name}, which selects no Deployment`);
  return role.role;
}
