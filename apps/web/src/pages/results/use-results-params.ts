import { useSearchParams } from 'react-router';
import { RESULTS_TABS, type ResultsTab } from '../../api/results-types.ts';
import type { ResultsFilter } from '../../components/results/results-view.ts';

export interface ResultsParams {
  tab: ResultsTab;
  stageId: string | null;
  /** The stage number the classifications stand after; null for the latest. */
  afterStage: number | null;
  filter: ResultsFilter;
  setTab: (tab: ResultsTab) => void;
  setStage: (stageId: string) => void;
  setAfterStage: (stageNumber: number) => void;
  setFilter: (change: Partial<ResultsFilter>) => void;
}

const FILTER_KEYS: Record<keyof ResultsFilter, string> = {
  search: 'q',
  gender: 'gender',
  category: 'category',
  ageGroup: 'ageGroup',
};

/** A stage number as the address writes it (`after=3`); anything else means the latest. */
function stageNumber(text: string | null): number | null {
  return text !== null && /^\d{1,3}$/.test(text) ? Number(text) : null;
}

/**
 * The results page's state lives in its address (`?stage=&after=&tab=&gender=&category=&ageGroup=&q=`) so a
 * filtered table can be shared; tabs and stages add history entries, typing in the filters does not.
 * `stage` is the stage tab's stage (its id), `after` the stage number the classifications stand after.
 */
export function useResultsParams(): ResultsParams {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab = RESULTS_TABS.find((t) => t === asked) ?? 'stage';
  const update = (change: Record<string, string>, replace: boolean) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace, preventScrollReset: true });
  };
  return {
    tab,
    stageId: params.get('stage'),
    afterStage: stageNumber(params.get('after')),
    filter: {
      search: params.get('q') ?? '',
      gender: params.get('gender') ?? '',
      category: params.get('category') ?? '',
      ageGroup: params.get('ageGroup') ?? '',
    },
    setTab: (value) => update({ tab: value === 'stage' ? '' : value }, false),
    setStage: (value) => update({ stage: value }, false),
    setAfterStage: (value) => update({ after: String(value) }, false),
    setFilter: (change) =>
      update(
        Object.fromEntries(
          Object.entries(change).map(([key, value]) => [FILTER_KEYS[key as keyof ResultsFilter], value]),
        ),
        true,
      ),
  };
}
