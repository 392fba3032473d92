import type { TrackerSetup } from '@echelon/contracts';
import { describe, expect, it } from 'vitest';
import { owntracksLink, traccarLink } from '../../src/ride/tracker-config.ts';

const setup: TrackerSetup = {
  registrationId: '00000000-0000-4000-8000-000000000001',
  bib: 123,
  name: 'Anna Rider',
  raceName: 'Club GP',
  deviceId: 'trk 42/a',
  osmandUrl: 'https://race.example.org/osmand',
  owntracksUrl: 'https://race.example.org/owntracks',
};

/** What Traccar Client does with a scanned QR code (its qr_code_screen.dart): server = origin + path. */
function asTraccarClientReadsIt(link: string) {
  const uri = new URL(link);
  return { url: `${uri.origin}${uri.pathname}`, settings: Object.fromEntries(uri.searchParams) };
}

describe('tracker app configuration links', () => {
  it('gives Traccar Client our OsmAnd endpoint, the device id and race-rate settings', () => {
    const { url, settings } = asTraccarClientReadsIt(traccarLink(setup));
    expect(url).toBe('https://race.example.org/osmand');
    expect(settings).toEqual({
      id: 'trk 42/a',
      accuracy: 'highest',
      interval: '5',
      distance: '0',
      buffer: 'true',
      stop_detection: 'false',
    });
  });

  it('configures OwnTracks for HTTP to our endpoint with frequent GPS reports', () => {
    const link = owntracksLink(setup);
    expect(link.startsWith('owntracks:///config?inline=')).toBe(true);
    const inline = link.slice('owntracks:///config?inline='.length);
    const config = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(atob(inline), (c) => c.charCodeAt(0))),
    );
    expect(config).toMatchObject({
      _type: 'configuration',
      mode: 3,
      url: 'https://race.example.org/owntracks',
      username: 'trk 42/a',
      tid: '23',
      monitoring: 2,
      moveModeLocatorInterval: 5,
      locatorInterval: 5,
    });
  });
});
