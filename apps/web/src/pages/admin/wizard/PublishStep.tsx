import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiSend } from '../../../api/client.ts';
import type { RaceView } from '../../../api/races-types.ts';
import { FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';

export function PublishStep({
  race,
  stageCount,
  onChanged,
}: {
  race: RaceView;
  stageCount: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation('admin');
  const action = useAction();
  const publish = async () => {
    if (await action.run(() => apiSend('POST', `/api/v1/races/${race.id}/status`, { status: 'published' })))
      onChanged();
  };
  return (
    <div>
      <h2>{t('wizard.publish.heading')}</h2>
      <ul aria-label={t('wizard.publish.checklist')}>
        <li>{t('wizard.publish.stages', { count: stageCount })}</li>
      </ul>
      {race.status === 'draft' ? (
        <button type="button" onClick={() => void publish()} disabled={action.busy}>
          {t('wizard.publish.publish')}
        </button>
      ) : (
        <p>{t('wizard.publish.published', { status: race.status })}</p>
      )}
      <FormMessage error={action.message} />
      <p>
        <Link to={`/races/${race.id}`}>{t('wizard.publish.view')}</Link>
      </p>
    </div>
  );
}
