// In-process CPU profiling of a measured window only (setup excluded), for `--profile`. The profile is
// written next to the results as <name>.cpuprofile.json (open it in Chrome DevTools → Performance), and a
// summary of where the time went is returned for the console.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export class CpuProfile {
  private session: Session | null = null;

  async start(): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.session.post('Profiler.start');
  }

  /** Stops, writes the profile, and returns the top functions and files by self time. */
  async stop(name: string): Promise<string> {
    if (!this.session) return '';
    const { profile } = (await this.session.post('Profiler.stop')) as unknown as { profile: Profile };
    this.session.disconnect();
    this.session = null;
    const file = path.resolve(import.meta.dirname, `../results/${name}.cpuprofile.json`);
    writeFileSync(file, JSON.stringify(profile));
    return `${summarise(profile)}\n  profile: ${path.relative(process.cwd(), file)}`;
  }
}

/** The package (or, with `file`, package/path) or repository path a script URL belongs to. */
function where(url: string, file = false): string {
  if (!url) return '(native)';
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)(\/.*)?$/);
  if (m) return file ? `${m[1]}${m[2] ?? ''}` : m[1]!;
  const i = url.indexOf('/apps/');
  const j = url.indexOf('/packages/');
  const k = i >= 0 ? i : j;
  return k >= 0 ? url.slice(k + 1) : url.replace(/^file:\/\//, '');
}

function summarise(profile: Profile, top = 20): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let s = 0; s < profile.samples.length; s++) {
    const id = profile.samples[s]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[s] ?? 0));
  }
  const total = profile.endTime - profile.startTime;
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const fn = `${functionName || '(anonymous)'} ${where(url, true)}${url ? `:${lineNumber + 1}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    const file = where(url);
    files.set(file, (files.get(file) ?? 0) + us);
  }
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `    ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `  self time by package/file (${(total / 1e6).toFixed(1)} s sampled):\n${list(files)}\n  by function:\n${list(fns)}`;
}
