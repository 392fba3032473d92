import type { LiveSnapshot, RideInfo } from '@echelon/contracts';
import type { TrackerStatus } from '@echelon/tracker-core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { installApp } from '../../ride/install.ts';
import { accessToken, completeSignIn, signIn, signOut, storedTokens } from '../../ride/oauth.ts';
import { RideTracker } from '../../ride/ride-tracker.ts';
import './ride.css';

/** How often the rider's standing is read from the live snapshot. */
const STANDING_MS = 5_000;
/** How often the rider's registration and stage of the day are read again. */
const INFO_MS = 30_000;

async function authorised<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${(await accessToken()) ?? ''}` } });
  if (!response.ok) throw new Error(String(response.status));
  return (await response.json()) as T;
}

/** The tracker app: sign in, then one big start/stop, the rider's standing, and SOS. */
export default function RidePage() {
  const { t } = useTranslation('ride');
  const location = useLocation();
  const navigate = useNavigate();
  const [signedIn, setSignedIn] = useState(storedTokens() !== null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => installApp(), []);
  useEffect(() => {
    if (location.pathname !== '/ride/callback') return;
    completeSignIn(location.search).then(
      () => {
        setSignedIn(true);
        void navigate('/ride', { replace: true });
      },
      (e: Error) => setError(t('signInFailed', { reason: e.message })),
    );
  }, [location.pathname, location.search, navigate, t]);

  if (location.pathname === '/ride/callback' && !error) return <p>{t('signingIn')}</p>;
  if (!signedIn) {
    return (
      <main className="ride">
        <h1>{t('title')}</h1>
        {error && <p role="alert">{error}</p>}
        <button type="button" className="ride-big" onClick={() => void signIn()}>
          {t('signIn')}
        </button>
      </main>
    );
  }
  const leave = () => {
    signOut();
    setSignedIn(false);
  };
  return <Tracking onSignOut={leave} />;
}

function Tracking({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation('ride');
  const { t: tc } = useTranslation('common');
  const ride = useMemo(() => new RideTracker(), []);
  const [status, setStatus] = useState<TrackerStatus>(ride.tracker.status());
  const [info, setInfo] = useState<RideInfo | null>(null);
  const [live, setLive] = useState<LiveSnapshot | null>(null);
  /** The server's count of received SOS when the rider pressed it: the alarm is through once it grows. */
  const [sosPressedAt, setSosPressedAt] = useState<number | null>(null);

  useEffect(() => {
    const off = ride.onStatus(setStatus);
    void ride.open();
    // Asked again now and then: the stage of the day moves on when race control finishes one.
    const readInfo = () => authorised<RideInfo>('/api/v1/ride').then(setInfo, () => {});
    void readInfo();
    const timer = window.setInterval(readInfo, INFO_MS);
    return () => {
      off();
      window.clearInterval(timer);
    };
  }, [ride]);

  useEffect(() => {
    const stageId = info?.stage?.id;
    if (!stageId) return;
    const read = () =>
      fetch(`/api/v1/stages/${stageId}/live`)
        .then((r) => (r.ok ? (r.json() as Promise<LiveSnapshot>) : null))
        .then(setLive, () => {});
    void read();
    const timer = window.setInterval(read, STANDING_MS);
    return () => window.clearInterval(timer);
  }, [info?.stage?.id]);

  const me = live?.riders.find((r) => r.id === info?.registrationId) ?? null;
  const tracking = status.state === 'tracking';
  const position = ride.last;

  return (
    <main className="ride">
      <header>
        <h1>{info ? `#${info.bib} ${info.name}` : t('title')}</h1>
        {info && <p>{info.raceName}</p>}
        {info?.stage && (
          <p data-testid="ride-stage">
            {t('stage', {
              number: info.stage.number,
              name: info.stage.name,
              status: tc(`stageStatus.${info.stage.status}`),
            })}
          </p>
        )}
        <button type="button" onClick={onSignOut} disabled={tracking}>
          {t('signOut')}
        </button>
      </header>
      <p data-testid="ride-state">{t(`state.${status.state}`)}</p>
      <button
        type="button"
        className="ride-big"
        data-testid="ride-toggle"
        data-tracking={tracking}
        onClick={() => void (tracking ? ride.stop() : ride.start())}
      >
        {tracking ? t('stop') : t('start')}
      </button>
      {status.sender.state === 'offline' && (
        <p className="ride-notice" role="status">
          {t('offline')}
        </p>
      )}
      {status.sender.queued > 0 && (
        <p data-testid="ride-queued">{t('queued', { count: status.sender.queued })}</p>
      )}
      <dl>
        <div>
          <dt>{t('rank')}</dt>
          <dd data-testid="ride-rank">{me ? me.rank : '–'}</dd>
        </div>
        <div>
          <dt>{t('gap')}</dt>
          <dd>{me?.gap != null ? `+${Math.round(me.gap)} s` : '–'}</dd>
        </div>
        <div>
          <dt>{t('toGo')}</dt>
          <dd>{me ? `${(me.togo / 1000).toFixed(1)} km` : '–'}</dd>
        </div>
        <div>
          <dt>{t('position')}</dt>
          <dd style={{ fontSize: '1rem' }}>
            {position ? `${position.lat.toFixed(5)}, ${position.lon.toFixed(5)}` : t('noFix')}
          </dd>
        </div>
      </dl>
      <button
        type="button"
        className="ride-sos"
        onClick={() => {
          if (!window.confirm(t('sosConfirm'))) return;
          const received = status.sender.sosReceived;
          void ride.sos().then((queued) => setSosPressedAt(queued === null ? null : received));
        }}
      >
        {t('sos')}
      </button>
      {sosPressedAt !== null && (
        <p role="status">{t(status.sender.sosReceived > sosPressedAt ? 'sosSent' : 'sosQueued')}</p>
      )}
    </main>
  );
}
