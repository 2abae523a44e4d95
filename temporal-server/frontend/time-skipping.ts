import type { VirtualClock } from '../clock/clock';
import type { ServiceHandlers } from '../rpc/handler';
import { createTestServiceHandlers } from './test-service';

export function createTimeSkippingHandlers(clock: VirtualClock): ServiceHandlers {
  return createTestServiceHandlers(clock);
}
