import type { IngestResult } from '@echelon/contracts';
import type { TrackerFix } from './fix.ts';
import { retryAfterMs } from './retry-after.ts';

/**
 * What the host's network code answers for one batch (`POST /api/v1/track/batch` with the device
 * token, or a message on the tracking WebSocket). A network failure is a rejected promise; any HTTP
 * answer, good or bad, resolves. Headers are passed raw: the core reads them.
 */
export interface TransportResponse {
  status: number;
  /** The parsed JSON body, if any. */
  body?: unknown;
  /** The Retry-After header. */
  retryAfter?: string | null;
  /** The Date header: a clock sample to one-second resolution. */
  date?: string | null;
  /** A server time echo in epoch ms, when the channel has one: a finer clock sample than `date`. */
  serverTime?: number | null;
}

export type Transport = (fixes: readonly TrackerFix[]) => Promise<TransportResponse>;

/** What the Sender does with an answer. */
export type Verdict =
  | { kind: 'ack'; result: IngestResult }
  | { kind: 'auth'; status: number }
  | { kind: 'too-large' }
  | { kind: 'retry'; reason: string; retryAfterMs: number | null };

export function judge(response: TransportResponse, batchSize: number, deviceNow: number): Verdict {
  const { status } = response;
  if (status >= 200 && status < 300) {
    const result = readResult(response.body, batchSize);
    return result
      ? { kind: 'ack', result }
      : // Not an answer for this batch: nothing can be removed, so send it again.
        { kind: 'retry', reason: 'the server answered without a result for the batch', retryAfterMs: null };
  }
  // The token was revoked or has expired: retrying cannot help until it is renewed.
  if (status === 401 || status === 403) return { kind: 'auth', status };
  if (status === 413) return { kind: 'too-large' };
  // 429 and 5xx are the expected ones; anything else is retried too rather than dropping fixes.
  const serverNow = serverTimeOf(response)?.time ?? null;
  return {
    kind: 'retry',
    reason: `HTTP ${status}`,
    retryAfterMs: retryAfterMs(response.retryAfter, serverNow, deviceNow),
  };
}

/**
 * The batch endpoint's answer, checked against the batch it answers: the fixes not listed as rejected
 * are the accepted and duplicate ones, which only holds when the counts add up.
 */
function readResult(body: unknown, batchSize: number): IngestResult | null {
  if (typeof body !== 'object' || body === null) return null;
  const { accepted, duplicates, rejected } = body as Record<string, unknown>;
  if (!Number.isInteger(accepted) || !Number.isInteger(duplicates) || !Array.isArray(rejected)) return null;
  const seen = new Set<number>();
  for (const item of rejected as unknown[]) {
    const { index, reason } = (item ?? {}) as Record<string, unknown>;
    if (!Number.isInteger(index) || typeof reason !== 'string') return null;
    if ((index as number) < 0 || (index as number) >= batchSize || seen.has(index as number)) return null;
    seen.add(index as number);
  }
  if ((accepted as number) + (duplicates as number) + seen.size !== batchSize) return null;
  return body as IngestResult;
}

/** The server's time at the moment it answered, and how finely it is known (ms). */
export function serverTimeOf(response: TransportResponse): { time: number; resolutionMs: number } | null {
  if (typeof response.serverTime === 'number' && Number.isFinite(response.serverTime)) {
    return { time: response.serverTime, resolutionMs: 0 };
  }
  if (response.date) {
    const time = Date.parse(response.date);
    if (!Number.isNaN(time)) return { time, resolutionMs: 1000 };
  }
  return null;
}
