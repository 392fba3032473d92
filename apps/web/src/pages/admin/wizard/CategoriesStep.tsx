import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api/client.ts';
import type { CategoryView, StageListItem } from '../../../api/races-types.ts';
import { useApi } from '../../../api/use-api.ts';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';
import { WavesEditor } from './WavesEditor.tsx';

/** The race's categories, and each stage's start waves (for mass-participation starts). */
export function CategoriesStep({
  raceId,
  stages,
  onStagesChanged,
}: {
  raceId: string;
  stages: readonly StageListItem[];
  onStagesChanged: () => void;
}) {
  const { t } = useTranslation('admin');
  const categories = useApi<{ items: CategoryView[] }>(`/api/v1/races/${raceId}/categories`);
  const action = useAction();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await action.run(() => apiSend('POST', `/api/v1/races/${raceId}/categories`, { code, name }))) {
      setCode('');
      setName('');
      categories.reload();
    }
  };
  return (
    <div>
      <h2>{t('wizard.categories.heading')}</h2>
      <ul>
        {(categories.data?.items ?? []).map((c) => (
          <li key={c.code}>
            {c.code} — {c.name}
          </li>
        ))}
      </ul>
      <form className={styles.form} onSubmit={submit}>
        <Field label={t('wizard.categories.code')} name="code" error={action.error}>
          <input required value={code} onChange={(e) => setCode(e.target.value)} />
        </Field>
        <Field label={t('wizard.categories.name')} name="name" error={action.error}>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <button type="submit" disabled={action.busy}>
          {t('wizard.categories.add')}
        </button>
        <FormMessage error={action.message} />
      </form>
      <section aria-labelledby="waves-heading">
        <h3 id="waves-heading">{t('wizard.waves.heading')}</h3>
        <p>{t('wizard.waves.help')}</p>
        {stages.length === 0 && <p>{t('wizard.course.noStage')}</p>}
        {stages.map((s) => (
          <WavesEditor
            key={s.id}
            stage={s}
            categories={categories.data?.items ?? []}
            onSaved={onStagesChanged}
          />
        ))}
      </section>
    </div>
  );
}
