import { ClientConfig } from '@echelon/contracts';
import type { ZodApp } from './types.ts';

export const DEFAULT_TILES = {
  url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  attribution: '&copy; OpenStreetMap contributors',
};

/**
 * GET /api/v1/config: settings the web app reads once per page load. The tile server is the
 * operator's choice (TILE_URL): a club may run its own, or none on a closed network.
 */
export function registerClientConfig(app: ZodApp, tiles: { url: string | null; attribution: string }) {
  app.get(
    '/api/v1/config',
    {
      schema: {
        operationId: 'getClientConfig',
        tags: ['operations'],
        summary: 'Settings the web app needs: the map tile server',
        response: { 200: ClientConfig },
      },
      config: { access: 'public' },
    },
    async () => ({ tileUrl: tiles.url, tileAttribution: tiles.attribution }),
  );
}
