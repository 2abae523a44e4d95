import { randomUUID } from 'node:crypto';

/**
 * `crypto.randomUUID()` returns a deep cons-string (≈ 30 heap objects, ~1 KB); ids live as long as
 * their runs, so they are flattened into one sequential string.
 */
export function newId(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}
