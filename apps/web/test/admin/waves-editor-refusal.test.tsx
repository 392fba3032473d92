import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StageListItem } from '../../src/api/races-types.ts';
import { i18n } from '../../src/i18n/index.ts';
import { WavesEditor } from '../../src/pages/admin/wizard/WavesEditor.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const stage = {
  id: 's1',
  raceId: 'r1',
  number: 1,
  name: 'Gran fondo',
  format: 'gran_fondo' as const,
  scheduledStart: '2024-07-05T06:00:00Z',
  lapCount: 1,
  waves: [
    { name: 'A', startOffsetSeconds: 0, categories: [] },
    { name: 'B', startOffsetSeconds: 600, categories: [] },
  ],
  hasCourse: true,
  scoring: {} as never,
  createdAt: '2024-01-01T00:00:00Z',
} as unknown as StageListItem;

// The server's answer when riders are still in the wave removed (apps/server, stage-waves.ts).
const REFUSAL =
  'Wave "B" cannot be removed or renamed: 2 riders are in it (bibs 3, 7), and results time them on each ' +
  'stage from that stage’s own wave "B". Keep it on this stage, or move those riders to another wave first ' +
  '(edit their entries on the start list, or import the start list again with a wave column).';

describe('the waves editor when the server refuses', () => {
  it('shows why removing a wave riders are in was refused, and does not report it saved', async () => {
    const sent = vi.fn();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
        sent(init?.method, typeof init?.body === 'string' ? JSON.parse(init.body) : undefined);
        return new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'Conflict',
            status: 409,
            detail: REFUSAL,
            errors: [{ pointer: '/waves', detail: REFUSAL }],
          }),
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        );
      }),
    );
    const saved = vi.fn();
    render(
      <I18nextProvider i18n={i18n}>
        <WavesEditor stage={stage} categories={[]} onSaved={saved} />
      </I18nextProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove B' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save waves' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(REFUSAL));
    expect(sent).toHaveBeenCalledWith('PATCH', {
      waves: [{ name: 'A', startOffsetSeconds: 0, categories: [] }],
    });
    expect(saved).not.toHaveBeenCalled();
    expect(screen.queryByText('Saved')).toBeNull();
  });
});
