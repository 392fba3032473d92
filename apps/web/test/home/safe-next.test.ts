import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/pages/signin/safe-next.ts';

describe('safeNext', () => {
  it('follows a same-site path with its query and hash', () => {
    expect(safeNext('/races/abc?stage=1#map')).toBe('/races/abc?stage=1#map');
    expect(safeNext('/')).toBe('/');
  });

  it('goes home for anything that could leave the site', () => {
    for (const next of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/path',
      '/\\evil.example',
      'javascript:alert(1)',
      'races/abc',
      '/\tevil',
    ]) {
      expect(safeNext(next), String(next)).toBe('/');
    }
  });

  it('does not send a signed-in user back to the sign-in page', () => {
    expect(safeNext('/signin?next=/x')).toBe('/');
  });
});
