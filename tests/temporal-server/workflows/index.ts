import { proxyActivities, defineSignal, defineQuery, defineUpdate, setHandler, condition, sleep, patched } from '@temporalio/workflow';

const { greet } = proxyActivities<{ greet(name: string): Promise<string> }>({ startToCloseTimeout: '10s' });

export async function greetWorkflow(name: string): Promise<string> {
  return await greet(name);
}

export const doneSignal = defineSignal<[string]>('done');
export const stateQuery = defineQuery<string>('state');
export const setUpdate = defineUpdate<string, [string]>('set');

export async function interactiveWorkflow(): Promise<string> {
  let state = 'start';
  let done = false;
  setHandler(stateQuery, () => state);
  setHandler(doneSignal, (v) => {
    state = v;
    done = true;
  });
  setHandler(
    setUpdate,
    (v) => {
      const prev = state;
      state = v;
      return prev;
    },
    { validator: (v) => { if (v === 'bad') throw new Error('rejected value'); } },
  );
  if (patched('p1')) state = 'patched';
  await condition(() => done);
  return state;
}

export async function sleepyWorkflow(ms: number): Promise<number> {
  const start = Date.now();
  await sleep(ms);
  return Date.now() - start;
}

export async function manyStepsWorkflow(steps: number): Promise<number> {
  for (let i = 0; i < steps; i++) await greet(String(i));
  return steps;
}
