import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerfile, read, root } from './repo-files.ts';

describe('the Dockerfile', () => {
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
