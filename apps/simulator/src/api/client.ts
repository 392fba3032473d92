// A thin JSON client for the Echelon REST API, authenticated with an organiser's personal access token.

export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(method: string, path: string, status: number, body: unknown) {
    super(`${method} ${path} answered ${status}${describe(body)}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

function describe(body: unknown): string {
  if (body && typeof body === 'object') {
    const problem = body as { title?: unknown; detail?: unknown };
    const text = [problem.title, problem.detail].filter((x) => typeof x === 'string').join(': ');
    return text ? ` (${text})` : '';
  }
  return typeof body === 'string' && body ? ` (${body.slice(0, 200)})` : '';
}

export interface Api {
  /** The server's base URL, without a trailing slash. */
  base: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown, bearer?: string): Promise<T>;
  /** A request with no JSON handling: for the tracker protocols. */
  raw(path: string, init: RequestInit): Promise<Response>;
}

export function createApi(server: string, token: string, signal?: AbortSignal): Api {
  const base = server.replace(/\/+$/, '');
  const request = async <T>(method: string, path: string, body: unknown, bearer: string): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${bearer}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (signal) init.signal = signal;
    const response = await fetch(`${base}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text for the error message
    }
    if (!response.ok) throw new ApiError(method, path, response.status, parsed);
    return parsed as T;
  };
  return {
    base,
    get: (path) => request('GET', path, undefined, token),
    post: (path, body, bearer) => request('POST', path, body ?? {}, bearer ?? token),
    raw: (path, init) => fetch(`${base}${path}`, signal ? { ...init, signal } : init),
  };
}
