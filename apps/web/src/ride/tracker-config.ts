import type { TrackerSetup } from '@echelon/contracts';

/** How often a third-party tracker app reports during a race, s: the live feed's gaps need a few seconds at most. */
export const RACE_REPORT_INTERVAL_S = 5;

/**
 * What Traccar Client's QR code carries: the OsmAnd server URL with the device id, and settings for a
 * race instead of the app's defaults (a report every 300 s or 75 m). Traccar Client keeps the scanned
 * URL's origin and path as its server and reads the query's settings (`id`, `accuracy`, `interval`,
 * `distance`, `buffer`, `stop_detection`; its configuration_service.dart), so the server URL must not
 * carry a query of its own.
 */
export function traccarLink(setup: TrackerSetup): string {
  const settings = new URLSearchParams({
    id: setup.deviceId ?? '',
    accuracy: 'highest',
    // Time-based: with distance 0 the interval drives the reports.
    interval: String(RACE_REPORT_INTERVAL_S),
    distance: '0',
    // Keep positions taken without signal and send them later; keep reporting while stopped (a crash,
    // a puncture) rather than pausing.
    buffer: 'true',
    stop_detection: 'false',
  });
  return `${setup.osmandUrl}?${settings}`;
}

/**
 * OwnTracks' remote configuration link (`owntracks:///config?inline=` + base64 of its JSON settings):
 * HTTP mode (3) to our endpoint, the device id as the user, and move monitoring (2: frequent GPS
 * reports; Android reports every `moveModeLocatorInterval` s, iOS every `locatorInterval` s or
 * `locatorDisplacement` m) instead of significant changes only.
 */
export function owntracksLink(setup: TrackerSetup): string {
  const config = {
    _type: 'configuration',
    mode: 3,
    url: setup.owntracksUrl,
    username: setup.deviceId ?? '',
    deviceId: 'phone',
    tid: String(setup.bib).slice(-2),
    monitoring: 2,
    moveModeLocatorInterval: RACE_REPORT_INTERVAL_S,
    locatorInterval: RACE_REPORT_INTERVAL_S,
    locatorDisplacement: 50,
  };
  const json = new TextEncoder().encode(JSON.stringify(config));
  return `owntracks:///config?inline=${btoa(String.fromCharCode(...json))}`;
}
