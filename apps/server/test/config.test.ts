import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

/** Runs loadConfig and returns the ConfigError it throws; fails the test if it does not throw one. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      role: 'all',
      natsUrl: null,
      natsPrefix: 'echelon',
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: null,
      publicUrl: 'http://localhost:3000',
      admin: null,
      logLevel: 'info',
      loginRateLimitPerMinute: 10,
      sessionTtlDays: 14,
      osmandPort: null,
      mqttUrl: null,
      tickMs: 1000,
      maxFixSpeed: 30,
      webDistDir: fileURLToPath(new URL('../../web/dist', import.meta.url)),
      tiles: {
        url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
        attribution: '&copy; OpenStreetMap contributors',
      },
      oauthKeys: null,
      trustProxy: false,
      shutdownTimeoutMs: 10_000,
      maxSocketsPerAddress: 200,
    });
  });

  it('trusts no proxy by default, or a hop count, or the proxies named by address and CIDR', () => {
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.0.2.7',
      'fd00::/8',
      'loopback',
    ]);
    expect(configError({ TRUST_PROXY: 'true' }).message).toMatch(
      /TRUST_PROXY must be off, a number of proxy hops/,
    );
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '300' })).toThrow(/TRUST_PROXY/);
  });

  it('runs a single role only over NATS', () => {
    expect(() => loadConfig({ ROLE: 'gateway' })).toThrow(/ROLE other than "all" needs NATS_URL/);
    expect(() => loadConfig({ ROLE: 'spectator', NATS_URL: 'nats://n:4222' })).toThrow(/ROLE must be one of/);
    const config = loadConfig({ ROLE: 'ingest', NATS_URL: 'nats://a:4222, nats://b:4222' });
    expect([config.role, config.natsUrl]).toEqual(['ingest', 'nats://a:4222, nats://b:4222']);
  });

  it('takes a tile server of the operator’s choosing, or none at all', () => {
    expect(loadConfig({ TILE_URL: 'https://tiles.club.example/{z}/{x}/{y}.png' }).tiles.url).toBe(
      'https://tiles.club.example/{z}/{x}/{y}.png',
    );
    expect(loadConfig({ TILE_URL: 'none' }).tiles.url).toBeNull();
    expect(() => loadConfig({ TILE_URL: 'tiles.example' })).toThrow(/TILE_URL/);
  });

  it('makes dataDir absolute', () => {
    const config = loadConfig({ DATA_DIR: 'var/echelon' });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toBe(path.join(process.cwd(), 'var', 'echelon'));
    expect(loadConfig({ DATA_DIR: '/srv/echelon' }).dataDir).toBe('/srv/echelon');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://echelon:secret@db:5432/echelon',
      PUBLIC_URL: 'https://race.example.org',
      ADMIN_EMAIL: 'Chief@Example.org',
      ADMIN_PASSWORD: 'a long enough password',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '5',
      SESSION_TTL_DAYS: '30',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://echelon:secret@db:5432/echelon',
      publicUrl: 'https://race.example.org',
      admin: { email: 'chief@example.org', password: 'a long enough password' },
      logLevel: 'warn',
      loginRateLimitPerMinute: 5,
      sessionTtlDays: 30,
    });
  });

  it('derives the default public URL from PORT', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });

  it('accepts postgres:// as well as postgresql://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).databaseUrl).toBe('postgres://u@h/db');
  });

  it('trims trailing slashes from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://race.example.org/' }).publicUrl).toBe(
      'https://race.example.org',
    );
    expect(loadConfig({ PUBLIC_URL: 'https://example.org/echelon//' }).publicUrl).toBe(
      'https://example.org/echelon',
    );
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({
      PORT: '',
      DATABASE_URL: '',
      PUBLIC_URL: '',
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      LOG_LEVEL: '',
      DATA_DIR: '',
    });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.admin).toBeNull();
    expect(config.logLevel).toBe('info');
    expect(config.dataDir).toBe(path.resolve('./data'));
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ HOME: '/root', PATH: '/usr/bin' }).port).toBe(3000);
  });
});

describe('loadConfig errors', () => {
  it('rejects a non-numeric PORT, naming the variable and the value', () => {
    const error = configError({ PORT: 'abc' });
    expect(error.message).toBe('Invalid configuration:\n  PORT must be a number (got "abc")');
  });

  it('rejects an out-of-range PORT', () => {
    const error = configError({ PORT: '70000' });
    expect(error.message).toBe('Invalid configuration:\n  PORT must be between 1 and 65535 (got "70000")');
    expect(configError({ PORT: '0' }).message).toContain('PORT must be between 1 and 65535 (got "0")');
  });

  it('rejects a fractional PORT', () => {
    expect(configError({ PORT: '80.5' }).message).toContain('PORT must be a whole number (got "80.5")');
  });

  it('rejects a DATABASE_URL that is not PostgreSQL', () => {
    const error = configError({ DATABASE_URL: 'mysql://x' });
    expect(error.message).toBe(
      'Invalid configuration:\n  DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://x")',
    );
  });

  it('rejects a PUBLIC_URL that is not http(s)', () => {
    expect(configError({ PUBLIC_URL: 'ftp://example.org' }).message).toContain(
      'PUBLIC_URL must be an http:// or https:// URL (got "ftp://example.org")',
    );
  });

  it('rejects ADMIN_EMAIL without ADMIN_PASSWORD, naming ADMIN_PASSWORD', () => {
    const error = configError({ ADMIN_EMAIL: 'chief@example.org' });
    expect(error.message).toBe(
      'Invalid configuration:\n  ADMIN_PASSWORD ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither',
    );
  });

  it('rejects ADMIN_PASSWORD without ADMIN_EMAIL, naming ADMIN_EMAIL and hiding the password', () => {
    const error = configError({ ADMIN_PASSWORD: 'super-secret-password' });
    expect(error.message).toContain('ADMIN_EMAIL ADMIN_EMAIL and ADMIN_PASSWORD go together');
    expect(error.message).not.toContain('super-secret-password');
  });

  it('never prints the password value', () => {
    const error = configError({ ADMIN_EMAIL: 'chief@example.org', ADMIN_PASSWORD: 'short' });
    expect(error.message).toBe(
      'Invalid configuration:\n  ADMIN_PASSWORD must have at least 10 characters (value hidden)',
    );
    expect(error.message).not.toContain('short');
  });

  it('names every bad variable at once', () => {
    const error = configError({
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      ADMIN_EMAIL: 'not-an-email',
      ADMIN_PASSWORD: 'long enough pw',
    });
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    expect(lines).toHaveLength(4);
    expect(lines.some((l) => l.startsWith('  PORT ') && l.endsWith('(got "abc")'))).toBe(true);
    expect(lines.some((l) => l.startsWith('  LOG_LEVEL ') && l.endsWith('(got "loud")'))).toBe(true);
    expect(lines).toContain('  ADMIN_EMAIL must be an e-mail address (got "not-an-email")');
  });
});
