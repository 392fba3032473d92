// A stand-in for the Echelon server that speaks the simulator's contract and records what it is sent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { syntheticCourse } from './courses.ts';

export const ORGANISER_TOKEN = 'org-token';

export interface Received {
  receivedAt: number;
  /** epoch ms the fix is stamped with */
  time: number;
  rider: string;
  body: Record<string, unknown>;
}

export interface FakeServer {
  url: string;
  registrations: Array<Record<string, unknown>>;
  statuses: Array<Record<string, unknown>>;
  fixes: Received[];
  unauthorised: number;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
};

export async function startFakeServer(): Promise<FakeServer> {
  const points = syntheticCourse(2000, () => 200, true);
  const lapLength = points.at(-1)![3];
  const state: Omit<FakeServer, 'url' | 'close'> = {
    registrations: [
      { id: 'reg-1', bib: 1, firstName: 'Ann', lastName: 'Existing', deviceId: 'phone-1' },
      { id: 'reg-2', bib: 2, firstName: 'Bob', lastName: 'NoDevice', deviceId: null },
    ],
    statuses: [],
    fixes: [],
    unauthorised: 0,
  };
  let raceStatus = 'draft';
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const text = await readBody(req);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const organiser = req.headers.authorization === `Bearer ${ORGANISER_TOKEN}`;
    const route = `${req.method} ${url.pathname}`;
    if (
      route.startsWith('GET /api/') ||
      url.pathname.includes('/registrations') ||
      url.pathname.endsWith('/status')
    ) {
      if (!organiser) {
        state.unauthorised++;
        return json(401, { title: 'Unauthorized' });
      }
    }
    if (route === 'GET /api/v1/races/R') return json(200, { id: 'R', name: 'Fake race', status: raceStatus });
    if (route === 'GET /api/v1/races/R/stages') {
      return json(200, {
        items: [
          { id: 'S0', name: 'No course', number: 0, lapCount: 1, hasCourse: false },
          { id: 'S1', name: 'Circuit', number: 1, lapCount: 2, hasCourse: true },
        ],
      });
    }
    if (route === 'GET /api/v1/stages/S1/course' && url.searchParams.get('include') === 'points') {
      return json(200, { points, lapLength, lapCount: 2, length: 2 * lapLength });
    }
    if (route === 'GET /api/v1/stages/S1/checkpoints') {
      return json(200, {
        items: [
          { id: 'cp-start', kind: 'start', name: 'Start', distance: 0 },
          { id: 'cp-finish', kind: 'finish', name: 'Finish', distance: 2 * lapLength },
        ],
      });
    }
    if (route === 'GET /api/v1/races/R/registrations') {
      return json(200, { items: state.registrations, total: state.registrations.length });
    }
    if (route === 'POST /api/v1/races/R/registrations') {
      const body = JSON.parse(text);
      const created = { id: `reg-${body.bib}`, ...body };
      state.registrations.push(created);
      return json(201, created);
    }
    const token = /^POST \/api\/v1\/registrations\/([^/]+)\/device-tokens$/.exec(route);
    if (token)
      return json(201, { id: 't', registrationId: token[1], token: `dev-${token[1]}`, createdAt: '' });
    if (route === 'POST /api/v1/races/R/status') {
      const body = JSON.parse(text);
      state.statuses.push(body);
      raceStatus = body.status;
      return json(200, { id: 'R', name: 'Fake race', status: raceStatus });
    }
    const receivedAt = Date.now();
    if (route === 'POST /api/v1/track/batch') {
      const rider = (req.headers.authorization ?? '').replace(/^Bearer dev-/, '');
      const { fixes } = JSON.parse(text) as { fixes: Array<Record<string, unknown>> };
      for (const body of fixes) state.fixes.push({ receivedAt, time: body.time as number, rider, body });
      return json(200, { accepted: fixes.length, duplicates: 0, rejected: [] });
    }
    if (route === 'POST /osmand') {
      const body = Object.fromEntries(url.searchParams);
      state.fixes.push({ receivedAt, time: Number(body.timestamp) * 1000, rider: body.id ?? '', body });
      return res.writeHead(200).end();
    }
    if (route === 'POST /owntracks') {
      const body = JSON.parse(text);
      state.fixes.push({ receivedAt, time: body.tst * 1000, rider: url.searchParams.get('u') ?? '', body });
      return json(200, []);
    }
    json(404, { title: `Not found: ${route}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get registrations() {
      return state.registrations;
    },
    statuses: state.statuses,
    fixes: state.fixes,
    get unauthorised() {
      return state.unauthorised;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
