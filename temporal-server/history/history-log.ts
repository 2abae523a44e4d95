import { decodeFramedEvent } from './events';
import type { HistoryEvent } from '../proto/wire';

/**
 * A run's history kept ONLY as its protobuf encoding (a valid `History` message body): responses
 * embed slices verbatim and memory stays close to the history's byte size. Small histories (most
 * idle runs) are a latin1 string — no ArrayBuffer, no offsets array; offsets are found by a
 * scan. Large ones switch to a growable Buffer with an offset index.
 *
 * With a store, the first `base` events may be left out of memory (a cold history): they are in the
 * store, `data` holds only the events after them, and `count`/`len` still count every event. New
 * events append as usual; reading the left-out events needs `warmHistory` with the store's bytes.
 */
export interface HistoryLog {
  data: string | Buffer;
  /** Encoded size in bytes, left-out events included. */
  len: number;
  /** Number of events (= last event id). */
  count: number;
  /** offsets[i] = start (in `data`) of event base+i+1; only kept once the history is large. */
  offsets?: number[];
  /** Events 1..base are not in memory (0 or unset: all are). */
  base?: number;
  /** Their encoded size. */
  baseLen?: number;
}

const SMALL = 8192;

export function emptyHistory(): HistoryLog {
  return { data: '', len: 0, count: 0, offsets: undefined };
}

const baseOf = (h: HistoryLog) => h.base ?? 0;
const localLen = (h: HistoryLog) => h.len - (h.baseLen ?? 0);

/** Whether events from `fromId` on are in memory. */
export function isWarm(h: HistoryLog, fromId = 1): boolean {
  return fromId > baseOf(h);
}

function assertWarm(h: HistoryLog, fromId: number): void {
  if (!isWarm(h, fromId)) throw new Error(`history events from ${fromId} are not in memory (first ${baseOf(h)} are in the store)`);
}

/** The history bytes (a fresh copy for small histories); the whole history must be in memory. */
export function historyBytes(h: HistoryLog): Buffer {
  assertWarm(h, 1);
  return localBytes(h);
}

function localBytes(h: HistoryLog): Buffer {
  return typeof h.data === 'string' ? Buffer.from(h.data, 'latin1') : h.data.subarray(0, localLen(h));
}

function frameLength(buf: Uint8Array, pos: number): number {
  let p = pos + 1;
  let len = 0;
  let shift = 1;
  for (;;) {
    const b = buf[p++]!;
    len += (b & 0x7f) * shift;
    if (b < 0x80) break;
    shift *= 128;
  }
  return p - pos + len;
}

function scanOffsets(buf: Uint8Array, len: number): number[] {
  const out: number[] = [];
  for (let pos = 0; pos < len; pos += frameLength(buf, pos)) out.push(pos);
  return out;
}

/** Number of framed events in a history encoding. */
export function countFramedEvents(bytes: Uint8Array): number {
  let n = 0;
  for (let pos = 0; pos < bytes.length; pos += frameLength(bytes, pos)) n++;
  return n;
}

export function appendFramed(h: HistoryLog, framed: Buffer[]): Buffer {
  let add = 0;
  for (const f of framed) add += f.length;
  const baseLen = h.baseLen ?? 0;
  const start = localLen(h);
  const need = start + add;
  if (typeof h.data === 'string' && need < SMALL) {
    const nb = Buffer.allocUnsafe(need);
    nb.write(h.data, 0, 'latin1');
    let pos = start;
    for (const f of framed) {
      f.copy(nb, pos);
      pos += f.length;
    }
    h.data = nb.toString('latin1');
    h.len = baseLen + need;
    h.count += framed.length;
    return nb.subarray(start);
  }
  let local = start;
  if (typeof h.data === 'string') {
    const old = Buffer.from(h.data, 'latin1');
    h.offsets = scanOffsets(old, old.length);
    const nb = Buffer.allocUnsafeSlow(Math.max(need * 2, SMALL * 2));
    old.copy(nb, 0);
    h.data = nb;
    // A run record derives `len` from a string's length; once the data is a Buffer it must be stored.
    h.len = baseLen + start;
  } else if (need > h.data.length) {
    const nb = Buffer.allocUnsafeSlow(Math.max(need, h.data.length * 2));
    h.data.copy(nb, 0, 0, start);
    h.data = nb;
  }
  const buf = h.data as Buffer;
  for (const f of framed) {
    h.offsets!.push(local);
    f.copy(buf, local);
    local += f.length;
  }
  h.len = baseLen + local;
  h.count += framed.length;
  return buf.subarray(start, local);
}

