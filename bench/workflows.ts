/** Workflows of the Temporal benchmarks (bundled by bench/temporal.ts). */
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

interface BenchActivities {
  noop(): Promise<void>;
}

export async function noopWorkflow(): Promise<void> {}

/** omes `WorkflowWithSingleNoopActivity`. */
export async function singleNoopActivityWorkflow(): Promise<void> {
  const { noop } = proxyActivities<BenchActivities>({ startToCloseTimeout: '10s' });
  await noop();
}

export const echoUpdate = defineUpdate<number, [number]>('echo');
export const stopSignal = defineSignal('stop');

/** Parked at `condition`; `echo(n)` returns n. */
export async function parkedUpdateWorkflow(): Promise<void> {
  let stop = false;
  setHandler(echoUpdate, (n) => n);
  setHandler(stopSignal, () => void (stop = true));
  await condition(() => stop);
}

/** An idle open workflow with one pending timer. */
export async function idleTimerWorkflow(): Promise<void> {
  await sleep('1 day');
}
