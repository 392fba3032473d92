import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { addStartableStage } from '../support/live-race.ts';
import {
  type Client,
  expectProblem,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

type RaceJson = Record<string, unknown> & { id: string; status: string };

const PATHS = {
  draft: [],
  published: ['published'],
  live: ['published', 'live'],
  official: ['published', 'live', 'finished', 'official'],
  cancelled: ['cancelled'],
} as const;

describe.skipIf(databaseUnavailable !== null)('races', () => {
  let t: TestApp;
  let alice: { user: TestUser; client: Client };
  let bob: { user: TestUser; client: Client };

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.signIn('organiser');
    bob = await t.signIn('organiser');
  });
  afterAll(async () => {
    await t?.close();
  });

  const NOWHERE = '/api/v1/races/00000000-0000-4000-8000-000000000000';
  const get = (client: Client, id: string) => client.get(`/api/v1/races/${id}`);
  const patch = (client: Client, id: string, body: object) => client.patch(`/api/v1/races/${id}`, body);
  const create = (client: Client, body: Record<string, unknown>) => client.post('/api/v1/races', body);
  async function createRace(client: Client, body: Record<string, unknown>): Promise<RaceJson> {
    const response = await create(client, body);
    expect(response.statusCode, response.body).toBe(201);
    // Going live needs a stage with a course.
    await addStartableStage(client, response.json().id);
    return response.json();
  }
  async function setStatus(client: Client, id: string, status: string, reason?: string) {
    return client.post(`/api/v1/races/${id}/status`, { status, ...(reason && { reason }) });
  }
  /** A new race of the client's, moved along legal steps to `status`. */
  async function raceIn(client: Client, status: keyof typeof PATHS, body: Record<string, unknown> = {}) {
    const race = await createRace(client, { name: `${status} race`, ...body });
    for (const step of PATHS[status]) expect((await setStatus(client, race.id, step)).statusCode).toBe(200);
    return { ...race, status };
  }

  describe('createRace', () => {
    it('creates a draft owned by the caller, with defaults', async () => {
      const response = await create(alice.client, { name: '  Tour de Test  ' });
      expect(response.statusCode).toBe(201);
      const race = response.json();
      expect(race).toMatchObject({ name: 'Tour de Test', description: '', location: '', timeZone: 'UTC' });
      expect(race).toMatchObject({
        visibility: 'public',
        discipline: 'road',
        status: 'draft',
        startDate: null,
      });
      expect(race.ownerId).toBe(alice.user.id);
      expect(race.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(race.createdAt))).toBe(false);
    });

    it('keeps every given field', async () => {
      const fields = { name: 'Grinder', description: 'Dust', location: 'Girona', timeZone: 'Europe/Madrid' };
      const more = { visibility: 'unlisted', discipline: 'gravel', startDate: '2026-05-17' };
      expect(await createRace(alice.client, { ...fields, ...more })).toMatchObject({ ...fields, ...more });
    });

    it('rejects a bad time zone with a 400 naming the field', async () => {
      const body = expectProblem(await create(alice.client, { name: 'X', timeZone: 'Mars/Olympus' }), 400);
      expect(body.detail).toBe('Invalid body: timeZone: Not an IANA time zone such as Europe/Paris');
      expect(body.errors).toEqual([
        { pointer: 'body/timeZone', detail: 'timeZone: Not an IANA time zone such as Europe/Paris' },
      ]);
    });

    it('rejects a blank name, an unknown visibility and a bad date', async () => {
      const bad = { name: '   ', visibility: 'secret', startDate: '2026-13-01' };
      const body = expectProblem(await create(alice.client, bad), 400);
      const pointers = (body.errors as Array<{ pointer: string }>).map((e) => e.pointer).sort();
      expect(pointers).toEqual(['body/name', 'body/startDate', 'body/visibility']);
    });

    it('is refused to anonymous callers (401) and riders (403)', async () => {
      expectProblem(await t.anonymous.post('/api/v1/races', { name: 'X' }), 401);
      const rider = await t.signIn('rider');
      const body = expectProblem(await rider.client.post('/api/v1/races', { name: 'X' }), 403);
      expect(body.detail).toBe('This needs one of the roles: admin, organiser');
    });
  });

  describe('getRace visibility', () => {
    it('shows a published public race to everyone', async () => {
      const race = await raceIn(alice.client, 'published');
      const body = (await get(t.anonymous, race.id)).json();
      expect([body.id, body.status]).toEqual([race.id, 'published']);
    });

    it('hides a draft from anonymous callers and other organisers, not from its owner or admins', async () => {
      const race = await createRace(alice.client, { name: 'Secret draft' });
      expect(expectProblem(await get(t.anonymous, race.id), 404).detail).toBe('No such race');
      expectProblem(await get(bob.client, race.id), 404);
      expect((await get(alice.client, race.id)).statusCode).toBe(200);
      expect((await get(t.admin, race.id)).statusCode).toBe(200);
    });

    it('opens a published unlisted race by id to anyone', async () => {
      const race = await raceIn(alice.client, 'published', { visibility: 'unlisted' });
      const response = await get(t.anonymous, race.id);
      expect(response.statusCode).toBe(200);
      expect(response.json().visibility).toBe('unlisted');
    });

    it('hides a private race from anonymous callers and other organisers even when published', async () => {
      const race = await raceIn(alice.client, 'published', { visibility: 'private' });
      expectProblem(await get(t.anonymous, race.id), 404);
      expectProblem(await get(bob.client, race.id), 404);
      expect((await get(alice.client, race.id)).statusCode).toBe(200);
      expect((await get(t.admin, race.id)).statusCode).toBe(200);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectProblem(await t.anonymous.get(NOWHERE), 404);
      expectProblem(await t.anonymous.get('/api/v1/races/not-a-uuid'), 400);
    });
  });

  describe('updateRace', () => {
    it('changes the given fields only and moves updatedAt', async () => {
      const race = await createRace(alice.client, { name: 'Before', location: 'Lyon' });
      const response = await patch(alice.client, race.id, { name: 'After', timeZone: 'Europe/Paris' });
      expect(response.statusCode).toBe(200);
      const updated = response.json();
      expect(updated).toMatchObject({
        name: 'After',
        timeZone: 'Europe/Paris',
        location: 'Lyon',
        status: 'draft',
      });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(race.updatedAt as string));
      expect((await get(alice.client, race.id)).json().name).toBe('After');
    });

    it('rejects an empty patch and a bad time zone', async () => {
      const race = await createRace(alice.client, { name: 'Patchy' });
      expect(expectProblem(await patch(alice.client, race.id, {}), 400).detail).toBe(
        'Invalid body: Nothing to update',
      );
      expectProblem(await patch(alice.client, race.id, { timeZone: 'Nowhere' }), 400);
    });

    it('refuses another organiser (403) but lets an admin change it', async () => {
      const race = await createRace(alice.client, { name: 'Mine' });
      const body = expectProblem(await patch(bob.client, race.id, { name: 'Stolen' }), 403);
      expect(body.detail).toBe('Only the race’s organisers and administrators can change it');
      expectProblem(await bob.client.post(`/api/v1/races/${race.id}/status`, { status: 'published' }), 403);
      const byAdmin = await patch(t.admin, race.id, { name: 'Fixed by admin' });
      expect(byAdmin.statusCode).toBe(200);
      expect(byAdmin.json()).toMatchObject({ name: 'Fixed by admin', ownerId: alice.user.id });
      expect((await setStatus(t.admin, race.id, 'published')).json().status).toBe('published');
    });

    it('refuses changes to an official or cancelled race with 409', async () => {
      const official = await raceIn(alice.client, 'official');
      const body = expectProblem(await patch(alice.client, official.id, { name: 'Late' }), 409);
      expect(body.detail).toBe('The race is official; its details can no longer change');
      const cancelled = await raceIn(alice.client, 'cancelled');
      expect(expectProblem(await patch(t.admin, cancelled.id, { name: 'Late' }), 409).detail).toBe(
        'The race is cancelled; its details can no longer change',
      );
    });

    it('answers 404 for an unknown race and 401 for anonymous callers', async () => {
      expectProblem(await alice.client.patch(NOWHERE, { name: 'X' }), 404);
      expectProblem(await t.anonymous.patch(NOWHERE, { name: 'X' }), 401);
    });
  });

  describe('listRaces', () => {
    let carol: { user: TestUser; client: Client };
    let dave: { user: TestUser; client: Client };
    const ALL = ['Zq Foxtrot', 'Zq Echo', 'Zq Delta', 'Zq Charlie', 'Zq Bravo', 'Zq Alpha'];
    const names = (response: { json(): { items: Array<{ name: string }> } }) =>
      response.json().items.map((r) => r.name);

    beforeAll(async () => {
      carol = await t.signIn('organiser');
      dave = await t.signIn('organiser');
      const races = [
        [carol, 'published', 'Zq Alpha', { location: 'Annecy' }],
        [carol, 'draft', 'Zq Bravo', {}],
        [carol, 'published', 'Zq Charlie', { visibility: 'unlisted' }],
        [carol, 'published', 'Zq Delta', { visibility: 'private' }],
        [dave, 'live', 'Zq Echo', {}],
        [dave, 'draft', 'Zq Foxtrot', {}],
      ] as const;
      for (const [i, [owner, status, name, extra]] of races.entries()) {
        await raceIn(owner.client, status, { name, startDate: `2026-06-0${i + 1}`, ...extra });
      }
    });

    it('shows anonymous callers only published public races, newest first', async () => {
      const response = await t.anonymous.get('/api/v1/races?q=zq');
      expect(names(response)).toEqual(['Zq Echo', 'Zq Alpha']);
      expect(response.json().total).toBe(2);
    });

    it('adds the organiser’s own drafts, unlisted and private races', async () => {
      const response = await carol.client.get('/api/v1/races?q=zq');
      expect(names(response)).toEqual(['Zq Echo', 'Zq Delta', 'Zq Charlie', 'Zq Bravo', 'Zq Alpha']);
      expect(response.json().total).toBe(5);
    });

    it('shows admins everything', async () => {
      const response = await t.admin.get('/api/v1/races?q=ZQ');
      expect(names(response)).toEqual(ALL);
      expect(response.json().total).toBe(6);
    });

    it('mine=true keeps only the caller’s races', async () => {
      const response = await dave.client.get('/api/v1/races?mine=true');
      expect(names(response)).toEqual(['Zq Foxtrot', 'Zq Echo']);
      expect(response.json().total).toBe(2);
      expect((await t.anonymous.get('/api/v1/races?mine=true')).json()).toEqual({ items: [], total: 0 });
    });

    it('searches the location too, and treats % literally', async () => {
      expect(names(await t.anonymous.get('/api/v1/races?q=annecy'))).toEqual(['Zq Alpha']);
      expect((await t.admin.get('/api/v1/races?q=zq%25')).json().total).toBe(0);
    });

    it('filters by status', async () => {
      expect(names(await t.admin.get('/api/v1/races?q=zq&status=draft'))).toEqual(['Zq Foxtrot', 'Zq Bravo']);
      expectProblem(await t.anonymous.get('/api/v1/races?status=sleeping'), 400);
    });

    it('filters by several statuses, comma-separated or repeated', async () => {
      const both = ['Zq Foxtrot', 'Zq Echo', 'Zq Bravo'];
      expect(names(await t.admin.get('/api/v1/races?q=zq&status=live,draft'))).toEqual(both);
      expect(names(await t.admin.get('/api/v1/races?q=zq&status=draft&status=live'))).toEqual(both);
      expect((await t.admin.get('/api/v1/races?q=zq&status=live, draft')).json().total).toBe(3);
      expect(names(await t.anonymous.get('/api/v1/races?q=zq&status=live,neutralised'))).toEqual(['Zq Echo']);
      expectProblem(await t.anonymous.get('/api/v1/races?status=live,sleeping'), 400);
      expectProblem(await t.anonymous.get('/api/v1/races?status='), 400);
    });

    it('pages with limit and offset while reporting the full total', async () => {
      const first = (await t.admin.get('/api/v1/races?q=zq&limit=4')).json();
      expect(first.items.map((r: { name: string }) => r.name)).toEqual(ALL.slice(0, 4));
      expect(first.total).toBe(6);
      const second = (await t.admin.get('/api/v1/races?q=zq&limit=4&offset=4')).json();
      expect(second.items.map((r: { name: string }) => r.name)).toEqual(ALL.slice(4));
      expect(second.total).toBe(6);
      expect((await t.admin.get('/api/v1/races?q=zq&offset=6')).json()).toEqual({ items: [], total: 6 });
      expectProblem(await t.anonymous.get('/api/v1/races?limit=0'), 400);
      expectProblem(await t.anonymous.get('/api/v1/races?limit=201'), 400);
    });
  });

  describe('setRaceStatus', () => {
    it('walks draft → published → live → neutralised → live → finished → official', async () => {
      const race = await createRace(alice.client, { name: 'Full lifecycle' });
      let last = race.statusChangedAt as string;
      for (const status of ['published', 'live', 'neutralised', 'live', 'finished', 'official']) {
        const response = await setStatus(alice.client, race.id, status);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().status).toBe(status);
        expect(Date.parse(response.json().statusChangedAt)).toBeGreaterThanOrEqual(Date.parse(last));
        last = response.json().statusChangedAt;
      }
      expect((await get(t.anonymous, race.id)).json().status).toBe('official');
    });

    it('refuses to start a race whose stage has no course', async () => {
      const response = await create(alice.client, { name: 'No course yet' });
      const raceId = response.json().id;
      expect((await setStatus(alice.client, raceId, 'published')).statusCode).toBe(200);
      expect(expectProblem(await setStatus(alice.client, raceId, 'live'), 409).detail).toBe(
        'The race has no stage to start; add one first',
      );
      await alice.client.post(`/api/v1/races/${raceId}/stages`, { name: 'Bare stage' });
      expect(expectProblem(await setStatus(alice.client, raceId, 'live'), 409).detail).toBe(
        'Stage 1 has no course; upload one before starting it',
      );
      expect((await get(alice.client, raceId)).json().status).toBe('published');
    });

    it('unpublishes a published race, and cancels a live one', async () => {
      const published = await raceIn(alice.client, 'published');
      expect((await setStatus(alice.client, published.id, 'draft')).json().status).toBe('draft');
      const live = await raceIn(alice.client, 'live');
      expect((await setStatus(alice.client, live.id, 'cancelled', 'storm')).json().status).toBe('cancelled');
    });

    it('refuses illegal transitions with a 409 naming both states', async () => {
      const draft = await createRace(alice.client, { name: 'Too early' });
      expect(expectProblem(await setStatus(alice.client, draft.id, 'live'), 409).detail).toBe(
        'A race cannot go from draft to live; from draft it can go to: published, cancelled',
      );
      expect(expectProblem(await setStatus(alice.client, draft.id, 'draft'), 409).detail).toBe(
        'The race is already draft',
      );
      expect((await get(alice.client, draft.id)).json().status).toBe('draft');
    });

    it('treats official and cancelled as final', async () => {
      const official = await raceIn(alice.client, 'official');
      for (const to of ['draft', 'published', 'live', 'neutralised', 'finished', 'cancelled']) {
        expect(expectProblem(await setStatus(t.admin, official.id, to), 409).detail).toBe(
          `A race cannot go from official to ${to}; official is final`,
        );
      }
      const cancelled = await raceIn(alice.client, 'cancelled');
      expect(expectProblem(await setStatus(alice.client, cancelled.id, 'published'), 409).detail).toBe(
        'A race cannot go from cancelled to published; cancelled is final',
      );
    });

    it('validates the body and the caller', async () => {
      const race = await createRace(alice.client, { name: 'Guarded' });
      expectProblem(await setStatus(alice.client, race.id, 'paused'), 400);
      expectProblem(await t.anonymous.post(`/api/v1/races/${race.id}/status`, { status: 'published' }), 401);
      expectProblem(await alice.client.post(`${NOWHERE}/status`, { status: 'published' }), 404);
    });
  });

  describe('audit log', () => {
    it('records creation, updates and status changes with their details', async () => {
      const race = await createRace(alice.client, { name: 'Audited' });
      await patch(alice.client, race.id, { location: 'Roubaix' });
      await setStatus(alice.client, race.id, 'published');
      await setStatus(t.admin, race.id, 'cancelled', 'flooded roads');
      await setStatus(alice.client, race.id, 'published'); // refused: not audited
      const response = await t.admin.get(`/api/v1/audit?targetType=race&targetId=${race.id}`);
      expect(response.statusCode).toBe(200);
      const items = response.json().items as Array<Record<string, unknown>>;
      expect(items.map((e) => [e.action, e.actorEmail, e.details])).toEqual([
        ['race.status', 'admin@example.org', { from: 'published', to: 'cancelled', reason: 'flooded roads' }],
        ['race.status', alice.user.email, { from: 'draft', to: 'published' }],
        ['race.update', alice.user.email, { changed: ['location'] }],
        ['race.create', alice.user.email, { name: 'Audited' }],
      ]);
      expect(
        items.every((e) => e.targetType === 'race' && e.targetId === race.id && e.actorId !== null),
      ).toBe(true);
    });

    it('is for admins only', async () => {
      expectProblem(await alice.client.get('/api/v1/audit?targetType=race'), 403);
      expectProblem(await t.anonymous.get('/api/v1/audit'), 401);
    });
  });
});
