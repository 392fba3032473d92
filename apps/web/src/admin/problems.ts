import { ApiError } from '../api/client.ts';

/**
 * Problem details split by field, so each message is shown next to the input it is about. zod errors
 * come back with `pointer` ("/name" or "name"); anything without a field is the form's own message.
 */
export function fieldProblem(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const items = (error.problem.errors ?? []) as Array<{
    pointer?: string;
    path?: string;
    detail?: string;
    message?: string;
  }>;
  const hit = items.find((item) => {
    const where = (item.pointer ?? item.path ?? '').replace(/^\/|^#\//, '').replace(/^body\//, '');
    return where === field || where.startsWith(`${field}/`) || where.startsWith(`${field}.`);
  });
  return hit ? (hit.detail ?? hit.message) : undefined;
}

/** The form-level message: the problem's detail, or any non-error as text. */
export function formProblem(error: unknown): string | undefined {
  if (error === undefined || error === null) return undefined;
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Row-level errors of an all-or-nothing import, with their 1-based file line numbers. */
export function lineProblems(error: unknown): Array<{ line: number; detail: string }> {
  if (!(error instanceof ApiError)) return [];
  const items = (error.problem.errors ?? []) as Array<{ line?: number; detail?: string }>;
  return items
    .filter((item) => typeof item.line === 'number')
    .map((item) => ({ line: item.line as number, detail: item.detail ?? '' }));
}
