import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * A stand-in for WebAudio's AudioContext as browsers make it before the page's first gesture:
 * suspended, and `resume()` refused (left suspended) until `gesture` is true.
 */
class FakeAudioContext {
  static made: FakeAudioContext[] = [];
  static gesture = false;
  state: AudioContextState = 'suspended';
  currentTime = 0;
  destination = {};
  resumes = 0;
  /** Tones started, each with the context's state when it was started. */
  tones: Array<{ frequency: number; state: AudioContextState }> = [];

  constructor() {
    FakeAudioContext.made.push(this);
  }
  resume(): Promise<void> {
    this.resumes++;
    if (!FakeAudioContext.gesture) return Promise.reject(new DOMException('no gesture', 'NotAllowedError'));
    this.state = 'running';
    return Promise.resolve();
  }
  createOscillator() {
    const node = {
      frequency: { value: 0 },
      connect: (next: unknown) => next,
      start: () => this.tones.push({ frequency: node.frequency.value, state: this.state }),
      stop: () => {},
    };
    return node;
  }
  createGain() {
    return { gain: { value: 0 }, connect: (next: unknown) => next };
  }
}

/** A fresh beep module: it keeps its AudioContext across calls, as the page does. */
const load = () => import('../../src/admin/beep.ts');
const context = () => FakeAudioContext.made[0]!;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  vi.resetModules();
  FakeAudioContext.made = [];
  FakeAudioContext.gesture = false;
  vi.stubGlobal('AudioContext', FakeAudioContext);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('alert beeps and the browser’s suspended audio', () => {
  it('resumes a suspended context to beep, and sounds once it runs', async () => {
    const { beep } = await load();
    FakeAudioContext.gesture = true; // the page has had its click already
    beep(1320);
    await settle();
    expect(context().resumes).toBe(1);
    expect(context().tones).toEqual([{ frequency: 1320, state: 'running' }]);
  });

  it('plays nothing while the browser refuses, and no stale beep once it allows', async () => {
    const { beep } = await load();
    beep(880);
    await settle();
    expect(context().resumes).toBe(1);
    expect(context().tones).toEqual([]);
    FakeAudioContext.gesture = true;
    beep(1046);
    await settle();
    expect(context().tones).toEqual([{ frequency: 1046, state: 'running' }]);
  });

  it('unlocks the audio on the first click, so a later alert sounds without one', async () => {
    const { beep, unlockAudioOnGesture } = await load();
    const page = new EventTarget();
    const stop = unlockAudioOnGesture(page);
    // A key the browser does not count as a gesture (Escape): resuming is refused; it keeps listening.
    page.dispatchEvent(new Event('keydown'));
    await settle();
    expect(context().state).toBe('suspended');
    FakeAudioContext.gesture = true;
    page.dispatchEvent(new Event('pointerdown'));
    await settle();
    expect(context().state).toBe('running');
    expect(context().resumes).toBe(2);
    // Unlocked: no more listening, and the alert that comes later sounds at once.
    page.dispatchEvent(new Event('pointerdown'));
    await settle();
    expect(context().resumes).toBe(2);
    beep(880);
    expect(context().tones).toEqual([{ frequency: 880, state: 'running' }]);
    stop();
  });

  it('does nothing where WebAudio is missing', async () => {
    vi.stubGlobal('AudioContext', undefined);
    const { beep, unlockAudioOnGesture } = await load();
    const page = new EventTarget();
    unlockAudioOnGesture(page);
    page.dispatchEvent(new Event('pointerdown'));
    expect(() => beep()).not.toThrow();
    expect(FakeAudioContext.made).toEqual([]);
  });
});
