import type { ApiToken } from '@echelon/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { apiSend } from '../../../api/client.ts';
import { useApi } from '../../../api/use-api.ts';
import { formatDate } from '../../../format/format.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

type TokenView = z.infer<typeof ApiToken>;

/** The signed-in user's personal access tokens: the secret is shown once, right after creation. */
export default function TokensPage() {
  const { t } = useTranslation('admin');
  const tokens = useApi<{ items: TokenView[] }>('/api/v1/tokens');
  const action = useAction();
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [secret, setSecret] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await action.run(() =>
      apiSend<{ token: string }>('POST', '/api/v1/tokens', {
        name,
        ...(days && { expiresInDays: Number(days) }),
      }),
    );
    if (created) {
      setSecret(created.token);
      setName('');
      tokens.reload();
    }
  };
  const revoke = async (id: string) => {
    if ((await action.run(() => apiSend('DELETE', `/api/v1/tokens/${id}`))) !== undefined) tokens.reload();
  };
  return (
    <section aria-labelledby="tokens-heading">
      <h1 id="tokens-heading">{t('tokens.heading')}</h1>
      <p>{t('tokens.help')}</p>
      <ul>
        {(tokens.data?.items ?? []).map((token) => (
          <li key={token.id}>
            <strong>{token.name}</strong> — {t('tokens.prefix')} <code>{token.prefix}</code>
            {token.lastUsedAt && ` · ${t('tokens.lastUsed')} ${formatDate(token.lastUsedAt)}`}
            {token.revoked ? (
              ` · ${t('tokens.revoked')}`
            ) : (
              <>
                {' '}
                <button
                  type="button"
                  onClick={() => void revoke(token.id)}
                  aria-label={`${t('common.revoke')} ${token.name}`}
                >
                  {t('common.revoke')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form className={styles.form} onSubmit={submit}>
        <Field label={t('tokens.name')} name="name" error={action.error}>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('tokens.expires')} name="expiresInDays" error={action.error}>
          <input type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <button type="submit" disabled={action.busy}>
          {t('tokens.create')}
        </button>
        <FormMessage error={action.message} />
      </form>
      {secret && (
        <p role="status">
          {t('tokens.created')} <code>{secret}</code>
        </p>
      )}
    </section>
  );
}
