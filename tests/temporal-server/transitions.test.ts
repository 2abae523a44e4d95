import { describe, expect, it } from 'vitest';
import { ACTIVITY_MACHINE, next, UPDATE_MACHINE, WFT_MACHINE } from '../../temporal-server/machines/transitions';

describe('state machine tables', () => {
  it('lead each event to its state and refuse a move they do not have', () => {
    expect(next(WFT_MACHINE, 'NONE', 'schedule')).toBe('SCHEDULED');
    expect(next(WFT_MACHINE, 'SCHEDULED', 'start')).toBe('STARTED');
    expect(next(WFT_MACHINE, 'STARTED', 'complete')).toBe('NONE');
    expect(() => next(WFT_MACHINE, 'SCHEDULED', 'complete')).toThrow('illegal workflow task transition: complete in state SCHEDULED');
    expect(() => next(WFT_MACHINE, 'STARTED', 'schedule')).toThrow(/illegal workflow task transition/);

    expect(next(ACTIVITY_MACHINE, 'NEW', 'schedule')).toBe('SCHEDULED');
    expect(next(ACTIVITY_MACHINE, 'STARTED', 'retryLater')).toBe('BACKOFF');
    expect(next(ACTIVITY_MACHINE, 'BACKOFF', 'requeue')).toBe('SCHEDULED');
    expect(() => next(ACTIVITY_MACHINE, 'SCHEDULED', 'retryLater')).toThrow('illegal activity transition: retryLater in state SCHEDULED');
    expect(() => next(ACTIVITY_MACHINE, 'CLOSED', 'start')).toThrow(/illegal activity transition/);

    expect(next(UPDATE_MACHINE, 'ADMITTED', 'accept')).toBe('ACCEPTED');
    expect(next(UPDATE_MACHINE, 'SENT', 'return')).toBe('ADMITTED');
    expect(() => next(UPDATE_MACHINE, 'COMPLETED', 'accept')).toThrow('illegal update transition: accept in state COMPLETED');
  });
});
