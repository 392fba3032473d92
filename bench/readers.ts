// Child process of the reads benchmark: `count` clients, each on its own keep-alive connection, read one
// URL back to back for `ms` milliseconds and count the answers by status. Kept apart from the server so
// the clients' work never runs on the server's event loop. Driven over IPC by reads.ts.
import http from 'node:http';

export interface ReadersJob {
  url: string;
  count: number;
  ms: number;
  headers: Record<string, string>;
}
export interface ReadersReport {
  ok: number;
  notModified: number;
  other: number;
  bytes: number;
  ms: number;
}

function get(agent: http.Agent, url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; bytes: number }>((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on('error', reject);
    });
    req.on('error', reject);
  });
}

process.on('message', async (job: ReadersJob) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.count });
  const report: ReadersReport = { ok: 0, notModified: 0, other: 0, bytes: 0, ms: 0 };
  const started = performance.now();
  const until = started + job.ms;
  const client = async () => {
    while (performance.now() < until) {
      const { status, bytes } = await get(agent, job.url, job.headers);
      report.bytes += bytes;
      if (status === 200) report.ok++;
      else if (status === 304) report.notModified++;
      else report.other++;
    }
  };
  await Promise.all(Array.from({ length: job.count }, client));
  report.ms = performance.now() - started;
  agent.destroy();
  process.send!(report);
});
