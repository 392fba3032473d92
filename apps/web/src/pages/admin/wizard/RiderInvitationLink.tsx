import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import styles from '../admin.module.css';
import { useCopy } from '../use-copy.ts';

/**
 * A rider invitation's link, just made: shown this once (the server keeps only its hash), so the
 * organiser copies it and sends it themselves. It takes the focus, selected, ready to copy; Done
 * closes it.
 */
export function RiderInvitationLink({
  name,
  email,
  link,
  onDone,
}: {
  name: string;
  email: string;
  link: string;
  onDone: () => void;
}) {
  const { t } = useTranslation('admin');
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const { copied, copy } = useCopy();

  useEffect(() => {
    field.current?.focus();
  }, []);

  return (
    <div className={styles.field}>
      <label htmlFor={id}>{t('wizard.startList.account.inviteLink', { name, email })}</label>
      <div className={styles.row}>
        <input
          ref={field}
          id={id}
          readOnly
          value={link}
          size={40}
          onFocus={(e) => e.target.select()}
          aria-describedby={`${id}-help`}
        />
        <button type="button" onClick={() => void copy(link)}>
          {t('wizard.startList.account.copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('wizard.startList.account.done')}
        </button>
      </div>
      <span id={`${id}-help`}>{t('wizard.startList.account.inviteLinkHelp', { name })}</span>
      <span role="status">{copied ? t('wizard.startList.account.copied') : ''}</span>
    </div>
  );
}
