import type { Clock, TimerHandle } from './clock';
import { HeapTimer, TimerHeap, type TimerEntry } from './timer-heap';

/** Node clamps longer setTimeout delays to 1 ms; far timers re-arm when this one fires. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/**
 * Fires per drain before yielding to the event loop. A timer whose callback keeps scheduling
 * another one without taking a lock would otherwise make time run away synchronously and starve
 * all I/O; with the yield the server stays responsive and the cause shows in `describeLocks()`.
 */
const FIRES_PER_TURN = 10_000;

export type TimerErrorHandler = (error: unknown, label: string) => void;

const defaultOnError: TimerErrorHandler = (error, label) => {
  console.error(`[clock] timer "${label}" threw:`, error);
};

const inertHandle = (atMs: number): TimerHandle => ({ atMs, cancel: () => {} });

/**
 * Timer machinery shared by the wall and virtual clocks: one heap, at most one real setTimeout
 * (for the earliest timer) and at most one pending setImmediate (for due timers and jumps).
 */
export abstract class BaseClock implements Clock {
  abstract readonly timeSkipping: boolean;
  abstract now(): number;
  abstract lock(reason?: string): void;
  abstract unlock(reason?: string): void;
  abstract hold(reason?: string): void;
  abstract release(reason?: string): void;

  /** The clock real timers run on; used to compare real-timer deadlines across time jumps. */
  abstract wallNow(): number;
  /** True when time may jump to the next timer instead of waiting for it. */
  protected abstract canJump(): boolean;
  protected abstract jumpTo(atMs: number): void;
  /** Runs a due timer's callback (the virtual clock holds a lock around it). */
  protected abstract fire(entry: TimerEntry): void;

  protected readonly heap = new TimerHeap();
  protected closed = false;
  private seq = 0;
  private draining = false;
  private realTimer: ReturnType<typeof setTimeout> | undefined;
  private realDeadline = Infinity;
  private immediate: ReturnType<typeof setImmediate> | undefined;

  constructor(protected readonly onError: TimerErrorHandler = defaultOnError) {}

  schedule(atMs: number, callback: () => void, label = 'timer'): TimerHandle {
    if (this.closed) return inertHandle(atMs);
    const entry = new HeapTimer(atMs, callback, label, this.heap);
    this.scheduleEntry(entry);
    // On cancel an armed real timer is left alone: if it fires early, the drain finds nothing and re-arms.
    return entry;
  }

  scheduleEntry(entry: TimerEntry): void {
    if (this.closed) return;
    entry.seq = this.seq++;
    this.heap.push(entry);
    // While draining, the drain loop itself picks new timers up and re-arms at its end.
    if (!this.draining) {
      if (entry.atMs <= this.now() || this.canJump()) this.requestDrain();
      else if (this.heap.peek() === entry) this.armRealTimer();
    }
  }

  cancelEntry(entry: TimerEntry): void {
    this.heap.remove(entry);
  }

  close(): void {
    this.closed = true;
    this.heap.clear();
    if (this.realTimer) clearTimeout(this.realTimer);
    if (this.immediate) clearImmediate(this.immediate);
    this.realTimer = undefined;
    this.immediate = undefined;
  }

  pendingTimers(): number {
    return this.heap.size;
  }

  protected runCallback(entry: TimerEntry): void {
    try {
      entry.fire();
    } catch (error) {
      this.onError(error, entry.label);
    }
  }

  /** Asynchronous on purpose: an unlock followed synchronously by a lock must not jump. */
  protected requestDrain(): void {
    if (this.closed || this.immediate) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.drain();
    });
  }

  private drain(): void {
    if (this.closed || this.draining) return;
    this.draining = true;
    try {
      for (let fired = 0; ; fired++) {
        if (this.closed) return;
        const top = this.heap.peek();
        if (!top) break;
        if (fired === FIRES_PER_TURN) {
          this.requestDrain();
          break;
        }
        if (top.atMs > this.now()) {
          if (!this.canJump()) break;
          this.jumpTo(top.atMs);
        }
        this.heap.pop();
        this.fire(top);
      }
    } finally {
      this.draining = false;
    }
    this.armRealTimer();
  }

  private armRealTimer(): void {
    const top = this.heap.peek();
    if (!top || this.closed) {
      if (this.realTimer) clearTimeout(this.realTimer);
      this.realTimer = undefined;
      return;
    }
    const delay = Math.min(Math.max(0, top.atMs - this.now()), MAX_TIMEOUT_MS);
    const deadline = this.wallNow() + delay;
    if (this.realTimer && this.realDeadline <= deadline) return;
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realDeadline = deadline;
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      this.drain();
    }, delay);
  }
}
