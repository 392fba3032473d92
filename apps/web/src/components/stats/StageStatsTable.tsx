import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StageStatisticsView } from '../../api/stats-types.ts';
import { formatDistance, formatDuration, formatSpeed } from '../../format/format.ts';
import tables from '../race/tables.module.css';
import { formatPercent } from './stats-series.ts';

/** Per stage: starters, finishers, DNF and rate, the winner's time, average and fastest speeds. */
export function StageStatsTable({ stages, id }: { stages: StageStatisticsView[]; id?: string }) {
  const { t } = useTranslation('stats');
  return (
    <div className={tables.scroll}>
      <table id={id}>
        <caption className="visually-hidden">{t('stages.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stages.stage')}</th>
            <th scope="col" className="num">
              {t('stages.starters')}
            </th>
            <th scope="col" className="num">
              {t('stages.finishers')}
            </th>
            <th scope="col" className="num">
              {t('stages.dnf')}
            </th>
            <th scope="col" className="num">
              {t('stages.dnfRate')}
            </th>
            <th scope="col" className="num">
              {t('stages.winnerTime')}
            </th>
            <th scope="col" className="num">
              {t('stages.averageSpeed')}
            </th>
            <th scope="col">{t('stages.fastest')}</th>
          </tr>
        </thead>
        <tbody>
          {stages.map((stage) => (
            <tr key={stage.stageId}>
              <th scope="row">
                {t('stages.stageLabel', { number: stage.number })}
                <br />
                <small>
                  {stage.name}
                  {stage.length !== null && ` · ${formatDistance(stage.length)}`}
                </small>
              </th>
              <td className="num">{stage.starters}</td>
              <td className="num">{stage.finishers}</td>
              <td
                className="num"
                title={t('stages.other', { dns: stage.dns, dsq: stage.dsq, otl: stage.otl })}
              >
                {stage.dnf}
              </td>
              <td className="num">{formatPercent(stage.dnfRate)}</td>
              <td className="num">{formatDuration(stage.winnerTime)}</td>
              <td className="num">{formatSpeed(stage.averageSpeed)}</td>
              <td>
                {stage.fastest ? (
                  <>
                    <Link to={`/riders/${stage.fastest.registrationId}`}>{stage.fastest.name}</Link> (
                    {formatSpeed(stage.fastest.speed)})
                  </>
                ) : (
                  '–'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
