import { decodeFramedEvent } from './events';

/**
 * A run's history kept ONLY as its protobuf encoding (a valid `History` message body) plus event
 * offsets: responses embed slices verbatim, and memory stays close to the history's byte size.
 */
export interface HistoryLog {
  bytes: Buffer;
  len: number;
  /** offsets[i] = start of event i+1. */
  offsets: number[];
}

export function emptyHistory(): HistoryLog {
  return { bytes: Buffer.allocUnsafeSlow(0), len: 0, offsets: [] };
}

export function appendFramed(h: HistoryLog, framed: Buffer[]): Buffer {
  let add = 0;
  for (const f of framed) add += f.length;
  const need = h.len + add;
  if (need > h.bytes.length) {
    // Exact size while small (idle runs), doubling once large (40k-event histories).
    const cap = need < 8192 ? need : Math.max(need, h.bytes.length * 2);
    const nb = Buffer.allocUnsafeSlow(cap);
    h.bytes.copy(nb, 0, 0, h.len);
    h.bytes = nb;
  }
  const start = h.len;
  for (const f of framed) {
    h.offsets.push(h.len);
    f.copy(h.bytes, h.len);
    h.len += f.length;
  }
  return h.bytes.subarray(start, h.len);
}

/** Slice of events [fromId, toId] (1-based, inclusive) as History bytes. */
export function sliceEvents(h: HistoryLog, fromId: number, toId = h.offsets.length): Buffer {
  if (fromId > toId || fromId > h.offsets.length) return Buffer.alloc(0);
  const start = h.offsets[fromId - 1]!;
  const end = toId >= h.offsets.length ? h.len : h.offsets[toId]!;
  return h.bytes.subarray(start, end);
}

export function readEvent(h: HistoryLog, eventId: number): any {
  const off = h.offsets[eventId - 1];
  if (off === undefined) throw new Error(`no event ${eventId}`);
  return decodeFramedEvent(h.bytes, off);
}

export function lastEventId(h: HistoryLog): number {
  return h.offsets.length;
}

/** Rebuilds offsets from a History encoding (journal replay). */
export function historyFromBytes(bytes: Buffer): HistoryLog {
  const offsets: number[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    offsets.push(pos);
    pos += 1;
    let len = 0;
    let shift = 1;
    for (;;) {
      const b = bytes[pos++]!;
      len += (b & 0x7f) * shift;
      if (b < 0x80) break;
      shift *= 128;
    }
    pos += len;
  }
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return { bytes: copy, len: bytes.length, offsets };
}
