import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { resultWarnings } from '../../../admin/warnings.ts';
import { apiSend } from '../../../api/client.ts';
import type { StageResultsView } from '../../../api/results-types.ts';
import type { LiveSnapshot } from '../../../api/types.ts';
import { useApi } from '../../../api/use-api.ts';
import { stageToSettle } from '../../../components/race/stage-status.ts';
import { ErrorNotice, Loading } from '../../../components/Status.tsx';
import { formatDuration } from '../../../format/format.ts';
import styles from '../admin.module.css';
import { FormMessage } from '../Field.tsx';
import { StagePicker, useRaceStage } from '../race-stage.tsx';
import { useAction } from '../use-action.ts';
import { DecisionForm } from './DecisionForm.tsx';
import { DecisionsList } from './DecisionsList.tsx';
import { ReopenForm } from './ReopenForm.tsx';
import { TrackReviewList } from './TrackReviewList.tsx';

/** The results desk: provisional results with warnings, decisions, approval, exports. */
export default function ResultsDeskPage() {
  const { t } = useTranslation('admin');
  const { raceId = '' } = useParams();
  const { race, stages, stage, pick } = useRaceStage(raceId, (items) => stageToSettle(items) ?? undefined);
  const results = useApi<StageResultsView>(stage ? `/api/v1/stages/${stage.id}/results` : null);
  const live = useApi<LiveSnapshot>(stage ? `/api/v1/stages/${stage.id}/live` : null);
  const [decisionsVersion, setDecisionsVersion] = useState(0);
  const approve = useAction();
  // Shown as the format's rules show times (hundredths in time trials); ranked on the exact time.
  const hundredths = results.data?.timePrecision === 'hundredths';

  const warnings = useMemo(() => {
    if (!results.data) return [];
    const snapshot = live.data;
    const crossingPoints = (snapshot?.checkpoints ?? []).filter((c) => c.kind !== 'start').length;
    const seen = new Map(
      (snapshot?.riders ?? []).map((r) => [r.bib, { fixes: r.fix !== null, crossings: r.x.length }] as const),
    );
    return resultWarnings({
      results: results.data.items,
      seen,
      expectedCrossings: crossingPoints,
      length: snapshot?.length ?? 0,
    });
  }, [results.data, live.data]);

  if (race.error) return <ErrorNotice error={race.error} onRetry={race.reload} />;
  if (!race.data || !stages.data) return <Loading />;
  const changed = () => {
    results.reload();
    setDecisionsVersion((v) => v + 1);
  };
  const doApprove = async () => {
    if (!stage || !window.confirm(t('desk.confirmApprove'))) return;
    if (
      await approve.run(
        () => apiSend('POST', `/api/v1/stages/${stage.id}/results/approve`),
        t('desk.approved'),
      )
    )
      results.reload();
  };
  const official = results.data?.state === 'official';
  return (
    <section aria-labelledby="desk-heading">
      <h1 id="desk-heading">{t('desk.heading', { race: race.data.name })}</h1>
      <StagePicker stages={stages.data.items} stage={stage} onPick={pick} />
      {results.error && <p className="notice">{results.error.message}</p>}
      {results.data && (
        <>
          <p role="status" data-testid="results-state">
            {t('desk.state', { state: t(`desk.states.${results.data.state}`) })}
          </p>
          <h2>{t('desk.warnings')}</h2>
          {warnings.length === 0 ? (
            <p>{t('desk.warningsNone')}</p>
          ) : (
            <ul>
              {warnings.map((w) => (
                <li key={`${w.kind}-${w.bib}`}>
                  {t(`desk.warning.${w.kind}`, {
                    bib: w.bib,
                    rider: w.rider,
                    count: 'count' in w ? w.count : 0,
                    speed: 'speed' in w ? w.speed : 0,
                  })}
                </li>
              ))}
            </ul>
          )}
          {stage && <TrackReviewList stageId={stage.id} version={decisionsVersion} />}
          <div className={styles.tableWrap}>
            <table data-testid="desk-results">
              <caption>{t('desk.results')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('desk.rank')}</th>
                  <th scope="col">{t('common.bib')}</th>
                  <th scope="col">{t('common.rider')}</th>
                  <th scope="col">{t('desk.time')}</th>
                  <th scope="col">{t('desk.gap')}</th>
                  <th scope="col">{t('desk.penalty')}</th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {results.data.items.map((r) => (
                  <tr key={`${r.bib}-${r.rider}`}>
                    <td className="num">{r.rank ?? ''}</td>
                    <td className="num">{r.bib}</td>
                    <td>{r.rider}</td>
                    <td className="num">{r.time === null ? '' : formatDuration(r.time, hundredths)}</td>
                    <td className="num">{r.gap ? `+${formatDuration(r.gap, hundredths)}` : ''}</td>
                    <td className="num">{r.penalty ? formatDuration(r.penalty) : ''}</td>
                    <td>{r.status ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {stage && (
        <>
          {!official && <DecisionForm stageId={stage.id} raceId={raceId} onRecorded={changed} />}
          <DecisionsList
            stageId={stage.id}
            version={decisionsVersion}
            editable={!official}
            onRevoked={changed}
          />
          {!official && results.data && (
            <button type="button" onClick={() => void doApprove()} disabled={approve.busy}>
              {t('desk.approve')}
            </button>
          )}
          <FormMessage error={approve.message} success={approve.success} />
          {official && <ReopenForm stageId={stage.id} onReopened={changed} />}
          <h2>{t('desk.exports')}</h2>
          <ul>
            <li>
              <a href={`/api/v1/stages/${stage.id}/results?format=csv`} download>
                {t('desk.exportStage')}
              </a>
            </li>
            <li>
              {/* The standings after the stage on the desk, not after the latest one with results. */}
              <a
                href={`/api/v1/races/${raceId}/classifications/general?stage=${stage.number}&format=csv`}
                download
              >
                {t('desk.exportGeneralAfter', { stage: stage.name })}
              </a>
            </li>
            <li>
              <Link to={`/races/${raceId}/results`}>{t('desk.publicResults')}</Link>
            </li>
          </ul>
        </>
      )}
    </section>
  );
}
