import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { ResultsTable } from '../../src/components/results/ResultsTable.tsx';
import { formatDuration } from '../../src/format/format.ts';
import { i18n } from '../../src/i18n/index.ts';

const row = (rank: number, bib: number, time: number, gap: number) => ({
  rank,
  bib,
  registrationId: `reg-${bib}`,
  rider: `Rider ${bib}`,
  team: 'Team',
  time,
  gap,
  status: null,
  bonus: 0,
  penalty: 0,
});

function table(rows: ReturnType<typeof row>[], precision: 'seconds' | 'hundredths') {
  render(
    <I18nextProvider i18n={i18n}>
      <MemoryRouter>
        <ResultsTable tab="stage" rows={rows} caption="Stage" precision={precision} />
      </MemoryRouter>
    </I18nextProvider>,
  );
  return [...screen.getByTestId('results-table').querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td.num')].map((td) => td.textContent),
  );
}

afterEach(cleanup);

describe('results times at the precision of the format', () => {
  it('shows a time trial in hundredths, truncated, two riders 1 ms apart in their own places', () => {
    const lines = table(
      [row(1, 7, 1470.371, 0), row(2, 8, 1470.372, 0.001), row(3, 9, 1471.999, 1.628)],
      'hundredths',
    );
    expect(lines).toEqual([
      ['1', '7', '24:30.37', ''],
      ['2', '8', '24:30.37', '+0:00.00'],
      ['3', '9', '24:31.99', '+0:01.62'],
    ]);
  });

  it('shows a road stage in whole seconds even when the served times carry milliseconds', () => {
    const lines = table([row(1, 1, 10800, 0), row(2, 2, 10830, 30)], 'seconds');
    expect(lines).toEqual([
      ['1', '1', '3:00:00', ''],
      ['2', '2', '3:00:30', '+0:30'],
    ]);
  });

  it('truncates hundredths through whole milliseconds, never rounding up into the next second', () => {
    expect(formatDuration(1465.999, true)).toBe('24:25.99');
    expect(formatDuration(1470.37, true)).toBe('24:30.37');
    expect(formatDuration(0.5 + 0.1 + 0.2, true)).toBe('0:00.80');
  });
});
