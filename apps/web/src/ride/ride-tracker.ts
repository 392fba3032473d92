import { type PositionReading, Tracker, type TrackerState, type TrackerStatus } from '@echelon/tracker-core';
import { IdbFixStore } from './idb-fix-store.ts';
import { accessToken } from './oauth.ts';

const STATE = 'echelon-ride-state';

/** Sends one batch with the current access token; the core reads status, body and clock headers. */
async function send(fixes: readonly unknown[]) {
  const token = await accessToken();
  const response = await fetch('/api/v1/track/batch', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` },
    body: JSON.stringify({ fixes }),
  });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : undefined;
  return {
    status: response.status,
    body,
    retryAfter: response.headers.get('retry-after'),
    date: response.headers.get('date'),
  };
}

const toReading = (p: GeolocationPosition): PositionReading => ({
  time: p.timestamp,
  lat: p.coords.latitude,
  lon: p.coords.longitude,
  accuracy: p.coords.accuracy,
  speed: p.coords.speed,
  altitude: p.coords.altitude,
  heading: p.coords.heading,
});

/**
 * The browser host of the tracker core: IndexedDB queue, fetch transport, the Geolocation API at
 * high accuracy, a screen wake lock while tracking, and the network and battery as conditions.
 * The tracker's state is kept in localStorage, so a reload goes on tracking.
 */
export class RideTracker {
  readonly tracker: Tracker;
  private watch: number | null = null;
  private wakeLock: WakeLockSentinel | null = null;
  last: PositionReading | null = null;
  private readonly listeners = new Set<(status: TrackerStatus) => void>();

  constructor() {
    this.tracker = new Tracker({
      store: new IdbFixStore(),
      transport: send,
      clock: { now: () => Date.now() },
      timers: {
        setTimeout: (f, ms) => window.setTimeout(f, ms),
        clearTimeout: (h) => window.clearTimeout(h as number),
      },
      state: (localStorage.getItem(STATE) as TrackerState | null) ?? 'idle',
      conditions: { connection: navigator.onLine ? 'good' : 'offline' },
      // A refused token: renew it once with the refresh token, and go on from the same queue.
      onAuthFailure: async () => (await accessToken()) !== null,
      onStatus: (status) => {
        localStorage.setItem(STATE, status.state);
        for (const listener of this.listeners) listener(status);
      },
    });
    window.addEventListener('online', () => this.tracker.setConditions({ connection: 'good' }));
    window.addEventListener('offline', () => this.tracker.setConditions({ connection: 'offline' }));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.tracker.state === 'tracking') void this.lockScreen();
    });
    void this.watchBattery();
  }

  onStatus(listener: (status: TrackerStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends what an earlier page left queued, and picks tracking up again after a reload. */
  async open(): Promise<void> {
    await this.tracker.open();
    if (this.tracker.state === 'tracking') {
      this.tracker.setConditions({ racing: true });
      this.watchPosition();
    }
  }

  /**
   * A rider presses start on the line: from then on the position is racing data (fast sampling, sent
   * every few seconds), not the relaxed rate of a phone waiting in a pocket.
   */
  async start(): Promise<void> {
    if (this.tracker.state === 'stopped') localStorage.setItem(STATE, 'idle');
    this.tracker.setConditions({ racing: true });
    await this.tracker.start();
    this.watchPosition();
  }

  async stop(): Promise<void> {
    if (this.watch !== null) navigator.geolocation.clearWatch(this.watch);
    this.watch = null;
    await this.wakeLock?.release().catch(() => {});
    this.wakeLock = null;
    this.tracker.setConditions({ racing: false });
    await this.tracker.stop();
  }

  sos() {
    return this.tracker.sos();
  }

  private watchPosition(): void {
    if (this.watch !== null) return;
    void this.lockScreen();
    this.watch = navigator.geolocation.watchPosition(
      (position) => {
        this.last = toReading(position);
        void this.tracker.record(this.last);
      },
      () => {}, // no fix this time (tunnel, permission pending): the next one will come
      // The core's adaptive interval says how fresh a position must be.
      { enableHighAccuracy: true, maximumAge: Math.min(this.tracker.intervals().sampleMs, 10_000) },
    );
  }

  private async lockScreen(): Promise<void> {
    try {
      this.wakeLock = (await navigator.wakeLock?.request('screen')) ?? null;
    } catch {
      this.wakeLock = null; // refused (battery saver, hidden tab): tracking goes on with the screen off
    }
  }

  private async watchBattery(): Promise<void> {
    const getBattery = (navigator as Navigator & { getBattery?: () => Promise<BatteryLike> }).getBattery;
    if (!getBattery) return;
    const battery = await getBattery.call(navigator);
    const update = () =>
      this.tracker.setConditions({ batteryPct: Math.round(battery.level * 100), charging: battery.charging });
    update();
    battery.addEventListener('levelchange', update);
    battery.addEventListener('chargingchange', update);
  }
}

interface BatteryLike extends EventTarget {
  level: number;
  charging: boolean;
}
