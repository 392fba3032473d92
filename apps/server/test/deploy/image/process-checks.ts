import { createConnection } from 'node:net';
import { expect } from 'vitest';
import type { Running } from './container.ts';
import { ROUTE_SAMPLES, type RouteSample } from './deployment-files.ts';

/** Whether something on this machine already listens on the port (the image's own port must be free). */
export const portTaken = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Polls `url` until it answers 200 (or the process dies, or the time is up). */
export async function answered(url: string, process: Running, seconds = 120): Promise<void> {
  const until = Date.now() + seconds * 1000;
  let exited = false;
  void process.exited.then(() => {
    exited = true;
  });
  while (Date.now() < until && !exited) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${url} did not answer 200 ${exited ? '(the process exited)' : `in ${seconds} s`}:\n${process.output().slice(-3000)}`,
  );
}

/** SIGTERM as an orchestrator sends it; the process must end by itself, with 0, within the grace period. */
export async function stopsOnSigterm(process: Running, graceSeconds = 30): Promise<void> {
  process.process.kill('SIGTERM');
  const timer = setTimeout(() => process.process.kill('SIGKILL'), graceSeconds * 1000);
  const end = await process.exited;
  clearTimeout(timer);
  expect(end, process.output().slice(-2000)).toEqual({ code: 0, signal: null });
}

/** What each role answered to each route sample: a status, or the role filter's refusal. */
export type RoleAnswers = Map<string, Map<string, number | 'refused'>>;

/** Every sample is served by the role its rule names, and refused (the role filter's 404) by every other. */
export function expectRoutedOnlyTo(answers: RoleAnswers, targetOf: (sample: RouteSample) => string): void {
  for (const sample of ROUTE_SAMPLES) {
    const target = targetOf(sample);
    expect([...answers.keys()], `${sample.path} goes to ${target}`).toContain(target);
    for (const [role, seen] of answers) {
      if (role === target) expect(seen.get(sample.path), `${sample.path} on ${role}`).not.toBe('refused');
      else expect(seen.get(sample.path), `${sample.path} on ${role}`).toBe('refused');
    }
  }
}
