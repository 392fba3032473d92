import type { TrackerSetup } from '@echelon/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { apiGet } from '../../api/client.ts';
import { owntracksLink, traccarLink } from '../../ride/tracker-config.ts';

function Qr({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    // The QR library loads only on this page.
    void import('qrcode').then((qr) => qr.toDataURL(text, { margin: 1, width: 240 })).then(setSrc);
  }, [text]);
  return src ? <img src={src} alt={label} width={240} height={240} /> : null;
}

/** For the rider or the organiser: QR codes that configure Traccar Client and OwnTracks. */
export default function RideSetupPage() {
  const { t } = useTranslation('ride');
  const { registrationId } = useParams();
  const [setup, setSetup] = useState<TrackerSetup | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    apiGet<TrackerSetup>(`/api/v1/registrations/${registrationId}/tracker-setup`).then(setSetup, (e: Error) =>
      setError(e.message),
    );
  }, [registrationId]);
  if (error) return <p role="alert">{error}</p>;
  if (!setup) return null;
  return (
    <main className="ride">
      <h1>{t('setup.title')}</h1>
      <p>
        #{setup.bib} {setup.name} · {setup.raceName}
      </p>
      {!setup.deviceId && <p role="alert">{t('setup.noDeviceId')}</p>}
      <section>
        <h2>{t('setup.traccar')}</h2>
        <p>{t('setup.traccarHelp')}</p>
        <Qr text={traccarLink(setup)} label={t('setup.traccar')} />
        <dl>
          <dt>{t('setup.serverUrl')}</dt>
          <dd>{setup.osmandUrl}</dd>
          <dt>{t('setup.deviceId')}</dt>
          <dd>{setup.deviceId ?? '–'}</dd>
        </dl>
      </section>
      <section>
        <h2>{t('setup.owntracks')}</h2>
        <p>{t('setup.owntracksHelp')}</p>
        <Qr text={owntracksLink(setup)} label={t('setup.owntracks')} />
      </section>
    </main>
  );
}
