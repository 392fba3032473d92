// The reads bench's HTTP clients, run in a child process (bench/readers.ts) so that they do not share
// the server's event loop.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { ReadersJob, ReadersReport } from '../readers.ts';

/** The request headers of a browser (and of a CDN fetching from the origin) that matter here. */
export const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };

export const bytesPerAnswer = (report: ReadersReport) =>
  Math.round(report.bytes / Math.max(1, report.ok + report.notModified + report.other));

export function readers(job: ReadersJob): { child: ChildProcess; done: Promise<ReadersReport> } {
  const child = fork(path.resolve(import.meta.dirname, '..', 'readers.ts'), [], { stdio: 'inherit' });
  const done = new Promise<ReadersReport>((resolve, reject) => {
    child.once('message', (report) => resolve(report as ReadersReport));
    child.once('error', reject);
  });
  child.send(job);
  return { child, done };
}
