import { vi } from 'vitest';

/** The race the start-list screen tests show. */
export const RACE = '00000000-0000-4000-8000-0000000000aa';

/** A start-list entry as the API lists it. */
export const registration = (id: string, bib: number, firstName: string, lastName: string) => ({
  id,
  raceId: RACE,
  bib,
  firstName,
  lastName,
  team: 'Team',
  category: null,
  gender: null,
  birthYear: null,
  nationality: null,
  deviceId: null,
  wave: null,
  createdAt: '2024-07-01T00:00:00.000Z',
});

export type Call = { method: string; path: string; body: unknown };
export type Reply = { status?: number; body?: unknown };

/**
 * The start list's API in place of fetch: the entries, the linked accounts and pending invitations as
 * `riders()` says at each call (a test may change them, as the server would), and `answer` for every
 * other call. Every call is recorded.
 */
export function fakeStartListApi(options: {
  registrations: unknown[];
  riders: () => { items: unknown[]; invitations: unknown[] };
  answer: (call: Call) => Reply;
}): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const call = {
        method: init?.method ?? 'GET',
        path: url.pathname,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      calls.push(call);
      let reply: Reply;
      if (call.path === `/api/v1/races/${RACE}/registrations`)
        reply = { body: { items: options.registrations, total: options.registrations.length } };
      else if (call.path === `/api/v1/races/${RACE}/registration-riders`) reply = { body: options.riders() };
      else reply = options.answer(call);
      const status = reply.status ?? 200;
      return new Response(status === 204 ? null : JSON.stringify(reply.body), {
        status,
        headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
      });
    }),
  );
  return calls;
}
