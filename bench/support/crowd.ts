// The phones of the ingest-load benchmark: CHILDREN child processes (bench/trackers.ts), the devices dealt
// round-robin among them, each scenario run on all at once and their reports merged.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { Scenario, TrackersAudit, TrackersInit, TrackersReport } from '../trackers.ts';

const CHILDREN = 2;

export class Crowd {
  private readonly children: ChildProcess[] = [];

  /** Forks the children, each given every CHILDREN-th device. */
  async start(init: Omit<TrackersInit, 'type'>): Promise<void> {
    for (let c = 0; c < CHILDREN; c++) {
      // Advanced serialization: the audit's typed arrays cross as they are, not as JSON objects.
      const child = fork(path.resolve(import.meta.dirname, '../trackers.ts'), [], {
        stdio: 'inherit',
        serialization: 'advanced',
      });
      this.children.push(child);
      const mine = init.devices.filter((_, i) => i % CHILDREN === c);
      await this.ask(child, { type: 'init', ...init, devices: mine });
    }
  }

  private ask<T>(child: ChildProcess, message: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('message', (answer) => {
        child.off('error', reject);
        resolve(answer as T);
      });
      child.send(message as object);
    });
  }

  /** Runs the scenario on every child at once (devices split evenly); the reports merged. */
  async run(scenario: Omit<Scenario, 'devices'>, devices: number): Promise<TrackersReport> {
    const reports = await Promise.all(
      this.children.map((child) =>
        this.ask<TrackersReport>(child, {
          type: 'run',
          scenario: { ...scenario, devices: Math.ceil(devices / CHILDREN) },
        }),
      ),
    );
    return {
      requests: reports.reduce((s, r) => s + r.requests, 0),
      fixes: reports.reduce((s, r) => s + r.fixes, 0),
      duplicates: reports.reduce((s, r) => s + r.duplicates, 0),
      failures: reports.reduce((s, r) => s + r.failures, 0),
      failedConnects: reports.reduce((s, r) => s + r.failedConnects, 0),
      due: reports.reduce((s, r) => s + r.due, 0),
      skipped: reports.reduce((s, r) => s + r.skipped, 0),
      firstFailure: reports.find((r) => r.firstFailure)?.firstFailure ?? null,
      latencies: reports.flatMap((r) => r.latencies),
      ms: Math.max(...reports.map((r) => r.ms)),
      cpuMs: reports.reduce((s, r) => s + r.cpuMs, 0),
    };
  }

  /** Every fix acknowledged as stored so far, per device, from every child. */
  async audit(): Promise<TrackersAudit> {
    const audits = await Promise.all(
      this.children.map((child) => this.ask<TrackersAudit>(child, { type: 'audit' })),
    );
    return {
      indexes: audits.flatMap((a) => a.indexes),
      seconds: audits.flatMap((a) => a.seconds),
    };
  }

  stop(): void {
    for (const child of this.children) child.kill();
  }
}
