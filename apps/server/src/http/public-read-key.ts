import type { FastifyRequest } from 'fastify';

/** What fastify-type-provider-zod keeps as a route's schema part: anything with zod's `safeParse`. */
interface Parser {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false };
}

const isParser = (part: unknown): part is Parser =>
  typeof part === 'object' && part !== null && typeof (part as Parser).safeParse === 'function';

/**
 * The validated value of one part of a request (params, querystring) as the route will read it, or
 * `undefined` when it would not pass validation; `unparsed` when the route has no schema for it.
 */
function readOf(part: unknown, input: unknown, unparsed: unknown): { value: unknown } | undefined {
  if (!isParser(part)) return { value: unparsed };
  const parsed = part.safeParse(input ?? {});
  return parsed.success ? { value: parsed.data } : undefined;
}

/**
 * The name of a kept public answer: the route and what its handler reads — the params and the query
 * fields its zod schema knows, as the schema parses them. Zod objects drop unknown keys, apply defaults
 * and list their keys in the schema's order, so `?gender=F&utm=x`, `?utm=y&gender=F` and a thousand
 * random junk parameters name one answer (one computation, one entry), while a real filter
 * (`?gender=F`) names its own. `family`: the route and its params alone, which the answers told apart
 * by their query share. Null when the request would fail validation: the route answers 400 and nothing
 * is kept.
 */
export function publicReadKey(request: FastifyRequest): { key: string; family: string } | null {
  const route = request.routeOptions.url;
  const schema = request.routeOptions.schema as { params?: unknown; querystring?: unknown } | undefined;
  // Params name what is read even without a schema; a query without one is never read (typed unknown).
  const params = readOf(schema?.params, request.params, request.params);
  const query = readOf(schema?.querystring, request.query, null);
  if (route === undefined || params === undefined || query === undefined) return null;
  const family = `${route} ${JSON.stringify(params.value)}`;
  return { key: `${family} ${JSON.stringify(query.value)}`, family };
}
