export { openJournal, memoryJournal, type Journal } from './journal';
export { encodeRecord, decodeRecord } from './json-codec';
