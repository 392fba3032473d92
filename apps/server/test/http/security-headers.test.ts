import { describe, expect, it } from 'vitest';
import { tileSource } from '../../src/http/security-headers.ts';

describe('tileSource', () => {
  it('allows the tile server’s origin, its {s} subdomains as a wildcard, and nothing for no tiles', () => {
    expect(tileSource('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(
      'https://tile.openstreetmap.org',
    );
    expect(tileSource('https://{s}.tiles.club.example:8443/osm/{z}/{x}/{y}.png')).toBe(
      'https://*.tiles.club.example:8443',
    );
    expect(tileSource(null)).toBeNull();
  });
});
