import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../server/test/support/test-app.ts';
import { chromiumUnavailable, collectPageErrors, launchChromium, screenshot } from './support/chromium.ts';
import { ensureWebBuild, WEB_DIST } from './support/web-build.ts';

/**
 * Invitations and the time-trial start in Debian's Chromium: an admin invites a commissaire and copies
 * the link; the invitee opens it, sets a password and lands in the back office; an organiser draws a
 * time trial's start order in race control.
 */
describe.skipIf(chromiumUnavailable !== null)('invitations and the time-trial start, in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp({ webDistDir: WEB_DIST });
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 120_000);

  it('invites by link, and the invitee signs up into the back office', async () => {
    const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectPageErrors(admin);
    await admin.goto(`${base}/signin?next=/admin/users`);
    await admin.getByLabel('E-mail').fill('admin@example.org');
    await admin.getByLabel('Password').fill('correct horse battery');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    const invite = admin.getByRole('region', { name: 'Invite' });
    await invite.waitFor();
    await expect(invite.getByText(/Echelon sends no e-mail/).isVisible()).resolves.toBe(true);
    await invite.getByLabel('E-mail').fill('invited.commissaire@example.org');
    await invite.getByLabel('Role').selectOption('commissaire');
    await invite.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await invite.getByLabel('Invitation link for invited.commissaire@example.org').inputValue();
    expect(link).toMatch(/\/invite\?token=ech_inv_/);
    await invite
      .getByRole('button', { name: 'Revoke the invitation of invited.commissaire@example.org' })
      .waitFor();
    await screenshot(admin, 'invitation-created');

    // The invitee, in a browser of their own (no admin cookie).
    const context = await browser.newContext();
    const invitee = await context.newPage();
    const inviteeErrors = collectPageErrors(invitee);
    const url = new URL(link);
    await invitee.goto(`${base}${url.pathname}${url.search}`);
    await invitee.getByLabel('Your name').fill('Ines Invited');
    await invitee.getByLabel('Password', { exact: true }).fill('a long enough password');
    await invitee.getByLabel('Password again').fill('a long enough password');
    await screenshot(invitee, 'invitation-accept');
    await invitee.getByRole('button', { name: 'Create my account and sign in' }).click();
    await invitee.getByRole('navigation', { name: 'Back office' }).waitFor();
    expect(new URL(invitee.url()).pathname).toMatch(/^\/admin/);
    // The link works once.
    await invitee.goto(`${base}${url.pathname}${url.search}`);
    await invitee.getByLabel('Your name').fill('Again');
    await invitee.getByLabel('Password', { exact: true }).fill('a long enough password');
    await invitee.getByLabel('Password again').fill('a long enough password');
    await invitee.getByRole('button', { name: 'Create my account and sign in' }).click();
    await invitee.getByRole('alert').filter({ hasText: 'already used' }).waitFor();
    await context.close();
    expect(errors).toEqual([]);
    expect(inviteeErrors.filter((e) => !e.includes('409'))).toEqual([]);
  });

  it('draws a time trial’s start order in race control', async () => {
    const { user, client } = await t.signIn('organiser');
    const race = (await client.post('/api/v1/races', { name: 'Chrono GP' })).json();
    await client.post(`/api/v1/races/${race.id}/stages`, { name: 'Chrono', format: 'individual_time_trial' });
    for (const bib of [1, 2, 3])
      await client.post(`/api/v1/races/${race.id}/registrations`, {
        bib,
        firstName: `R${bib}`,
        lastName: 'Chrono',
      });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectPageErrors(page);
    await page.goto(`${base}/signin?next=/admin/races/${race.id}/control`);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No start list yet: generate the start order.').waitFor();
    await page.getByRole('button', { name: 'Generate start order (reverse GC)' }).click();
    await page.getByText('Start list (3 riders)').waitFor();
    const rows = await page.getByTestId('start-list').getByRole('row').count();
    expect(rows).toBe(4);
    await expect(page.getByRole('button', { name: 'Start the time trial' }).count()).resolves.toBe(0);
    await screenshot(page, 'time-trial-start-list');
    expect(errors).toEqual([]);
  });
});
