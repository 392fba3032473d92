import { z } from 'zod';

export const Uuid = z.uuid();
export const IsoDateTime = z.iso.datetime({ offset: true });

/** RFC 9457 problem details. `errors` lists field- or row-level problems when there are several. */
export const Problem = z
  .looseObject({
    type: z.string().describe('A URI reference identifying the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(
        z.looseObject({
          pointer: z.string().optional().describe('JSON pointer or field path the problem is about'),
          line: z.number().int().optional().describe('1-based line number in an uploaded file'),
          detail: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

export const IdParams = z.object({ id: Uuid });
