import { mulberry32 as random } from '@echelon/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestRepository } from '../../src/modules/ingest/ingest.repository.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';

interface SentFix {
  time: number;
  lat: number;
  lon: number;
  accuracy: number;
}

interface Answer {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; reason: string }>;
}

/**
 * The group commit's COPY (and its fall-back insert) fed as a race feeds it, through the tracker route:
 * phones on their own clocks (offsets of up to a second, millisecond stamps, 2–10 s apart, metres of
 * noise), their requests interleaved so groups hold several phones; one phone silent for minutes, then
 * its queue in one shuffled batch; one whose acknowledgement was lost resending its last fixes with new
 * ones; one with two requests of the same fixes in flight at once; a fix off the globe among good ones.
 * Every good fix is stored once with its exact stamp, and every answer says which of its fixes were new.
 */
describe.skipIf(databaseUnavailable !== null)('race-day fixes through the group commit', () => {
  let t: TestApp;
  let race: LiveRace;
  const phones: Client[] = [];
  const start = Date.now() - 30 * 60_000;
  const rand = random(20261205);

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 8);
    const live = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'live',
      at: start,
    });
    expect(live.statusCode).toBe(200);
    for (const rider of race.riders) {
      const issued = await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`);
      phones.push(new Client(t.http, { authorization: `Bearer ${issued.json().token}` }));
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A phone's ride: its clock `offsetMs` off, a fix every 2–10 s (ms jitter), 3–8 m of noise. */
  function ride(offsetMs: number, fromS: number, toS: number): SentFix[] {
    const fixes: SentFix[] = [];
    for (let s = fromS; s < toS; s += 2 + Math.floor(rand() * 9)) {
      const here = along(Math.min(9_900, s * 5));
      const noise = (3 + rand() * 5) / 111_000;
      fixes.push({
        time: start + s * 1000 + offsetMs + Math.floor(rand() * 1000),
        lat: here.lat + (rand() < 0.5 ? -noise : noise),
        lon: here.lon,
        accuracy: 3 + Math.round(rand() * 12),
      });
    }
    return fixes;
  }

  const send = async (phone: number, fixes: SentFix[]): Promise<Answer> => {
    const response = await phones[phone]!.post('/api/v1/track/batch', { fixes });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Answer;
  };

  it('stores every good fix once, exactly, and tells each request which of its fixes were new', async () => {
    const offsets = race.riders.map(() => Math.round((rand() - 0.5) * 1_800));
    const rides = offsets.map((offset) => ride(offset, 0, 600));
    const answers: Array<Array<{ sent: SentFix[]; answer: Answer }>> = rides.map(() => []);
    const post = async (phone: number, sent: SentFix[]) =>
      answers[phone]!.push({ sent, answer: await send(phone, sent) });

    // Live: each phone one fix a request, all phones' requests in flight together (shared groups).
    // Phone 2 is silent from its 20th fix on; phone 4's answers from its 15th to 19th fix are lost.
    const rounds = Math.max(...rides.map((r) => r.length));
    for (let k = 0; k < rounds; k++) {
      await Promise.all(
        rides.map((fixes, phone) => {
          const fix = fixes[k];
          if (!fix || (phone === 2 && k >= 20)) return null;
          return post(phone, [fix]);
        }),
      );
    }
    // Phone 2 back online: its queue at once, in no order, with a fix off the globe among them.
    const queued = rides[2]!.slice(20);
    const shuffled = [...queued].sort(() => rand() - 0.5);
    shuffled.splice(3, 0, { ...queued[0]!, time: queued[0]!.time + 1, lat: 91 });
    // Phone 4 resends what it has no answer for with its next fixes; phone 6 sends one batch twice at once.
    const later = ride(offsets[4]!, 600, 660);
    const twice = ride(offsets[6]!, 600, 640);
    await Promise.all([
      post(2, shuffled),
      post(4, [...rides[4]!.slice(15, 20), ...later]),
      post(6, twice),
      post(6, twice),
      post(0, ride(offsets[0]!, 600, 610)),
    ]);
    await t.services.ingest.drain();

    // Phone 2's batch: only the fix off the globe refused, by its index.
    const back = answers[2]!.at(-1)!.answer;
    expect(back.rejected.map((r) => r.index)).toEqual([3]);
    expect(back.accepted).toBe(queued.length);
    // Phone 4's resent fixes are duplicates, its new ones accepted.
    expect(answers[4]!.at(-1)!.answer).toMatchObject({ accepted: later.length, duplicates: 5 });
    // Phone 6: each fix new for exactly one of the two requests.
    const both = answers[6]!.slice(-2).map((a) => a.answer);
    expect(both[0]!.accepted + both[1]!.accepted).toBe(twice.length);
    expect(both[0]!.duplicates + both[1]!.duplicates).toBe(twice.length);

    for (const [phone, rider] of race.riders.entries()) {
      const good = new Map<number, SentFix>();
      for (const { sent } of answers[phone]!) for (const f of sent) if (f.lat <= 90) good.set(f.time, f);
      const stored = await new IngestRepository(t.database.db).fixesSince([rider.id], 0);
      // Each good fix once, with its millisecond stamp and its position as sent.
      expect(stored.map((f) => f.time)).toEqual([...good.keys()].sort((a, b) => a - b));
      for (const f of stored) expect(f.lat).toBeCloseTo(good.get(f.time)!.lat, 9);
      // The answers' new fixes add up to what is stored: none counted new twice, none lost.
      const accepted = answers[phone]!.reduce((sum, { answer }) => sum + answer.accepted, 0);
      expect(accepted, `phone ${phone}`).toBe(stored.length);
    }
  });
});
