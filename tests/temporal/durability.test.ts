/**
 * Conformance: durability — our dev server with --db-filename is killed with SIGKILL in the
 * middle of work (a timer pending, a workflow waiting for a signal that already received one, an
 * activity running, an update completed) and restarted on the same file and port. The
 * reconnecting worker and client carry on: every workflow completes with the expected result,
 * no signal is lost, the timer fires, histories stay gap-free and replay.
 * Skipped against real Temporal (REAL_TEMPORAL_SKIPS 'durability').
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import {
  createReplayTracker,
  createWorker,
  freePort,
  getWorkflowBundle,
  installQuietRuntime,
  itEmbeddedOnly,
  launchEmbeddedServer,
  type LaunchedServer,
  uniqueName,
  waitFor,
} from '../helpers/temporal';
import * as activities from './activities';
import { addSignal, collectorWorkflow, doneSignal, echoWorkflow, setValueUpdate, sleepWorkflow, slowActivityWorkflow, updatableWorkflow, valueQuery } from './workflows';

const dir = mkdtempSync(path.join(tmpdir(), 'werkroute-durability-'));
const dbFilename = path.join(dir, 'temporal.db');
let server: LaunchedServer | undefined;

afterAll(async () => {
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('durability across kill -9', () => {
  itEmbeddedOnly('durability')('workflows with a pending timer, signal, activity and update survive a SIGKILL and restart', async () => {
    installQuietRuntime();
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const dbArgs = ['--db-filename', dbFilename];
    server = await launchEmbeddedServer(dbArgs, { port });

    const [connection, nativeConnection] = await Promise.all([Connection.connect({ address }), NativeConnection.connect({ address }), getWorkflowBundle()]);
    const client = new Client({ connection, namespace: 'default' });
    const replay = createReplayTracker();
    const taskQueue = uniqueName('tq');
    const worker = await createWorker({ nativeConnection, namespace: 'default' }, { taskQueue, activities });
    const workerRun = worker.run();
    try {
      const start = <T extends (...args: any[]) => any>(wf: T, args: Parameters<T>) =>
        client.workflow.start(wf, { taskQueue, workflowId: uniqueName(`dur-${wf.name}`), args } as any).then((h) => replay.track(h));

      const done = await start(echoWorkflow, ['done-before-kill']);
      expect(await done.result()).toBe('done-before-kill');
      const timer = await start(sleepWorkflow, [4_000]);
      const signals = await start(collectorWorkflow, [[]]);
      const activity = await start(slowActivityWorkflow, [2_500]);
      const update = await start(updatableWorkflow, []);

      await signals.signal(addSignal, 'before-kill');
      expect(await update.executeUpdate(setValueUpdate, { args: ['before-kill'] })).toBe('initial');
      await waitFor(async () => (await signals.query('items') as string[]).includes('before-kill'), { what: 'signal processed' });
      await waitFor(async () => (await activity.describe()).raw.pendingActivities?.length === 1, { what: 'activity scheduled' });
      await waitFor(async () => (await timer.fetchHistory()).events!.some((e) => e.timerStartedEventAttributes), { what: 'timer started' });
      const lengthsBefore = new Map<string, number>();
      for (const h of [done, timer, signals, activity, update]) lengthsBefore.set(h.workflowId, (await h.describe()).historyLength);

      // --- crash ---
      await server.kill();
      server = await launchEmbeddedServer(dbArgs, { port });

      // everything acknowledged before the crash is still there
      const survived: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const h of [done, timer, signals, activity, update]) {
        const name = h.workflowId.split('-')[1]!;
        expected[name] = 'ok';
        survived[name] = await h.describe().then(
          (d) => (d.historyLength >= lengthsBefore.get(h.workflowId)! ? 'ok' : `history shrank ${lengthsBefore.get(h.workflowId)} → ${d.historyLength}`),
          (e: unknown) => `lost: ${(e as Error).message}`,
        );
      }
      expect(survived).toEqual(expected);
      await signals.signal(addSignal, 'after-restart');
      await signals.signal(doneSignal);
      expect(await update.executeUpdate(setValueUpdate, { args: ['after-restart'] })).toBe('before-kill');
      expect(await update.query(valueQuery)).toBe('after-restart');
      await update.signal(doneSignal);

      const results = await Promise.all([timer.result(), signals.result(), activity.result(), update.result()]);
      expect(results[0].after - results[0].before).toBeGreaterThanOrEqual(4_000);
      expect(results[1]).toEqual(['before-kill', 'after-restart']);
      expect(results[2]).toBe('activity slept 2500');
      expect(results[3]).toBe('after-restart');

      for (const h of [done, timer, signals, activity, update]) {
        const ids = (await h.fetchHistory()).events!.map((e) => Number(e.eventId));
        expect(ids).toEqual(ids.map((_, i) => i + 1));
      }
      expect(await replay.replayAll(client)).toEqual([]);
    } finally {
      worker.shutdown();
      await workerRun.catch(() => undefined);
      await nativeConnection.close();
      await connection.close();
    }
  }, 90_000);
});
