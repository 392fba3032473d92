import type { Decision } from '@echelon/contracts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { apiSend } from '../../../api/client.ts';
import { useApi } from '../../../api/use-api.ts';
import { FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

type DecisionView = z.infer<typeof Decision>;

/** The stage's decisions on record, revoked ones struck through; open ones can be revoked. */
export function DecisionsList({
  stageId,
  version,
  editable,
  onRevoked,
}: {
  stageId: string;
  version: number;
  editable: boolean;
  onRevoked: () => void;
}) {
  const { t } = useTranslation('admin');
  const decisions = useApi<{ items: DecisionView[] }>(`/api/v1/stages/${stageId}/decisions`);
  const action = useAction();
  const { reload } = decisions;
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the parent's "something changed"
  useEffect(() => reload(), [version, reload]);
  const revoke = async (id: string) => {
    if ((await action.run(() => apiSend('DELETE', `/api/v1/decisions/${id}`))) !== undefined) onRevoked();
  };
  const items = decisions.data?.items ?? [];
  return (
    <section aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">{t('desk.decisions')}</h2>
      {items.length === 0 && <p>{t('common.none')}</p>}
      <ul data-testid="decisions">
        {items.map((d) => {
          const text = `${t(`desk.kinds.${d.kind}`, { defaultValue: d.kind })}${d.bib !== null ? ` #${d.bib}` : ''}${
            d.seconds !== null ? ` ${d.seconds} s` : ''
          }${d.status ? ` ${d.status}` : ''} — ${d.reason}${d.author ? ` (${t('desk.by', { author: d.author })})` : ''}`;
          return (
            <li key={d.id}>
              {d.revokedAt ? (
                <del>
                  {text} ({t('desk.revoked')})
                </del>
              ) : (
                text
              )}{' '}
              {editable && !d.revokedAt && (
                <button type="button" onClick={() => void revoke(d.id)}>
                  {t('common.revoke')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <FormMessage error={action.message} />
    </section>
  );
}
