import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../src/i18n/index.ts';
import { DecisionsList } from '../../src/pages/admin/desk/DecisionsList.tsx';

const STAGE = '00000000-0000-4000-8000-0000000000aa';
const DECISION = '00000000-0000-4000-8000-000000000001';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('revoking from a back-office list', () => {
  it('tells the page when the server answers 204 No Content', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
        if (init?.method === 'DELETE') return new Response(null, { status: 204 });
        const decision = {
          id: DECISION,
          stageId: STAGE,
          kind: 'penalty',
          bib: 7,
          registrationId: null,
          seconds: 20,
          status: null,
          reason: 'sheltering behind a car',
          author: 'Chief',
          at: '2024-07-01T10:00:00.000Z',
          revokedAt: null,
        };
        return new Response(JSON.stringify({ items: [decision] }), {
          headers: { 'content-type': 'application/json' },
        });
      }),
    );
    const onRevoked = vi.fn();
    render(
      <I18nextProvider i18n={i18n}>
        <DecisionsList stageId={STAGE} version={0} editable onRevoked={onRevoked} />
      </I18nextProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: /revoke/i }));
    await waitFor(() => expect(onRevoked).toHaveBeenCalledTimes(1));
  });
});
