import type { Clock } from './clock';
import { BaseClock, type TimerErrorHandler } from './base-clock';
import type { TimerEntry } from './timer-heap';

class WallClock extends BaseClock {
  readonly timeSkipping = false;

  now(): number {
    return Date.now();
  }

  // The dev server has no time skipping; the engine locks unconditionally, so these must be free.
  lock(): void {}
  unlock(): void {}
  hold(): void {}
  release(): void {}

  wallNow(): number {
    return Date.now();
  }

  protected canJump(): boolean {
    return false;
  }

  protected jumpTo(): void {}

  protected fire(entry: TimerEntry): void {
    this.runCallback(entry);
  }
}

export interface WallClockOptions {
  onError?: TimerErrorHandler;
}

export function createWallClock(opts: WallClockOptions = {}): Clock & { pendingTimers(): number } {
  return new WallClock(opts.onError);
}
