import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDistance, formatDuration, formatGap } from '../../format/format.ts';
import type { FeedState } from '../../live/feed-state.ts';
import { checkpointSplits } from '../../live/splits.ts';
import styles from './LivePage.module.css';

/** Times at every checkpoint: riders through, the first, and the followed or selected riders' gaps. */
export function SplitsPanel({
  state,
  version,
  focusIds,
}: {
  state: FeedState | null;
  version: number;
  focusIds: readonly string[];
}) {
  const { t } = useTranslation('live');
  // biome-ignore lint/correctness/useExhaustiveDependencies: version says the (mutated) state changed
  const splits = useMemo(
    () => (state ? checkpointSplits(state.checkpoints, state.riders, state.startedAt, focusIds) : []),
    [state, version, focusIds],
  );
  const total = state ? state.riders.filter(Boolean).length : 0;
  const focus = splits[0]?.focus ?? [];
  return (
    <section aria-labelledby="live-splits" className={styles.panel}>
      <h2 id="live-splits">{t('splits.heading')}</h2>
      {splits.length === 0 ? (
        <p className={styles.muted}>{t('splits.none')}</p>
      ) : (
        <div className={styles.tableScroll}>
          <table className={styles.splits}>
            <thead>
              <tr>
                <th scope="col">{t('splits.checkpoint')}</th>
                <th scope="col" className="num">
                  {t('splits.through')}
                </th>
                <th scope="col">{t('splits.first')}</th>
                {focus.map((rider) => (
                  <th scope="col" key={rider.riderId} className="num">
                    #{rider.bib} {rider.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {splits.map((split) => (
                <tr key={split.checkpoint.id}>
                  <th scope="row">
                    {split.checkpoint.name}{' '}
                    <span className={styles.muted}>{formatDistance(split.checkpoint.d)}</span>
                  </th>
                  <td className="num">
                    {split.through}/{total}
                  </td>
                  <td>
                    {split.first ? (
                      <>
                        #{split.first.bib} {split.first.name}{' '}
                        <span className={styles.muted}>{formatDuration(split.first.elapsed)}</span>
                      </>
                    ) : (
                      <span className={styles.muted}>{t('splits.notYet')}</span>
                    )}
                  </td>
                  {split.focus.map((rider) => (
                    <td key={rider.riderId} className="num">
                      {rider.at === null ? (
                        <span className={styles.muted}>{t('splits.notYet')}</span>
                      ) : (
                        <>
                          {formatDuration(rider.elapsed)} <strong>{formatGap(rider.gap)}</strong>
                        </>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {focus.length === 0 && splits.length > 0 && <p className={styles.muted}>{t('splits.hint')}</p>}
    </section>
  );
}
