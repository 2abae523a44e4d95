import { describe, it, expect } from 'vitest';
import { Matching, queueKey } from '../../temporal-server/matching/task-queues';

const ctx = (ms = 60_000) => {
  const c = new AbortController();
  return { c, ctx: { signal: c.signal, deadline: Date.now() + ms } };
};

describe('matching', () => {
  it('hands a task to a waiting poller, else keeps it in the backlog', async () => {
    const m = new Matching(() => Date.now());
    const k = queueKey('default', 'workflow', 'q');
    const p = m.poll<number, number>(k, ctx().ctx, 1000, (t) => t * 10);
    m.offer(k, 1);
    expect(await p).toBe(10);
    m.offer(k, 2);
    expect(m.backlogSize(k)).toBe(1);
    expect(await m.poll<number, number>(k, ctx().ctx, 1000, (t) => t)).toBe(2);
  });

  it('keeps workflow and activity queues of the same name apart', async () => {
    const m = new Matching(() => Date.now());
    m.offer(queueKey('default', 'activity', 'q'), 'act');
    const r = await m.poll<string, string>(queueKey('default', 'workflow', 'q'), ctx().ctx, 20, (t) => t);
    expect(r).toBeNull();
    expect(await m.poll<string, string>(queueKey('default', 'activity', 'q'), ctx().ctx, 20, (t) => t)).toBe('act');
  });

  it('skips stale tasks and never hands a task to a cancelled poll', async () => {
    const m = new Matching(() => Date.now());
    const k = queueKey('default', 'workflow', 'q');
    const a = ctx();
    const cancelled = m.poll<string, string>(k, a.ctx, 1000, (t) => t);
    a.c.abort();
    expect(await cancelled).toBeNull();
    m.offer(k, 'stale');
    m.offer(k, 'fresh');
    expect(await m.poll<string, string>(k, ctx().ctx, 1000, (t) => (t === 'stale' ? null : t))).toBe('fresh');
  });

  it('ends waiting polls with empty replies on release (ShutdownWorker)', async () => {
    const m = new Matching(() => Date.now());
    const k = queueKey('default', 'workflow', 'sticky-1');
    const p = m.poll<string, string>(k, ctx().ctx, 10_000, (t) => t);
    m.releasePollers(k);
    expect(await p).toBeNull();
  });
});
