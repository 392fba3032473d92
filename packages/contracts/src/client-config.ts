import { z } from 'zod';

/** What the web app needs to know of this installation before it draws anything. */
export const ClientConfig = z
  .object({
    tileUrl: z
      .string()
      .nullable()
      .describe('Leaflet tile URL template ({z}/{x}/{y}); null: no background map, the course draws alone'),
    tileAttribution: z.string().describe('HTML attribution the tile provider requires'),
  })
  .meta({ id: 'ClientConfig' });
export type ClientConfig = z.infer<typeof ClientConfig>;
