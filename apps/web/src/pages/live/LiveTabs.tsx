import { type KeyboardEvent, type ReactNode, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './LivePage.module.css';

export type TabId = 'leaderboard' | 'groups' | 'profile' | 'splits';
export const TABS: readonly TabId[] = ['leaderboard', 'groups', 'profile', 'splits'];

/** The panels under the map on narrow screens, as ARIA tabs (arrow keys move between them). */
export function LiveTabs({
  active,
  onChange,
  children,
}: {
  active: TabId;
  onChange: (tab: TabId) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('live');
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.indexOf(active);
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: TABS.length - 1 - index }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = (index + step + TABS.length) % TABS.length;
    onChange(TABS[next]!);
    buttons.current[next]?.focus();
  };
  return (
    <div className={styles.tabs}>
      <div role="tablist" aria-label={t('tabs.label')} className={styles.tabList} onKeyDown={onKeyDown}>
        {TABS.map((tab, index) => (
          <button
            key={tab}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`live-tab-${tab}`}
            aria-selected={active === tab}
            aria-controls={`live-panel-${tab}`}
            tabIndex={active === tab ? 0 : -1}
            className={styles.tab}
            onClick={() => onChange(tab)}
          >
            {t(`tabs.${tab}`)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`live-panel-${active}`}
        aria-labelledby={`live-tab-${active}`}
        className={styles.tabPanel}
      >
        {children}
      </div>
    </div>
  );
}
