import { type KeyboardEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultsTab } from '../../api/results-types.ts';
import styles from './ResultsTabs.module.css';

export interface ResultsTabsProps {
  tabs: readonly ResultsTab[];
  selected: ResultsTab;
  onSelect: (tab: ResultsTab) => void;
  /** id of the tab panel the tabs control. */
  panelId: string;
}

export const tabId = (tab: ResultsTab) => `results-tab-${tab}`;

/** The stage result and the classifications as ARIA tabs: arrow keys move, Home/End jump. */
export function ResultsTabs({ tabs, selected, onSelect, panelId }: ResultsTabsProps) {
  const { t } = useTranslation('results');
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent, index: number) => {
    const last = tabs.length - 1;
    const target =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (target === null) return;
    event.preventDefault();
    onSelect(tabs[target]!);
    list.current?.querySelector<HTMLButtonElement>(`#${tabId(tabs[target]!)}`)?.focus();
  };
  return (
    <div role="tablist" aria-label={t('tabs.label')} className={styles.tabs} ref={list}>
      {tabs.map((tab, index) => (
        <button
          key={tab}
          id={tabId(tab)}
          type="button"
          role="tab"
          aria-selected={tab === selected}
          aria-controls={panelId}
          tabIndex={tab === selected ? 0 : -1}
          className={styles.tab}
          onClick={() => onSelect(tab)}
          onKeyDown={(event) => move(event, index)}
        >
          {t(`tabs.${tab}`)}
        </button>
      ))}
    </div>
  );
}
