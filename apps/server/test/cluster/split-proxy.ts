import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';

/**
 * What the load balancer does in front of a cluster, for the simulator: trackers' requests to one of
 * two ingest processes (each rider always to the same one, by its device token), everything else to
 * the API. It also notes which registration each device token belongs to, where each rider's fixes
 * went, and how many fixes ingest accepted.
 */
export class SplitProxy {
  accepted = 0;
  /** Tracker requests that did not succeed (any non-2xx answer, or no answer). */
  failures = 0;
  /** Each kind of failure (ingest side, status and the answer's start, or the socket error) and its count. */
  readonly failureKinds = new Map<string, number>();
  /** Registration id → the ingest (0 or 1) its fixes go to. */
  readonly ingestOf = new Map<string, number>();
  private readonly registrationOf = new Map<string, string>();
  private readonly server: Server;
  private readonly api: number;
  private readonly ingest: [number, number];

  constructor(api: number, ingest: [number, number]) {
    this.api = api;
    this.ingest = ingest;
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.forward(req.method!, req.url!, req.headers, Buffer.concat(chunks), res));
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async forward(
    method: string,
    url: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    res: import('node:http').ServerResponse,
  ): Promise<void> {
    const token = /^Bearer\s+(\S+)$/i.exec(String(headers.authorization ?? ''))?.[1] ?? '';
    const tracking = url.startsWith('/api/v1/track');
    const side = createHash('sha256').update(token).digest()[0]! % 2;
    const port = tracking ? this.ingest[side]! : this.api;
    // Uncompressed answers, so the proxy can read them.
    const { 'accept-encoding': _, ...plain } = headers;
    const upstream = request({ host: '127.0.0.1', port, method, path: url, headers: plain }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (c: Buffer) => parts.push(c));
      response.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        this.observe(url, tracking, token, side, response.statusCode ?? 0, text);
        res.writeHead(response.statusCode ?? 502, response.headers);
        res.end(text);
      });
    });
    upstream.on('error', (error) => {
      if (tracking) this.fail(`ingest ${side}: ${(error as NodeJS.ErrnoException).code ?? error.message}`);
      res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  }

  private observe(url: string, tracking: boolean, token: string, side: number, status: number, text: string) {
    if (status < 200 || status >= 300) {
      if (tracking) this.fail(`ingest ${side}: ${status} ${text.slice(0, 160)}`);
      return;
    }
    const issued = /^\/api\/v1\/registrations\/([^/]+)\/device-tokens$/.exec(url);
    if (issued) this.registrationOf.set(JSON.parse(text).token, issued[1]!);
    if (tracking) {
      this.accepted += (JSON.parse(text) as { accepted?: number }).accepted ?? 0;
      const registration = this.registrationOf.get(token);
      if (registration) this.ingestOf.set(registration, side);
    }
  }

  private fail(kind: string) {
    this.failures += 1;
    this.failureKinds.set(kind, (this.failureKinds.get(kind) ?? 0) + 1);
  }
}
