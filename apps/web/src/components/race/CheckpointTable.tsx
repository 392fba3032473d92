import { useTranslation } from 'react-i18next';
import type { CheckpointView } from '../../api/types.ts';
import { formatKm } from './race-format.ts';
import tables from './tables.module.css';

/** The stage's checkpoints in course order: name, kind, km from the start, climb category. */
export function CheckpointTable({
  checkpoints,
  caption,
}: {
  checkpoints: CheckpointView[];
  caption: string;
}) {
  const { t } = useTranslation('race');
  if (checkpoints.length === 0) return <p className="status-line">{t('checkpoints.none')}</p>;
  const ordered = [...checkpoints].sort((a, b) => a.distance - b.distance);
  return (
    <div className={tables.scroll}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('checkpoints.name')}</th>
            <th scope="col">{t('checkpoints.kind')}</th>
            <th scope="col" className="num">
              {t('checkpoints.km')}
            </th>
            <th scope="col">{t('checkpoints.category')}</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((checkpoint) => (
            <tr key={checkpoint.id}>
              <th scope="row">{checkpoint.name}</th>
              <td>{t(`checkpointKind.${checkpoint.kind}`)}</td>
              <td className="num">{formatKm(checkpoint.distance)}</td>
              <td>
                {checkpoint.climbCategory
                  ? t('checkpoints.categoryValue', { category: checkpoint.climbCategory })
                  : '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
