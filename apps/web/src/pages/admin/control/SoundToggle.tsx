import { useTranslation } from 'react-i18next';
import { setSoundOn, useSoundOn } from '../../../admin/sound-setting.ts';

/** Race control's one sound switch: the tracker alerts and the time-trial start beeps together. */
export function SoundToggle() {
  const { t } = useTranslation('admin');
  const on = useSoundOn();
  return (
    <button type="button" aria-pressed={!on} title={t('control.sound.help')} onClick={() => setSoundOn(!on)}>
      {on ? t('control.sound.mute') : t('control.sound.unmute')}
    </button>
  );
}
