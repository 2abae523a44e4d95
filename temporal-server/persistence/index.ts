export { encodeRecord, decodeRecord } from './json-codec';
export { openFileStore, isLegacyJournal } from './file-store';
export { openPostgresStore, StoreInUseError } from './postgres-store';
export type { TemporalStore, StoreBatch, RunRow, HistoryNode, NamespaceRow } from './store';
