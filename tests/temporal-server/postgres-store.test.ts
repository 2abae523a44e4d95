/**
 * The embedded server on its PostgreSQL store, through the real SDK: state survives a restart,
 * closed runs leave memory and are read back on demand, retention deletes what it should and
 * nothing else, one engine per store, and a journal of the earlier format is imported once.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Long from 'long';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startTemporalServer, StoreInUseError } from '../../temporal-server';
import { encodeRecord } from '../../temporal-server/persistence/json-codec';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { greetWorkflow, interactiveWorkflow, doneSignal, stateQuery, sleepyWorkflow } from './workflows';

const dir = path.dirname(fileURLToPath(import.meta.url));
const DAY = 86_400_000;
/** Durations in raw requests carry protobuf longs. */
const secs = (n: number) => Long.fromNumber(n);

describe('temporal-server on PostgreSQL', () => {
  let t: TestDatabase;
  let bundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;
  const open: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // already installed in this process
    }
    t = await createTestDatabase('temporal_store');
    bundle = await bundleWorkflowCode({ workflowsPath: path.join(dir, 'workflows/index.ts'), logger: new DefaultLogger('ERROR') });
  }, 60_000);

  // A failed test must not leave its server holding the store for the next one.
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.stop().catch(() => undefined);
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** A server on the test database with a worker and a client; `stop()` ends all three. */
  async function boot(opts: Parameters<typeof startTemporalServer>[0] = {}) {
    const server = await startTemporalServer({ port: 0, databaseUrl: t.url, ...opts });
    const nc = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({ connection: nc, taskQueue: 'store', workflowBundle: bundle, activities: { greet: async (n: string) => `hello ${n}` } });
    const running = worker.run();
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    let stopped = false;
    const handle = {
      server,
      client,
      async stop() {
        if (stopped) return;
        stopped = true;
        worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
        await nc.close();
        await server.stop();
      },
    };
    open.push(handle);
    return handle;
  }

  it('keeps open and closed runs across a restart; an open run carries on', async () => {
    let s = await boot();
    expect(s.server.storage).toBe('PostgreSQL schema "temporal"');
    expect(await s.client.workflow.execute(greetWorkflow, { taskQueue: 'store', workflowId: 'pg-greet', args: ['pg'] })).toBe('hello pg');
    const h = await s.client.workflow.start(interactiveWorkflow, { taskQueue: 'store', workflowId: 'pg-inter' });
    expect(await h.query(stateQuery)).toBe('patched');
    const sleeper = await s.client.workflow.start(sleepyWorkflow, { taskQueue: 'store', workflowId: 'pg-sleep', args: [3_000] });
    // Stopped once the timer is started (a task still out with the stopped worker waits for its 10 s timeout).
    await waitUntilAsync(async () => (await sleeper.fetchHistory()).events!.some((e) => e.timerStartedEventAttributes));
    await s.stop();

    s = await boot();
    await s.client.workflow.getHandle('pg-inter').signal(doneSignal, 'after-restart');
    expect(await s.client.workflow.getHandle('pg-inter').result()).toBe('after-restart');
    expect(await s.client.workflow.getHandle(sleeper.workflowId).result()).toBeGreaterThanOrEqual(2_900);
    const closed = await s.client.workflow.getHandle('pg-greet').describe();
    expect(closed.status.name).toBe('COMPLETED');
    const events = (await s.client.workflow.getHandle('pg-greet').fetchHistory()).events!;
    expect(events.map((e) => Number(e.eventId))).toEqual(events.map((_, i) => i + 1));
    await s.stop();
  });

  it('closed runs leave memory and are read back on demand (describe, history, reuse policy, list)', async () => {
    const s = await boot({ storeOptions: { closedCache: { maxRuns: 2, maxHistoryBytes: 1 << 20 } } });
    for (let i = 0; i < 6; i++) await s.client.workflow.execute(greetWorkflow, { taskQueue: 'store', workflowId: `pg-evict-${i}`, args: [String(i)] });
    await waitUntil(() => s.server.stats().runsInMemory <= 2);
    expect(await s.client.workflow.getHandle('pg-evict-0').result()).toBe('hello 0');
    expect((await s.client.workflow.getHandle('pg-evict-1').describe()).status.name).toBe('COMPLETED');
    await expect(
      s.client.workflow.start(greetWorkflow, { taskQueue: 'store', workflowId: 'pg-evict-2', args: ['x'], workflowIdReusePolicy: 'REJECT_DUPLICATE' }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    const listed: string[] = [];
    for await (const w of s.client.workflow.list({ query: `WorkflowId STARTS_WITH 'pg-evict-'` })) listed.push(w.workflowId);
    expect(listed.sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `pg-evict-${i}`));
    // Reading them back brought them in; the cache bound holds again afterwards.
    await waitUntil(() => s.server.stats().runsInMemory <= 2);
    await s.stop();
  });

  it('idle open runs leave their history to the store and take it back for the next task, sticky or not', async () => {
    const s = await boot({ storeOptions: { openHistoryBytes: 0, minIdleMs: 0 } });
    const handles = await Promise.all([0, 1, 2].map((i) => s.client.workflow.start(interactiveWorkflow, { taskQueue: 'store', workflowId: `pg-cold-${i}` })));
    for (const h of handles) expect(await h.query(stateQuery)).toBe('patched');
    await waitUntil(() => s.server.stats().coldRuns >= 3);
    for (const [i, h] of handles.entries()) await h.signal(doneSignal, `cold-${i}`);
    for (const [i, h] of handles.entries()) expect(await h.result()).toBe(`cold-${i}`);
    const events = (await handles[0]!.fetchHistory()).events!;
    expect(events.map((e) => Number(e.eventId))).toEqual(events.map((_, i) => i + 1));
    await s.stop();
  });

  it('a start reads no history: open runs come back cold and warm up when they are needed', async () => {
    let s = await boot();
    const h = await s.client.workflow.start(interactiveWorkflow, { taskQueue: 'store', workflowId: 'pg-cold-start' });
    expect(await h.query(stateQuery)).toBe('patched');
    await s.stop();
    s = await boot();
    expect(s.server.stats().coldRuns).toBe(s.server.stats().openRuns);
    expect(await s.client.workflow.getHandle('pg-cold-start').query(stateQuery)).toBe('patched');
    await s.client.workflow.getHandle('pg-cold-start').signal(doneSignal, 'warm');
    expect(await s.client.workflow.getHandle('pg-cold-start').result()).toBe('warm');
    await s.stop();
  });

  it('retention deletes closed runs past their namespace retention, histories included, and nothing else', async () => {
    const s = await boot();
    await s.client.workflow.execute(greetWorkflow, { taskQueue: 'store', workflowId: 'pg-ret-closed', args: ['r'] });
    const openRun = await s.client.workflow.start(interactiveWorkflow, { taskQueue: 'store', workflowId: 'pg-ret-open' });
    await openRun.query(stateQuery);
    const runId = (await s.client.workflow.getHandle('pg-ret-closed').describe()).runId;
    const ns = await s.client.connection.workflowService.describeNamespace({ namespace: 'default' });
    expect(Number(ns.config!.workflowExecutionRetentionTtl!.seconds)).toBe(30 * 86_400);

    expect(await s.server.sweepRetention(Date.now() + 29 * DAY)).toBe(0);
    const deleted = await s.server.sweepRetention(Date.now() + 31 * DAY);
    expect(deleted).toBeGreaterThanOrEqual(1);
    await expect(s.client.workflow.getHandle('pg-ret-closed').describe()).rejects.toThrow(/not found/i);
    const [rows] = await t.sql<{ n: number }[]>`select count(*)::int as n from temporal.history_node where run_id = ${runId}`;
    expect(rows!.n).toBe(0);
    expect((await openRun.describe()).status.name).toBe('RUNNING');
    await openRun.signal(doneSignal, 'end');
    expect(await openRun.result()).toBe('end');
    await s.stop();
  });

  it('honours a retention set with UpdateNamespace', async () => {
    const s = await boot();
    await s.client.connection.workflowService.updateNamespace({ namespace: 'default', config: { workflowExecutionRetentionTtl: { seconds: secs(2 * 86_400) } } });
    await s.client.workflow.execute(greetWorkflow, { taskQueue: 'store', workflowId: 'pg-ret-short', args: ['r'] });
    expect(await s.server.sweepRetention(Date.now() + 1.5 * DAY)).toBe(0);
    expect(await s.server.sweepRetention(Date.now() + 2.5 * DAY)).toBeGreaterThanOrEqual(1);
    await s.stop();
    const again = await boot();
    const ns = await again.client.connection.workflowService.describeNamespace({ namespace: 'default' });
    expect(Number(ns.config!.workflowExecutionRetentionTtl!.seconds)).toBe(2 * 86_400);
    await again.client.connection.workflowService.updateNamespace({ namespace: 'default', config: { workflowExecutionRetentionTtl: { seconds: secs(30 * 86_400) } } });
    await again.stop();
  });

  it('takes the retention from the dynamic config at every start, for its own namespaces and new ones', async () => {
    const retentionOf = async (c: Client, namespace: string) =>
      Number((await c.connection.workflowService.describeNamespace({ namespace })).config!.workflowExecutionRetentionTtl!.seconds);
    const s = await boot({ namespace: 'extra', dynamicConfig: { 'embedded.namespaceRetention': '7d' } });
    expect(await retentionOf(s.client, 'default')).toBe(7 * 86_400);
    expect(await retentionOf(s.client, 'extra')).toBe(7 * 86_400);
    await s.client.connection.workflowService.registerNamespace({ namespace: 'registered-later' });
    expect(await retentionOf(s.client, 'registered-later')).toBe(7 * 86_400);
    await s.client.workflow.execute(greetWorkflow, { taskQueue: 'store', workflowId: 'pg-ret-config', args: ['c'] });
    expect(await s.server.sweepRetention(Date.now() + 6.5 * DAY)).toBe(0);
    expect(await s.server.sweepRetention(Date.now() + 7.5 * DAY)).toBeGreaterThanOrEqual(1);
    await s.stop();
    // The stored value gives way to a changed configuration; a namespace registered with its own keeps it.
    const again = await boot({ namespace: 'extra', dynamicConfig: { 'embedded.namespaceRetention': '72h' } });
    expect(await retentionOf(again.client, 'default')).toBe(3 * 86_400);
    expect(await retentionOf(again.client, 'extra')).toBe(3 * 86_400);
    expect(await retentionOf(again.client, 'registered-later')).toBe(7 * 86_400);
    await again.stop();
    await boot({ dynamicConfig: { 'embedded.namespaceRetention': '30d' } }).then((b) => b.stop());
  });

  it('refuses a configured retention that is not a duration of at least a day', async () => {
    await expect(startTemporalServer({ port: 0, databaseUrl: t.url, dynamicConfig: { 'embedded.namespaceRetention': '12h' } })).rejects.toThrow(/at least 1 day/);
    await expect(startTemporalServer({ port: 0, databaseUrl: t.url, dynamicConfig: { 'embedded.namespaceRetention': 'a week' } })).rejects.toThrow(/duration such as 7d/);
  });

  it('refuses a second engine on the same store with a clear message', async () => {
    const s = await boot();
    await expect(startTemporalServer({ port: 0, databaseUrl: t.url })).rejects.toBeInstanceOf(StoreInUseError);
    await expect(startTemporalServer({ port: 0, databaseUrl: t.url })).rejects.toThrow(/another embedded Temporal server already uses schema "temporal"/);
    await s.stop();
  });

  it('imports a journal of the earlier format once and keeps it as a backup', async () => {
    // Written by the journal mode of the previous version (--db-filename) through the real SDK:
    // 'imp-closed' completed, 'imp-open' waits for its signal.
    const jdir = mkdtempSync(path.join(tmpdir(), 'werkroute-import-'));
    try {
      const journal = path.join(jdir, 'journal.jsonl');
      copyFileSync(path.join(dir, 'fixtures/legacy-journal.jsonl'), journal);

      const db = await createTestDatabase('temporal_import');
      try {
        const s = await boot({ databaseUrl: db.url, importJournal: journal });
        expect(s.server.imported?.runs).toBe(2);
        expect(existsSync(journal)).toBe(false);
        expect(readdirSync(jdir).some((f) => /^journal\.jsonl\.imported-\d{8}T\d{6}\.bak$/.test(f))).toBe(true);
        expect(await s.client.workflow.getHandle('imp-closed').result()).toBe('hello j');
        await s.client.workflow.getHandle('imp-open').signal(doneSignal, 'imported');
        expect(await s.client.workflow.getHandle('imp-open').result()).toBe('imported');
        await s.stop();
        // A second start finds nothing to import and keeps the state.
        writeFileSync(journal, encodeRecord({ k: 'ns', name: 'ignored', id: 'x' }) + '\n');
        const again = await boot({ databaseUrl: db.url, importJournal: journal });
        expect(again.server.imported).toBeUndefined();
        expect((await again.client.workflow.getHandle('imp-open').describe()).status.name).toBe('COMPLETED');
        await again.stop();
      } finally {
        await db.drop();
      }
    } finally {
      rmSync(jdir, { recursive: true, force: true });
    }
  });

  it('rejects a retention under one day', async () => {
    const s = await boot();
    await expect(
      s.client.connection.workflowService.registerNamespace({ namespace: 'short-retention', workflowExecutionRetentionPeriod: { seconds: secs(3600) } }),
    ).rejects.toThrow(/at least 1 day/);
    await s.stop();
  });
});


async function waitUntilAsync(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitUntil(check: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}
