import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RaceView, StageListItem } from '../../api/races-types.ts';
import { formatDistance } from '../../format/format.ts';
import { formatClimbing, formatStageStart } from './race-format.ts';
import styles from './StagesList.module.css';
import { isRidden, isRunning, type StageStatus } from './stage-status.ts';

export interface StagesListProps {
  race: RaceView;
  stages: StageListItem[];
  statuses: Map<string, StageStatus>;
  selectedId: string | null;
  onSelect: (stageId: string) => void;
}

/** A stage's title: "Stage 3 — Name" (or the prologue). */
export function useStageTitle() {
  const { t } = useTranslation('race');
  return (stage: Pick<StageListItem, 'number' | 'name'>) => {
    const number = stage.number === 0 ? t('stages.prologue') : t('stages.stage', { number: stage.number });
    return stage.name && stage.name !== number ? `${number} — ${stage.name}` : number;
  };
}

/** Every stage with where it stands and where to go: live, replay, results; and which course to show. */
export function StagesList({ race, stages, statuses, selectedId, onSelect }: StagesListProps) {
  const { t } = useTranslation('race');
  const title = useStageTitle();
  if (stages.length === 0) return <p className="status-line">{t('stages.none')}</p>;
  return (
    <ol className={styles.list}>
      {stages.map((stage) => {
        const status = statuses.get(stage.id) ?? stage.status;
        const course = stage.course;
        const start = formatStageStart(stage.scheduledStart, race.timeZone);
        const selected = stage.id === selectedId;
        const running = isRunning(status);
        return (
          <li key={stage.id} className={`${styles.stage} ${selected ? styles.selected : ''}`}>
            <div className={styles.head}>
              <h3 className={styles.title}>{title(stage)}</h3>
              <span className={`badge ${status === 'live' ? 'badge-live' : ''}`}>
                {t(`stageStatus.${status}`)}
              </span>
            </div>
            <dl className={styles.facts}>
              <div>
                <dt>{t('stages.date')}</dt>
                <dd>{start ?? t('stages.unknown')}</dd>
              </div>
              <div>
                <dt>{t('stages.format')}</dt>
                <dd>
                  {t(`format.${stage.format}`)}
                  {stage.lapCount > 1 && `, ${t('stages.laps', { count: stage.lapCount })}`}
                </dd>
              </div>
              <div>
                <dt>{t('stages.distance')}</dt>
                <dd>{formatDistance(course?.length)}</dd>
              </div>
              <div>
                <dt>{t('stages.climbing')}</dt>
                <dd>{course?.climbing != null ? formatClimbing(course.climbing) : t('stages.unknown')}</dd>
              </div>
            </dl>
            <div className={styles.links}>
              {running && (
                <Link className={styles.live} to={`/races/${race.id}/stages/${stage.id}/live`}>
                  <span aria-hidden="true">●</span> {t('links.watchLive')}
                </Link>
              )}
              {isRidden(status) && stage.hasCourse && stage.startedAt != null && (
                <Link to={`/races/${race.id}/stages/${stage.id}/replay`}>{t('links.replay')}</Link>
              )}
              {status !== 'cancelled' && status !== 'annulled' && (
                <Link to={`/races/${race.id}/results?stage=${stage.id}`}>{t('links.stageResults')}</Link>
              )}
              {stage.hasCourse && stages.length > 1 && (
                <button
                  type="button"
                  className={styles.select}
                  aria-pressed={selected}
                  onClick={() => onSelect(stage.id)}
                >
                  {t('stages.select', { number: stage.number })}
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
