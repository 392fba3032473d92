import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beep } from '../../../admin/beep.ts';
import { clockOffsetText } from '../../../admin/server-clock.ts';
import { useSoundOn } from '../../../admin/sound-setting.ts';
import {
  beepDue,
  countdownText,
  inFinalCount,
  nextTickDelay,
  type RampCount,
  type StartEntry,
  startBoard,
} from '../../../admin/start-countdown.ts';
import { apiSend } from '../../../api/client.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorNotice, Loading } from '../../../components/Status.tsx';
import styles from '../admin.module.css';
import { Field, FormMessage } from '../Field.tsx';
import { useAction } from '../use-action.ts';
import { useServerClock } from './use-server-clock.ts';

/** The ramp's beep: short, a little higher than the tracker monitor's alert so the two are not confused. */
const BEEP_HZ = 1046;
const BEEP_MS = 120;

/** A local date-time input's value for an instant (the browser's time zone). */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/**
 * A time trial's start: the start list, a reverse-GC draw, and once the stage is live the ramp's
 * countdown (big in the last ten seconds, a beep at ten and at each of the last five), the next riders
 * and the riders already off. The countdown runs on the server's clock, not this computer's; the beeps
 * follow race control's sound switch.
 */
export function TimeTrialStart({
  stageId,
  scheduledStart,
  live,
}: {
  stageId: string;
  scheduledStart: string | null;
  live: boolean;
}) {
  const { t } = useTranslation('admin');
  const list = useApi<{ items: StartEntry[] }>(`/api/v1/stages/${stageId}/start-times`);
  const action = useAction();
  const [form, setForm] = useState(() => ({
    firstStart: localInput(scheduledStart ? Date.parse(scheduledStart) : Date.now() + 3_600_000),
    interval: '60',
    lastRiders: '10',
    lastInterval: '120',
  }));
  const clock = useServerClock(live);
  const sound = useSoundOn();
  // Each tick re-renders with the server's time; the next one is timed to the count's next change.
  const [tick, setTick] = useState(0);
  const now = clock.now();
  const board = list.data ? startBoard(list.data.items, now, 5) : null;
  const ramp = board?.ramp[0];
  const rampAt = live && ramp ? ramp.at : null;
  const rampCount = live && ramp ? ramp.secondsToGo : null;
  const delay = nextTickDelay(rampAt, now);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each tick schedules the next one
  useEffect(() => {
    if (!live) return;
    const timer = window.setTimeout(() => setTick((n) => n + 1), delay);
    return () => window.clearTimeout(timer);
  }, [live, tick, delay]);
  const lastCount = useRef<RampCount | null>(null);
  useEffect(() => {
    const current = rampAt === null || rampCount === null ? null : { at: rampAt, secondsToGo: rampCount };
    if (sound && beepDue(lastCount.current, current)) beep(BEEP_HZ, BEEP_MS);
    lastCount.current = current;
  }, [rampAt, rampCount, sound]);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const generate = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run(
      () =>
        apiSend('POST', `/api/v1/stages/${stageId}/start-times/generate`, {
          firstStart: new Date(form.firstStart).toISOString(),
          interval: Number(form.interval),
          lastRiders: Number(form.lastRiders),
          lastInterval: Number(form.lastInterval),
        }),
      t('control.timeTrial.generated'),
    );
    if (done) list.reload();
  };
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data || !board) return <Loading />;
  const items = list.data.items;
  const startedIds = new Set(board.started.map((r) => r.registrationId));
  const time = (iso: string) => new Date(iso).toLocaleTimeString();
  return (
    <section aria-labelledby="tt-heading">
      <h2 id="tt-heading">{t('control.timeTrial.heading')}</h2>
      {live && items.length > 0 && (
        <div className={styles.ramp} data-testid="start-ramp">
          {ramp ? (
            <>
              <p>
                {t('control.timeTrial.onRamp', {
                  riders: board.ramp.map((r) => `#${r.bib} ${r.rider}`).join(', '),
                })}
              </p>
              <p
                role="timer"
                aria-label={t('control.timeTrial.secondsToGo', { count: ramp.secondsToGo })}
                className={inFinalCount(ramp.secondsToGo) ? styles.countBig : styles.count}
              >
                {countdownText(ramp.secondsToGo)}
              </p>
            </>
          ) : (
            <p role="status">{t('control.timeTrial.allStarted')}</p>
          )}
          <h3>{t('control.timeTrial.next')}</h3>
          {board.upcoming.length === 0 ? (
            <p>{t('common.none')}</p>
          ) : (
            <ol>
              {board.upcoming.map((r) => (
                <li key={r.registrationId}>
                  {t('control.timeTrial.nextRider', {
                    bib: r.bib,
                    rider: r.rider,
                    time: time(r.start),
                    clock: countdownText(r.secondsToGo),
                  })}
                </li>
              ))}
            </ol>
          )}
          <p role="status">
            {t('control.timeTrial.startedCount', { started: board.started.length, total: items.length })}
          </p>
          <p>
            <small data-testid="server-clock" title={t('control.timeTrial.clockHelp')}>
              {clock.estimate
                ? t('control.timeTrial.clock', clockOffsetText(clock.estimate))
                : t('control.timeTrial.clockUnknown')}
            </small>
          </p>
        </div>
      )}
      <form className={styles.form} onSubmit={generate} aria-labelledby="tt-generate">
        <h3 id="tt-generate">{t('control.timeTrial.generateHeading')}</h3>
        <div className={styles.row}>
          <Field label={t('control.timeTrial.firstStart')} name="firstStart" error={action.error}>
            <input type="datetime-local" required value={form.firstStart} onChange={set('firstStart')} />
          </Field>
          <Field label={t('control.timeTrial.interval')} name="interval" error={action.error}>
            <input
              type="number"
              min={1}
              max={3600}
              required
              value={form.interval}
              onChange={set('interval')}
            />
          </Field>
          <Field label={t('control.timeTrial.lastRiders')} name="lastRiders" error={action.error}>
            <input
              type="number"
              min={0}
              max={1000}
              required
              value={form.lastRiders}
              onChange={set('lastRiders')}
            />
          </Field>
          <Field label={t('control.timeTrial.lastInterval')} name="lastInterval" error={action.error}>
            <input
              type="number"
              min={1}
              max={3600}
              required
              value={form.lastInterval}
              onChange={set('lastInterval')}
            />
          </Field>
        </div>
        <button type="submit" disabled={action.busy}>
          {t('control.timeTrial.generate')}
        </button>
        <FormMessage error={action.message} success={action.success} />
      </form>
      {items.length === 0 ? (
        <p>{t('control.timeTrial.empty')}</p>
      ) : (
        <div className={styles.tableWrap}>
          <table data-testid="start-list">
            <caption>{t('control.timeTrial.list', { count: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('control.timeTrial.order')}</th>
                <th scope="col">{t('common.bib')}</th>
                <th scope="col">{t('common.rider')}</th>
                <th scope="col">{t('wizard.startList.team')}</th>
                <th scope="col">{t('control.timeTrial.start')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.registrationId}>
                  <td className="num">{r.order}</td>
                  <td className="num">{r.bib}</td>
                  <td>{r.rider}</td>
                  <td>{r.team ?? ''}</td>
                  <td>
                    <time dateTime={r.start}>{time(r.start)}</time>
                  </td>
                  <td>
                    {live && startedIds.has(r.registrationId)
                      ? `✓ ${t('control.timeTrial.started')}`
                      : t('control.timeTrial.waiting')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
