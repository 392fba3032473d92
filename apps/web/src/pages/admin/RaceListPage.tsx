import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { canBuildRaces } from '../../admin/roles.ts';
import { apiSend } from '../../api/client.ts';
import type { RaceListView, RaceView } from '../../api/races-types.ts';
import { useApi } from '../../api/use-api.ts';
import { useSession } from '../../app/session.tsx';
import { ErrorNotice, Loading } from '../../components/Status.tsx';
import styles from './admin.module.css';
import { Field, FormMessage } from './Field.tsx';
import { useAction } from './use-action.ts';

/** The races the signed-in user owns or officiates, and a form to start a new one. */
export default function RaceListPage() {
  const { t } = useTranslation('admin');
  const { session } = useSession();
  const races = useApi<RaceListView>('/api/v1/races?mine=true&limit=200');
  return (
    <section aria-labelledby="races-heading">
      <h1 id="races-heading">{t('races.heading')}</h1>
      {races.error ? (
        <ErrorNotice error={races.error} onRetry={races.reload} />
      ) : !races.data ? (
        <Loading />
      ) : races.data.items.length === 0 ? (
        <p>{t('races.empty')}</p>
      ) : (
        <ul>
          {races.data.items.map((race) => (
            <li key={race.id}>
              <strong>{race.name}</strong>{' '}
              <span className="badge">{t('races.statusOf', { status: race.status })}</span>{' '}
              {race.ownerId === session?.user.id || session?.user.role === 'admin' ? (
                <Link to={`/admin/races/${race.id}/build`}>{t('races.build')}</Link>
              ) : null}{' '}
              · <Link to={`/admin/races/${race.id}/control`}>{t('races.control')}</Link> ·{' '}
              <Link to={`/admin/races/${race.id}/desk`}>{t('races.desk')}</Link>
            </li>
          ))}
        </ul>
      )}
      {canBuildRaces(session) && <CreateRace />}
    </section>
  );
}

function CreateRace() {
  const { t } = useTranslation('admin');
  const navigate = useNavigate();
  const action = useAction();
  const [name, setName] = useState('');
  const [startDate, setStartDate] = useState('');
  const [location, setLocation] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const race = await action.run(() =>
      apiSend<RaceView>('POST', '/api/v1/races', { name, location, startDate: startDate || null }),
    );
    if (race) navigate(`/admin/races/${race.id}/build/stages`);
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby="create-race">
      <h2 id="create-race">{t('races.create')}</h2>
      <Field label={t('races.name')} name="name" error={action.error}>
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('races.startDate')} name="startDate" error={action.error}>
        <input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
      </Field>
      <Field label={t('races.location')} name="location" error={action.error}>
        <input value={location} onChange={(e) => setLocation(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('races.create')}
      </button>
      <FormMessage error={action.message} />
    </form>
  );
}
