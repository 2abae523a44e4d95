import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVirtualClock, createWallClock } from '../../temporal-server/clock';
import { TimerHeap, type TimerEntry } from '../../temporal-server/clock/timer-heap';

const DAY = 86_400_000;
const T0 = Date.UTC(2030, 0, 1);

/** Lets pending setImmediate callbacks (where jumps happen) run; no real-time wait. */
const turns = async (n = 3) => {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
};

/** A wall clock the test moves by hand, so virtual-time arithmetic is exact. */
const manualWall = (start = 1_000) => {
  let t = start;
  return { wall: () => t, advance: (ms: number) => void (t += ms) };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('TimerHeap', () => {
  it('pops in (atMs, seq) order after random pushes and removals', () => {
    const heap = new TimerHeap();
    const all: TimerEntry[] = [];
    let seed = 42;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5_000; i++) {
      const e: TimerEntry = { atMs: Math.floor(rnd() * 100), seq: i, fire: () => {}, label: '', index: -1 };
      all.push(e);
      heap.push(e);
    }
    const removed = new Set(all.filter((_, i) => i % 3 === 0));
    for (const e of removed) expect(heap.remove(e)).toBe(true);
    expect(heap.remove([...removed][0]!)).toBe(false);
    const expected = all.filter((e) => !removed.has(e)).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    const popped: TimerEntry[] = [];
    for (let e = heap.pop(); e; e = heap.pop()) popped.push(e);
    expect(popped).toEqual(expected);
  });
});

