import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/http/log-redaction.ts';

describe('redactUrl', () => {
  it('keeps credentials in query strings out of the log, and the rest as it was', () => {
    expect(redactUrl('/api/v1/track?token=ech_secret123')).toBe('/api/v1/track?token=[redacted]');
    expect(redactUrl('/setup?lang=fr&TOKEN=setup_abc&x=1')).toBe('/setup?lang=fr&TOKEN=[redacted]&x=1');
    expect(redactUrl('/osmand?id=dev-1&lat=45&lon=5')).toBe('/osmand?id=dev-1&lat=45&lon=5');
  });
});
