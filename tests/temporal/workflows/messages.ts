/** Workflows driven by signals, queries and updates. */
import { ApplicationFailure, condition, defineQuery, defineSignal, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export const addSignal = defineSignal<[string]>('add');
export const doneSignal = defineSignal('done');
export const itemsQuery = defineQuery<string[]>('items');
export const failingQuery = defineQuery<string>('failingQuery');

/** Collects `add` signals until `done`; `items` queries them; returns them. */
export async function collectorWorkflow(initial: string[] = []): Promise<string[]> {
  const items = [...initial];
  let done = false;
  setHandler(addSignal, (item) => void items.push(item));
  setHandler(doneSignal, () => void (done = true));
  setHandler(itemsQuery, () => items);
  setHandler(failingQuery, () => {
    throw new Error('query handler failed on purpose');
  });
  await condition(() => done);
  return items;
}

export const setValueUpdate = defineUpdate<string, [string]>('setValue');
export const slowUpdate = defineUpdate<string, [number]>('slowUpdate');
export const valueQuery = defineQuery<string>('value');

/**
 * Holds a value. `setValue(v)` returns the previous value; its validator rejects 'bad' (no
 * trace in history) and its handler fails for 'fail' (accepted, completed with a failure).
 * `done` ends the workflow with the current value.
 */
export async function updatableWorkflow(): Promise<string> {
  let value = 'initial';
  let done = false;
  setHandler(
    setValueUpdate,
    async (v) => {
      // an ApplicationFailure fails the update; a plain Error would fail the workflow task instead
      if (v === 'fail') throw ApplicationFailure.create({ message: 'update handler failed on purpose', type: 'UpdateFailed' });
      const previous = value;
      value = v;
      return previous;
    },
    {
      validator: (v) => {
        if (v === 'bad') throw new Error('rejected by validator: bad value');
      },
    },
  );
  setHandler(slowUpdate, async (ms) => {
    await sleep(ms);
    return `slept ${ms}`;
  });
  setHandler(valueQuery, () => value);
  setHandler(doneSignal, () => void (done = true));
  await condition(() => done);
  return value;
}
