/**
 * Makes /ride installable: the web app manifest (linked here, so only the tracker app offers to
 * install) and the service worker that keeps the app shell for starts with no signal.
 */
export function installApp(): void {
  if (!document.querySelector('link[rel="manifest"]')) {
    const link = document.createElement('link');
    link.rel = 'manifest';
    link.href = '/manifest.webmanifest';
    document.head.append(link);
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker
      .register('/sw.js', { scope: '/ride' })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // This first visit loaded the app before the worker existed: hand it what the page fetched
        // (the HTML and its hashed assets, lazy chunks included) so the next start works offline.
        const assets = performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name))
          .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/'))
          .map((url) => url.pathname);
        registration.active?.postMessage({ type: 'cache', urls: ['/ride', ...new Set(assets)] });
      })
      .catch(() => {
        // Without a service worker the app still works online; nothing to tell the rider.
      });
  }
}
