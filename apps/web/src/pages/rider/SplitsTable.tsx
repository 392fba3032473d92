import { useTranslation } from 'react-i18next';
import type { CheckpointSplitView } from '../../api/rider-types.ts';
import { formatClock, formatDistance, formatDuration, formatSpeed } from '../../format/format.ts';
import styles from './Rider.module.css';
import { splitRows } from './rider-view.ts';

/** A stage's checkpoints as the rider crossed them: where, when, how long since the start, how fast. */
export function SplitsTable({
  splits,
  number,
  timeZone,
}: {
  splits: readonly CheckpointSplitView[];
  number: number;
  timeZone: string;
}) {
  const { t } = useTranslation('rider');
  const rows = splitRows(splits);
  return (
    <div className={styles.scroll}>
      <table data-testid="rider-splits">
        <caption className="visually-hidden">{t('splits.caption', { number })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('splits.checkpoint')}</th>
            <th scope="col" className="num">
              {t('splits.distance')}
            </th>
            <th scope="col" className="num">
              {t('splits.timeOfDay')}
            </th>
            <th scope="col" className="num">
              {t('splits.elapsed')}
            </th>
            <th scope="col" className="num">
              {t('splits.speed')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.checkpointId}-${row.time}`}>
              <th scope="row">{row.name}</th>
              <td className="num">{formatDistance(row.distance)}</td>
              <td className="num">{formatClock(row.time, timeZone)}</td>
              <td className="num">{formatDuration(row.elapsed)}</td>
              <td className="num">{formatSpeed(row.speed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
