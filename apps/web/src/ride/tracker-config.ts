import type { TrackerSetup } from '@echelon/contracts';

/** What Traccar Client's QR code carries: the OsmAnd server URL with the device id the server expects. */
export function traccarLink(setup: TrackerSetup): string {
  return `${setup.osmandUrl}?id=${encodeURIComponent(setup.deviceId ?? '')}`;
}

/**
 * OwnTracks' remote configuration link (`owntracks:///config?inline=` + base64 of its JSON settings):
 * HTTP mode (3) to our endpoint, the device id as the user.
 */
export function owntracksLink(setup: TrackerSetup): string {
  const config = {
    _type: 'configuration',
    mode: 3,
    url: setup.owntracksUrl,
    username: setup.deviceId ?? '',
    deviceId: 'phone',
    tid: String(setup.bib).slice(-2),
  };
  const json = new TextEncoder().encode(JSON.stringify(config));
  return `owntracks:///config?inline=${btoa(String.fromCharCode(...json))}`;
}
