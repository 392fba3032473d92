import { detectClimbs } from '@echelon/domain';
import type L from 'leaflet';
import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import type { CheckpointView, CourseView } from '../../../api/types.ts';
import { useApi } from '../../../api/use-api.ts';
import { ElevationProfile } from '../../../charts/ElevationProfile.tsx';
import { CourseMap } from '../../../map/CourseMap.tsx';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';
import { ProfilePicker } from './ProfilePicker.tsx';

const KINDS = ['sprint', 'climb', 'feed_zone', 'timing'] as const;
const CATEGORIES = ['HC', '1', '2', '3', '4'] as const;

/** Where the next checkpoint goes: a map click (the server snaps it) or a distance along the course. */
type Place = { lat: number; lon: number } | { distance: number };

/**
 * Checkpoints placed by clicking the map or the profile, with the course file's own waypoints and the
 * climbs found in its elevation one click away.
 */
export function CheckpointsStep({ stageId }: { stageId: string }) {
  const { t } = useTranslation('admin');
  const course = useApi<CourseView>(`/api/v1/stages/${stageId}/course`);
  const checkpoints = useApi<{ items: CheckpointView[] }>(`/api/v1/stages/${stageId}/checkpoints`);
  const action = useAction();
  const [kind, setKind] = useState<string>('sprint');
  const [name, setName] = useState('');
  const [category, setCategory] = useState('4');
  const [place, setPlace] = useState<Place | null>(null);
  const climbs = useMemo(
    () => (course.data?.hasElevation ? detectClimbs(course.data.profile) : []),
    [course.data],
  );

  const onMap = useCallback((map: L.Map) => {
    map.on('click', (event: L.LeafletMouseEvent) =>
      setPlace({ lat: event.latlng.lat, lon: event.latlng.lng }),
    );
  }, []);

  const add = async (body: Record<string, unknown>) => {
    const created = await action.run(
      () => apiSend('POST', `/api/v1/stages/${stageId}/checkpoints`, body),
      t('common.saved'),
    );
    if (created) checkpoints.reload();
    return created;
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!place) return;
    const created = await add({ kind, name, climbCategory: kind === 'climb' ? category : null, ...place });
    if (created) {
      setName('');
      setPlace(null);
    }
  };
  const remove = async (id: string) => {
    const removed = await action.run(() => apiSend('DELETE', `/api/v1/stages/${stageId}/checkpoints/${id}`));
    if (removed !== undefined) checkpoints.reload();
  };

  if (!course.data) return <p>{course.error ? t('wizard.checkpoints.noCourse') : ''}</p>;
  const list = checkpoints.data?.items ?? [];
  const km = (m: number) => (m / 1000).toFixed(1);
  return (
    <div>
      <h2>{t('wizard.checkpoints.heading')}</h2>
      <p>{t('wizard.checkpoints.help')}</p>
      <CourseMap
        course={course.data}
        checkpoints={list}
        label={t('wizard.course.map')}
        className={styles.map}
        onMap={onMap}
      />
      {course.data.hasElevation && (
        <ProfilePicker profile={course.data.profile} onPick={(distance) => setPlace({ distance })}>
          <ElevationProfile
            profile={course.data.profile}
            checkpoints={list.map((c) => ({ name: c.name, d: c.distance, kind: c.kind }))}
            label={t('wizard.course.profile')}
          />
        </ProfilePicker>
      )}
      <form className={styles.form} onSubmit={submit}>
        <Field label={t('wizard.checkpoints.kind')} name="kind" error={action.error}>
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`wizard.checkpoints.kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('wizard.checkpoints.name')} name="name" error={action.error}>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        {kind === 'climb' && (
          <Field label={t('wizard.checkpoints.category')} name="climbCategory" error={action.error}>
            <select value={category} onChange={(e) => setCategory(e.target.value)}>
              {CATEGORIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('wizard.checkpoints.distance')} name="distance" error={action.error}>
          <input
            type="number"
            step="0.1"
            min={0}
            value={place && 'distance' in place ? (place.distance / 1000).toFixed(1) : ''}
            onChange={(e) =>
              setPlace(e.target.value === '' ? null : { distance: Number(e.target.value) * 1000 })
            }
          />
        </Field>
        <p role="status">
          {place &&
            ('distance' in place
              ? t('wizard.checkpoints.picked', { km: km(place.distance) })
              : t('wizard.checkpoints.pickedAt', { lat: place.lat.toFixed(5), lon: place.lon.toFixed(5) }))}
        </p>
        <button type="submit" disabled={action.busy || !place}>
          {t('wizard.checkpoints.add')}
        </button>
        <FormMessage error={action.message} success={action.success} />
      </form>
      <h3>{t('wizard.checkpoints.list')}</h3>
      <ul>
        {list.map((c) => (
          <li key={c.id}>
            {c.name} ({t(`wizard.checkpoints.kinds.${c.kind}`)}
            {c.climbCategory ? ` ${c.climbCategory}` : ''}) —{' '}
            {t('wizard.checkpoints.at', { km: km(c.distance) })}{' '}
            {c.kind !== 'start' && c.kind !== 'finish' && (
              <button
                type="button"
                onClick={() => void remove(c.id)}
                aria-label={`${t('common.remove')} ${c.name}`}
              >
                {t('common.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {course.data.suggestedCheckpoints.length > 0 && (
        <>
          <h3>{t('wizard.checkpoints.suggested')}</h3>
          <ul>
            {course.data.suggestedCheckpoints.map((s) => (
              <li key={`${s.kind}-${s.distance}`}>
                {s.name} — {t('wizard.checkpoints.at', { km: km(s.distance) })}{' '}
                <button
                  type="button"
                  onClick={() =>
                    void add({
                      kind: s.kind,
                      name: s.name,
                      distance: s.distance,
                      climbCategory: s.climbCategory,
                    })
                  }
                >
                  {t('wizard.checkpoints.addSuggestion', { name: s.name })}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {climbs.length > 0 && (
        <>
          <h3>{t('wizard.checkpoints.climbs')}</h3>
          <ul>
            {climbs.map((c) => {
              const climbName = t('wizard.checkpoints.climbName', { km: km(c.summit) });
              return (
                <li key={c.summit}>
                  {c.category}:{' '}
                  {t('wizard.checkpoints.climbRow', {
                    km: km(c.length),
                    gradient: c.gradient.toFixed(1),
                    score: Math.round(c.score),
                    at: km(c.summit),
                  })}{' '}
                  <button
                    type="button"
                    onClick={() =>
                      void add({
                        kind: 'climb',
                        name: climbName,
                        distance: c.summit,
                        climbCategory: c.category,
                      })
                    }
                  >
                    {t('wizard.checkpoints.addSuggestion', { name: climbName })}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
