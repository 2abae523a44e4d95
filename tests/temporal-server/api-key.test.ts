// startTemporalServer({ apiKey }): the SDK's own `apiKey` option (client on grpc-js, worker on Core) gets
// through; no key or a wrong key gets UNAUTHENTICATED on every service, before anything is read or changed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporalServer, type RunningTemporalServer } from '../../temporal-server';
import { bearerAuth } from '../../temporal-server/frontend/grpc-front';
import { doneSignal, interactiveWorkflow, setUpdate, stateQuery } from './workflows';

const dir = path.dirname(fileURLToPath(import.meta.url));
const KEY = 'k3y-for-the-test-0123456789abcdef';
const UNAUTHENTICATED = 16;

/** The gRPC status of an SDK error: on the error itself or on its cause (the SDK wraps ServiceErrors). */
function grpcCode(err: unknown): number | undefined {
  for (let e: any = err; e; e = e.cause) if (typeof e.code === 'number') return e.code;
  return undefined;
}

async function refused(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the call should have been refused').toBeDefined();
  expect(grpcCode(err), String(err)).toBe(UNAUTHENTICATED);
}

describe('startTemporalServer with apiKey', () => {
  let server: RunningTemporalServer;
  let nc: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let good: Connection;
  let client: Client;
  const opened: Connection[] = [];

  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed in this process
    }
    server = await startTemporalServer({ port: 0, apiKey: KEY });
    // apiKey alone would switch the SDK to TLS; this server speaks plain text on loopback.
    nc = await NativeConnection.connect({ address: server.address, apiKey: KEY, tls: false });
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(dir, 'workflows/index.ts'), logger: new DefaultLogger('WARN') });
    worker = await Worker.create({ connection: nc, taskQueue: 'api-key', workflowBundle, activities: { greet: async (n: string) => `hello ${n}` } });
    running = worker.run();
    good = await Connection.connect({ address: server.address, apiKey: KEY, tls: false });
    client = new Client({ connection: good });
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    for (const c of opened) await c.close().catch(() => undefined);
    await good?.close();
    await nc?.close();
    await server?.stop();
  });

  /** A client on grpc-js with the given metadata (or none); Connection.connect itself would fail its first call. */
  function otherClient(opts: { apiKey?: string; metadata?: Record<string, string> }): { bad: Client; conn: Connection } {
    const conn = Connection.lazy({ address: server.address, tls: false, ...opts });
    opened.push(conn);
    return { bad: new Client({ connection: conn }), conn };
  }

  it('the right key: the SDK client and a Core worker run a workflow with query, update and signal', async () => {
    const h = await client.workflow.start(interactiveWorkflow, { taskQueue: 'api-key', workflowId: 'key-ok' });
    expect(await h.query(stateQuery)).toBe('patched');
    expect(await h.executeUpdate(setUpdate, { args: ['x'] })).toBe('patched');
    await h.signal(doneSignal, 'klaar');
    expect(await h.result()).toBe('klaar');
    expect((await h.describe()).status.name).toBe('COMPLETED');
    expect(await good.operatorService.listSearchAttributes({ namespace: 'default' })).toBeDefined();
    // A client on Core's connection (as the app uses it) too.
    expect(await new Client({ connection: nc }).workflow.count()).toMatchObject({ count: expect.any(Number) });
  });

  for (const [naam, opts] of [
    ['no key', {}],
    ['a wrong key', { apiKey: 'wrong-key-wrong-key-wrong-key-0' }],
    ['the key without "Bearer"', { metadata: { authorization: KEY } }],
    ['the key with a suffix', { apiKey: `${KEY}x` }],
  ] as const) {
    it(`${naam}: UNAUTHENTICATED for list, describe, query, update, signal, terminate, start, operator and health; nothing changes`, async () => {
      const target = await client.workflow.start(interactiveWorkflow, { taskQueue: 'api-key', workflowId: `key-target-${naam}` });
      await expect(target.query(stateQuery)).resolves.toBe('patched');
      const before = (await target.fetchHistory()).events!.length;

      const { bad, conn } = otherClient(opts);
      const h = bad.workflow.getHandle(target.workflowId);
      await refused(bad.workflow.list()[Symbol.asyncIterator]().next());
      await refused(bad.workflow.count());
      await refused(h.describe());
      await refused(h.query(stateQuery));
      await refused(h.executeUpdate(setUpdate, { args: ['forged'] }));
      await refused(h.signal(doneSignal, 'forged'));
      await refused(h.terminate('forged'));
      await refused(h.fetchHistory());
      await refused(bad.workflow.start(interactiveWorkflow, { taskQueue: 'api-key', workflowId: `key-forged-${naam}` }));
      await refused(conn.workflowService.getSystemInfo({}));
      await refused(conn.operatorService.listSearchAttributes({ namespace: 'default' }));
      await refused(conn.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: { Vals: 1 } }));
      await refused(conn.healthService.check({}));

      // The run is untouched: still running, same state, same history; the forged start did not happen.
      expect((await target.describe()).status.name).toBe('RUNNING');
      expect(await target.query(stateQuery)).toBe('patched');
      expect((await target.fetchHistory()).events!.length).toBe(before);
      await expect(client.workflow.getHandle(`key-forged-${naam}`).describe()).rejects.toThrow();
      expect(Object.keys((await good.operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes ?? {})).not.toContain('Vals');
      await target.terminate('test klaar');
    });
  }

  it('a Core connection (NativeConnection, what the worker uses) without the key or with a wrong one is refused', async () => {
    for (const apiKey of [undefined, 'wrong-key-wrong-key-wrong-key-0']) {
      const err = await NativeConnection.connect({ address: server.address, ...(apiKey ? { apiKey, tls: false } : {}) }).then(
        async (c) => {
          // Core checks the connection with GetSystemInfo; should it connect lazily, its first call must fail.
          try {
            await c.workflowService.getSystemInfo({});
            return undefined;
          } catch (e) {
            return e;
          } finally {
            await c.close();
          }
        },
        (e: unknown) => e,
      );
      expect(err, `NativeConnection with ${apiKey ?? 'no key'}`).toBeDefined();
      expect(String((err as Error).message ?? err)).toMatch(/valid authentication credentials.*missing or invalid API key/s);
    }
  });

  it('a raw gRPC call without metadata is refused with the message, even a malformed one or an unimplemented method', async () => {
    const call = (method: string, body: Buffer) =>
      new Promise<grpc.ServiceError | undefined>((resolve) => {
        const raw = new grpc.Client(server.address, grpc.credentials.createInsecure());
        raw.makeUnaryRequest(method, (b: Buffer) => b, (b: Buffer) => b, body, (err) => {
          raw.close();
          resolve(err ?? undefined);
        });
      });
    const malformed = await call('/temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution', Buffer.from([0xff, 0xff, 0xff]));
    expect(malformed?.code).toBe(UNAUTHENTICATED);
    expect(malformed?.details).toMatch(/authorization: Bearer <key>/);
    const unimplemented = await call('/temporal.api.workflowservice.v1.WorkflowService/ResetWorkflowExecution', Buffer.alloc(0));
    expect(unimplemented?.code).toBe(UNAUTHENTICATED);
  });

  it('refuses to start with an empty or short key instead of running open', async () => {
    await expect(startTemporalServer({ port: 0, apiKey: '' })).rejects.toThrow(/apiKey/);
    await expect(startTemporalServer({ port: 0, apiKey: 'short' })).rejects.toThrow(/apiKey/);
  });
});

describe('bearerAuth', () => {
  const auth = bearerAuth(KEY);
  const md = (...values: string[]) => {
    const m = new grpc.Metadata();
    for (const v of values) m.add('authorization', v);
    return m;
  };
  it('accepts exactly "Bearer <key>" (scheme case-insensitive), nothing else', () => {
    expect(auth(md(`Bearer ${KEY}`))).toBe(true);
    expect(auth(md(`bearer ${KEY}`))).toBe(true);
    expect(auth(md())).toBe(false);
    expect(auth(md(KEY))).toBe(false);
    expect(auth(md(`Bearer ${KEY.slice(0, -1)}`))).toBe(false);
    expect(auth(md(`Bearer ${KEY} `))).toBe(false);
    expect(auth(md(`Basic ${KEY}`))).toBe(false);
    expect(auth(md('Bearer '))).toBe(false);
    // Two authorization values: ambiguous, refused.
    expect(auth(md(`Bearer ${KEY}`, `Bearer ${KEY}`))).toBe(false);
  });
});
