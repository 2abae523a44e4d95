import { lookupType } from '../proto/root';
import { decode, varint, msToTs } from '../proto/codec';
import type { HistoryEvent as WireHistoryEvent } from '../proto/wire';

const HistoryEvent = () => lookupType('temporal.api.history.v1.HistoryEvent');

const attrKeyCache = new Map<string, string>();

/** `EVENT_TYPE_TIMER_FIRED` → `timerFiredEventAttributes` (the oneof member name in the root). */
export function eventAttrKey(eventType: string): string {
  let k = attrKeyCache.get(eventType);
  if (!k) {
    const words = eventType.replace(/^EVENT_TYPE_/, '').toLowerCase().split('_');
    k = words[0] + words.slice(1).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') + 'EventAttributes';
    attrKeyCache.set(eventType, k);
  }
  return k;
}

export interface PendingEvent {
  eventType: string;
  attrs: Record<string, unknown>;
  /** Extra top-level fields (links, userMetadata). */
  extra?: Record<string, unknown>;
  /**
   * Ids only known once the event is really appended (it may sit in the buffer first):
   * `prevAs` fills attrs[prevAs] with the id of the event right before it (Started → Completed),
   * `childStarted`/`childClosed` link the child's started event by its initiated event id.
   */
  link?: { prevAs?: string; childStarted?: number; childClosed?: number };
}

export function buildEvent(eventId: number, timeMs: number, e: PendingEvent): WireHistoryEvent {
  return { eventId, eventTime: msToTs(timeMs), eventType: e.eventType, [eventAttrKey(e.eventType)]: e.attrs, ...e.extra };
}

/** One event framed as field 1 of `History`, so concatenations are valid History messages. */
export function encodeFramedEvent(event: WireHistoryEvent): Buffer {
  const t = HistoryEvent();
  const body = t.encode(t.fromObject(event)).finish();
  const len = varint(body.length);
  const out = Buffer.allocUnsafeSlow(1 + len.length + body.length);
  out[0] = 0x0a;
  len.copy(out, 1);
  out.set(body, 1 + len.length);
  return out;
}

/** Decodes the framed event starting at `offset` of a History encoding. */
export function decodeFramedEvent(buf: Uint8Array, offset: number): WireHistoryEvent {
  let pos = offset + 1;
  let len = 0;
  let shift = 1;
  for (;;) {
    const b = buf[pos++]!;
    len += (b & 0x7f) * shift;
    if (b < 0x80) break;
    shift *= 128;
  }
  return decode<WireHistoryEvent>(HistoryEvent(), buf.subarray(pos, pos + len));
}
