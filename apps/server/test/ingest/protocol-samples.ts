// Shared by the protocol decoder tests (one file per protocol): reading Traccar's own decoder-test payloads
// (../shared/data/protocols, read in place, never copied into the repository) and checking a decode result.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { DecodedFix, DecodeResult } from '../../src/modules/ingest/protocols/index.ts';

const PROTOCOLS = path.resolve(import.meta.dirname, '../../../../../shared/data/protocols');

/** The non-blank lines of a sample file, in file order. */
export const sampleLines = (file: string): string[] =>
  readFileSync(path.join(PROTOCOLS, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

/** A JSON-lines sample file: one parsed body per line. */
export const sampleBodies = (file: string): unknown[] =>
  sampleLines(file).map((line) => JSON.parse(line) as unknown);

/** The one fix of a successful decode (fails the test otherwise). */
export function onlyFix(result: DecodeResult): DecodedFix {
  if (!result.ok) throw new Error(`expected ok, got 400: ${result.reason}`);
  expect(result.fixes).toHaveLength(1);
  return result.fixes[0]!;
}

/** The reason of a rejected decode, which must be a 400 (fails the test otherwise). */
export function reasonOf(result: DecodeResult): string {
  if (result.ok) throw new Error('expected a 400');
  expect(result.status).toBe(400);
  return result.reason;
}

/** Every value field of a fix that carries nothing: spread first, then the fields a sample does carry. */
export const NO_VALUES = {
  time: null,
  lat: null,
  lon: null,
  speed: null,
  heading: null,
  altitude: null,
  accuracy: null,
  battery: null,
  charging: null,
  sos: false,
};