describe('virtual clock', () => {
  it('starts locked once and runs at wall pace while locked', async () => {
    const w = manualWall();
    const clock = createVirtualClock({ startMs: T0, wall: w.wall });
    const fired: string[] = [];
    clock.schedule(T0 + DAY, () => fired.push('day'));
    expect(clock.lockCount()).toBe(1);
    w.advance(250);
    expect(clock.now()).toBe(T0 + 250);
    await turns();
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(T0 + 250);
    clock.close();
  });

  it("concurrent client unlocks never release the server's holds; time jumps once both are clear", async () => {
    const w = manualWall();
    const clock = createVirtualClock({ startMs: T0, wall: w.wall });
    const fired: string[] = [];
    clock.schedule(T0 + DAY, () => fired.push('day'));
    clock.hold('workflow task');
    clock.hold('workflow task');
    // Three result() calls at once: three unlocks against the one initial lock.
    clock.unlock();
    clock.unlock();
    clock.unlock();
    await turns();
    expect(fired).toEqual([]); // two workflow tasks are still in flight
    clock.release('workflow task');
    await turns();
    expect(fired).toEqual([]);
    clock.release('workflow task');
    await turns();
    expect(fired).toEqual(['day']);
    // The three result() calls return and lock again: back to one lock, time at wall pace.
    clock.lock();
    clock.lock();
    clock.lock();
    expect(clock.lockCount()).toBe(1);
    expect(() => clock.release('x')).toThrow(/without a matching hold/);
    clock.close();
  });

  it('jumps to the earliest timer once unlocked, asynchronously', async () => {
    const w = manualWall();
    const clock = createVirtualClock({ startMs: T0, wall: w.wall });
    const seen: Array<[string, number]> = [];
    clock.schedule(T0 + 2 * DAY, () => seen.push(['b', clock.now()]));
    clock.schedule(T0 + DAY, () => seen.push(['a', clock.now()]));
    clock.unlock();
    expect(seen).toEqual([]); // not synchronously
    await turns();
    expect(seen).toEqual([
      ['a', T0 + DAY],
      ['b', T0 + 2 * DAY],
    ]);
    // With no timers left, time runs at wall pace again from where it jumped to.
    w.advance(10);
    expect(clock.now()).toBe(T0 + 2 * DAY + 10);
    clock.close();
  });

  it('does not jump when an unlock is followed synchronously by a lock', async () => {
    const w = manualWall();
    const clock = createVirtualClock({ startMs: T0, wall: w.wall });
    const fired = vi.fn();
    clock.schedule(T0 + DAY, fired);
    clock.unlock('wft');
    clock.lock('activity');
    await turns();
    expect(fired).not.toHaveBeenCalled();
    expect(clock.now()).toBe(T0);
    clock.close();
  });

  it('stops jumping when a callback takes a lock (one fire per release)', async () => {
    const w = manualWall();
    const clock = createVirtualClock({ startMs: T0, wall: w.wall, locked: 0 });
    const fires: number[] = [];
    for (let d = 1; d <= 3; d++) {
      clock.schedule(T0 + d * 30 * DAY, () => {
        fires.push(clock.now());
        clock.lock('workflow task');
      });
    }
    await turns();
    expect(fires).toEqual([T0 + 30 * DAY]);
    expect(clock.lockCount()).toBe(1);
    clock.unlock('workflow task');
    await turns();
    expect(fires).toEqual([T0 + 30 * DAY, T0 + 60 * DAY]);
    clock.unlock('workflow task');
    await turns();
    expect(fires).toHaveLength(3);
    clock.close();
  });

  it('fires all timers due at the jump target, in scheduling order, even if the first locks', async () => {
    const clock = createVirtualClock({ startMs: T0, locked: 0, wall: manualWall().wall });
    const order: number[] = [];
    for (let i = 0; i < 5; i++) {
      clock.schedule(T0 + DAY, () => {
        order.push(i);
        if (i === 0) clock.lock('first');
      });
    }
    clock.schedule(T0 + 2 * DAY, () => order.push(99));
    await turns();
    expect(order).toEqual([0, 1, 2, 3, 4]);
    clock.close();
  });

  it('holds a lock while a timer callback runs', async () => {
    const clock = createVirtualClock({ startMs: T0, locked: 0, wall: manualWall().wall });
    let during = -1;
    clock.schedule(T0 + 5, () => (during = clock.lockCount()));
    await turns();
    expect(during).toBe(1);
    expect(clock.lockCount()).toBe(0);
    clock.close();
  });

  it('throws on an unlock that would make the counter negative', () => {
    const clock = createVirtualClock({ locked: 0 });
    expect(() => clock.unlock('x')).toThrow(/already 0/);
    expect(clock.lockCount()).toBe(0);
    clock.close();
  });

  it('cancelled timers neither fire nor stop a jump', async () => {
    const clock = createVirtualClock({ startMs: T0, wall: manualWall().wall });
    const fired: string[] = [];
    const h = clock.schedule(T0 + DAY, () => fired.push('cancelled'));
    clock.schedule(T0 + 2 * DAY, () => fired.push('kept'));
    h.cancel();
    h.cancel();
    expect(clock.pendingTimers()).toBe(1);
    clock.unlock();
    await turns();
    expect(fired).toEqual(['kept']);
    expect(clock.now()).toBe(T0 + 2 * DAY);
    clock.close();
  });

  it('sleep waits for virtual time without touching the counter', async () => {
    const clock = createVirtualClock({ startMs: T0, locked: 0, wall: manualWall().wall });
    await clock.sleep(7 * DAY);
    expect(clock.now()).toBe(T0 + 7 * DAY);
    expect(clock.lockCount()).toBe(0);
    await clock.sleepUntil(T0 + 8 * DAY);
    expect(clock.now()).toBe(T0 + 8 * DAY);
    clock.close();
  });

  it('unlockWithSleep with counter 1 jumps and re-locks', async () => {
    const clock = createVirtualClock({ startMs: T0, wall: manualWall().wall });
    const other = vi.fn();
    clock.schedule(T0 + 10 * DAY, other);
    await clock.unlockWithSleep(3 * DAY);
    expect(clock.now()).toBe(T0 + 3 * DAY);
    expect(clock.lockCount()).toBe(1);
    await turns();
    expect(other).not.toHaveBeenCalled(); // locked again, so no further jump
    clock.close();
  });

  it('unlockWithSleep with counter 0 rejects and leaves no timer behind', async () => {
    const clock = createVirtualClock({ locked: 0 });
    await expect(clock.unlockWithSleep(1_000)).rejects.toThrow(/already 0/);
    expect(clock.pendingTimers()).toBe(0);
    clock.close();
  });

  it('with counter 2, unlockWithSleep waits at wall pace and timers due by wall progress fire', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
    vi.setSystemTime(T0);
    const clock = createVirtualClock();
    clock.lock('activity');
    const wallDue = vi.fn();
    clock.schedule(T0 + 1_000, wallDue);
    let done = false;
    void clock.unlockWithSleep(5_000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(wallDue).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(wallDue).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3_999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(clock.now()).toBe(T0 + 5_000);
    expect(clock.lockCount()).toBe(2);
    clock.close();
  });

  it('re-arms the real timer after a jump so a closer timer is not missed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
    vi.setSystemTime(T0);
    const clock = createVirtualClock({ locked: 0 });
    clock.schedule(T0 + 60_000, () => clock.lock('wft')); // arms a 60 s real timer, then jumps
    await vi.advanceTimersByTimeAsync(0);
    expect(clock.now()).toBe(T0 + 60_000);
    const near = vi.fn();
    clock.schedule(clock.now() + 100, near);
    await vi.advanceTimersByTimeAsync(100);
    expect(near).toHaveBeenCalledTimes(1);
    clock.close();
  });

  it('keeps firing after a callback throws, and releases its lock', async () => {
    const errors: string[] = [];
    const clock = createVirtualClock({ locked: 0, startMs: T0, wall: manualWall().wall, onError: (_e, label) => errors.push(label) });
    const after = vi.fn();
    clock.schedule(T0 + 1, () => {
      throw new Error('boom');
    }, 'bad');
    clock.schedule(T0 + 2, after);
    await turns();
    expect(errors).toEqual(['bad']);
    expect(after).toHaveBeenCalledTimes(1);
    expect(clock.lockCount()).toBe(0);
    clock.close();
  });

  it('tracks lock reasons as a multiset', () => {
    const clock = createVirtualClock();
    clock.lock('workflow task');
    clock.lock('workflow task');
    clock.lock('activity');
    expect(clock.describeLocks()).toBe('4 locks: initial ×1, workflow task ×2, activity ×1');
    clock.unlock('activity');
    clock.unlock('TestService'); // unmatched reason still releases one lock
    expect(clock.describeLocks()).toBe('2 locks: workflow task ×2');
    clock.close();
  });

  it('close drops every timer', async () => {
    const clock = createVirtualClock({ locked: 0 });
    const fired = vi.fn();
    clock.schedule(clock.now() + 10, fired);
    clock.close();
    clock.schedule(clock.now() + 10, fired);
    await turns();
    expect(fired).not.toHaveBeenCalled();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fires 100k timers spread over 30 days in one jump sequence, in order, well under a second', async () => {
    const clock = createVirtualClock({ startMs: T0, locked: 1, wall: manualWall().wall });
    const n = 100_000;
    let seed = 7;
    let last = -Infinity;
    let count = 0;
    let outOfOrder = 0;
    const t1 = performance.now();
    for (let i = 0; i < n; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const at = T0 + 1 + Math.floor((seed / 2 ** 31) * 30 * DAY);
      clock.schedule(at, () => {
        const now = clock.now();
        if (now < last || now !== at) outOfOrder++;
        last = now;
        count++;
      });
    }
    const t2 = performance.now();
    const done = new Promise<void>((resolve) => clock.schedule(T0 + 31 * DAY, resolve, 'sentinel'));
    clock.unlock();
    await done;
    const t3 = performance.now();
    expect(count).toBe(n);
    expect(outOfOrder).toBe(0);
    expect(clock.now()).toBe(T0 + 31 * DAY);
    expect(clock.pendingTimers()).toBe(0);
    // Baseline of comparable work (sorting 100k objects) on the same CPU at the same moment, so a
    // machine busy with other suites does not fail the test while a quadratic slip still does.
    const b0 = performance.now();
    Array.from({ length: n }, () => ({ k: Math.random() })).sort((x, y) => x.k - y.k);
    const baseline = performance.now() - b0;
    // Idle machine: ~0.3 s, 3-5x the baseline. A quadratic slip (10^10 steps) fails by minutes.
    expect(t3 - t1).toBeLessThan(Math.max(1_000, 30 * baseline));
    console.info(`[clock] 100k timers over 30 days: schedule ${(t2 - t1).toFixed(0)} ms, jump+fire ${(t3 - t2).toFixed(0)} ms (sort baseline ${baseline.toFixed(0)} ms)`);
    clock.close();
  });
});

describe('wall clock', () => {
  it('fires at wall time, ignores locks, and cancels', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
    vi.setSystemTime(T0);
    const clock = createWallClock();
    expect(clock.timeSkipping).toBe(false);
    clock.lock('x');
    clock.unlock('x');
    clock.unlock('x'); // no counter on the wall clock
    const order: string[] = [];
    clock.schedule(T0 + 2_000, () => order.push('b'));
    clock.schedule(T0 + 1_000, () => order.push('a'));
    clock.schedule(T0 + 1_500, () => order.push('never')).cancel();
    clock.schedule(T0 - 5, () => order.push('past'));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['past']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(order).toEqual(['past', 'a']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(order).toEqual(['past', 'a', 'b']);
    expect(clock.pendingTimers()).toBe(0);
    clock.close();
  });
});
