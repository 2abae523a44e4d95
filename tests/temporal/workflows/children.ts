/** Child workflows and continue-as-new. */
import {
  ChildWorkflowFailure,
  condition,
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { echoWorkflow, failWorkflow, waitForFinishWorkflow } from './basic';

export async function parentEchoWorkflow(value: string): Promise<{ result: string; childWorkflowId: string }> {
  const childWorkflowId = `${workflowInfo().workflowId}-child`;
  const result = await executeChild(echoWorkflow, { args: [value], workflowId: childWorkflowId });
  return { result, childWorkflowId };
}

export async function parentOfFailingChildWorkflow(): Promise<{ caught: string; causeMessage?: string; causeType?: string }> {
  try {
    await executeChild(failWorkflow, { args: ['child failed on purpose'], workflowId: `${workflowInfo().workflowId}-child` });
    return { caught: 'nothing' };
  } catch (err) {
    if (err instanceof ChildWorkflowFailure) {
      const cause = err.cause as any;
      return { caught: err.name, causeMessage: cause?.message, causeType: cause?.type };
    }
    throw err;
  }
}

/**
 * Starts a child that waits forever under parent-close policy TERMINATE, waits until it has
 * started, then completes: the server must terminate the child.
 */
export async function parentClosesOverChildWorkflow(): Promise<string> {
  const childWorkflowId = `${workflowInfo().workflowId}-child`;
  await startChild(waitForFinishWorkflow, { workflowId: childWorkflowId, parentClosePolicy: ParentClosePolicy.TERMINATE });
  return childWorkflowId;
}

/** Continues as new `remaining` times; returns the run count and the memo the last run sees. */
export async function continueAsNewWorkflow(remaining: number, runs = 1): Promise<{ runs: number; memo?: Record<string, unknown>; continuedFrom?: string }> {
  if (remaining > 0) {
    await continueAsNew<typeof continueAsNewWorkflow>(remaining - 1, runs + 1);
  }
  const info = workflowInfo();
  return { runs, memo: info.memo, continuedFrom: info.continuedFromExecutionRunId };
}

/** Parks until `finish`; used as a child that only ends by its parent closing. */
export async function idleWorkflow(): Promise<void> {
  await condition(() => false);
}
