import { useTranslation } from 'react-i18next';
import type { RegistrationListView } from '../../../api/races-types.ts';
import { useApi } from '../../../api/use-api.ts';

/** A rider chosen by bib and name from the start list (a select, so it works with a keyboard). */
export function RiderPicker({
  raceId,
  value,
  onChange,
  id,
}: {
  raceId: string;
  value: string;
  onChange: (registrationId: string) => void;
  id?: string;
}) {
  const { t } = useTranslation('admin');
  const riders = useApi<RegistrationListView>(`/api/v1/races/${raceId}/registrations`);
  return (
    <select id={id} required value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('common.rider')}</option>
      {(riders.data?.items ?? []).map((r) => (
        <option key={r.id} value={r.id} data-bib={r.bib}>
          #{r.bib} {r.firstName} {r.lastName}
        </option>
      ))}
    </select>
  );
}
