import type { VirtualClock } from '../clock/clock';
import type { ServiceHandlers } from '../rpc/handler';
import { GrpcError, GrpcStatus } from '../rpc/grpc-error';
import { durationToMs, tsToMs, msToTs } from '../proto/codec';

// TODO(integration): replace with the periphery's createTestServiceHandlers once it lands.
export function createTimeSkippingHandlers(clock: VirtualClock): ServiceHandlers {
  return {
    async LockTimeSkipping() {
      clock.lock('TestService');
      return {};
    },
    async UnlockTimeSkipping() {
      if (clock.lockCount() <= 0) throw new GrpcError(GrpcStatus.FAILED_PRECONDITION, 'Time skipping is not locked');
      clock.unlock('TestService');
      return {};
    },
    async Sleep(req) {
      await clock.sleep(durationToMs(req.duration) ?? 0);
      return {};
    },
    async SleepUntil(req) {
      await clock.sleepUntil(tsToMs(req.timestamp) ?? 0);
      return {};
    },
    async UnlockTimeSkippingWithSleep(req) {
      await clock.unlockWithSleep(durationToMs(req.duration) ?? 0);
      return {};
    },
    async GetCurrentTime() {
      return { time: msToTs(clock.now()) };
    },
  };
}
