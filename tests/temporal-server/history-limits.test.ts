/**
 * History limits as Temporal enforces them: a run past `limit.historyCount.error` is terminated with
 * Temporal's reason when its next workflow task completes; below the limit nothing happens. The
 * numbers are lowered through the dynamic config, as `temporal server start-dev --dynamic-config-value` does.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startTemporalServer, type RunningTemporalServer } from '../../temporal-server';
import { DEFAULT_HISTORY_LIMITS, HISTORY_LIMIT_REASON, historyLimitsFrom } from '../../temporal-server/machines/history-limits';
import { manyStepsWorkflow } from './workflows';

const dir = path.dirname(fileURLToPath(import.meta.url));

describe('history limits', () => {
  let server: RunningTemporalServer;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let nc: NativeConnection;

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // already installed
    }
    server = await startTemporalServer({ port: 0, dynamicConfig: { 'limit.historyCount.error': '40', 'limit.historyCount.warn': '20' } });
    nc = await NativeConnection.connect({ address: server.address });
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(dir, 'workflows/index.ts'), logger: new DefaultLogger('ERROR') });
    worker = await Worker.create({ connection: nc, taskQueue: 'limits', workflowBundle, activities: { greet: async (n: string) => n } });
    running = worker.run();
    client = new Client({ connection: await Connection.connect({ address: server.address }) });
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await client?.connection.close();
    await nc?.close();
    await server?.stop();
  });

  it("uses Temporal's default numbers unless the dynamic config lowers them", () => {
    expect(DEFAULT_HISTORY_LIMITS).toEqual({ countWarn: 10_240, countError: 51_200, sizeWarn: 10 * 1024 * 1024, sizeError: 50 * 1024 * 1024 });
    expect(historyLimitsFrom({ 'limit.historySize.error': '1000' }).sizeError).toBe(1000);
    expect(() => historyLimitsFrom({ 'limit.historyCount.error': 'many' })).toThrow(/limit\.historyCount\.error must be a positive integer/);
  });

  it('a run below the limit completes', async () => {
    expect(await client.workflow.execute(manyStepsWorkflow, { taskQueue: 'limits', workflowId: 'limits-small', args: [3] })).toBe(3);
  });

  it('a run past the limit is terminated with the reason Temporal gives', async () => {
    const h = await client.workflow.start(manyStepsWorkflow, { taskQueue: 'limits', workflowId: 'limits-big', args: [50] });
    const err = await h.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const d = await h.describe();
    expect(d.status.name).toBe('TERMINATED');
    expect(d.historyLength).toBeGreaterThan(40);
    expect(d.historyLength).toBeLessThan(50);
    const last = (await h.fetchHistory()).events!.at(-1)!;
    expect(last.workflowExecutionTerminatedEventAttributes?.reason).toBe(HISTORY_LIMIT_REASON);
    expect(last.workflowExecutionTerminatedEventAttributes?.identity).toBe('history-service');
  });
});
