/**
 * Conformance: error contract — WorkflowNotFoundError for unknown ids (describe, signal, query,
 * result, cancel, terminate), "already completed" on closed runs, unknown namespace, unregistered
 * search attribute, malformed raw requests → INVALID_ARGUMENT without crashing the server.
 * Notes §1.4, §16 item 1, §17.2.
 */
import { randomUUID } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { NamespaceNotFoundError } from '@temporalio/common';
import { createConformanceEnv, getWorkflowBundle, startSharedWorker, uniqueName, type ConformanceEnv, type SharedWorker } from '../helpers/temporal';
import { echoWorkflow, finishSignal, waitForFinishWorkflow } from './workflows';

let cenv: ConformanceEnv;
let shared: SharedWorker;

beforeAll(async () => {
  [cenv] = await Promise.all([createConformanceEnv(), getWorkflowBundle()]);
  shared = await startSharedWorker(cenv);
});
afterAll(async () => {
  await shared?.stop();
  await cenv?.teardown();
});

async function codeOf(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: number }).code ?? (err as { cause?: { code?: number } }).cause?.code;
  }
}

describe('unknown workflow', () => {
  const unknown = () => cenv.client.workflow.getHandle(uniqueName('does-not-exist'));

  it.each([
    ['describe', () => unknown().describe()],
    ['signal', () => unknown().signal(finishSignal)],
    ['query', () => unknown().query('anything')],
    ['result', () => unknown().result()],
    ['cancel', () => unknown().cancel()],
    ['terminate', () => unknown().terminate('x')],
  ] as const)('%s → WorkflowNotFoundError', async (_name, call) => {
    await expect(call()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('fetchHistory → the raw NOT_FOUND ServiceError (the SDK does not wrap this one)', async () => {
    expect(await codeOf(unknown().fetchHistory())).toBe(grpcStatus.NOT_FOUND);
  });

  it('an unknown runId of a known workflow id → WorkflowNotFoundError', async () => {
    const taskQueue = uniqueName('tq');
    const h = await cenv.client.workflow.start(waitForFinishWorkflow, { taskQueue, workflowId: uniqueName('wf') });
    await expect(cenv.client.workflow.getHandle(h.workflowId, randomUUID()).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await h.terminate('cleanup');
  });
});

describe('closed workflow', () => {
  it('signal and cancel on a completed run → WorkflowNotFoundError "workflow execution already completed"', async () => {
    const taskQueue = shared.taskQueue;
    {
      const h = await cenv.client.workflow.start(echoWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: ['x'] });
      await h.result();
      const err = await h.signal(finishSignal).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowNotFoundError);
      expect((err as Error).message).toContain('workflow execution already completed');
      await expect(h.terminate('late')).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
  });
});

describe('bad requests', () => {
  it('an unknown namespace → NamespaceNotFoundError', async () => {
    const other = new Client({ connection: cenv.client.connection, namespace: uniqueName('no-such-namespace') });
    await expect(other.workflow.getHandle('x').describe()).rejects.toBeInstanceOf(NamespaceNotFoundError);
  });

  it('a search attribute that is not registered fails the start with INVALID_ARGUMENT', async () => {
    const err = await cenv.client.workflow
      .start(waitForFinishWorkflow, {
        taskQueue: uniqueName('tq'),
        workflowId: uniqueName('wf'),
        searchAttributes: { NoSuchSearchAttribute: ['x'] },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const code = (err as { cause?: { code?: number } }).cause?.code;
    expect(code, String(err)).toBe(grpcStatus.INVALID_ARGUMENT);
  });

  it('malformed raw StartWorkflowExecution requests → INVALID_ARGUMENT, and the server keeps answering', async () => {
    const svc = cenv.client.workflowService;
    const ns = cenv.namespace;
    const base = {
      namespace: ns,
      workflowId: uniqueName('wf'),
      workflowType: { name: 'echoWorkflow' },
      taskQueue: { name: uniqueName('tq') },
      requestId: randomUUID(),
    };
    expect(await codeOf(svc.startWorkflowExecution({}))).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(await codeOf(svc.startWorkflowExecution({ namespace: ns }))).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(await codeOf(svc.startWorkflowExecution({ ...base, workflowId: '' }))).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(await codeOf(svc.startWorkflowExecution({ ...base, workflowType: {} }))).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(await codeOf(svc.startWorkflowExecution({ ...base, taskQueue: {} }))).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(await codeOf(svc.startWorkflowExecution({ ...base, workflowRunTimeout: { seconds: -5 as any } }))).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(await codeOf(svc.signalWorkflowExecution({ namespace: ns }))).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(await codeOf(svc.describeWorkflowExecution({ namespace: ns }))).toBe(grpcStatus.INVALID_ARGUMENT);
    // still alive and well
    const info = await svc.getSystemInfo({});
    expect(info.capabilities?.sdkMetadata).toBe(true);
    const h = await cenv.client.workflow.start(waitForFinishWorkflow, { taskQueue: uniqueName('tq'), workflowId: uniqueName('wf') });
    expect((await h.describe()).status.name).toBe('RUNNING');
    await h.terminate('cleanup');
  });

  it('conflicting policies (TERMINATE_EXISTING with REJECT_DUPLICATE) → INVALID_ARGUMENT', async () => {
    const err = await cenv.client.workflow
      .start(waitForFinishWorkflow, {
        taskQueue: uniqueName('tq'),
        workflowId: uniqueName('wf'),
        workflowIdConflictPolicy: 'TERMINATE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      })
      .catch((e: unknown) => e);
    expect((err as { cause?: { code?: number } }).cause?.code, String(err)).toBe(grpcStatus.INVALID_ARGUMENT);
  });
});
