// Riders' tracks sent as offline bursts: POST /api/v1/track/batch with 100–500 fixes at 1 fix/s of race
// time, several requests in flight, each rider's batches one after the other and in time order.
import type { App } from '../../apps/server/src/app.ts';
import { type Peloton, random } from './peloton.ts';
import type { BenchRace } from './race.ts';

export interface BatchRequest {
  rider: number;
  fixes: number;
  body: string;
}

/**
 * Every rider's fixes from `from` to `to` (exclusive) seconds into the race, cut into batches of 100–500
 * and serialised ahead of time; ordered round by round (every rider's first batch, then the second, …).
 */
export function buildBatches(
  peloton: Peloton,
  startAt: number,
  from: number,
  to: number,
  seed: number,
): BatchRequest[] {
  const rand = random(seed);
  const rounds: BatchRequest[][] = [];
  for (let i = 0; i < peloton.riders; i++) {
    let round = 0;
    for (let k = from; k < to; round++) {
      const size = Math.min(to - k, 100 + Math.floor(rand() * 401));
      const fixes = [];
      for (let j = k; j < k + size; j++) {
        const f = peloton.fix(i, j);
        fixes.push({
          time: startAt + j * 1000,
          lat: f.lat,
          lon: f.lon,
          accuracy: 5,
          speed: peloton.speeds[i],
          altitude: 1000,
          battery: 80,
        });
      }
      if (!rounds[round]) rounds[round] = [];
      rounds[round]!.push({ rider: i, fixes: size, body: JSON.stringify({ fixes }) });
      k += size;
    }
  }
  return rounds.flat();
}

export interface SendResult {
  accepted: number;
  errors: string[];
}

/** Sends the batches with `inFlight` requests at a time; resolves when every one is answered. */
export function sendBatches(
  app: App,
  race: BenchRace,
  requests: BatchRequest[],
  inFlight: number,
): Promise<SendResult> {
  return sendBatchesWith(
    async (token, body) => {
      const response = await app.http.inject({
        method: 'POST',
        url: '/api/v1/track/batch',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: body,
      });
      return { status: response.statusCode, body: response.body };
    },
    race,
    requests,
    inFlight,
  );
}

/** One tracker upload (POST /api/v1/track/batch with the rider's device token): its status and body. */
export type PostBatch = (token: string, body: string) => Promise<{ status: number; body: string }>;

/** sendBatches through any transport: in-process inject, or HTTP to a cluster (bench/cluster). */
export async function sendBatchesWith(
  post: PostBatch,
  race: BenchRace,
  requests: BatchRequest[],
  inFlight: number,
): Promise<SendResult> {
  const result: SendResult = { accepted: 0, errors: [] };
  const send = async (request: BatchRequest) => {
    const response = await post(race.riders[request.rider]!.token, request.body).catch((error: unknown) => ({
      status: 0,
      body: String(error),
    }));
    const answer = response.status === 200 ? (JSON.parse(response.body) as { accepted?: number }) : null;
    if (answer?.accepted !== request.fixes)
      result.errors.push(`${response.status} ${response.body.slice(0, 300)}`);
    result.accepted += answer?.accepted ?? 0;
  };
  // A rider's next batch waits for its previous one: a phone uploads its backlog in order.
  const previous = new Map<number, Promise<void>>();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const before = previous.get(request.rider);
      const done = (async () => {
        await before;
        await send(request);
      })();
      previous.set(request.rider, done);
      await done;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return result;
}
