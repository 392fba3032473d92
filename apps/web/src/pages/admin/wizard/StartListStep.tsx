import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { parseCsv } from '../../../admin/csv.ts';
import { lineProblems } from '../../../admin/problems.ts';
import { apiFetch, apiSend } from '../../../api/client.ts';
import type {
  CategoryView,
  RegistrationListView,
  RegistrationRiderView,
  RiderInvitationView,
} from '../../../api/races-types.ts';
import { useApi } from '../../../api/use-api.ts';
import styles from '../admin.module.css';
import { FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';
import { ManualRider } from './ManualRider.tsx';
import { RiderAccount } from './RiderAccount.tsx';
import { RiderCorrections } from './RiderCorrections.tsx';

/**
 * The start list: a CSV import previewed before it is sent (creating the categories it names only when
 * asked), its rejected lines shown in place, each rider's own account linked (or not) for the /ride
 * app, and each entry corrected or the rider withdrawn during the race.
 */
export function StartListStep({ raceId, waves }: { raceId: string; waves: readonly string[] }) {
  const { t } = useTranslation('admin');
  const registrations = useApi<RegistrationListView>(`/api/v1/races/${raceId}/registrations`);
  const accounts = useApi<{ items: RegistrationRiderView[]; invitations: RiderInvitationView[] }>(
    `/api/v1/races/${raceId}/registration-riders`,
  );
  const accountOf = useMemo(
    () => new Map((accounts.data?.items ?? []).map((a) => [a.registrationId, a])),
    [accounts.data],
  );
  const invitationOf = useMemo(
    () => new Map((accounts.data?.invitations ?? []).map((i) => [i.registrationId, i])),
    [accounts.data],
  );
  const categories = useApi<{ items: CategoryView[] }>(`/api/v1/races/${raceId}/categories`);
  const categoryCodes = useMemo(() => (categories.data?.items ?? []).map((c) => c.code), [categories.data]);
  const [text, setText] = useState('');
  const [createCategories, setCreateCategories] = useState(false);
  const action = useAction();
  const preview = useMemo(() => (text ? parseCsv(text) : null), [text]);
  const errors = useMemo(
    () => new Map(lineProblems(action.error).map((e) => [e.line, e.detail])),
    [action.error],
  );
  const nextBib = Math.max(0, ...(registrations.data?.items ?? []).map((r) => r.bib)) + 1;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run(async () => {
      const query = createCategories ? '?createCategories=true' : '';
      const response = await apiFetch(`/api/v1/races/${raceId}/registrations/import${query}`, {
        method: 'POST',
        body: text,
        headers: { 'content-type': 'text/csv' },
      });
      return (await response.json()) as { imported: number };
    });
    if (done) {
      setText('');
      registrations.reload();
      categories.reload();
    }
  };

  return (
    <div>
      <h2>{t('wizard.startList.heading')}</h2>
      <form className={styles.form} onSubmit={send}>
        <label>
          {t('wizard.startList.csv')}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void e.target.files?.[0]?.text().then(setText)}
            aria-describedby="csv-help"
          />
        </label>
        <p id="csv-help">{t('wizard.startList.csvHelp')}</p>
        <label>
          <input
            type="checkbox"
            checked={createCategories}
            onChange={(e) => setCreateCategories(e.target.checked)}
          />{' '}
          {t('wizard.startList.createCategories')}
        </label>
        {preview && (
          <button type="submit" disabled={action.busy || preview.rows.length === 0}>
            {t('wizard.startList.import', { count: preview.rows.length })}
          </button>
        )}
        <FormMessage error={errors.size > 0 ? t('wizard.startList.rowErrors') : action.message} />
      </form>
      {preview && (
        <div className={styles.tableWrap}>
          <table>
            <caption>{t('wizard.startList.preview', { count: preview.rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                {preview.header.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => {
                const problem = errors.get(row.line);
                return (
                  <tr key={row.line} className={problem ? styles.alert : undefined}>
                    <th scope="row">{t('common.line', { line: row.line })}</th>
                    {row.cells.map((cell, k) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a cell's column is its position in the file
                      <td key={`${row.line}-${k}`}>{cell}</td>
                    ))}
                    {problem && <td className={styles.fieldError}>{problem}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ManualRider raceId={raceId} nextBib={nextBib} waves={waves} onAdded={registrations.reload} />
      <h3>{t('wizard.startList.count', { count: registrations.data?.total ?? 0 })}</h3>
      <p>{t('wizard.startList.account.help')}</p>
      {accounts.error && (
        <p role="alert" className={styles.fieldError}>
          {t('wizard.startList.account.loadFailed', { detail: accounts.error.message })}
        </p>
      )}
      <div className={styles.tableWrap}>
        <table>
          <caption className="visually-hidden">{t('wizard.startList.riders')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.bib')}</th>
              <th scope="col">{t('common.name')}</th>
              <th scope="col">{t('wizard.startList.team')}</th>
              <th scope="col">{t('wizard.startList.deviceId')}</th>
              <th scope="col">{t('wizard.startList.wave')}</th>
              <th scope="col">{t('wizard.startList.account.column')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(registrations.data?.items ?? []).map((r) => (
              <tr key={r.id}>
                <td className="num">{r.bib}</td>
                <td>
                  {r.firstName} {r.lastName}
                </td>
                <td>{r.team}</td>
                <td>{r.deviceId}</td>
                <td>
                  <WaveSelect
                    registrationId={r.id}
                    name={`${r.firstName} ${r.lastName}`}
                    value={r.wave}
                    waves={waves}
                    onChanged={registrations.reload}
                  />
                </td>
                <td>
                  {accounts.data && (
                    <RiderAccount
                      registrationId={r.id}
                      name={`${r.firstName} ${r.lastName}`}
                      linked={accountOf.get(r.id)}
                      invitation={invitationOf.get(r.id)}
                      onChanged={accounts.reload}
                    />
                  )}
                </td>
                <td>
                  <Link to={`/ride/setup/${r.id}`}>{t('wizard.startList.pair')}</Link>
                  <RiderCorrections rider={r} categories={categoryCodes} onChanged={registrations.reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A rider's wave, changed in place (saved at once). */
function WaveSelect({
  registrationId,
  name,
  value,
  waves,
  onChanged,
}: {
  registrationId: string;
  name: string;
  value: string | null;
  waves: readonly string[];
  onChanged: () => void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  // A wave set by a CSV import that no stage defines still shows, so nothing is lost by looking.
  const choices = value && !waves.includes(value) ? [...waves, value] : waves;
  if (choices.length === 0) return <>{t('wizard.startList.noWave')}</>;
  const change = async (wave: string) => {
    if (
      await action.run(() =>
        apiSend('PATCH', `/api/v1/registrations/${registrationId}`, { wave: wave === '' ? null : wave }),
      )
    )
      onChanged();
  };
  return (
    <>
      <select
        aria-label={t('wizard.startList.waveOf', { name })}
        value={value ?? ''}
        disabled={action.busy}
        onChange={(e) => void change(e.target.value)}
      >
        <option value="">{t('wizard.startList.noWave')}</option>
        {choices.map((w) => (
          <option key={w} value={w}>
            {w}
          </option>
        ))}
      </select>
      {action.message && (
        <span role="alert" className={styles.fieldError}>
          {action.message}
        </span>
      )}
    </>
  );
}
