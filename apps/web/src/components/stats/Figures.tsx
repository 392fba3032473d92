import styles from './Stats.module.css';

export interface Figure {
  label: string;
  value: string;
  detail?: string;
}

/** A few headline numbers, large, as a description list. */
export function Figures({ figures, label }: { figures: Figure[]; label: string }) {
  return (
    <dl className={styles.figures} aria-label={label}>
      {figures.map((figure) => (
        <div key={figure.label} className={styles.figure}>
          <dt>{figure.label}</dt>
          <dd>
            <span className={styles.value}>{figure.value}</span>
            {figure.detail && <span className={styles.detail}>{figure.detail}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
