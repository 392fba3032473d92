import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { RiderProfileView } from '../../api/rider-types.ts';
import type { Race } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { ErrorNotice, Loading } from '../../components/Status.tsx';
import styles from './Rider.module.css';
import { RiderHeader } from './RiderHeader.tsx';
import { RiderRaces } from './RiderRaces.tsx';
import { RiderStage } from './RiderStage.tsx';
import { focusRace } from './rider-view.ts';

/** `/riders/:registrationId`: who the rider is, their races, and each stage's splits and ride. */
export default function RiderPage() {
  const { registrationId } = useParams();
  const { t } = useTranslation('rider');
  const profile = useApi<RiderProfileView>(
    registrationId ? `/api/v1/registrations/${registrationId}/profile` : null,
  );
  const focus = profile.data ? focusRace(profile.data) : undefined;
  // The race's own time zone for times of day (the profile does not carry it).
  const race = useApi<Race>(focus ? `/api/v1/races/${focus.raceId}` : null);

  if (profile.error) return <ErrorNotice error={profile.error} onRetry={profile.reload} />;
  if (!profile.data) return <Loading />;
  const p = profile.data;
  // Times of day wait for the race's zone rather than show the wrong one first (UTC if it cannot load).
  const timeZone = race.data?.timeZone ?? (race.error ? 'UTC' : null);
  return (
    <article className={styles.page}>
      <title>{`${p.name} · ${p.raceName}`}</title>
      <RiderHeader profile={p} race={focus} />
      <RiderRaces profile={p} />
      {focus && (
        <section className={styles.section} aria-labelledby="rider-stages">
          <h2 id="rider-stages">{t('stages.heading', { race: focus.raceName })}</h2>
          {focus.stages.length === 0 && <p className="status-line">{t('races.noStages')}</p>}
          {timeZone === null && focus.stages.length > 0 && <Loading />}
          {timeZone !== null &&
            focus.stages.map((stage, k) => (
              <RiderStage
                key={stage.stageId}
                stage={stage}
                raceId={focus.raceId}
                registrationId={focus.registrationId}
                timeZone={timeZone}
                open={k === focus.stages.length - 1}
              />
            ))}
        </section>
      )}
    </article>
  );
}
