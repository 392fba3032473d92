/** One entry of a problem's `errors` list: a field or a line of an uploaded file. */
export interface ProblemItem {
  pointer?: string;
  line?: number;
  detail: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/**
 * An error the API reports to its caller as RFC 9457 problem+json. Services throw these; the
 * error handler renders them, so a service never needs to know about HTTP replies.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly errors: ProblemItem[] | undefined;

  constructor(status: number, detail: string, options: { type?: string; errors?: ProblemItem[] } = {}) {
    super(detail);
    this.status = status;
    this.type = options.type ?? 'about:blank';
    this.errors = options.errors;
  }
}

export const badRequest = (detail: string, errors?: ProblemItem[]) =>
  new HttpProblem(400, detail, errors ? { errors } : {});
export const unauthorized = (detail = 'Sign in, or send a bearer token, to do this') =>
  new HttpProblem(401, detail);
export const forbidden = (detail = 'You are not allowed to do this') => new HttpProblem(403, detail);
export const notFound = (detail: string) => new HttpProblem(404, detail);
export const conflict = (detail: string) => new HttpProblem(409, detail);
export const unprocessable = (detail: string, errors?: ProblemItem[]) =>
  new HttpProblem(422, detail, errors ? { errors } : {});

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ProblemItem[];
}

export function problemBody(status: number, detail: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  return { type: 'about:blank', title: titleFor(status), status, detail, ...extra };
}
