import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beep } from '../../../admin/beep.ts';
import { isAlert, latestSos, type MonitorRow, monitorRows, newAlerts } from '../../../admin/monitor.ts';
import { useSoundOn } from '../../../admin/sound-setting.ts';
import type { SosAlertsView } from '../../../api/types.ts';
import { useApi } from '../../../api/use-api.ts';
import type { LiveFeed } from '../../../live/use-live-feed.ts';
import styles from '../admin.module.css';

/** Race control asks for SOS alerts this often (they are not in the public live feed). */
const SOS_REFRESH_MS = 3000;

/**
 * Every rider's tracker at a glance (last fix age, battery, accuracy, condition) with alerts for
 * signal lost, stopped, off course and SOS, which beep once when they start unless race control's
 * sound is off.
 */
export function TrackerMonitor({ feed, raceId }: { feed: LiveFeed; raceId: string }) {
  const { t } = useTranslation('admin');
  const sound = useSoundOn();
  const [onlyAlerts, setOnlyAlerts] = useState(false);
  const [alerts, setAlerts] = useState<MonitorRow[]>([]);
  const previous = useRef(new Map<string, MonitorRow['condition']>());
  const sos = useApi<SosAlertsView>(`/api/v1/races/${raceId}/sos`, SOS_REFRESH_MS);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version moves when the mutated feed state changes
  const rows = useMemo(
    () =>
      monitorRows(feed.state?.riders ?? [], feed.state?.at ?? Date.now(), latestSos(sos.data?.items ?? [])),
    [feed.version, sos.data],
  );

  useEffect(() => {
    const fresh = newAlerts(previous.current, rows);
    previous.current = new Map(rows.map((r) => [r.id, r.condition]));
    if (fresh.length === 0) return;
    setAlerts((list) => [...fresh, ...list.filter((a) => !fresh.some((f) => f.id === a.id))].slice(0, 50));
    if (sound) beep(fresh.some((f) => f.condition === 'sos') ? 1320 : 880);
  }, [rows, sound]);

  const seen = rows.filter((r) => r.age !== null).length;
  const shown = onlyAlerts ? rows.filter((r) => isAlert(r.condition)) : rows;
  const condition = (c: MonitorRow['condition']) => t(`control.monitor.conditions.${c}`);
  return (
    <section aria-labelledby="monitor-heading">
      <h2 id="monitor-heading">{t('control.monitor.heading')}</h2>
      <p role="status">
        {t('control.monitor.summary', { seen, total: rows.length })} ·{' '}
        {t('control.monitor.connection', { state: feed.connection })}
      </p>
      <div className={styles.row}>
        <label>
          {t('control.monitor.filter')}{' '}
          <select
            value={onlyAlerts ? 'alerts' : 'all'}
            onChange={(e) => setOnlyAlerts(e.target.value === 'alerts')}
          >
            <option value="all">{t('control.monitor.filterAll')}</option>
            <option value="alerts">{t('control.monitor.filterAlerts')}</option>
          </select>
        </label>
      </div>
      <h3>{t('control.alerts.heading')}</h3>
      <ul aria-live="assertive" data-testid="alerts">
        {alerts.length === 0 && <li>{t('control.alerts.none')}</li>}
        {alerts.map((a) => (
          <li key={a.id}>
            {t('control.alerts.item', { bib: a.bib, name: a.name, condition: condition(a.condition) })}{' '}
            <button type="button" onClick={() => setAlerts((list) => list.filter((x) => x.id !== a.id))}>
              {t('control.alerts.dismiss')}
            </button>
          </li>
        ))}
      </ul>
      <div className={styles.tableWrap}>
        <table data-testid="tracker-monitor">
          <caption className="visually-hidden">{t('control.monitor.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.bib')}</th>
              <th scope="col">{t('common.rider')}</th>
              <th scope="col">{t('control.monitor.condition')}</th>
              <th scope="col">{t('control.monitor.lastFix')}</th>
              <th scope="col">{t('control.monitor.battery')}</th>
              <th scope="col">{t('control.monitor.accuracy')}</th>
              <th scope="col">{t('control.monitor.distance')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} className={isAlert(r.condition) ? styles.alert : undefined}>
                <td className="num">{r.bib}</td>
                <td>{r.name}</td>
                <td>{condition(r.condition)}</td>
                <td>
                  {r.age === null ? t('control.monitor.never') : t('control.monitor.age', { seconds: r.age })}
                </td>
                <td className="num">{r.battery === null ? '—' : `${Math.round(r.battery)} %`}</td>
                <td className="num">{r.accuracy === null ? '—' : `${Math.round(r.accuracy)} m`}</td>
                <td className="num">{(r.distance / 1000).toFixed(1)} km</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
