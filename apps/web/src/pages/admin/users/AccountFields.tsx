import { useTranslation } from 'react-i18next';
import { Field } from '../Field.tsx';

/** Every role an account can have, in the order the back office lists them. */
export const ROLES = ['admin', 'organiser', 'commissaire', 'rider', 'spectator'] as const;

type Change = (event: { target: { value: string } }) => void;

/** The e-mail address and role of an account, as both creating a user and inviting one ask for them. */
export function EmailAndRoleFields({
  email,
  role,
  onEmail,
  onRole,
  error,
}: {
  email: string;
  role: string;
  onEmail: Change;
  onRole: Change;
  error: unknown;
}) {
  const { t } = useTranslation('admin');
  return (
    <>
      <Field label={t('users.email')} name="email" error={error}>
        <input type="email" required value={email} onChange={onEmail} />
      </Field>
      <Field label={t('users.role')} name="role" error={error}>
        <select value={role} onChange={onRole}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`users.roles.${r}`)}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
