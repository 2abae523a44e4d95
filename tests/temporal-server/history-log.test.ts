import { describe, it, expect } from 'vitest';
import { emptyHistory, appendFramed, sliceEvents, readEvent, historyBytes, historyFromBytes } from '../../temporal-server/history/history-log';
import { buildEvent, encodeFramedEvent } from '../../temporal-server/history/events';
import { lookupType } from '../../temporal-server/proto/root';
import { decode } from '../../temporal-server/proto/codec';
import type { HistoryEvent } from '../../temporal-server/proto/wire';

type History = { events: HistoryEvent[] };

const timerEvent = (id: number, pad = 0) =>
  encodeFramedEvent(buildEvent(id, 1_700_000_000_000 + id, { eventType: 'EVENT_TYPE_TIMER_FIRED', attrs: { timerId: 'x'.repeat(pad) + String(id), startedEventId: id - 1 } }));

describe('history log', () => {
  it('is a valid History encoding, small (string) and large (buffer with index)', () => {
    const h = emptyHistory();
    for (let i = 1; i <= 300; i++) appendFramed(h, [timerEvent(i, 40)]);
    expect(h.count).toBe(300);
    expect(typeof h.data).not.toBe('string');
    const all = decode<History>(lookupType('temporal.api.history.v1.History'), historyBytes(h));
    expect(all.events).toHaveLength(300);
    expect(all.events[299]?.eventId).toBe(300);
    const part = decode<History>(lookupType('temporal.api.history.v1.History'), sliceEvents(h, 10, 12));
    expect(part.events.map((e: any) => e.eventId)).toEqual([10, 11, 12]);
    expect(readEvent(h, 7).timerFiredEventAttributes?.timerId?.endsWith('7')).toBe(true);
    const again = historyFromBytes(historyBytes(h));
    expect(again.count).toBe(300);
    expect(sliceEvents(again, 299).equals(sliceEvents(h, 299))).toBe(true);
  });

  it('slices small histories by scanning', () => {
    const h = emptyHistory();
    appendFramed(h, [timerEvent(1), timerEvent(2), timerEvent(3)]);
    expect(typeof h.data).toBe('string');
    const part = decode<History>(lookupType('temporal.api.history.v1.History'), sliceEvents(h, 2));
    expect(part.events.map((e: any) => e.eventId)).toEqual([2, 3]);
  });
});
