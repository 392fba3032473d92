import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryView, RegistrationListView } from '../../../api/races-types.ts';
import { useApi } from '../../../api/use-api.ts';
import styles from '../admin.module.css';
import { RiderCorrections } from '../wizard/RiderCorrections.tsx';

/**
 * A start-list entry corrected from race control while the stage runs: the rider picked by bib and
 * name, then edited or withdrawn (DNS/DNF) exactly as in the wizard's start list.
 */
export function StartListCorrection({ raceId }: { raceId: string }) {
  const { t } = useTranslation('admin');
  const id = useId();
  const riders = useApi<RegistrationListView>(`/api/v1/races/${raceId}/registrations`);
  const categories = useApi<{ items: CategoryView[] }>(`/api/v1/races/${raceId}/categories`);
  const [chosen, setChosen] = useState('');
  const rider = riders.data?.items.find((r) => r.id === chosen);
  return (
    <section className={styles.form} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('control.correction.heading')}</h2>
      <label htmlFor={`${id}-rider`}>{t('common.rider')}</label>
      <select id={`${id}-rider`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
        <option value="">{t('common.rider')}</option>
        {(riders.data?.items ?? []).map((r) => (
          <option key={r.id} value={r.id}>
            #{r.bib} {r.firstName} {r.lastName}
          </option>
        ))}
      </select>
      {rider && (
        <RiderCorrections
          key={rider.id}
          rider={rider}
          categories={(categories.data?.items ?? []).map((c) => c.code)}
          onChanged={riders.reload}
        />
      )}
    </section>
  );
}
