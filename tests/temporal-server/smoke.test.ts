import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowUpdateFailedError, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Worker, NativeConnection, bundleWorkflowCode, Runtime, DefaultLogger } from '@temporalio/worker';
import { startTemporalServer, type RunningTemporalServer } from '../../temporal-server';
import { greetWorkflow, interactiveWorkflow, doneSignal, stateQuery, setUpdate, sleepyWorkflow } from './workflows';

const dir = path.dirname(fileURLToPath(import.meta.url));

describe('temporal-server smoke (real SDK worker + client)', () => {
  let server: RunningTemporalServer;
  let client: Client;
  let worker: Worker;
  let runPromise: Promise<void>;
  let connection: Connection;
  let nc: NativeConnection;

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed in this process
    }
    server = await startTemporalServer({ port: 0 });
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(dir, 'workflows/index.ts'), logger: new DefaultLogger('WARN') });
    nc = await NativeConnection.connect({ address: server.address });
    worker = await Worker.create({
      connection: nc,
      taskQueue: 'smoke',
      workflowBundle,
      activities: { greet: async (name: string) => `hello ${name}` },
    });
    runPromise = worker.run();
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await runPromise?.catch(() => undefined);
    await connection?.close();
    await nc?.close();
    await server?.stop();
  });

  it('runs a workflow with an activity', async () => {
    const res = await client.workflow.execute(greetWorkflow, { taskQueue: 'smoke', workflowId: 'greet-1', args: ['werk'] });
    expect(res).toBe('hello werk');
    const hist = await client.workflow.getHandle('greet-1').fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: undefined as any, workflowsPath: path.join(dir, 'workflows/index.ts') }, hist).catch((e) => {
      throw e;
    });
  });

  it('signals, queries and updates', async () => {
    const h = await client.workflow.start(interactiveWorkflow, { taskQueue: 'smoke', workflowId: 'inter-1' });
    expect(await h.query(stateQuery)).toBe('patched');
    expect(await h.executeUpdate(setUpdate, { args: ['x'] })).toBe('patched');
    await expect(h.executeUpdate(setUpdate, { args: ['bad'] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(await h.query(stateQuery)).toBe('x');
    await h.signal(doneSignal, 'finished');
    expect(await h.result()).toBe('finished');
    expect(await h.query(stateQuery)).toBe('finished');
    const d = await h.describe();
    expect(d.status.name).toBe('COMPLETED');
  });

  it('update-with-start starts the workflow and returns the update result; FAIL conflict surfaces as already started', async () => {
    const op = () => new WithStartWorkflowOperation(interactiveWorkflow, { workflowId: 'uws-1', taskQueue: 'smoke', workflowIdConflictPolicy: 'USE_EXISTING' });
    const first = op();
    expect(await client.workflow.executeUpdateWithStart(setUpdate, { args: ['a'], startWorkflowOperation: first })).toBe('patched');
    expect(await client.workflow.executeUpdateWithStart(setUpdate, { args: ['b'], startWorkflowOperation: op() })).toBe('a');
    const h = await first.workflowHandle();
    await h.signal(doneSignal, 'end');
    expect(await h.result()).toBe('end');
    const failing = new WithStartWorkflowOperation(interactiveWorkflow, { workflowId: 'uws-1', taskQueue: 'smoke', workflowIdConflictPolicy: 'FAIL', workflowIdReusePolicy: 'REJECT_DUPLICATE' });
    await expect(client.workflow.executeUpdateWithStart(setUpdate, { args: ['c'], startWorkflowOperation: failing })).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  });

  it('fires timers', async () => {
    const elapsed = await client.workflow.execute(sleepyWorkflow, { taskQueue: 'smoke', workflowId: 'sleepy-1', args: [300] });
    expect(elapsed).toBeGreaterThanOrEqual(300);
  });
});
