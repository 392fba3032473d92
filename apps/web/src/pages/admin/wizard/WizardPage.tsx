import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { waveNames } from '../../../admin/waves.ts';
import type { RaceView, StageListView } from '../../../api/races-types.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorNotice, Loading } from '../../../components/Status.tsx';
import styles from '../admin.module.css';
import { CategoriesStep } from './CategoriesStep.tsx';
import { CheckpointsStep } from './CheckpointsStep.tsx';
import { CourseStep } from './CourseStep.tsx';
import { DetailsStep } from './DetailsStep.tsx';
import { PublishStep } from './PublishStep.tsx';
import { StaffStep } from './StaffStep.tsx';
import { StagesStep } from './StagesStep.tsx';
import { StartListStep } from './StartListStep.tsx';

export const STEPS = [
  'details',
  'stages',
  'course',
  'checkpoints',
  'categories',
  'startList',
  'staff',
  'publish',
] as const;
export type Step = (typeof STEPS)[number];

/** The race wizard: one step per URL, so the browser's back button and a reload keep the place. */
export default function WizardPage() {
  const { t } = useTranslation('admin');
  const { raceId = '', step: stepParam } = useParams();
  const step: Step = (STEPS as readonly string[]).includes(stepParam ?? '') ? (stepParam as Step) : 'details';
  const race = useApi<RaceView>(`/api/v1/races/${raceId}`);
  const stages = useApi<StageListView>(`/api/v1/races/${raceId}/stages`);
  const [stageId, setStageId] = useState('');
  if (race.error) return <ErrorNotice error={race.error} onRetry={race.reload} />;
  if (!race.data || !stages.data) return <Loading />;
  const stage = stages.data.items.find((s) => s.id === stageId) ?? stages.data.items[0];
  const index = STEPS.indexOf(step);
  const next = STEPS[index + 1];
  const needsStage = step === 'course' || step === 'checkpoints';
  return (
    <section aria-labelledby="wizard-heading">
      <h1 id="wizard-heading">{t('wizard.heading', { race: race.data.name })}</h1>
      <nav aria-label={t('wizard.steps')}>
        <ol className={styles.steps}>
          {STEPS.map((s) => (
            <li key={s}>
              <Link to={`/admin/races/${raceId}/build/${s}`} aria-current={s === step ? 'step' : undefined}>
                {t(`wizard.step.${s}`)}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      {needsStage && stages.data.items.length > 1 && (
        <label>
          {t('wizard.stages.pick')}{' '}
          <select value={stage?.id} onChange={(e) => setStageId(e.target.value)}>
            {stages.data.items.map((s) => (
              <option key={s.id} value={s.id}>
                {t('wizard.stages.number', { number: s.number, name: s.name })}
              </option>
            ))}
          </select>
        </label>
      )}
      {step === 'details' && <DetailsStep race={race.data} onSaved={race.reload} />}
      {step === 'stages' && (
        <StagesStep raceId={raceId} stages={stages.data.items} onChanged={stages.reload} />
      )}
      {needsStage && !stage && <p>{t('wizard.course.noStage')}</p>}
      {/* Keyed by stage: another stage's step starts afresh, never showing the previous stage's course. */}
      {step === 'course' && stage && <CourseStep key={stage.id} stageId={stage.id} />}
      {step === 'checkpoints' && stage && <CheckpointsStep key={stage.id} stageId={stage.id} />}
      {step === 'categories' && (
        <CategoriesStep raceId={raceId} stages={stages.data.items} onStagesChanged={stages.reload} />
      )}
      {step === 'startList' && <StartListStep raceId={raceId} waves={waveNames(stages.data.items)} />}
      {step === 'staff' && <StaffStep raceId={raceId} />}
      {step === 'publish' && (
        <PublishStep race={race.data} stageCount={stages.data.items.length} onChanged={race.reload} />
      )}
      {next && (
        <p>
          <Link to={`/admin/races/${raceId}/build/${next}`}>
            {t('wizard.next', { step: t(`wizard.step.${next}`) })}
          </Link>
        </p>
      )}
    </section>
  );
}
