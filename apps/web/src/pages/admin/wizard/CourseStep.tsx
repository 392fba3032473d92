import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCsrfToken } from '../../../admin/csrf.ts';
import { uploadWithProgress } from '../../../admin/upload.ts';
import type { CourseView } from '../../../api/types.ts';
import { useApi } from '../../../api/use-api.ts';
import { ElevationProfile } from '../../../charts/ElevationProfile.tsx';
import { CourseMap } from '../../../map/CourseMap.tsx';
import styles from '../admin.module.css';
import { FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

/** Course upload with its progress, then the map and the elevation profile of what the server read. */
export function CourseStep({ stageId }: { stageId: string }) {
  const { t } = useTranslation('admin');
  const csrf = useCsrfToken();
  const course = useApi<CourseView>(`/api/v1/stages/${stageId}/course`);
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return;
    setProgress(0);
    const uploaded = await action.run(() =>
      uploadWithProgress<CourseView>(`/api/v1/stages/${stageId}/course`, file, csrf, setProgress),
    );
    if (uploaded) course.reload();
  };
  const data = course.data;
  return (
    <div>
      <h2>{t('wizard.course.heading')}</h2>
      <form className={styles.form} onSubmit={submit}>
        <label>
          {t('wizard.course.file')}
          <input ref={input} type="file" name="file" accept=".gpx,.tcx,.fit" required />
        </label>
        <button type="submit" disabled={action.busy}>
          {t('wizard.course.upload')}
        </button>
        {progress !== null && (
          <progress aria-label={t('wizard.course.progress')} value={Math.round(progress * 100)} max={100} />
        )}
        <FormMessage error={action.message} />
      </form>
      {data && (
        <>
          <p role="status">
            {t('wizard.course.uploaded', {
              name: data.name ?? data.fileName,
              km: (data.length / 1000).toFixed(1),
              climbing: Math.round(data.climbing),
            })}
          </p>
          <CourseMap course={data} label={t('wizard.course.map')} className={styles.map} />
          {data.hasElevation && (
            <ElevationProfile profile={data.profile} label={t('wizard.course.profile')} />
          )}
        </>
      )}
    </div>
  );
}
