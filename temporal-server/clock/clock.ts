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
  /**
   * The TestService's counter (LockTimeSkipping / UnlockTimeSkipping, the initial lock): + 1.
   * No-op on the wall clock.
   */
  lock(reason?: string): void;
  /**
   * Counter − 1. Throws if nothing at all is locked (counter + holds = 0). The counter may go below
   * zero while the server holds time: each concurrent `result()` of the TS test client unlocks once.
   */
  unlock(reason?: string): void;
  /**
   * The server's own hold on virtual time for work in flight (a workflow task, an activity, a child
   * start, a mutation): time never jumps while one exists, whatever the TestService counter says.
   * Must be called synchronously by the work that is in flight. No-op on the wall clock.
   */
  hold(reason?: string): void;
  /** Releases a hold; throws if there is none (a server bug). No-op on the wall clock. */
  release(reason?: string): void;
  /**
   * Real (wall) time in epoch ms, for what runs on real time whatever the mode: the callers' gRPC
   * deadlines, poller freshness, cache ages. Injected with the clock, like `now()`.
   */
  wallNow(): number;
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
