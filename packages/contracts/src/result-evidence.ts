import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';
import { StageResultRow } from './results.ts';

/** A timing point's crossing a stored result used, and what recorded it. */
export const EvidenceCrossing = z
  .object({
    checkpointId: z
      .string()
      .describe('the checkpoint’s id, or `lap-line:N` for the line at lap N’s end GPS laps are counted on'),
    checkpoint: z.string().describe('the timing point’s name'),
    kind: z.string().describe('start, finish, sprint, climb, intermediate …, or lap'),
    pass: z.number().int().describe('which pass of the point (the lap on a circuit), from 1'),
    at: z.number().describe('the crossing, epoch ms (a GPS crossing is interpolated: fractions kept)'),
    source: z.enum(['timing', 'gps']),
    passing: z
      .object({
        lap: z.number().int(),
        at: z.number().int().describe('epoch ms, as the timing system read it'),
        importedAt: IsoDateTime,
      })
      .nullable()
      .describe('the timing system’s read used there; null for a GPS crossing'),
    fixes: z
      .array(z.number().int())
      .describe(
        'GPS: the times (epoch ms) of the rider’s stored fixes either side of the crossing, which it was ' +
          'interpolated between (a fix is identified by its rider and time); empty for a timing read',
      ),
  })
  .meta({ id: 'EvidenceCrossing' });
export type EvidenceCrossing = z.infer<typeof EvidenceCrossing>;

/** A commissaire’s decision that stood when the result was computed. */
export const EvidenceDecision = z
  .object({
    id: Uuid,
    kind: z.string(),
    reason: z.string(),
    at: IsoDateTime,
    stageWide: z.boolean().describe('a decision on the whole stage (e.g. GC times taken at a point)'),
  })
  .meta({ id: 'EvidenceDecision' });
export type EvidenceDecision = z.infer<typeof EvidenceDecision>;

/** What a stored stage result was computed from, and when and why it was computed. */
export const ResultEvidence = z
  .object({
    stageId: Uuid,
    registrationId: Uuid,
    state: z.enum(['provisional', 'official']),
    computedAt: IsoDateTime,
    reason: z.string().describe('why the stage’s results were last computed'),
    source: z
      .enum(['import', 'timing', 'gps'])
      .describe('an official file imported, a timing system’s finish read, or the GPS recording'),
    window: z
      .object({ from: IsoDateTime, to: IsoDateTime.nullable() })
      .nullable()
      .describe(
        'fixes timed in this span counted for the stage (to: null while the stage runs); null for an ' +
          'imported file',
      ),
    fixesInWindow: z.number().int().describe('the rider’s stored fixes inside the window'),
    crossings: z.array(EvidenceCrossing),
    decisions: z.array(EvidenceDecision),
    row: StageResultRow,
  })
  .meta({ id: 'ResultEvidence' });
export type ResultEvidence = z.infer<typeof ResultEvidence>;

/** Reopening official results: they may change again, and the reason is audited. */
export const ReopenResultsBody = z
  .object({ reason: z.string().trim().min(3).max(500) })
  .meta({ id: 'ReopenResultsBody' });
