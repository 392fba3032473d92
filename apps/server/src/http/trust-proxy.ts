import { isIP } from 'node:net';

/**
 * Which proxies' `X-Forwarded-For` the server believes, as Fastify's `trustProxy` takes it: false (none,
 * the default: the client's address is the socket's), a hop count (that many proxies in front, as nginx
 * in deploy/), or the proxies' addresses and CIDRs. Believing every proxy would let any client pick the
 * address every rate limit is keyed on.
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's names for the private ranges, accepted beside addresses and CIDRs. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY's text → the setting, or a message saying what it may be. */
export function parseTrustProxy(
  text: string | undefined,
): { ok: true; value: TrustProxy } | { ok: false; message: string } {
  const value = text?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false' || value === 'off' || value === '0')
    return { ok: true, value: false };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 10) return { ok: true, value: hops };
  }
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry !== '' && isAddressOrCidr(entry))) return { ok: true, value: entries };
  return {
    ok: false,
    message:
      'must be off, a number of proxy hops (1–10), or the proxies’ addresses and CIDRs separated by commas ' +
      '(e.g. 10.0.0.0/8,fd00::/8, or loopback)',
  };
}

/** As Fastify's option: a hop count becomes "trust the nearest N" (Fastify's own reading of a number). */
export function fastifyTrustProxy(
  setting: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return setting === 0 ? false : (_address, hop) => hop < setting;
  return setting;
}
