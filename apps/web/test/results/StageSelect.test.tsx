import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { StageListItem } from '../../src/api/races-types.ts';
import { stageStatuses } from '../../src/components/race/stage-status.ts';
import { i18n } from '../../src/i18n/index.ts';
import { StageSelect } from '../../src/pages/results/StageSelect.tsx';

const stage = (number: number, status: StageListItem['status']) =>
  ({ id: `st-${number}`, number, name: `Day ${number}`, status }) as StageListItem;

afterEach(cleanup);

describe('the results page’s stage picker', () => {
  it('says where each stage of a stage race stands between two stages: ridden, official, still to come', () => {
    const stages = [stage(1, 'official'), stage(2, 'finished'), stage(3, 'scheduled'), stage(4, 'annulled')];
    render(
      <I18nextProvider i18n={i18n}>
        <StageSelect
          stages={stages}
          statuses={stageStatuses('live', stages)}
          selected="st-2"
          onSelect={() => {}}
        />
      </I18nextProvider>,
    );
    const options = screen.getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual([
      'Stage 1 — Day 1 · Official',
      'Stage 2 — Day 2 · Finished',
      'Stage 3 — Day 3 · Upcoming',
      'Stage 4 — Day 4 · Annulled',
    ]);
  });
});
