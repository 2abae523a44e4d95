import type { Engine } from '../state/engine';
import type { Tx } from '../state/tx';
import { isOpen, type Run } from '../state/run';
import { GrpcError, GrpcStatus, notFound } from '../rpc/grpc-error';
import { durationToMs } from '../proto/codec';
import { enforceHistoryLimits } from './history-limits';
import { mergePayloads } from '../state/search-attributes';
import { intern } from '../state/intern';
import { decodeToken } from './tokens';
import { BadCommand } from './bad-command';
import { completeWftSlot, failWft, scheduleWft, clearSticky } from './workflow-task';
import { prepareSchedule, scheduleActivity, requestCancelActivity } from './activity';
import { startTimer, cancelTimer, validateStartTimer } from './timer';
import { decodeMessages, applyProtocolMessage, applyRejection, rejectIgnoredUpdates, hasAdmittedUpdates, type DecodedMessage } from './update';
import { settleQueriesAfterTask } from './query';
import { closeRun, chainParams } from './workflow';
import { startChildCommand, validateStartChild, signalExternalCommand, cancelExternalCommand } from './child';
import type { Command, Wire, WorkflowRequest } from '../proto/wire';
import type { temporal } from '@temporalio/proto';

type Prepared = ReturnType<typeof prepareSchedule> | undefined;
type ContinueAsNewAttrs = NonNullable<Command['continueAsNewWorkflowExecutionCommandAttributes']>;
type CompletedRequest = WorkflowRequest<'RespondWorkflowTaskCompleted'>;
type CompletedResponse = Wire<temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedResponse>;

const TERMINAL = new Set([
  'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION',
  'COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION',
  'COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION',
  'COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION',
]);

function runForWftToken(engine: Engine, token: unknown): Run {
  const t = decodeToken(token, 'w');
  const run = engine.runs.get(t.r);
  if (!run || !isOpen(run) || run.wft.state !== 'STARTED' || run.wft.startedEventId !== t.t || run.wft.scheduledEventId !== t.s) {
    throw notFound('Workflow task not found.', [{ typeName: 'temporal.api.errordetails.v1.NotFoundFailure', value: {} }]);
  }
  return run;
}

/** Validation before anything is written, so a bad command leaves no partial command events. */
function validate(tx: Tx, commands: Command[]): Prepared[] {
  const prepared: Prepared[] = [];
  commands.forEach((c, i) => {
    if (TERMINAL.has(c.commandType ?? '') && i !== commands.length - 1) {
      throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES', 'invalid command sequence: workflow close command must be the last command.');
    }
    switch (c.commandType) {
      case 'COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK':
        prepared.push(prepareSchedule(tx.run, c.scheduleActivityTaskCommandAttributes));
        return;
      case 'COMMAND_TYPE_START_TIMER':
        validateStartTimer(tx, c.startTimerCommandAttributes);
        break;
      case 'COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION': {
        const a = c.startChildWorkflowExecutionCommandAttributes;
        validateStartChild(a);
        tx.engine.searchAttributes.annotate(a.namespace || tx.run.ns, a.searchAttributes?.indexedFields, true);
        break;
      }
      case 'COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES':
        tx.engine.searchAttributes.annotate(tx.run.ns, c.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes?.indexedFields, true);
        break;
      case 'COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION':
        tx.engine.searchAttributes.annotate(tx.run.ns, c.continueAsNewWorkflowExecutionCommandAttributes?.searchAttributes?.indexedFields, true);
        break;
      default:
        break;
    }
    prepared.push(undefined);
  });
  return prepared;
}

