/**
 * The server's only source of time. In time-skipping mode it is a virtual clock with a lock
 * counter (Temporal test-server semantics); otherwise it is the wall clock. Every timer of the
 * server (user timers, activity and workflow-task timeouts, retries, start delays, sleeps) is
 * scheduled through it, so skipping moves all of them consistently.
 */
export interface Clock {
  /** Epoch ms: virtual time when skipping, wall time otherwise. */
  now(): number;
  /** Runs `callback` once when `now() >= atMs`. Cheap: thousands of timers share one heap. */
  schedule(atMs: number, callback: () => void, label?: string): TimerHandle;
  /** Schedules a caller-owned entry: no handle or closure is allocated (long-lived user timers). */
  scheduleEntry(entry: ClockEntry): void;
  /** Unschedules an entry; a no-op if it already fired or was never scheduled. */
  cancelEntry(entry: ClockEntry): void;
  /** Hold virtual time (counter + 1). No-op on the wall clock. Must be called synchronously by work that is in flight. */
  lock(reason?: string): void;
  /** Release a hold (counter − 1). Throws if the counter is already 0. No-op on the wall clock. */
  unlock(reason?: string): void;
  readonly timeSkipping: boolean;
  /** Stops all timers; used at shutdown. */
  close(): void;
}

/** A timer that is its own heap entry. */
export interface ClockEntry {
  /** Deadline (epoch ms); fixed while scheduled. */
  readonly atMs: number;
  /** Tie-breaker set by the clock: equal deadlines fire in scheduling order. */
  seq: number;
  /** Slot in the clock's heap, set by the clock; -1 while not scheduled. */
  index: number;
  readonly label: string;
  fire(): void;
}

export interface TimerHandle {
  readonly atMs: number;
  cancel(): void;
}

/** Extra operations the TestService needs on a virtual clock. */
export interface VirtualClock extends Clock {
  lockCount(): number;
  /** Resolves when virtual time reaches now + ms (counter unchanged). */
  sleep(ms: number): Promise<void>;
  sleepUntil(atMs: number): Promise<void>;
  /** UnlockTimeSkippingWithSleep: schedule now+ms (its callback re-locks, then resolves), then unlock. */
  unlockWithSleep(ms: number): Promise<void>;
}
