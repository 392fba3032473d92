import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { unlockAudioOnGesture } from '../../../admin/beep.ts';
import { isTimeTrial } from '../../../admin/start-countdown.ts';
import { apiSend } from '../../../api/client.ts';
import { stageOfTheDay } from '../../../components/race/stage-status.ts';
import { ErrorNotice, Loading } from '../../../components/Status.tsx';
import { useLiveFeed } from '../../../live/use-live-feed.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { StagePicker, useRaceStage } from '../race-stage.tsx';
import { useAction } from '../use-action.ts';
import { ManualPassing } from './ManualPassing.tsx';
import { RiderOut } from './RiderOut.tsx';
import { SoundToggle } from './SoundToggle.tsx';
import { StartListCorrection } from './StartListCorrection.tsx';
import { TimeTrialStart } from './TimeTrialStart.tsx';
import { TrackerMonitor } from './TrackerMonitor.tsx';

/**
 * Race control runs the stage of the day (the one on the road, else the next scheduled; the picker
 * chooses another): its status, announcements, the tracker monitor, passings and riders out, with one
 * sound switch for the alerts and the start beeps. The race's status follows its stages.
 */
export default function RaceControlPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const { raceId = '' } = useParams();
  const { race, stages, stage, pick } = useRaceStage(raceId, (items) => stageOfTheDay(items) ?? undefined);
  const feed = useLiveFeed(stage?.id);
  const action = useAction();
  const [reason, setReason] = useState('');
  // The browser keeps the page silent until a gesture: the commissaire's first click enables the alerts.
  useEffect(() => unlockAudioOnGesture(), []);
  if (race.error) return <ErrorNotice error={race.error} onRetry={race.reload} />;
  if (!race.data || !stages.data) return <Loading />;
  const status = race.data.status;
  const stageStatus = stage?.status;
  // Publishing is the race's own act; a draft's stages wait for it.
  const canRun = status !== 'draft' && status !== 'cancelled';
  const setStatus = async (to: 'live' | 'neutralised' | 'finished') => {
    if (!stage) return;
    if (to === 'finished' && !window.confirm(t('control.confirmFinish'))) return;
    const done = await action.run(
      () =>
        apiSend('POST', `/api/v1/stages/${stage.id}/status`, {
          status: to,
          ...(reason && { reason }),
        }),
      // No success message: the status lines above announce the new statuses.
    );
    if (done) {
      setReason('');
      // A finished stage hands over to the next one: the stage of the day again, unless one is picked.
      if (to === 'finished') pick('');
      race.reload();
      stages.reload();
    }
  };
  return (
    <section aria-labelledby="control-heading">
      <h1 id="control-heading">{t('control.heading', { race: race.data.name })}</h1>
      <StagePicker stages={stages.data.items} stage={stage} onPick={pick} withStatus />
      <p role="status">
        {t('control.status', { status })}
        {stage && stageStatus && (
          <>
            {' · '}
            {t('control.stageStatus', { number: stage.number, status: tc(`stageStatus.${stageStatus}`) })}
          </>
        )}
      </p>
      {stages.data.items.length > 0 && !stageOfTheDay(stages.data.items) && <p>{t('control.allRun')}</p>}
      <SoundToggle />
      <div className={styles.row}>
        <Field label={t('control.reason')} name="reason" error={action.error}>
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        {canRun && stageStatus === 'scheduled' && (
          <button type="button" onClick={() => void setStatus('live')} disabled={action.busy}>
            {isTimeTrial(stage?.format)
              ? t('control.startTimeTrial')
              : t('control.startStage', { number: stage?.number ?? 0 })}
          </button>
        )}
        {stageStatus === 'live' && (
          <button type="button" onClick={() => void setStatus('neutralised')} disabled={action.busy}>
            {t('control.neutralise')}
          </button>
        )}
        {stageStatus === 'neutralised' && (
          <button type="button" onClick={() => void setStatus('live')} disabled={action.busy}>
            {t('control.resume')}
          </button>
        )}
        {(stageStatus === 'live' || stageStatus === 'neutralised') && (
          <button type="button" onClick={() => void setStatus('finished')} disabled={action.busy}>
            {t('control.finish')}
          </button>
        )}
      </div>
      <FormMessage error={action.message} success={action.success} />
      {stage && isTimeTrial(stage.format) && (
        <TimeTrialStart
          key={stage.id}
          stageId={stage.id}
          scheduledStart={stage.scheduledStart}
          live={stageStatus === 'live' || stageStatus === 'neutralised'}
        />
      )}
      <Announce raceId={raceId} />
      {stage && <TrackerMonitor feed={feed} raceId={raceId} />}
      <div className={styles.grid}>
        {stage && <ManualPassing stageId={stage.id} raceId={raceId} />}
        {stage && <RiderOut stageId={stage.id} raceId={raceId} />}
        <StartListCorrection raceId={raceId} />
      </div>
    </section>
  );
}

function Announce({ raceId }: { raceId: string }) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const [text, setText] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (
      await action.run(
        () => apiSend('POST', `/api/v1/races/${raceId}/announcements`, { text }),
        t('common.saved'),
      )
    )
      setText('');
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby="announce">
      <h2 id="announce">{t('control.announcements')}</h2>
      <Field label={t('control.announcement')} name="text" error={action.error}>
        <input required value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('control.announce')}
      </button>
      <FormMessage error={action.message} success={action.success} />
    </form>
  );
}
