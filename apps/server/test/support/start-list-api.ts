import { expect } from 'vitest';
import type { Client } from './test-app.ts';

/**
 * The start-list endpoints as an organiser calls them, for the registration suites. `client` is read
 * at each call: suites sign the organiser in in beforeAll.
 */
export function startListApi(client: () => Client) {
  async function newRace(name = 'Start list race'): Promise<string> {
    const response = await client().post('/api/v1/races', { name });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  }
  const url = (raceId: string, rest = '') => `/api/v1/races/${raceId}/registrations${rest}`;
  const importCsv = (raceId: string, csv: string, mode?: 'append' | 'replace', createCategories = false) => {
    const query = new URLSearchParams({
      ...(mode && { mode }),
      ...(createCategories && { createCategories: 'true' }),
    }).toString();
    return client().post(url(raceId, `/import${query ? `?${query}` : ''}`), csv, {
      'content-type': 'text/csv',
    });
  };
  const register = (raceId: string, body: Record<string, unknown>) => client().post(url(raceId), body);
  async function list(raceId: string, query = '') {
    const response = await client().get(url(raceId, query));
    expect(response.statusCode).toBe(200);
    return response.json() as { items: Array<Record<string, unknown> & { bib: number }>; total: number };
  }
  const categoryCodes = async (raceId: string) =>
    (await client().get(`/api/v1/races/${raceId}/categories`))
      .json()
      .items.map((c: { code: string }) => c.code);
  const bibs = async (raceId: string, query = '') => (await list(raceId, query)).items.map((r) => r.bib);
  return { newRace, url, importCsv, register, list, categoryCodes, bibs };
}