/** Offset in `data` of event `eventId` (> base). */
function offsetOf(h: HistoryLog, buf: Uint8Array, eventId: number): number {
  const base = baseOf(h);
  if (h.offsets) return eventId > h.count ? localLen(h) : h.offsets[eventId - base - 1]!;
  let pos = 0;
  const len = localLen(h);
  for (let id = base + 1; id < eventId && pos < len; id++) pos += frameLength(buf, pos);
  return pos;
}

/** Events [fromId, toId] (1-based, inclusive) as History bytes. */
export function sliceEvents(h: HistoryLog, fromId: number, toId = h.count): Buffer {
  if (fromId > toId || fromId > h.count) return Buffer.alloc(0);
  assertWarm(h, fromId);
  const buf = localBytes(h);
  const start = offsetOf(h, buf, fromId);
  const end = toId >= h.count ? localLen(h) : offsetOf(h, buf, toId + 1);
  return buf.subarray(start, end);
}

export function readEvent(h: HistoryLog, eventId: number): HistoryEvent {
  if (eventId < 1 || eventId > h.count) throw new Error(`no event ${eventId}`);
  assertWarm(h, eventId);
  const buf = localBytes(h);
  return decodeFramedEvent(buf, offsetOf(h, buf, eventId));
}

export function lastEventId(h: HistoryLog): number {
  return h.count;
}

/** Rebuilds a history from its encoding (store read-back). */
export function historyFromBytes(bytes: Buffer): HistoryLog {
  const h = emptyHistory();
  if (bytes.length === 0) return h;
  const offsets = scanOffsets(bytes, bytes.length);
  const frames = offsets.map((o, i) => bytes.subarray(o, offsets[i + 1] ?? bytes.length));
  appendFramed(h, frames);
  return h;
}

/** A history of `count` events (`len` bytes) that are all in the store, none in memory. */
export function coldHistory(count: number, len: number): HistoryLog {
  return { data: '', len, count, offsets: undefined, base: count || undefined, baseLen: len || undefined };
}

/** Leaves the history's events out of memory (they must be in the store). */
export function coolHistory(h: HistoryLog): void {
  const count = h.count;
  const len = h.len;
  h.offsets = undefined;
  h.data = '';
  h.base = count || undefined;
  h.baseLen = len || undefined;
  h.len = len;
}

/**
 * Puts the left-out events back in front of what is in memory. `prefix` must be exactly events
 * 1..base as the store has them; returns false (and changes nothing) when it is not.
 */
export function warmHistory(h: HistoryLog, prefix: Buffer): boolean {
  const base = baseOf(h);
  if (base === 0) return true;
  if (prefix.length !== (h.baseLen ?? 0) || countFramedEvents(prefix) !== base) return false;
  const whole = Buffer.concat([prefix, localBytes(h)]);
  const total = h.len;
  const count = h.count;
  h.base = undefined;
  h.baseLen = undefined;
  h.offsets = undefined;
  h.data = '';
  h.len = 0;
  h.count = 0;
  if (whole.length > 0) {
    const offsets = scanOffsets(whole, whole.length);
    appendFramed(h, offsets.map((o, i) => whole.subarray(o, offsets[i + 1] ?? whole.length)));
  }
  if (h.count !== count || h.len !== total) throw new Error(`warmed history does not add up (${h.count}/${count} events, ${h.len}/${total} bytes)`);
  return true;
}
