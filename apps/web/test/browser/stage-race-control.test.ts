import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { along, straightGpx } from '../../../server/test/support/live-race.ts';
import {
  Client,
  multipartFile,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../../../server/test/support/test-app.ts';
import { chromiumUnavailable, collectPageErrors, launchChromium, screenshot } from './support/chromium.ts';
import { ensureWebBuild, WEB_DIST } from './support/web-build.ts';

/**
 * Short stages, so a stage is ridden in real time within a test: race control's buttons stamp the flag
 * with the server's clock, and riders' fixes may be at most 30 s ahead of it. 300 m at 12–15 m/s.
 */
const COURSE_KM = 0.3;
const LINE_M = 300;
/** m/s per bib on each stage: a different winner each day. */
const SPEEDS: Array<Record<number, number>> = [
  { 1: 15, 2: 14.2, 3: 13.1 },
  { 1: 12.9, 2: 13.6, 3: 14.8 },
];
/** Each phone reports on its own clock: first fix this many seconds after the flag, then every 2 s. */
const PHASES: Record<number, number> = { 1: 0.731, 2: 1.462, 3: 0.118 };

/** [metres ridden, seconds after the flag] of a phone's fixes, until just past the line. */
function phoneRide(speed: number, phase: number): Array<[number, number]> {
  const fixes: Array<[number, number]> = [];
  for (let s = phase; ; s += 2) {
    fixes.push([Math.round(speed * s * 1000) / 1000, Math.round(s * 1000) / 1000]);
    if (speed * s > LINE_M + 10) return fixes;
  }
}

/** The straight course ridden the other way: day two goes back to where day one started. */
function reversedGpx(): Uint8Array {
  const text = new TextDecoder().decode(straightGpx(COURSE_KM));
  const points = text.match(/<trkpt[^>]*>.*?<\/trkpt>/g)!;
  const reversed = text.replace(points.join(''), [...points].reverse().join(''));
  return new TextEncoder().encode(reversed);
}

async function signIn(page: Page, base: string, user: TestUser) {
  await page.goto(`${base}/signin?next=/admin`);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Back office' }).waitFor();
}

/**
 * A two-stage race run from the race-control page in Debian's Chromium: stage 1 started, ridden (phones
 * and a timing system's finish passings) and finished; the page hands over to stage 2, which starts and
 * finishes the same way. The public race page shows the unridden stage 2 as upcoming in between, and
 * the GC after stage 2 is exactly the sum of the two stage results.
 */
describe.skipIf(chromiumUnavailable !== null)('a stage race through the race-control page', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let base: string;
  let organiser: TestUser;
  let client: Client;
  let raceId: string;
  const stageIds: string[] = [];
  /** Each bib's phone, by its device token. */
  const phones = new Map<number, Client>();

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp({ tickMs: 500, webDistDir: WEB_DIST });
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
    ({ user: organiser, client } = await t.signIn('organiser'));
    raceId = (await client.post('/api/v1/races', { name: 'Two-day tour' })).json().id;
    for (const [name, gpx] of [
      ['Day one', straightGpx(COURSE_KM)],
      ['Day two', reversedGpx()],
    ] as const) {
      const stageId = (await client.post(`/api/v1/races/${raceId}/stages`, { name })).json().id;
      const form = await multipartFile('file', 'short.gpx', gpx);
      const uploaded = await client.put(`/api/v1/stages/${stageId}/course`, form.payload, form.headers);
      expect(uploaded.statusCode, uploaded.body).toBe(200);
      stageIds.push(stageId);
    }
    const csv = ['bib,first_name,last_name,device_id', '1,Ann,One,d1', '2,Bea,Two,d2', '3,Cat,Three,d3'];
    await client.post(`/api/v1/races/${raceId}/registrations/import`, csv.join('\n'), {
      'content-type': 'text/csv',
    });
    expect((await client.post(`/api/v1/races/${raceId}/status`, { status: 'published' })).statusCode).toBe(
      200,
    );
    const riders = (await client.get(`/api/v1/races/${raceId}/registrations`)).json().items;
    for (const rider of riders as Array<{ id: string; bib: number }>) {
      const issued = await client.post(`/api/v1/registrations/${rider.id}/device-tokens`);
      phones.set(rider.bib, new Client(t.http, { authorization: `Bearer ${issued.json().token}` }));
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => void dialog.accept());
    errors = collectPageErrors(page);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 120_000);

  /** Starts the stage of the day from the page, rides it, records the finish passings, finishes it. */
  async function runStage(index: number) {
    const number = index + 1;
    await page.getByRole('button', { name: `Start stage ${number} (mass start)` }).click();
    await page.getByText(`Stage ${number}: Live`).waitFor({ timeout: 10_000 });
    const stageId = stageIds[index]!;
    const start = (await client.get(`/api/v1/stages/${stageId}`)).json().startedAt as number;
    expect(start).toBeGreaterThan(0);
    for (const [bib, speed] of Object.entries(SPEEDS[index]!)) {
      const ride = phoneRide(speed, PHASES[Number(bib)]!);
      // Day one rides north along the straight line, day two back south.
      const at = (m: number) => along(index === 0 ? m : LINE_M - m);
      const fixes = ride.map(([m, s]) => ({ time: start + s * 1000, ...at(m), accuracy: 5 }));
      const sent = await phones.get(Number(bib))!.post('/api/v1/track/batch', { fixes });
      expect(sent.json(), sent.body).toMatchObject({ accepted: fixes.length });
    }
    await t.services.ingest.drain();
    // The monitor follows this stage's live feed: every rider seen.
    await page.getByText('3 of 3 riders seen').waitFor({ timeout: 20_000 });
    const passings = Object.entries(SPEEDS[index]!).map(([bib, speed]) => ({
      bib: Number(bib),
      point: 'finish',
      time: start + Math.round((LINE_M / speed) * 1000),
    }));
    // The line closes once the last rider is across, by the server's clock.
    const last = Math.max(...passings.map((p) => p.time));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, last - Date.now() + 500)));
    expect((await client.post(`/api/v1/stages/${stageId}/passings`, passings)).statusCode).toBe(200);
    await page.getByRole('button', { name: 'Finish the stage' }).click();
  }

  it('opens race control on stage 1, the stage of the day, with each stage’s status', async () => {
    await signIn(page, base, organiser);
    await page.goto(`${base}/admin/races/${raceId}/control`);
    await page.getByText('Race status: published · Stage 1: Scheduled').waitFor();
    const options = await page.locator('select').first().locator('option').allTextContents();
    expect(options).toEqual(['1. Day one (Scheduled)', '2. Day two (Scheduled)']);
  });

  it('runs stage 1, then hands over to stage 2 while the race stays live', { timeout: 90_000 }, async () => {
    await runStage(0);
    await page.getByText('Race status: live · Stage 2: Scheduled').waitFor({ timeout: 10_000 });
    await screenshot(page, 'stage-race-control-between-stages');

    const spectator = await browser.newPage();
    await spectator.goto(`${base}/races/${raceId}`);
    const stages = spectator
      .getByRole('listitem')
      .filter({ has: spectator.getByRole('heading', { level: 3 }) });
    await expect.poll(() => stages.count(), { timeout: 10_000 }).toBe(2);
    await stages.nth(0).getByText('Finished').waitFor();
    await stages.nth(1).getByText('Upcoming').waitFor();
    await spectator.close();
  });

  it('runs stage 2 from the same page, and the race finishes with it', { timeout: 90_000 }, async () => {
    await runStage(1);
    await page.getByText('Race status: finished').waitFor({ timeout: 10_000 });
    await page.getByText('Every stage of this race has run.').waitFor();
    await screenshot(page, 'stage-race-control-finished');
    const statuses = (await client.get(`/api/v1/races/${raceId}/stages`))
      .json()
      .items.map((s: { status: string }) => s.status);
    expect(statuses).toEqual(['finished', 'finished']);
  });

  it('gives a GC after stage 2 that is exactly the sum of the two stage results', async () => {
    const sums = new Map<number, number>();
    for (const stageId of stageIds) {
      const results = (await t.anonymous.get(`/api/v1/stages/${stageId}/results`)).json().items;
      expect(results.map((r: { status: string | null }) => r.status)).toEqual([null, null, null]);
      for (const r of results as Array<{ bib: number; time: number; bonus: number; penalty: number }>)
        sums.set(r.bib, (sums.get(r.bib) ?? 0) + r.time - r.bonus + r.penalty);
    }
    const gc = (await t.anonymous.get(`/api/v1/races/${raceId}/classifications/general`)).json();
    expect(gc.stages).toEqual([1, 2]);
    const rows = gc.items.map((r: { bib: number; time: number }) => [r.bib, r.time] as [number, number]);
    // Every rider's GC time is their sum; equal times are ordered by the rules, not by this test.
    expect(new Map(rows)).toEqual(sums);
    expect(rows.map(([, time]: [number, number]) => time)).toEqual([...sums.values()].sort((a, b) => a - b));
    expect(errors).toEqual([]);
  });
});
