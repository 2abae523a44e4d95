import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../temporal-server/clock';
import { createTestServiceHandlers } from '../../temporal-server/frontend/test-service';
import { durationToMs, msToDuration, msToTimestamp, timestampToMs } from '../../temporal-server/proto-time';
import { GrpcError, GrpcStatus } from '../../temporal-server/rpc/grpc-error';
import type { CallContext } from '../../temporal-server/rpc/handler';

const DAY = 86_400_000;
const T0 = Date.UTC(2030, 0, 1);

const ctx = (signal = new AbortController().signal): CallContext => ({ signal });

function setup(locked = 1) {
  let wall = 0;
  const clock = createVirtualClock({ startMs: T0, locked, wall: () => wall });
  const h = createTestServiceHandlers(clock);
  const call = (method: string, req: unknown = {}, c: CallContext = ctx()) => h[method]!(req, c);
  return { clock, call, advanceWall: (ms: number) => void (wall += ms) };
}

const seconds = (s: number) => ({ seconds: s, nanos: 0 });

async function grpcCode(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GrpcError) return e.code;
    throw e;
  }
  throw new Error('expected a GrpcError');
}

describe('TestService handlers', () => {
  it('registers exactly the six TestService methods', () => {
    const { clock } = setup();
    expect(Object.keys(createTestServiceHandlers(clock)).sort()).toEqual(
      ['GetCurrentTime', 'LockTimeSkipping', 'Sleep', 'SleepUntil', 'UnlockTimeSkipping', 'UnlockTimeSkippingWithSleep'].sort(),
    );
    clock.close();
  });

  it('Lock and Unlock move the counter; an unbalanced unlock is FAILED_PRECONDITION', async () => {
    const { clock, call } = setup();
    await expect(call('LockTimeSkipping')).resolves.toEqual({});
    expect(clock.lockCount()).toBe(2);
    await call('UnlockTimeSkipping');
    await call('UnlockTimeSkipping');
    expect(clock.lockCount()).toBe(0);
    expect(await grpcCode(call('UnlockTimeSkipping'))).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(clock.lockCount()).toBe(0);
    expect(await grpcCode(call('UnlockTimeSkippingWithSleep', { duration: seconds(1) }))).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(clock.pendingTimers()).toBe(0);
    clock.close();
  });

  it('GetCurrentTime returns the virtual time as a Timestamp', async () => {
    const { clock, call, advanceWall } = setup();
    advanceWall(1_500);
    expect(await call('GetCurrentTime')).toEqual({ time: msToTimestamp(T0 + 1_500) });
    clock.close();
  });

  it('UnlockTimeSkippingWithSleep at counter 1 skips the duration and returns locked', async () => {
    const { clock, call } = setup();
    await call('UnlockTimeSkippingWithSleep', { duration: seconds(30 * 86_400) });
    expect(clock.now()).toBe(T0 + 30 * DAY);
    expect(clock.lockCount()).toBe(1);
    const { time } = (await call('GetCurrentTime')) as { time: { seconds: number; nanos: number } };
    expect(timestampToMs(time)).toBe(T0 + 30 * DAY);
    clock.close();
  });

  it('UnlockTimeSkippingWithSleep fires workflow timers that fall inside the sleep', async () => {
    const { clock, call } = setup();
    const seen: number[] = [];
    clock.schedule(T0 + DAY, () => seen.push(clock.now()));
    await call('UnlockTimeSkippingWithSleep', { duration: seconds(2 * 86_400) });
    expect(seen).toEqual([T0 + DAY]);
    clock.close();
  });

  it('a cancelled UnlockTimeSkippingWithSleep removes its timer and restores the counter', async () => {
    const { clock, call } = setup(2); // counter 2: the sleep cannot jump, so it is still pending
    const ac = new AbortController();
    const p = call('UnlockTimeSkippingWithSleep', { duration: seconds(3_600) }, ctx(ac.signal));
    expect(clock.lockCount()).toBe(1);
    expect(clock.pendingTimers()).toBe(1);
    ac.abort();
    expect(await grpcCode(p)).toBe(GrpcStatus.CANCELLED);
    expect(clock.lockCount()).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
    clock.close();
  });

  it('Sleep and SleepUntil wait for virtual time and leave the counter alone', async () => {
    const { clock, call } = setup(0);
    await call('Sleep', { duration: { seconds: 10, nanos: 500_000_000 } });
    expect(clock.now()).toBe(T0 + 10_500);
    await call('SleepUntil', { timestamp: msToTimestamp(T0 + DAY) });
    expect(clock.now()).toBe(T0 + DAY);
    await call('Sleep', {}); // absent duration = 0
    expect(clock.lockCount()).toBe(0);
    clock.close();
  });

  it('a cancelled Sleep drops its timer', async () => {
    const { clock, call } = setup(1);
    const ac = new AbortController();
    const p = call('Sleep', { duration: seconds(60) }, ctx(ac.signal));
    expect(clock.pendingTimers()).toBe(1);
    ac.abort();
    expect(await grpcCode(p)).toBe(GrpcStatus.CANCELLED);
    expect(clock.pendingTimers()).toBe(0);
    expect(clock.lockCount()).toBe(1);
    clock.close();
  });

  it('rejects a negative duration with INVALID_ARGUMENT', async () => {
    const { clock, call } = setup();
    expect(await grpcCode(call('Sleep', { duration: { seconds: -1, nanos: 0 } }))).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(await grpcCode(call('UnlockTimeSkippingWithSleep', { duration: { seconds: -5 } }))).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(clock.lockCount()).toBe(1);
    clock.close();
  });
});

describe('proto time helpers', () => {
  it.each<[number, { seconds: number; nanos: number }, { seconds: number; nanos: number }]>([
    [0, { seconds: 0, nanos: 0 }, { seconds: 0, nanos: 0 }],
    [1_500, { seconds: 1, nanos: 500_000_000 }, { seconds: 1, nanos: 500_000_000 }],
    [-1_500, { seconds: -1, nanos: -500_000_000 }, { seconds: -2, nanos: 500_000_000 }],
    [0.000001, { seconds: 0, nanos: 1 }, { seconds: 0, nanos: 1 }],
    [999.9999999, { seconds: 1, nanos: 0 }, { seconds: 1, nanos: 0 }],
  ])('%d ms → Duration %j, Timestamp %j', (ms, duration, timestamp) => {
    expect(msToDuration(ms)).toEqual(duration);
    expect(msToTimestamp(ms)).toEqual(timestamp);
    expect(durationToMs(duration)).toBeCloseTo(ms, 3);
    expect(timestampToMs(timestamp)).toBeCloseTo(ms, 3);
  });

  it('reads absent, string and Long-shaped seconds', () => {
    expect(durationToMs(undefined)).toBeUndefined();
    expect(timestampToMs(null)).toBeUndefined();
    expect(durationToMs({})).toBe(0);
    expect(durationToMs({ seconds: '12', nanos: 5_000_000 })).toBe(12_005);
    expect(timestampToMs({ seconds: { low: 1_000, high: 0, unsigned: false } })).toBe(1_000_000);
    expect(timestampToMs(msToTimestamp(Date.UTC(2100, 0, 1)))).toBe(Date.UTC(2100, 0, 1));
  });
});
