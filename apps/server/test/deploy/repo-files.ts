import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's root, and its files as text, for the deploy tests' static checks. */
export const root = resolve(import.meta.dirname, '../../../..');
export const read = (path: string) => readFileSync(join(root, path), 'utf8');
export const dockerfile = read('Dockerfile');
