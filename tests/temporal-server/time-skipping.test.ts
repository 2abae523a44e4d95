import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { Worker, NativeConnection, bundleWorkflowCode, Runtime, DefaultLogger } from '@temporalio/worker';
import { startTemporalServer, type RunningTemporalServer } from '../../temporal-server';
import { sleepyWorkflow, greetWorkflow } from './workflows';

const dir = path.dirname(fileURLToPath(import.meta.url));
const DAY = 24 * 3600 * 1000;

describe('time skipping (in process)', () => {
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
      // already installed
    }
    server = await startTemporalServer({ port: 0, timeSkipping: true });
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(dir, 'workflows/index.ts'), logger: new DefaultLogger('WARN') });
    nc = await NativeConnection.connect({ address: server.address });
    worker = await Worker.create({ connection: nc, taskQueue: 'ts', workflowBundle, activities: { greet: async (n: string) => `hi ${n}` } });
    runPromise = worker.run();
    connection = await Connection.connect({ address: server.address, [InternalConnectionOptionsSymbol]: { supportsTestService: true } } as any);
    client = new Client({ connection });
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await runPromise?.catch(() => undefined);
    await connection?.close();
    await nc?.close();
    await server?.stop();
  });

  it('skips 28 days in well under a second once unlocked', async () => {
    const h = await client.workflow.start(sleepyWorkflow, { taskQueue: 'ts', workflowId: 'ts-sleep', args: [28 * DAY] });
    const t0 = Date.now();
    await connection.testService!.unlockTimeSkipping({});
    try {
      const elapsed = await h.result();
      expect(elapsed).toBeGreaterThanOrEqual(28 * DAY);
    } finally {
      await connection.testService!.lockTimeSkipping({});
    }
    // Without skipping this would take 28 real days; the bound only has to tell the two apart.
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('does not skip over an activity in flight; sleep via UnlockTimeSkippingWithSleep', async () => {
    expect(await client.workflow.execute(greetWorkflow, { taskQueue: 'ts', workflowId: 'ts-greet', args: ['x'] })).toBe('hi x');
    const before = (await connection.testService!.getCurrentTime({})).time!;
    await connection.testService!.unlockTimeSkippingWithSleep({ duration: { seconds: 3600 as any } });
    const after = (await connection.testService!.getCurrentTime({})).time!;
    expect(Number(after.seconds) - Number(before.seconds)).toBeGreaterThanOrEqual(3600);
  });
});
