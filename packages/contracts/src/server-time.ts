import { z } from 'zod';

/**
 * The server's clock, for screens that must keep time with it rather than with the device (the
 * time-trial start ramp): the client estimates its offset NTP-style from a few of these.
 */
export const ServerTime = z
  .object({ now: z.number().int().describe('the server’s time while answering, epoch ms') })
  .meta({ id: 'ServerTime' });
export type ServerTime = z.infer<typeof ServerTime>;
