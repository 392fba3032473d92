import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldProblem } from '../../../admin/problems.ts';
import { apiSend } from '../../../api/client.ts';
import type { RegistrationRiderView } from '../../../api/races-types.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

/**
 * A start-list row's rider account: the account linked to the registration (it may pair its own
 * phone in /ride) with "Unlink", or "Link account" opening a small form for the rider's e-mail. The
 * server's problem with the address shows under the field. Focus follows the change, so a keyboard
 * user lands on the control that undoes it.
 */
export function RiderAccount({
  registrationId,
  name,
  linked,
  onChanged,
}: {
  registrationId: string;
  /** The rider's name on the start list, for the controls' accessible names. */
  name: string;
  linked: RegistrationRiderView | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation('admin');
  const unlinking = useAction();
  const [editing, setEditing] = useState(false);
  const linkButton = useRef<HTMLButtonElement>(null);
  const unlinkButton = useRef<HTMLButtonElement>(null);
  /** Which control takes the focus once the start list shows the change. */
  const focusNext = useRef<'link' | 'unlink' | null>(null);
  const path = `/api/v1/registrations/${registrationId}/rider`;

  useEffect(() => {
    const target = focusNext.current === 'unlink' ? unlinkButton.current : linkButton.current;
    if (focusNext.current && target) {
      target.focus();
      focusNext.current = null;
    }
  });

  const unlink = async () => {
    if ((await unlinking.run(() => apiSend('DELETE', path))) === undefined) return;
    focusNext.current = 'link';
    onChanged();
  };

  if (linked) {
    return (
      <>
        {t('wizard.startList.account.linked', { account: linked.name, email: linked.email })}{' '}
        <button
          ref={unlinkButton}
          type="button"
          disabled={unlinking.busy}
          onClick={() => void unlink()}
          aria-label={t('wizard.startList.account.unlinkOf', { account: linked.name, name })}
        >
          {t('wizard.startList.account.unlink')}
        </button>
        {unlinking.message && (
          <span role="alert" className={styles.fieldError}>
            {unlinking.message}
          </span>
        )}
      </>
    );
  }

  if (editing) {
    return (
      <LinkAccountForm
        path={path}
        name={name}
        onLinked={() => {
          setEditing(false);
          focusNext.current = 'unlink';
          onChanged();
        }}
        onCancel={() => {
          setEditing(false);
          focusNext.current = 'link';
        }}
      />
    );
  }

  return (
    <>
      {t('wizard.startList.account.none')}{' '}
      <button
        ref={linkButton}
        type="button"
        onClick={() => setEditing(true)}
        aria-label={t('wizard.startList.account.linkOf', { name })}
      >
        {t('wizard.startList.account.link')}
      </button>
    </>
  );
}

/**
 * The rider's e-mail, sent to link their account. Opened afresh each time (no stale problem from an
 * earlier try); Escape leaves it as Cancel does.
 */
function LinkAccountForm({
  path,
  name,
  onLinked,
  onCancel,
}: {
  path: string;
  name: string;
  onLinked: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [email, setEmail] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await action.run(() => apiSend('PUT', path, { email: email.trim() }))) !== undefined) onLinked();
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
