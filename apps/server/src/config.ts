import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy.ts';
import { CookieKeysVariable, SigningKeysVariable } from './modules/oauth/oauth-key-variables.ts';
import type { OAuthKeys } from './modules/oauth/oauth-keys.ts';

/** What a process does; `all` is every role in one process (the default). */
export const ROLES = ['all', 'api', 'ingest', 'processor', 'gateway'] as const;
export type Role = (typeof ROLES)[number];

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const EnvSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
    ADMIN_PASSWORD: z.string().min(10, 'must have at least 10 characters').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
    SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    OSMAND_PORT: port.optional(),
    MQTT_URL: z
      .url({ protocol: /^(mqtts?|wss?|tcp)$/, error: 'must be an mqtt:// or mqtts:// URL' })
      .optional(),
    LIVE_TICK_MS: z.coerce.number().int().min(100, 'must be at least 100').max(60_000).default(1000),
    MAX_FIX_SPEED_KMH: z.coerce.number().min(20).max(500).default(108),
    WEB_DIST_DIR: z.string().min(1).optional(),
    TILE_URL: z
      .string()
      .refine((v) => v === 'none' || (/^https?:\/\//.test(v) && v.includes('{z}')), {
        message: 'must be an http(s) tile URL template with {z}, {x} and {y}, or none for no background map',
      })
      .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
    TILE_ATTRIBUTION: z.string().max(500).default('&copy; OpenStreetMap contributors'),
    NATS_URL: z
      .string()
      .regex(/^(nats|tls|wss?):\/\/[^,\s]+(\s*,\s*(nats|tls|wss?):\/\/[^,\s]+)*$/, {
        message: 'must be a nats:// URL (several separated by commas)',
      })
      .optional(),
    NATS_PREFIX: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be lower-case letters, digits and _ (at most 32)')
      .default('echelon'),
    ROLE: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }).default('all'),
    OAUTH_COOKIE_KEYS: CookieKeysVariable.optional(),
    OAUTH_JWKS: SigningKeysVariable.optional(),
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((text, ctx) => {
        const parsed = parseTrustProxy(text);
        if (parsed.ok) return parsed.value;
        ctx.addIssue({ code: 'custom', message: parsed.message });
        return z.NEVER;
      }),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    WS_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000_000).default(200),
  })
  .superRefine((env, ctx) => {
    // Without NATS the roles cannot reach each other: only `all` can run on the in-process bus.
    if (env.ROLE !== 'all' && !env.NATS_URL) {
      ctx.addIssue({ code: 'custom', path: ['ROLE'], message: 'other than "all" needs NATS_URL' });
    }
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither',
      });
    }
    // Shared cookie keys with per-process token keys would still publish a different /oauth/jwks per process.
    if (Boolean(env.OAUTH_COOKIE_KEYS) !== Boolean(env.OAUTH_JWKS)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.OAUTH_COOKIE_KEYS ? 'OAUTH_JWKS' : 'OAUTH_COOKIE_KEYS'],
        message: 'OAUTH_COOKIE_KEYS and OAUTH_JWKS go together: set both or neither',
      });
    }
  });

/** Variables whose values are never printed in an error. */
const SECRETS = /PASSWORD|^OAUTH_COOKIE_KEYS$|^OAUTH_JWKS$/;

export interface Config {
  role: Role;
  /** NATS with JetStream: the roles cooperate across processes; null for the in-process bus. */
  natsUrl: string | null;
  /** Names of the NATS subjects, streams and buckets: installations (or test runs) sharing a NATS differ. */
  natsPrefix: string;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  publicUrl: string;
  admin: { email: string; password: string } | null;
  logLevel: string;
  loginRateLimitPerMinute: number;
  sessionTtlDays: number;
  /** A second port for Traccar Client / OsmAnd, which often cannot be given a path. */
  osmandPort: number | null;
  mqttUrl: string | null;
  tickMs: number;
  /** Fixes implying a faster move are dropped (m/s). */
  maxFixSpeed: number;
  /** The spectator web app's build, served at `/`. */
  webDistDir: string;
  /** The background map tiles the web app draws under the course; null for none. */
  tiles: { url: string | null; attribution: string };
  /** OAuth cookie and ID-token keys shared by every process (OAUTH_*); null: each process makes its own. */
  oauthKeys: OAuthKeys | null;
  /** Whose X-Forwarded-For is believed (TRUST_PROXY): nobody's by default. */
  trustProxy: TrustProxy;
  /** How long SIGTERM waits for requests and sockets to finish before exiting. */
  shutdownTimeoutMs: number;
  /** Open WebSockets one client address may hold (spectators and trackers). */
  maxSocketsPerAddress: number;
}

/** The web app's build beside the server in the repository, wherever the process was started from. */
const REPO_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export class ConfigError extends Error {}

/** Reads and validates configuration; throws ConfigError naming every bad variable and why. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "not set": shells and compose files often export VAR= for unset values.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = present[name];
      const shown = value === undefined ? '' : SECRETS.test(name) ? ' (value hidden)' : ` (got "${value}")`;
      return `  ${name} ${issue.message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    role: e.ROLE,
    natsUrl: e.NATS_URL ?? null,
    natsPrefix: e.NATS_PREFIX,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    admin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD
        ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD }
        : null,
    logLevel: e.LOG_LEVEL,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    osmandPort: e.OSMAND_PORT ?? null,
    mqttUrl: e.MQTT_URL ?? null,
    tickMs: e.LIVE_TICK_MS,
    maxFixSpeed: e.MAX_FIX_SPEED_KMH / 3.6,
    webDistDir: e.WEB_DIST_DIR === undefined ? REPO_WEB_DIST : path.resolve(e.WEB_DIST_DIR),
    tiles: { url: e.TILE_URL === 'none' ? null : e.TILE_URL, attribution: e.TILE_ATTRIBUTION },
    oauthKeys:
      e.OAUTH_COOKIE_KEYS && e.OAUTH_JWKS
        ? { cookieKeys: e.OAUTH_COOKIE_KEYS, signingKeys: e.OAUTH_JWKS }
        : null,
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    maxSocketsPerAddress: e.WS_MAX_CONNECTIONS_PER_ADDRESS,
  };
}
