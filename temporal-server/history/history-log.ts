import { decodeFramedEvent } from './events';

/**
 * A run's history kept ONLY as its protobuf encoding (a valid `History` message body): responses
 * embed slices verbatim and memory stays close to the history's byte size. Small histories (most
 * idle runs) are a latin1 string — no ArrayBuffer, no offsets array; offsets are found by a
 * scan. Large ones switch to a growable Buffer with an offset index.
 */
export interface HistoryLog {
  data: string | Buffer;
  /** Encoded size in bytes. */
  len: number;
  /** Number of events (= last event id). */
  count: number;
  /** offsets[i] = start of event i+1; only kept once the history is large. */
  offsets?: number[];
}

const SMALL = 8192;

export function emptyHistory(): HistoryLog {
  return { data: '', len: 0, count: 0, offsets: undefined };
}

/** The history bytes (a fresh copy for small histories). */
export function historyBytes(h: HistoryLog): Buffer {
  return typeof h.data === 'string' ? Buffer.from(h.data, 'latin1') : h.data.subarray(0, h.len);
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

export function appendFramed(h: HistoryLog, framed: Buffer[]): Buffer {
  let add = 0;
  for (const f of framed) add += f.length;
  const start = h.len;
  const need = h.len + add;
  if (typeof h.data === 'string' && need < SMALL) {
    const nb = Buffer.allocUnsafe(need);
    nb.write(h.data, 0, 'latin1');
    let pos = start;
    for (const f of framed) {
      f.copy(nb, pos);
      pos += f.length;
    }
    h.data = nb.toString('latin1');
    h.len = need;
    h.count += framed.length;
    return nb.subarray(start);
  }
  if (typeof h.data === 'string') {
    const old = Buffer.from(h.data, 'latin1');
    h.offsets = scanOffsets(old, old.length);
    const nb = Buffer.allocUnsafeSlow(Math.max(need * 2, SMALL * 2));
    old.copy(nb, 0);
    h.data = nb;
    // A run record derives `len` from a string's length; once the data is a Buffer it must be stored.
    h.len = start;
  } else if (need > h.data.length) {
    const nb = Buffer.allocUnsafeSlow(Math.max(need, h.data.length * 2));
    h.data.copy(nb, 0, 0, h.len);
    h.data = nb;
  }
  const buf = h.data as Buffer;
  for (const f of framed) {
    h.offsets!.push(h.len);
    f.copy(buf, h.len);
    h.len += f.length;
  }
  h.count += framed.length;
  return buf.subarray(start, h.len);
}

function offsetOf(h: HistoryLog, buf: Uint8Array, eventId: number): number {
  if (h.offsets) return eventId > h.count ? h.len : h.offsets[eventId - 1]!;
  let pos = 0;
  for (let id = 1; id < eventId && pos < h.len; id++) pos += frameLength(buf, pos);
  return pos;
}

/** Events [fromId, toId] (1-based, inclusive) as History bytes. */
export function sliceEvents(h: HistoryLog, fromId: number, toId = h.count): Buffer {
  if (fromId > toId || fromId > h.count) return Buffer.alloc(0);
  const buf = historyBytes(h);
  const start = offsetOf(h, buf, fromId);
  const end = toId >= h.count ? h.len : offsetOf(h, buf, toId + 1);
  return buf.subarray(start, end);
}

export function readEvent(h: HistoryLog, eventId: number): any {
  if (eventId < 1 || eventId > h.count) throw new Error(`no event ${eventId}`);
  const buf = historyBytes(h);
  return decodeFramedEvent(buf, offsetOf(h, buf, eventId));
}

export function lastEventId(h: HistoryLog): number {
  return h.count;
}

/** Rebuilds a history from its encoding (journal replay). */
export function historyFromBytes(bytes: Buffer): HistoryLog {
  const h = emptyHistory();
  if (bytes.length === 0) return h;
  const offsets = scanOffsets(bytes, bytes.length);
  const frames = offsets.map((o, i) => bytes.subarray(o, offsets[i + 1] ?? bytes.length));
  appendFramed(h, frames);
  return h;
}

/** Number of framed events in a history encoding. */
export function countFramedEvents(bytes: Uint8Array): number {
  let n = 0;
  for (let pos = 0; pos < bytes.length; pos += frameLength(bytes, pos)) n++;
  return n;
}
