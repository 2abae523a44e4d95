import type { Engine } from './engine';

// Filled in below by the journal integration.
export function attachJournal(_engine: Engine, _path: string): { close(): void } {
  return { close() {} };
}
