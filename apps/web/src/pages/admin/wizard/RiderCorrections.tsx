import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RiderDraft, riderChanges, toRiderDraft } from '../../../admin/rider-edit.ts';
import { apiSend } from '../../../api/client.ts';
import type { RegistrationView } from '../../../api/types.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

type Open = 'none' | 'edit' | 'withdraw';

/**
 * A start-list entry corrected during the race: its name, team, category, gender, bib and tracker id
 * edited (only what changed is sent), or the rider withdrawn (DNS or DNF, with the reason, on the stage
 * of the day) — a rider is withdrawn rather than deleted once anything is recorded of them.
 */
export function RiderCorrections({
  rider,
  categories,
  onChanged,
}: {
  rider: RegistrationView;
  /** The race's category codes, offered for the rider's category. */
  categories: readonly string[];
  onChanged: () => void;
}) {
  const { t } = useTranslation('admin');
  const [open, setOpen] = useState<Open>('none');
  const name = `${rider.firstName} ${rider.lastName}`;
  return (
    <div>
      <div className={styles.row}>
        <button
          type="button"
          aria-expanded={open === 'edit'}
          aria-label={t('wizard.startList.correct.editOf', { name })}
          onClick={() => setOpen(open === 'edit' ? 'none' : 'edit')}
        >
          {t('wizard.startList.correct.edit')}
        </button>
        <button
          type="button"
          aria-expanded={open === 'withdraw'}
          aria-label={t('wizard.startList.correct.withdrawOf', { name })}
          onClick={() => setOpen(open === 'withdraw' ? 'none' : 'withdraw')}
        >
          {t('wizard.startList.correct.withdraw')}
        </button>
      </div>
      {open === 'edit' && (
        <RiderEditForm
          rider={rider}
          categories={categories}
          onDone={() => {
            setOpen('none');
            onChanged();
          }}
        />
      )}
      {open === 'withdraw' && <WithdrawForm rider={rider} onDone={onChanged} />}
    </div>
  );
}

function RiderEditForm({
  rider,
  categories,
  onDone,
}: {
  rider: RegistrationView;
  categories: readonly string[];
  onDone: () => void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [draft, setDraft] = useState<RiderDraft>(() => toRiderDraft(rider));
  const set = (key: keyof RiderDraft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const codes =
    draft.category && !categories.includes(draft.category) ? [...categories, draft.category] : categories;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changes = riderChanges(rider, draft);
    if (Object.keys(changes).length === 0) return onDone();
    const saved = await action.run(() => apiSend('PATCH', `/api/v1/registrations/${rider.id}`, changes));
    if (saved !== undefined) onDone();
  };
  const name = `${rider.firstName} ${rider.lastName}`;
  return (
    <form
      className={styles.form}
      onSubmit={submit}
      aria-label={t('wizard.startList.correct.editOf', { name })}
    >
      <Field label={t('common.bib')} name="bib" error={action.error}>
        <input type="number" min={1} required value={draft.bib} onChange={set('bib')} />
      </Field>
      <Field label={t('wizard.startList.firstName')} name="firstName" error={action.error}>
        <input required value={draft.firstName} onChange={set('firstName')} />
      </Field>
      <Field label={t('wizard.startList.lastName')} name="lastName" error={action.error}>
        <input required value={draft.lastName} onChange={set('lastName')} />
      </Field>
      <Field label={t('wizard.startList.team')} name="team" error={action.error}>
        <input value={draft.team} onChange={set('team')} />
      </Field>
      <Field label={t('wizard.startList.category')} name="category" error={action.error}>
        <select value={draft.category} onChange={set('category')}>
          <option value="">{t('wizard.startList.correct.noCategory')}</option>
          {codes.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('wizard.startList.gender')} name="gender" error={action.error}>
        <select value={draft.gender} onChange={set('gender')}>
          <option value="">{t('wizard.startList.correct.noGender')}</option>
          {(['F', 'M', 'X'] as const).map((g) => (
            <option key={g} value={g}>
              {t(`wizard.startList.correct.genders.${g}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('wizard.startList.deviceId')} name="deviceId" error={action.error}>
        <input value={draft.deviceId} onChange={set('deviceId')} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {action.busy ? t('common.saving') : t('common.save')}
      </button>
      <FormMessage error={action.message} />
    </form>
  );
}

function WithdrawForm({ rider, onDone }: { rider: RegistrationView; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [status, setStatus] = useState<'DNS' | 'DNF'>('DNF');
  const [reason, setReason] = useState('');
  const name = `${rider.firstName} ${rider.lastName}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run(
      () => apiSend('POST', `/api/v1/registrations/${rider.id}/withdrawal`, { status, reason }),
      t('wizard.startList.correct.withdrawn', { name, status }),
    );
    if (done !== undefined) onDone();
  };
  return (
    <form
      className={styles.form}
      onSubmit={submit}
      aria-label={t('wizard.startList.correct.withdrawOf', { name })}
    >
      <p>{t('wizard.startList.correct.withdrawHelp')}</p>
      <Field label={t('wizard.startList.correct.status')} name="status" error={action.error}>
        <select value={status} onChange={(e) => setStatus(e.target.value as 'DNS' | 'DNF')}>
          <option value="DNS">{t('wizard.startList.correct.dns')}</option>
          <option value="DNF">{t('wizard.startList.correct.dnf')}</option>
        </select>
      </Field>
      <Field label={t('common.reason')} name="reason" error={action.error}>
        <input required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('wizard.startList.correct.withdrawSubmit')}
      </button>
      <FormMessage error={action.message} success={action.success} />
    </form>
  );
}
