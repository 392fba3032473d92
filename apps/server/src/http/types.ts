import { Problem } from '@echelon/contracts';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/** The Fastify instance routes are written against: zod schemas type the request and the reply. */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Documents the problem+json answers a route can give, so they appear in the OpenAPI reference. */
export function problems<const C extends number>(...codes: C[]): Record<C, typeof Problem> {
  return Object.fromEntries(codes.map((code) => [code, Problem])) as Record<C, typeof Problem>;
}
