import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type Client, multipartFile, SHARED_DATA, startTestApp, type TestApp } from '../support/test-app.ts';

/** Operations anyone may call: signing in and out, and the one-time first-admin setup. */
const PUBLIC_MUTATIONS = new Set(['login', 'logout', 'completeSetup', 'acceptInvitation']);
/** Operations authenticated by a tracker's device token: no user session can call them. */
const DEVICE_MUTATIONS = new Set(['trackBatch']);
/** Operations an organiser legitimately performs on their own behalf, not on someone else's race. */
const OWN_BEHALF = new Set(['createRace', 'createToken']);
/**
 * Read operations open to anyone ('public' access) that show one race's data: a race the caller may not
 * see answers 404, exactly as getRace does. The walk's race is a draft, so only its organiser sees it.
 */
const RACE_READS = new Set(['getStageTracks', 'getRiderProfile', 'getRaceStatistics']);
/** Read operations over public races only: anyone, signed in or not, gets the same answer. */
const PUBLIC_READS = new Set(['getStatistics']);

interface Ids {
  raceId: string;
  stageId: string;
  checkpointId: string;
  tokenId: string;
  userId: string;
  registrationId: string;
  decisionId: string;
}

type Request = { payload?: unknown; headers?: Record<string, string> };

const GPX = `${SHARED_DATA}courses/tdf2024-stage07-itt-nuits-st-georges-gevrey-chambertin.gpx`;

/** A valid request for each mutating operation, so a refusal is the authorisation, not the validation. */
async function validRequest(operationId: string): Promise<Request> {
  switch (operationId) {
    case 'createToken':
      return { payload: { name: 'walk' } };
    case 'revokeToken':
      return {};
    case 'createUser':
      return {
        payload: {
          email: `walk-${Date.now()}@example.org`,
          name: 'W',
          role: 'admin',
          password: 'walk walk walk',
        },
      };
    case 'updateUser':
      return { payload: { role: 'admin' } };
    case 'createRace':
      return { payload: { name: 'Walk race' } };
    case 'updateRace':
      return { payload: { name: 'Taken over' } };
    case 'setRaceStatus':
      return { payload: { status: 'published' } };
    case 'createStage':
      return { payload: { name: 'Walk stage' } };
    case 'updateStage':
      return { payload: { name: 'Renamed' } };
    case 'deleteStage':
      return {};
    case 'setStageStatus':
      return { payload: { status: 'cancelled', reason: 'hijacked' } };
    case 'uploadCourse':
      return multipartFile('file', 'stage.gpx', readFileSync(GPX));
    case 'createCheckpoint':
      return { payload: { kind: 'sprint', name: 'Sprint', distance: 1000 } };
    case 'deleteCheckpoint':
      return {};
    case 'createRegistration':
      return { payload: { bib: 999, firstName: 'Eve', lastName: 'Intruder' } };
    case 'importRegistrations':
      return {
        payload: 'bib,first_name,last_name\n998,Mallory,Intruder\n',
        headers: { 'content-type': 'text/csv' },
      };
    case 'createCategory':
      return { payload: { code: 'WALK', name: 'Walkers' } };
    case 'importStageResults':
      return {
        payload: 'stage,bib,rider,team,time,bonus,penalty,status\n1,1,Ann Owner,T,3:00:00,,,\n',
        headers: { 'content-type': 'text/csv' },
      };
    case 'importPassings':
      return {
        payload: 'bib,point,time\n1,finish,2024-07-05T15:00:00Z\n',
        headers: { 'content-type': 'text/csv' },
      };
    case 'createDecision':
      return {
        payload: {
          kind: 'penalty',
          registrationId: '00000000-0000-4000-8000-000000000000',
          seconds: 20,
          reason: 'walk',
        },
      };
    case 'revokeDecision':
    case 'approveStageResults':
      return {};
    case 'reopenStageResults':
      return { payload: { reason: 'Late recording' } };
    case 'setStartTimes':
      return { payload: { items: [{ bib: 1, start: '2024-07-05T13:00:00Z' }] } };
    case 'generateStartTimes':
      return { payload: { firstStart: '2024-07-05T13:00:00Z' } };
    case 'updateRegistration':
      return { payload: { team: 'Hijackers' } };
    case 'withdrawRider':
      return { payload: { status: 'DNS', reason: 'walked off' } };
    case 'deleteRegistration':
    case 'createDeviceToken':
    case 'revokeDeviceTokens':
    case 'revokeDeviceGrants':
      return {};
    case 'setRegistrationRider':
      return { payload: { userId: null } };
    case 'unlinkRegistrationRider':
      return {};
    case 'trackBatch':
      return { payload: { fixes: [{ time: Date.now(), lat: 47.14, lon: 4.95 }] } };
    case 'createAnnouncement':
      return { payload: { text: 'Hijacked' } };
    case 'addRaceStaff':
      return { payload: { email: 'intruder@example.org' } };
    case 'removeRaceStaff':
      return {};
    case 'createInvitation':
      return { payload: { email: `invitee-${Date.now()}@example.org`, role: 'admin' } };
    case 'revokeInvitation':
      return {};
    case 'createRiderInvitation':
      return { payload: { email: `rider-invitee-${Date.now()}@example.org` } };
    case 'revokeRiderInvitation':
      return {};
    default:
      throw new Error(`No request for ${operationId}: add one here so this operation is walked`);
  }
}

