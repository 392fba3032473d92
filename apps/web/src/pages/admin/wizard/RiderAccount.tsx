import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import type {
  CreatedInvitationView,
  RegistrationRiderView,
  RiderInvitationView,
} from '../../../api/races-types.ts';
import styles from '../admin.module.css';
import { useAction } from '../use-action.ts';
import { LinkAccountForm } from './LinkAccountForm.tsx';
import { RiderInvitationLink } from './RiderInvitationLink.tsx';

/** Which control takes the focus once the start list shows a change. */
type FocusTarget = 'link' | 'unlink' | 'revoke';

/**
 * A start-list row's rider account: the account linked to the registration (it may pair its own
 * phone in /ride) with "Unlink"; or the rider's pending invitation with "Revoke" and "New link"; or
 * "Link account" opening a small form for the rider's e-mail, which offers an invitation when no
 * account has it. A new invitation's link shows until "Done", since it is shown only once. The
 * server's problem with the address shows under the field. Focus follows the change, so a keyboard
 * user lands on the control that undoes it.
 */
export function RiderAccount({
  registrationId,
  name,
  linked,
  invitation,
  onChanged,
}: {
  registrationId: string;
  /** The rider's name on the start list, for the controls' accessible names. */
  name: string;
  linked: RegistrationRiderView | undefined;
  /** The registration's pending rider invitation, if any (the registration-riders list's `invitations`). */
  invitation?: RiderInvitationView | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation('admin');
  const changing = useAction();
  const [editing, setEditing] = useState(false);
  const [issued, setIssued] = useState<CreatedInvitationView | null>(null);
  const linkButton = useRef<HTMLButtonElement>(null);
  const unlinkButton = useRef<HTMLButtonElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<FocusTarget | null>(null);
  const riderPath = `/api/v1/registrations/${registrationId}/rider`;
  const invitationPath = `/api/v1/registrations/${registrationId}/rider-invitation`;

  useEffect(() => {
    const targets = { link: linkButton, unlink: unlinkButton, revoke: revokeButton };
    const target = focusNext.current ? targets[focusNext.current].current : null;
    if (target) {
      target.focus();
      focusNext.current = null;
    }
  });

  const unlink = async () => {
    if ((await changing.run(() => apiSend('DELETE', riderPath))) === undefined) return;
    focusNext.current = 'link';
    onChanged();
  };
  const revoke = async () => {
    if ((await changing.run(() => apiSend('DELETE', invitationPath))) === undefined) return;
    focusNext.current = 'link';
    onChanged();
  };
  /** A fresh link for the same address (the earlier one was shown once and may be lost): it replaces it. */
  const renew = async (email: string) => {
    const created = await changing.run(() =>
      apiSend<CreatedInvitationView>('POST', invitationPath, { email }),
    );
    if (!created) return;
    setIssued(created);
    onChanged();
  };
  const refusal = changing.message && (
    <span role="alert" className={styles.fieldError}>
      {changing.message}
    </span>
  );

  if (linked) {
    return (
      <>
        {t('wizard.startList.account.linked', { account: linked.name, email: linked.email })}{' '}
        <button
          ref={unlinkButton}
          type="button"
          disabled={changing.busy}
          onClick={() => void unlink()}
          aria-label={t('wizard.startList.account.unlinkOf', { account: linked.name, name })}
        >
          {t('wizard.startList.account.unlink')}
        </button>
        {refusal}
      </>
    );
  }

  if (issued) {
    return (
      <RiderInvitationLink
        name={name}
        email={issued.email}
        link={issued.link}
        onDone={() => {
          setIssued(null);
          focusNext.current = invitation ? 'revoke' : 'link';
        }}
      />
    );
  }

  if (editing) {
    return (
      <LinkAccountForm
        registrationId={registrationId}
        name={name}
        onLinked={() => {
          setEditing(false);
          focusNext.current = 'unlink';
          onChanged();
        }}
        onInvited={(created) => {
          setEditing(false);
          setIssued(created);
          onChanged();
        }}
        onCancel={() => {
          setEditing(false);
          focusNext.current = 'link';
        }}
      />
    );
  }

  if (invitation) {
    const { email } = invitation;
    return (
      <>
        {t('wizard.startList.account.invited', {
          email,
          expires: new Date(invitation.expiresAt).toLocaleDateString(),
        })}{' '}
        <button
          ref={revokeButton}
          type="button"
          disabled={changing.busy}
          onClick={() => void revoke()}
          aria-label={t('wizard.startList.account.revokeInvitationOf', { email, name })}
        >
          {t('wizard.startList.account.revokeInvitation')}
        </button>{' '}
        <button
          type="button"
          disabled={changing.busy}
          onClick={() => void renew(email)}
          aria-label={t('wizard.startList.account.newLinkOf', { name })}
        >
          {t('wizard.startList.account.newLink')}
        </button>
        {refusal}
      </>
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
