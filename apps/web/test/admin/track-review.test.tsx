import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../src/i18n/index.ts';
import { TrackReviewList } from '../../src/pages/admin/desk/TrackReviewList.tsx';

const T = Date.UTC(2025, 6, 1, 12, 0, 0);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('results desk: crossings to review', () => {
  it('shows each crossing the track does not support, with the fixes either side', async () => {
    const requested: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        requested.push(new URL(String(input), 'http://localhost').pathname);
        const items = [
          {
            registrationId: 'a',
            bib: 12,
            rider: 'Ana Late',
            checkpointId: 'sprint',
            checkpoint: 'Sprint',
            checkpointKind: 'sprint',
            reason: 'data_gap',
            interpolatedTime: T + 1_800_000,
            speed: 11,
            before: { time: T, distance: 0, lat: null, lon: null },
            after: { time: T + 4_545_000, distance: 50_010, lat: 45.4, lon: 5 },
          },
          {
            registrationId: 'b',
            bib: 7,
            rider: 'Bo Car',
            checkpointId: 'finish',
            checkpoint: 'Finish',
            checkpointKind: 'finish',
            reason: 'implausible_speed',
            interpolatedTime: T + 7_000_000,
            speed: 24.6,
            before: { time: T + 6_990_000, distance: 99_890, lat: 45.9, lon: 5 },
            after: { time: T + 6_995_000, distance: 100_013, lat: 45.9, lon: 5 },
          },
        ];
        return new Response(JSON.stringify({ items }), { headers: { 'content-type': 'application/json' } });
      }),
    );
    render(
      <I18nextProvider i18n={i18n}>
        <TrackReviewList stageId="s1" version={0} />
      </I18nextProvider>,
    );
    const list = await screen.findByTestId('track-review');
    expect(requested).toEqual(['/api/v1/stages/s1/review']);
    const lines = [...list.querySelectorAll('li')].map((li) => li.textContent);
    expect(lines[0]).toContain('#12 Ana Late at Sprint: no fix between the start (0.00 km)');
    expect(lines[0]).toContain('(50.01 km)');
    expect(lines[1]).toContain('#7 Bo Car at Finish: 89 km/h');
    expect(lines[1]).toContain('faster than a bicycle');
  });
});
