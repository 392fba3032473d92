// Feeds a live race in real time: every rider sends one fix a second (POST /api/v1/track/batch, as a
// phone app does), the riders spread evenly over the second, stamped with the wall clock.
import type { App } from '../../apps/server/src/app.ts';
import type { Peloton } from './peloton.ts';
import type { BenchRace } from './race.ts';

const SLOTS = 10;

export class LiveDriver {
  sent = 0;
  failed = 0;
  lastError = '';
  private readonly app: App;
  private readonly race: BenchRace;
  private readonly peloton: Peloton;
  private readonly startAt: number;
  private timer: NodeJS.Timeout | null = null;
  private slot = 0;
  private pending = new Set<Promise<void>>();

  constructor(app: App, race: BenchRace, peloton: Peloton, startAt: number) {
    this.app = app;
    this.race = race;
    this.peloton = peloton;
    this.startAt = startAt;
  }

  start(): void {
    this.timer = setInterval(() => this.send(), 1000 / SLOTS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.pending);
  }

  /** One slot: the riders whose turn it is in this tenth of a second. */
  private send(): void {
    const slot = this.slot++ % SLOTS;
    const now = Date.now();
    for (let i = slot; i < this.race.riders.length; i += SLOTS) {
      const f = this.peloton.fix(i, (now - this.startAt) / 1000);
      const body = JSON.stringify({
        fixes: [
          { time: now, lat: f.lat, lon: f.lon, accuracy: 5, speed: this.peloton.speeds[i], battery: 80 },
        ],
      });
      const done = this.app.http
        .inject({
          method: 'POST',
          url: '/api/v1/track/batch',
          headers: {
            authorization: `Bearer ${this.race.riders[i]!.token}`,
            'content-type': 'application/json',
          },
          payload: body,
        })
        .then(
          (response) => {
            this.sent++;
            if (response.statusCode !== 200 || response.json().accepted !== 1) {
              this.failed++;
              this.lastError = `${response.statusCode} ${response.body.slice(0, 200)}`;
            }
          },
          (error: unknown) => {
            this.failed++;
            this.lastError = String(error);
          },
        )
        .finally(() => this.pending.delete(done));
      this.pending.add(done);
    }
  }
}