function fillPath(path: string, ids: Ids, operationId: string): string {
  return path
    .replace('{raceId}', ids.raceId)
    .replace('{stageId}', ids.stageId)
    .replace('{checkpointId}', ids.checkpointId)
    .replace('{registrationId}', ids.registrationId)
    .replace('{userId}', ids.userId)
    .replace(
      '{id}',
      operationId.includes('Token')
        ? ids.tokenId
        : operationId.includes('Decision')
          ? ids.decisionId
          : ids.userId,
    );
}

describe.skipIf(databaseUnavailable !== null)('authorisation of every mutating operation', () => {
  let t: TestApp;
  let ids: Ids;
  let operations: Array<{ method: string; path: string; operationId: string }>;
  let reads: Array<{ path: string; operationId: string }>;
  let owner: Client;

  beforeAll(async () => {
    t = await startTestApp();
    const signedIn = await t.signIn('organiser');
    const user = signedIn.user;
    owner = signedIn.client;
    const race = (await owner.post('/api/v1/races', { name: 'Owned race' })).json();
    const stage = (await owner.post(`/api/v1/races/${race.id}/stages`, { name: 'Stage 1' })).json();
    const file = await multipartFile('file', 'stage.gpx', readFileSync(GPX));
    expect(
      (await owner.put(`/api/v1/stages/${stage.id}/course`, file.payload, file.headers)).statusCode,
    ).toBe(200);
    const checkpoint = (
      await owner.post(`/api/v1/stages/${stage.id}/checkpoints`, {
        kind: 'timing',
        name: 'T1',
        distance: 5000,
      })
    ).json();
    const token = (await owner.post('/api/v1/tokens', { name: 'owner token' })).json();
    const registration = (
      await owner.post(`/api/v1/races/${race.id}/registrations`, {
        bib: 1,
        firstName: 'Ann',
        lastName: 'Owner',
      })
    ).json();
    ids = {
      raceId: race.id,
      stageId: stage.id,
      checkpointId: checkpoint.id,
      tokenId: token.id,
      userId: user.id,
      registrationId: registration.id,
      decisionId: '',
    };
    const decision = await owner.post(`/api/v1/stages/${stage.id}/decisions`, {
      kind: 'penalty',
      registrationId: registration.id,
      seconds: 10,
      reason: 'feeding in the last 20 km',
    });
    expect(decision.statusCode).toBe(201);
    ids.decisionId = decision.json().id;
    // A pending rider invitation, so revoking one is refused for its authorisation, not for its absence.
    const invited = await owner.post(`/api/v1/registrations/${registration.id}/rider-invitation`, {
      email: 'ann.owner@example.org',
    });
    expect(invited.statusCode, invited.body).toBe(201);

    const spec = (await t.anonymous.get('/api/openapi.json')).json();
    operations = Object.entries(
      spec.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId })),
    );
    reads = Object.entries(spec.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
      ([path, methods]) =>
        methods.get && (RACE_READS.has(methods.get.operationId) || PUBLIC_READS.has(methods.get.operationId))
          ? [{ path, operationId: methods.get.operationId }]
          : [],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the mutating operations in the OpenAPI document', () => {
    const names = operations.map((o) => o.operationId);
    for (const required of [
      'createRace',
      'updateRace',
      'setRaceStatus',
      'createStage',
      'deleteStage',
      'uploadCourse',
      'createCheckpoint',
      'createRegistration',
      'importRegistrations',
      'createToken',
    ]) {
      expect(names).toContain(required);
    }
  });

  async function walk(client: Client, expected: number[], skip: Set<string>) {
    const outcomes: string[] = [];
    for (const op of operations) {
      if (PUBLIC_MUTATIONS.has(op.operationId) || skip.has(op.operationId)) continue;
      const request = await validRequest(op.operationId);
      const response = await client.request(
        op.method as 'POST',
        fillPath(op.path, ids, op.operationId),
        request.payload as string,
        request.headers,
      );
      const wanted = DEVICE_MUTATIONS.has(op.operationId) ? [401] : expected;
      if (!wanted.includes(response.statusCode))
        outcomes.push(`${op.operationId}: ${response.statusCode} ${response.body}`);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(outcomes).toEqual([]);
  }

  it('answers 401 to an anonymous caller', async () => {
    await walk(t.anonymous, [401], new Set());
  });

  it('answers 403 to a spectator', async () => {
    await walk((await t.signIn('spectator')).client, [403], new Set());
  });

  it('answers 403 to a rider', async () => {
    await walk((await t.signIn('rider')).client, [403], new Set());
  });

  it('answers 403 to the organiser of another race', async () => {
    const { client: other } = await t.signIn('organiser');
    (await other.post('/api/v1/races', { name: 'Their own race' })).json();
    await walk(other, [403], OWN_BEHALF);
  });

  it('answers 403 to a commissaire who is not on the race’s staff', async () => {
    await walk((await t.signIn('commissaire')).client, [403], OWN_BEHALF);
  });

  it('finds every race read and public read in the OpenAPI document', () => {
    expect(reads.map((r) => r.operationId).sort()).toEqual([...RACE_READS, ...PUBLIC_READS].sort());
  });

  it('hides a race others may not see from its public reads (404), and shows it to its organiser', async () => {
    const { client: otherOrganiser } = await t.signIn('organiser');
    const callers: Array<[string, Client]> = [
      ['anonymous', t.anonymous],
      ['spectator', (await t.signIn('spectator')).client],
      ['rider', (await t.signIn('rider')).client],
      ['other organiser', otherOrganiser],
    ];
    const outcomes: string[] = [];
    for (const op of reads.filter((r) => RACE_READS.has(r.operationId))) {
      const path = fillPath(op.path, ids, op.operationId);
      for (const [who, client] of callers) {
        const response = await client.get(path);
        if (response.statusCode !== 404) outcomes.push(`${op.operationId} as ${who}: ${response.statusCode}`);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      // The owner sees it; the stage never started, so there are no tracks to replay (409), but no refusal.
      const own = await owner.get(path);
      if (![200, 409].includes(own.statusCode))
        outcomes.push(`${op.operationId} as owner: ${own.statusCode}`);
    }
    expect(outcomes).toEqual([]);
  });

  it('answers public reads to anyone, without the races they may not see', async () => {
    for (const op of reads.filter((r) => PUBLIC_READS.has(r.operationId))) {
      for (const client of [t.anonymous, (await t.signIn('spectator')).client, owner]) {
        const response = await client.get(op.path);
        expect(response.statusCode, op.operationId).toBe(200);
        expect(response.json()).toMatchObject({ races: 0, courseRecords: [] });
      }
    }
  });

  it('left the race exactly as its owner made it', async () => {
    const race = (await t.admin.get(`/api/v1/races/${ids.raceId}`)).json();
    expect(race).toMatchObject({ name: 'Owned race', status: 'draft' });
    expect((await t.admin.get(`/api/v1/races/${ids.raceId}/registrations`)).json().total).toBe(1);
    expect((await t.admin.get(`/api/v1/races/${ids.raceId}/stages`)).json().items).toHaveLength(1);
    expect((await t.admin.get(`/api/v1/races/${ids.raceId}/categories`)).json().items).toHaveLength(0);
    const checkpoints = (await t.admin.get(`/api/v1/stages/${ids.stageId}/checkpoints`)).json().items;
    expect(checkpoints.map((c: { kind: string }) => c.kind)).toEqual(['start', 'timing', 'finish']);
    const riders = (await t.admin.get(`/api/v1/races/${ids.raceId}/registration-riders`)).json();
    expect(riders.invitations.map((i: { email: string }) => i.email)).toEqual(['ann.owner@example.org']);
  });
});
