/**
 * A short alert tone through WebAudio: no sound file to load, and it works offline in the car.
 *
 * Browsers create an AudioContext suspended until the page has had a click or a key press (their
 * autoplay rules), and a suspended context plays nothing. So each beep asks the context to resume, and
 * `unlockAudioOnGesture` resumes it from inside the page's first click or key press, where browsers
 * allow it: the alerts that come later (signal lost, SOS) then sound while nobody touches the screen.
 */
let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  const Ctor = globalThis.AudioContext;
  if (!Ctor) return null;
  context ??= new Ctor();
  return context;
}

/** Asks a suspended context to run; a refusal (no gesture yet) is no error: a later try may succeed. */
async function resumed(audio: AudioContext): Promise<boolean> {
  if (audio.state === 'suspended') await audio.resume().catch(() => {});
  return audio.state === 'running';
}

function tone(audio: AudioContext, frequency: number, durationMs: number): void {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = frequency;
  gain.gain.value = 0.15;
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start();
  oscillator.stop(audio.currentTime + durationMs / 1000);
}

export function beep(frequency = 880, durationMs = 180): void {
  const audio = audioContext();
  if (!audio) return;
  if (audio.state === 'running') {
    tone(audio, frequency, durationMs);
    return;
  }
  // Played once the context runs, not queued on a suspended one: a stale alert must not sound later,
  // all at once, when someone finally clicks.
  void resumed(audio).then((running) => {
    if (running) tone(audio, frequency, durationMs);
  });
}

/** Not every key or pointer event counts as a gesture (Escape does not): listen until one has. */
const GESTURES = ['pointerdown', 'pointerup', 'keydown', 'touchend'] as const;

/**
 * Resumes the audio from inside the first click, tap or key press on `target` (the only place browsers
 * let a page start its sound), so alerts sound afterwards without one. Returns what stops listening.
 */
export function unlockAudioOnGesture(target: EventTarget = document): () => void {
  const stop = () => {
    for (const type of GESTURES) target.removeEventListener(type, unlock, true);
  };
  const unlock = () => {
    const audio = audioContext();
    if (!audio) return stop();
    void resumed(audio).then((running) => {
      if (running) stop();
    });
  };
  for (const type of GESTURES) target.addEventListener(type, unlock, { capture: true, passive: true });
  return stop;
}
