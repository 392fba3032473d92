import { notFound } from '../../http/problem.ts';
import type { ResultsRepository, StageRow } from './results.repository.ts';

/** The stage a results operation is about, or the 404 every such operation answers for an unknown id. */
export async function stageRow(results: ResultsRepository, stageId: string): Promise<StageRow> {
  const [stage] = await results.stageById(stageId);
  if (!stage) throw notFound('No such stage');
  return stage;
}
