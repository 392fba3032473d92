/**
 * The one way the web app talks to the REST API: same origin, session cookie, the CSRF token on
 * writes, and RFC 9457 problem bodies turned into `ApiError`s whose message is the server's detail.
 */

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path?: string; message: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.status = problem.status;
    this.problem = problem;
  }
}

let csrfToken: string | null = null;
/** Remembered from the session so later writes can prove they come from this page. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return (await response.json()) as Problem;
    } catch {
      // fall through to a generic problem: the body was not the JSON it claimed to be
    }
  }
  return { title: response.statusText || 'Request failed', status: response.status };
}

export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.method && init.method !== 'GET' && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  if (typeof init.body === 'string' && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ title: 'Network error', status: 0, detail: 'The server cannot be reached' });
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response;
}

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(path, signal ? { signal } : {});
  return (await response.json()) as T;
}

export async function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await apiFetch(path, init);
  if (response.status === 204) return null as T;
  return (await response.json()) as T;
}

/** Query strings from plain objects, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
