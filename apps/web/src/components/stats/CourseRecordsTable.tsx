import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CourseRecordView } from '../../api/stats-types.ts';
import { formatDistance, formatDuration, formatSpeed } from '../../format/format.ts';
import { formatRaceDate } from '../race/race-format.ts';
import tables from '../race/tables.module.css';

/** The fastest ride on each course (courses grouped by name and length), across every race. */
export function CourseRecordsTable({ records }: { records: CourseRecordView[] }) {
  const { t } = useTranslation('stats');
  if (records.length === 0) return <p className="status-line">{t('records.none')}</p>;
  return (
    <div className={tables.scroll}>
      <table>
        <caption className="visually-hidden">{t('records.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('records.course')}</th>
            <th scope="col" className="num">
              {t('records.length')}
            </th>
            <th scope="col" className="num">
              {t('records.time')}
            </th>
            <th scope="col" className="num">
              {t('records.speed')}
            </th>
            <th scope="col">{t('records.rider')}</th>
            <th scope="col">{t('records.race')}</th>
            <th scope="col">{t('records.date')}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={`${record.course}-${record.length}`}>
              <th scope="row">{record.course}</th>
              <td className="num">{formatDistance(record.length)}</td>
              <td className="num">{formatDuration(record.time)}</td>
              <td className="num">{formatSpeed(record.speed)}</td>
              <td>
                <Link to={`/riders/${record.rider.registrationId}`}>{record.rider.name}</Link>
              </td>
              <td>
                <Link to={`/races/${record.raceId}`}>{record.raceName}</Link>
              </td>
              <td>{formatRaceDate(record.date) ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
