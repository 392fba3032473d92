import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatGap } from '../../format/format.ts';
import type { FeedGroup } from '../../live/feed-state.ts';
import { groupColour } from '../../live/group-colours.ts';
import styles from './LivePage.module.css';

const COLLAPSED = 6;

/** The groups on the road ("Breakaway · 4 riders · +2:13"); a group pressed is highlighted on the map. */
export function GroupsPanel({
  groups,
  highlighted,
  onHighlight,
}: {
  groups: readonly FeedGroup[];
  highlighted: number | null;
  onHighlight: (group: number | null) => void;
}) {
  const { t } = useTranslation('live');
  const [all, setAll] = useState(false);
  // A strung-out field makes dozens of small groups: the front ones first, the rest on demand.
  const shown = all ? groups : groups.slice(0, COLLAPSED);
  return (
    <section aria-labelledby="live-groups" className={styles.panel}>
      <h2 id="live-groups">{t('groups.heading')}</h2>
      {groups.length === 0 ? (
        <p className={styles.muted}>{t('groups.none')}</p>
      ) : (
        <ol className={styles.groups}>
          {shown.map((group) => (
            <li key={group.index}>
              <button
                type="button"
                className={styles.group}
                aria-pressed={highlighted === group.index}
                title={t('groups.highlight', { name: group.name })}
                onClick={() => onHighlight(highlighted === group.index ? null : group.index)}
              >
                <span className={styles.groupSwatch} style={{ background: groupColour(group.index) }} />
                <span className={styles.groupName}>{group.name}</span>
                <span className={styles.muted}>{t('groups.size', { count: group.size })}</span>
                <span className={styles.groupGap}>
                  {group.index === 1 ? t('groups.leader') : formatGap(group.gap)}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
      <p className={styles.groupActions}>
        {groups.length > COLLAPSED && (
          <button type="button" className="link-button" aria-expanded={all} onClick={() => setAll(!all)}>
            {all ? t('groups.fewer') : t('groups.all', { count: groups.length })}
          </button>
        )}
        {highlighted !== null && (
          <button type="button" className="link-button" onClick={() => onHighlight(null)}>
            {t('groups.clear')}
          </button>
        )}
      </p>
    </section>
  );
}
