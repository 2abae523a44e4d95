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

interface RouteActivities {
  step(input: string): Promise<string>;
}

/**
 * A melding's worth of history: `steps` activities with a few hundred bytes in and out (a real route
 * has 200–400 events), then parked on a signal with a 30-day timeout, as an open melding waits on
 * its clocks.
 */
export async function routeWorkflow(steps: number, park: boolean): Promise<number> {
  const { step } = proxyActivities<RouteActivities>({ startToCloseTimeout: '10s' });
  let stop = false;
  setHandler(stopSignal, () => void (stop = true));
  for (let i = 0; i < steps; i++) await step(`stap ${i} `.padEnd(300, '.'));
  if (park) await condition(() => stop, '30 days');
  return steps;
}
