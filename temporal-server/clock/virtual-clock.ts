import type { VirtualClock } from './clock';
import { BaseClock, type TimerErrorHandler } from './base-clock';
import type { TimerEntry } from './timer-heap';

export interface VirtualClockOptions {
  /** Initial virtual time (epoch ms); defaults to the wall clock. */
  startMs?: number;
  /** Initial lock counter; 1 like Temporal's test server, 0 to skip from the start. */
  locked?: number;
  /** Source of wall-pace progress; injectable for tests. */
  wall?: () => number;
  onError?: TimerErrorHandler;
}

export interface DiagnosableVirtualClock extends VirtualClock {
  /** e.g. `2 locks: workflow task ×1, TestService ×1`; reasons are approximate, the count is exact. */
  describeLocks(): string;
  pendingTimers(): number;
}

const UNLOCK_WITH_SLEEP = 'TestService UnlockTimeSkippingWithSleep';

/**
 * Temporal test-server time: runs at wall pace while anything holds it (or nothing is scheduled),
 * and jumps to the next timer as soon as nothing does.
 *
 * Two counts, where Java's test server has one integer: the TestService `counter` (initial lock,
 * Lock/UnlockTimeSkipping) and the server's own `held` (work in flight). With one integer, N
 * concurrent `result()` calls (N unlocks) used up the locks of workflow tasks in flight: time jumped
 * past them (spurious task timeouts, "Task not found when completing"), the mutation's own unlock
 * then found 0 and was dropped, and the count stayed one too high for good — later timers ran at
 * wall pace and the test hung. Now client unlocks can only lower the client's count.
 */
class VirtualClockImpl extends BaseClock implements DiagnosableVirtualClock {
  readonly timeSkipping = true;
  private counter: number;
  private held = 0;
  private readonly reasons = new Map<string, number>();
  private base: number;
  private wallBase: number;
  /** Keeps `now()` monotonic even if the wall source steps back (NTP). */
  private last = -Infinity;

  constructor(private readonly wall: () => number, startMs: number, locked: number, onError?: TimerErrorHandler) {
    super(onError);
    if (!Number.isInteger(locked) || locked < 0) throw new RangeError(`locked must be a non-negative integer, got ${locked}`);
    this.counter = locked;
    if (locked > 0) this.reasons.set('initial', locked);
    this.base = startMs;
    this.wallBase = wall();
  }

  now(): number {
    const t = this.base + (this.wall() - this.wallBase);
    if (t > this.last) this.last = t;
    return this.last;
  }

  lockCount(): number {
    return Math.max(0, this.counter + this.held);
  }

  lock(reason = 'unspecified'): void {
    this.counter++;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }

  unlock(reason = 'unspecified'): void {
    if (this.counter + this.held <= 0) {
      throw new Error(`time skipping unlock ("${reason}") without a matching lock: the counter is already 0`);
    }
    this.counter--;
    // Any client unlock may release any client lock; the multiset follows suit.
    const key = this.reasons.has(reason) ? reason : this.reasons.keys().next().value;
    if (key !== undefined) {
      const n = this.reasons.get(key)!;
      if (n === 1) this.reasons.delete(key);
      else this.reasons.set(key, n - 1);
    }
    if (this.canJump() && this.heap.size > 0) this.requestDrain();
  }

  hold(): void {
    this.held++;
  }

  release(reason = 'unspecified'): void {
    if (this.held === 0) throw new Error(`time skipping release ("${reason}") without a matching hold`);
    this.held--;
    if (this.canJump() && this.heap.size > 0) this.requestDrain();
  }

  sleep(ms: number): Promise<void> {
    return this.sleepUntil(this.now() + ms);
  }

  sleepUntil(atMs: number): Promise<void> {
    return new Promise((resolve) => this.schedule(atMs, resolve, 'sleep'));
  }

  unlockWithSleep(ms: number): Promise<void> {
    // Checked first so that a failed unlock leaves no timer behind that would lock later.
    if (this.counter + this.held <= 0) {
      return Promise.reject(new Error('time skipping unlock without a matching lock: the counter is already 0'));
    }
    return new Promise((resolve) => {
      this.schedule(this.now() + ms, () => {
        this.lock(UNLOCK_WITH_SLEEP);
        resolve();
      }, UNLOCK_WITH_SLEEP);
      this.unlock(UNLOCK_WITH_SLEEP);
    });
  }

  describeLocks(): string {
    const parts = [...this.reasons].map(([reason, n]) => `${reason} ×${n}`);
    const head = `${this.counter} lock${this.counter === 1 ? '' : 's'}`;
    const held = this.held > 0 ? `, ${this.held} held by the server` : '';
    return parts.length ? `${head}: ${parts.join(', ')}${held}` : `${head}${held}`;
  }

  wallNow(): number {
    return this.wall();
  }

  protected canJump(): boolean {
    return this.held === 0 && this.counter <= 0;
  }

  protected jumpTo(atMs: number): void {
    if (atMs <= this.now()) return;
    this.base = atMs;
    this.wallBase = this.wall();
    this.last = atMs;
  }

  // The timer's own lock bypasses the reason multiset: it is always balanced, and at 100k fires
  // per jump the Map churn dominated the cost.
  protected fire(entry: TimerEntry): void {
    this.held++;
    try {
      this.runCallback(entry);
    } finally {
      this.held--;
    }
    if (this.canJump() && this.heap.size > 0) this.requestDrain();
  }
}

export function createVirtualClock(opts: VirtualClockOptions = {}): DiagnosableVirtualClock {
  const wall = opts.wall ?? (() => Date.now());
  return new VirtualClockImpl(wall, opts.startMs ?? wall(), opts.locked ?? 1, opts.onError);
}
