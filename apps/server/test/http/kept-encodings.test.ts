import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptedEncoding, ENCODE_THRESHOLD, encodeOnce } from '../../src/http/kept-encodings.ts';
import { type CachedAnswer, PublicReadsCache } from '../../src/http/public-reads-cache.ts';

const answer = (body: string, raceId: string | null = 'race-a'): CachedAnswer => ({
  body,
  contentType: 'application/json; charset=utf-8',
  etag: 'W/"x"',
  cacheControl: 'public, max-age=5',
  lastModified: null,
  raceId,
});

// Results-like JSON: repetitive, as every real answer is.
const results = (riders: number) =>
  JSON.stringify({
    items: Array.from({ length: riders }, (_, i) => ({
      bib: i + 1,
      rank: i + 1,
      time: 3_600_000 + i * 1_317,
    })),
  });

describe('kept answers compressed once', () => {
  it('picks the coding Accept-Encoding asks for among brotli and gzip, else the body as it is', () => {
    expect(acceptedEncoding(undefined)).toBeNull();
    expect(acceptedEncoding('')).toBeNull();
    expect(acceptedEncoding('identity')).toBeNull();
    expect(acceptedEncoding('deflate')).toBeNull();
    expect(acceptedEncoding('gzip;q=0, br;q=0')).toBeNull();
    expect(acceptedEncoding('gzip, deflate, br')).toBe('br');
    expect(acceptedEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(acceptedEncoding('GZIP')).toBe('gzip');
    expect(acceptedEncoding('x-gzip')).toBe('gzip');
    expect(acceptedEncoding('*')).toBe('gzip');
    expect(acceptedEncoding('br;q=0.2, gzip;q=0.8')).toBe('gzip');
    expect(acceptedEncoding('br, gzip;q=0')).toBe('br');
  });

  it('makes both codings of a body worth it, decoding to the same bytes, and none of a small one', async () => {
    const body = results(200);
    const encoded = (await encodeOnce(body))!;
    expect(zlib.brotliDecompressSync(encoded.br).toString()).toBe(body);
    expect(zlib.gunzipSync(encoded.gzip).toString()).toBe(body);
    expect(encoded.br.length).toBeLessThan(body.length / 4);
    expect(await encodeOnce('x'.repeat(ENCODE_THRESHOLD - 1))).toBeNull();
  });

  it('counts the compressed copies in the budget and drops them with their answer', async () => {
    const body = results(100);
    const encoded = (await encodeOnce(body))!;
    const copies = encoded.br.length + encoded.gzip.length;
    // Room for four bodies and three answers' compressed copies, not four's.
    const kept = new PublicReadsCache({ maxBytes: 4 * body.length + 3.5 * copies });
    const keep = async (key: string, raceId = 'race-a') => {
      const stored = kept.store(kept.begin(key, key), answer(body, raceId))!;
      await stored.encoded;
      await Promise.resolve();
      return stored;
    };
    for (const key of ['/a', '/b', '/c']) await keep(key);
    expect(kept.size).toBe(3);
    await keep('/d');
    // The least recently read went when the fourth answer's copies were counted.
    expect(kept.get('/a')).toBeUndefined();
    expect(kept.size).toBe(3);
    expect(kept.counts.encoded).toBe(4);

    // An answer dropped before its compression ends never counts its copies: the budget stays whole,
    // so a fourth body fits again until its own copies are counted.
    const dropped = kept.store(kept.begin('/e', '/e'), answer(body, 'race-e'))!;
    kept.forget('race-e');
    await dropped.encoded;
    await Promise.resolve();
    const last = kept.store(kept.begin('/f', '/f'), answer(body))!;
    expect(kept.size).toBe(4);
    await last.encoded;
    await Promise.resolve();
    expect(kept.size).toBe(3);
    expect(kept.get('/b')).toBeUndefined();
    expect(kept.get('/f')).toBe(last);
  });

  it('asks for compressions made already only when a request first wants one, and once', async () => {
    const body = results(100);
    const made = (await encodeOnce(body))!;
    let asked = 0;
    const fromStore = async () => {
      asked++;
      return made;
    };
    const kept = new PublicReadsCache({ encode: () => Promise.reject(new Error('never compressed here')) });
    const stored = kept.store(kept.begin('/stored', '/stored'), answer(body), fromStore)!;
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Kept and served as it is to a crowd that asks for no coding: nothing read.
    expect(kept.get('/stored')).toBe(stored);
    expect(asked).toBe(0);
    const [first, second] = await Promise.all([stored.encoded, kept.get('/stored')!.encoded]);
    expect(first).toBe(made);
    expect(second).toBe(made);
    expect(asked).toBe(1);
    // Answers computed here are compressed at once, as before.
    let compressed = 0;
    const eager = new PublicReadsCache({
      encode: async (b) => {
        compressed++;
        return encodeOnce(b);
      },
    });
    eager.store(eager.begin('/computed', '/computed'), answer(body));
    expect(compressed).toBe(1);
  });
});
