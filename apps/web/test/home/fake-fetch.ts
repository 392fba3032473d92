import { vi } from 'vitest';

export type Route = (url: URL) => unknown | undefined;

/**
 * Replaces `fetch` with answers from `routes` (JSON, or a problem+json 404 when none answers) and
 * records every URL asked.
 */
export function fakeFetch(routes: Route) {
  const asked: URL[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost');
    asked.push(url);
    const body = routes(url);
    if (body === undefined) {
      return new Response(JSON.stringify({ title: 'Not Found', status: 404, detail: 'No such thing' }), {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
      });
    }
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return { asked, fetch };
}
