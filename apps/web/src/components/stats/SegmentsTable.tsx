import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SegmentRecordView } from '../../api/stats-types.ts';
import { formatDistance, formatDuration, formatSpeed } from '../../format/format.ts';
import tables from '../race/tables.module.css';

/** Seconds to the tenth the server keeps: 12:07.2. */
const tenths = (seconds: number) =>
  Number.isInteger(seconds) ? formatDuration(seconds) : formatDuration(seconds, true).slice(0, -1);

/** The fastest ride between each pair of consecutive checkpoints of a stage. */
export function SegmentsTable({ segments, caption }: { segments: SegmentRecordView[]; caption: string }) {
  const { t } = useTranslation('stats');
  if (segments.length === 0) return <p className="status-line">{t('segments.none')}</p>;
  return (
    <div className={tables.scroll}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('segments.segment')}</th>
            <th scope="col" className="num">
              {t('segments.distance')}
            </th>
            <th scope="col">{t('segments.rider')}</th>
            <th scope="col" className="num">
              {t('segments.time')}
            </th>
            <th scope="col" className="num">
              {t('segments.speed')}
            </th>
          </tr>
        </thead>
        <tbody>
          {segments.map((segment) => (
            <tr key={`${segment.from.checkpointId}-${segment.to.checkpointId}`}>
              <th scope="row">
                {segment.from.name} → {segment.to.name}
              </th>
              <td className="num">{formatDistance(segment.distance)}</td>
              <td>
                <Link to={`/riders/${segment.rider.registrationId}`}>{segment.rider.name}</Link> (#
                {segment.rider.bib})
              </td>
              <td className="num">{tenths(segment.seconds)}</td>
              <td className="num">{formatSpeed(segment.speed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