/** Each case reads its own command's attributes (an unset one as empty); validate() has run. */
function applyCommand(tx: Tx, c: Command, prepared: Prepared, completedEventId: number, messages: Map<string | undefined, DecodedMessage>, handled: Set<string | undefined>, identity: string | undefined): void {
  const run = tx.run;
  switch (c.commandType) {
    case 'COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK':
      return scheduleActivity(tx, prepared!, completedEventId);
    case 'COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK':
      return requestCancelActivity(tx, Number(c.requestCancelActivityTaskCommandAttributes?.scheduledEventId), completedEventId);
    case 'COMMAND_TYPE_START_TIMER':
      return startTimer(tx, c.startTimerCommandAttributes ?? {}, completedEventId);
    case 'COMMAND_TYPE_CANCEL_TIMER':
      return cancelTimer(tx, c.cancelTimerCommandAttributes ?? {}, completedEventId, identity);
    case 'COMMAND_TYPE_RECORD_MARKER': {
      const a = c.recordMarkerCommandAttributes ?? {};
      tx.append({ eventType: 'EVENT_TYPE_MARKER_RECORDED', attrs: { markerName: a.markerName, details: a.details, header: a.header, failure: a.failure, workflowTaskCompletedEventId: completedEventId } });
      return;
    }
    case 'COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES': {
      const a = c.upsertWorkflowSearchAttributesCommandAttributes ?? {};
      const fields = tx.engine.searchAttributes.annotate(run.ns, a.searchAttributes?.indexedFields, true);
      tx.append({ eventType: 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', attrs: { searchAttributes: { indexedFields: fields ?? {} }, workflowTaskCompletedEventId: completedEventId } });
      run.sa = mergePayloads(run.sa, fields);
      return;
    }
    case 'COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES': {
      const a = c.modifyWorkflowPropertiesCommandAttributes ?? {};
      tx.append({ eventType: 'EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED', attrs: { upsertedMemo: a.upsertedMemo, workflowTaskCompletedEventId: completedEventId } });
      run.memo = mergePayloads(run.memo, a.upsertedMemo?.fields);
      return;
    }
    case 'COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION':
      return startChildCommand(tx, c.startChildWorkflowExecutionCommandAttributes ?? {}, completedEventId);
    case 'COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION':
      return signalExternalCommand(tx, c.signalExternalWorkflowExecutionCommandAttributes ?? {}, completedEventId);
    case 'COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION':
      return cancelExternalCommand(tx, c.requestCancelExternalWorkflowExecutionCommandAttributes ?? {}, completedEventId);
    case 'COMMAND_TYPE_PROTOCOL_MESSAGE': {
      const a = c.protocolMessageCommandAttributes ?? {};
      const m = messages.get(a.messageId);
      if (!m) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE', `protocol message ${a.messageId} not found`);
      handled.add(m.protocolInstanceId);
      applyProtocolMessage(tx, m, completedEventId);
      return;
    }
    case 'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION':
      return closeRun(tx, 'COMPLETED', 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', { result: c.completeWorkflowExecutionCommandAttributes?.result, workflowTaskCompletedEventId: completedEventId });
    case 'COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION':
      return closeRun(tx, 'FAILED', 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED', { failure: c.failWorkflowExecutionCommandAttributes?.failure, retryState: 'RETRY_STATE_RETRY_POLICY_NOT_SET', workflowTaskCompletedEventId: completedEventId });
    case 'COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION':
      return closeRun(tx, 'CANCELED', 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED', { details: c.cancelWorkflowExecutionCommandAttributes?.details, workflowTaskCompletedEventId: completedEventId });
    case 'COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION':
      return continueAsNew(tx, c.continueAsNewWorkflowExecutionCommandAttributes ?? {}, completedEventId);
    default:
      throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED', `unsupported command ${c.commandType}`);
  }
}

function continueAsNew(tx: Tx, a: ContinueAsNewAttrs, completedEventId: number): void {
  const run = tx.run;
  const sa = a.searchAttributes?.indexedFields ? tx.engine.searchAttributes.annotate(run.ns, a.searchAttributes.indexedFields, true) : undefined;
  const next = chainParams(run, {
    typeName: a.workflowType?.name || run.typeName,
    taskQueue: a.taskQueue?.name || run.taskQueue,
    input: a.input,
    header: a.header,
    runTimeoutMs: durationToMs(a.workflowRunTimeout) || run.runTimeoutMs,
    wftTimeoutMs: durationToMs(a.workflowTaskTimeout) || run.wftTimeoutMs,
    backoffMs: durationToMs(a.backoffStartInterval),
    initiator: a.initiator || 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW',
    continuedFailure: a.failure,
    lastCompletionResult: a.lastCompletionResult,
    retryPolicy: a.retryPolicy ?? run.retryPolicy,
    memo: a.memo?.fields ? a.memo : run.memo ? { fields: run.memo } : undefined,
    sa: sa ? { indexedFields: sa } : run.sa ? { indexedFields: run.sa } : undefined,
    attempt: 1,
  });
  closeRun(tx, 'CONTINUED_AS_NEW', 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW', {
    workflowType: { name: next.typeName },
    taskQueue: { name: next.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
    input: a.input,
    header: a.header,
    workflowRunTimeout: a.workflowRunTimeout,
    workflowTaskTimeout: a.workflowTaskTimeout,
    backoffStartInterval: a.backoffStartInterval,
    initiator: next.initiator,
    failure: a.failure,
    lastCompletionResult: a.lastCompletionResult,
    memo: next.memo,
    searchAttributes: next.sa,
    workflowTaskCompletedEventId: completedEventId,
  }, next);
}

/** RespondWorkflowTaskCompleted (notes §4.1, §5.3, §5.4). */
export function completeWorkflowTask(engine: Engine, req: CompletedRequest): CompletedResponse {
  const run = runForWftToken(engine, req.taskToken);
  const commands = req.commands ?? [];
  const messages = decodeMessages(req.messages);
  const identity = req.identity;
  let rpcError: GrpcError | undefined;
  engine.update(run, (tx) => {
    let prepared: Prepared[];
    try {
      prepared = validate(tx, commands);
    } catch (err) {
      if (!(err instanceof BadCommand)) throw err;
      failWft(tx, 'failed', { cause: err.failCause, failure: { message: err.message, source: 'Server' }, identity });
      rpcError = new GrpcError(GrpcStatus.INVALID_ARGUMENT, err.message);
      return;
    }
    const closes = commands.some((c) => TERMINAL.has(c.commandType ?? ''));
    if (closes && (run.buffered || hasAdmittedUpdates(run))) {
      failWft(tx, 'failed', { cause: 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND', failure: { message: 'UnhandledCommand', source: 'Server' }, identity }, { resetAttempt: true });
      rpcError = new GrpcError(GrpcStatus.INVALID_ARGUMENT, 'UnhandledCommand');
      return;
    }
    const w = run.wft;
    const completedEventId = tx.append({
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      attrs: {
        scheduledEventId: w.scheduledEventId,
        startedEventId: w.startedEventId,
        identity,
        binaryChecksum: req.binaryChecksum,
        workerVersion: req.workerVersionStamp,
        sdkMetadata: req.sdkMetadata,
        meteringMetadata: req.meteringMetadata,
        deployment: req.deployment,
        versioningBehavior: req.versioningBehavior,
      },
    });
    completeWftSlot(tx);
    noteBuildId(run, req);
    tx.inCompletion = true;
    const handled = new Set<string | undefined>();
    try {
      commands.forEach((c, i) => applyCommand(tx, c, prepared[i], completedEventId, messages, handled, identity));
    } catch (err) {
      // Validation above catches the known failures; anything here is a server bug.
      tx.inCompletion = false;
      throw err;
    }
    for (const m of messages.values()) {
      if (m.kind === 'Rejection') {
        handled.add(m.protocolInstanceId);
        applyRejection(tx, m);
      }
    }
    rejectIgnoredUpdates(tx, handled);
    tx.inCompletion = false;
    if (!isOpen(run) || enforceHistoryLimits(tx, engine.historyLimits)) return;
    const sticky = req.stickyAttributes?.workerTaskQueue?.name;
    if (sticky) {
      const s2sMs = durationToMs(req.stickyAttributes?.scheduleToStartTimeout) ?? 10_000;
      run.sticky = intern(`sticky\u0000${sticky}\u0000${s2sMs}`, () => Object.freeze({ queue: sticky, s2sMs }));
    }
    else run.sticky = undefined;
    const flushed = !!run.buffered;
    tx.flushBuffer();
    if (flushed || run.needsNewTask || req.forceCreateNewWorkflowTask || hasAdmittedUpdates(run)) {
      run.needsNewTask = false;
      scheduleWft(tx);
    }
  });
  settleQueriesAfterTask(engine, run, req.queryResults);
  if (rpcError) throw rpcError;
  return {};
}

function noteBuildId(run: Run, req: CompletedRequest): void {
  const bid = req.workerVersionStamp?.buildId || req.deploymentOptions?.buildId;
  if (bid) {
    if (run.buildIds?.[1] !== `unversioned:${bid}`) run.buildIds = intern(`bid\u0000${bid}`, () => Object.freeze(['unversioned', `unversioned:${bid}`]) as string[]);
    return;
  }
  const bc = req.binaryChecksum;
  if (bc && !run.binaryChecksums?.includes(bc)) {
    run.binaryChecksums = run.binaryChecksums ? [...run.binaryChecksums, bc] : intern(`bc\u0000${bc}`, () => Object.freeze([bc]) as string[]);
  }
}

/** RespondWorkflowTaskFailed (notes §5.5). */
export function failWorkflowTask(engine: Engine, req: WorkflowRequest<'RespondWorkflowTaskFailed'>): Wire<temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedResponse> {
  const run = runForWftToken(engine, req.taskToken);
  engine.update(run, (tx) => {
    failWft(tx, 'failed', { cause: req.cause, failure: req.failure, identity: req.identity, binaryChecksum: req.binaryChecksum });
  });
  settleQueriesAfterTask(engine, run, undefined);
  return {};
}

export function resetSticky(engine: Engine, run: Run): void {
  engine.update(run, (tx) => clearSticky(tx));
}

export { scheduleWft };
