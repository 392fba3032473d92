import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldProblem } from '../../../admin/problems.ts';
import { ApiError, apiSend } from '../../../api/client.ts';
import type { CreatedInvitationView } from '../../../api/races-types.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

/**
 * The server's answer when the address has no account that may ride (422 at `/email`): the moment to
 * offer an invitation. An address whose account exists but cannot ride gets the same answer; inviting
 * it then says so (409 at `/email`), which is why the offer is worded "if … has no account yet".
 */
function refusesAddress(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422 && fieldProblem(error, 'email') !== undefined;
}

/**
 * The rider's e-mail, sent to link their account. When no account has that address, the form offers
 * to invite the rider for this registration instead; the invitation's link goes to `onInvited`. Opened
 * afresh each time (no stale problem from an earlier try); Escape leaves it as Cancel does.
 */
export function LinkAccountForm({
  registrationId,
  name,
  onLinked,
  onInvited,
  onCancel,
}: {
  registrationId: string;
  name: string;
  onLinked: () => void;
  onInvited: (invitation: CreatedInvitationView) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const offerId = useId();
  const [email, setEmail] = useState('');
  /** The last request and the address it was for: the offer stands while the field still holds it. */
  const [attempt, setAttempt] = useState<{ kind: 'link' | 'invite'; email: string } | null>(null);
  const offered =
    attempt?.kind === 'link' &&
    attempt.email === email.trim() &&
    !action.busy &&
    refusesAddress(action.error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    setAttempt({ kind: 'link', email: address });
    const linked = await action.run(() =>
      apiSend('PUT', `/api/v1/registrations/${registrationId}/rider`, { email: address }),
    );
    if (linked !== undefined) onLinked();
  };
  const invite = async () => {
    const address = email.trim();
    setAttempt({ kind: 'invite', email: address });
    const created = await action.run(() =>
      apiSend<CreatedInvitationView>('POST', `/api/v1/registrations/${registrationId}/rider-invitation`, {
        email: address,
      }),
    );
    if (created) onInvited(created);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onCancel();
  };
  return (
    <form
      className={styles.form}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      aria-label={t('wizard.startList.account.linkOf', { name })}
    >
      <Field label={t('wizard.startList.account.email', { name })} name="email" error={action.error}>
        <input
          type="email"
          required
          // biome-ignore lint/a11y/noAutofocus: the field was just opened by its own button
          autoFocus
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </Field>
      {/* Polite, so the offer is heard after the field's problem without interrupting it. */}
      <p role="status" id={offerId}>
        {offered ? t('wizard.startList.account.inviteOffer', { name }) : ''}
      </p>
      {offered && (
        <div className={styles.row}>
          <button type="button" aria-describedby={offerId} onClick={() => void invite()}>
            {t('wizard.startList.account.invite', { name })}
          </button>
        </div>
      )}
      <div className={styles.row}>
        <button type="submit" disabled={action.busy}>
          {t('wizard.startList.account.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {/* The address's own problem sits under the field; this carries the rest (a refusal, no network). */}
      <FormMessage error={fieldProblem(action.error, 'email') ? undefined : action.message} />
    </form>
  );
}
