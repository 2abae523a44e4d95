export type { Clock, TimerHandle, VirtualClock } from './clock';
export { createWallClock, type WallClockOptions } from './wall-clock';
export { createVirtualClock, type VirtualClockOptions, type DiagnosableVirtualClock } from './virtual-clock';
export type { TimerErrorHandler } from './base-clock';
