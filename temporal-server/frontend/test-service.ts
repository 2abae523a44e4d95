import type { TimerHandle, VirtualClock } from '../clock/clock';
import { durationToMs, msToTimestamp, timestampToMs, type ProtoDuration } from '../proto-time';
import { failedPrecondition, GrpcError, GrpcStatus, invalidArgument } from '../rpc/grpc-error';
import type { CallContext, ServiceHandlers } from '../rpc/handler';

const LOCK = 'TestService LockTimeSkipping';
const SLEEP_LOCK = 'TestService UnlockTimeSkippingWithSleep';

/**
 * FAILED_PRECONDITION, not Java's uncaught IllegalStateException (which reaches clients as
 * UNKNOWN): the TS client retries UNKNOWN ten times with backoff, which would only hide the bug.
 */
function requireLocked(clock: VirtualClock, rpc: string): void {
  if (clock.lockCount() === 0) {
    throw failedPrecondition(`${rpc}: time skipping is not locked (unbalanced lock and unlock calls)`);
  }
}

function requireDuration(duration: ProtoDuration | null | undefined): number {
  const ms = durationToMs(duration) ?? 0; // proto3: an absent duration is zero
  if (!Number.isFinite(ms) || ms < 0) throw invalidArgument(`duration must be a non-negative duration, got ${JSON.stringify(duration)}`);
  return ms;
}

const cancelled = () => new GrpcError(GrpcStatus.CANCELLED, 'call cancelled by the client');

/**
 * Waits for virtual time `atMs`. If the client goes away first, the timer is removed and
 * `onCancel` runs, so an abandoned sleep leaves neither a timer nor a lock change behind.
 */
function waitFor(clock: VirtualClock, atMs: number, label: string, ctx: CallContext, onFire = () => {}, onCancel = () => {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (ctx.signal.aborted) {
      onCancel();
      reject(cancelled());
      return;
    }
    const onAbort = () => {
      timer.cancel();
      onCancel();
      reject(cancelled());
    };
    const timer: TimerHandle = clock.schedule(
      atMs,
      () => {
        ctx.signal.removeEventListener('abort', onAbort);
        onFire();
        resolve();
      },
      label,
    );
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `temporal.api.testservice.v1.TestService` over the server's virtual clock (notes §18.4). */
export function createTestServiceHandlers(clock: VirtualClock): ServiceHandlers {
  return {
    async LockTimeSkipping() {
      clock.lock(LOCK);
      return {};
    },

    async UnlockTimeSkipping() {
      requireLocked(clock, 'UnlockTimeSkipping');
      clock.unlock(LOCK);
      return {};
    },

    async UnlockTimeSkippingWithSleep(req: { duration?: ProtoDuration }, ctx) {
      const ms = requireDuration(req.duration);
      requireLocked(clock, 'UnlockTimeSkippingWithSleep');
      if (ctx.signal.aborted) throw cancelled();
      // The timer is scheduled before the unlock so that, at counter 1, the jump lands on it.
      // A cancelled call re-takes its lock at once: the client will not send the matching lock.
      const relock = () => clock.lock(SLEEP_LOCK);
      const done = waitFor(clock, clock.now() + ms, SLEEP_LOCK, ctx, relock, relock);
      clock.unlock(SLEEP_LOCK);
      await done;
      return {};
    },

    async Sleep(req: { duration?: ProtoDuration }, ctx) {
      const ms = requireDuration(req.duration);
      await waitFor(clock, clock.now() + ms, 'TestService Sleep', ctx);
      return {};
    },

    async SleepUntil(req: { timestamp?: ProtoDuration }, ctx) {
      const atMs = timestampToMs(req.timestamp) ?? clock.now();
      if (!Number.isFinite(atMs)) throw invalidArgument(`invalid timestamp ${JSON.stringify(req.timestamp)}`);
      await waitFor(clock, atMs, 'TestService SleepUntil', ctx);
      return {};
    },

    async GetCurrentTime() {
      return { time: msToTimestamp(clock.now()) };
    },
  };
}
