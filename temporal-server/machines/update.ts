import type { Tx } from '../state/tx';
import type { Run, UpdateState } from '../state/run';
import { encodeByName, decodeByName } from '../proto/codec';
import { GrpcError, GrpcStatus } from '../rpc/grpc-error';
import { next, UPDATE_MACHINE } from './transitions';
import { scheduleWft } from './workflow-task';
import type { ProtocolMessage, UpdateRequest, Wire } from '../proto/wire';
import type { temporal } from '@temporalio/proto';

/** A message body of the update protocol; which one its kind says, and every field of each is optional. */
type UpdateBody = Wire<temporal.api.update.v1.IAcceptance> & Wire<temporal.api.update.v1.IRejection> & Wire<temporal.api.update.v1.IResponse>;

export const MAX_INFLIGHT_UPDATES = 10;
const REQUEST_URL = 'type.googleapis.com/temporal.api.update.v1.Request';

/** Update ids are never unset, so a message without one finds nothing. */
function updateOf(run: Run, id: string | undefined): UpdateState | undefined {
  return id === undefined ? undefined : run.updates?.get(id);
}

function updateEvent(u: UpdateState, event: keyof typeof UPDATE_MACHINE.table): void {
  u.stage = next(UPDATE_MACHINE, u.stage, event);
}

export function inflightCount(run: Run): number {
  let n = 0;
  if (run.updates) for (const u of run.updates.values()) if (u.stage !== 'COMPLETED') n++;
  return n;
}

/** Admission (notes §12.1): stored as ADMITTED and delivered with the next workflow task. */
export function admitUpdate(tx: Tx, id: string, request: UpdateRequest): UpdateState {
  const run = tx.run;
  if (inflightCount(run) >= MAX_INFLIGHT_UPDATES) {
    throw new GrpcError(GrpcStatus.RESOURCE_EXHAUSTED, `limit on number of concurrent in-flight updates has been reached (${MAX_INFLIGHT_UPDATES})`);
  }
  const u: UpdateState = { id, request, stage: 'ADMITTED' };
  (run.updates ??= new Map()).set(id, u);
  scheduleWft(tx);
  return u;
}

/** Request messages for a task being started; `eventId` is the sequencing id (startedEventId − 1). */
export function takeUpdateMessages(tx: Tx, eventId: number): ProtocolMessage[] {
  const run = tx.run;
  const out: ProtocolMessage[] = [];
  if (!run.updates) return out;
  for (const u of run.updates.values()) {
    if (u.stage !== 'ADMITTED') continue;
    updateEvent(u, 'send');
    out.push({
      id: `${u.id}/request`,
      protocolInstanceId: u.id,
      eventId,
      body: { type_url: REQUEST_URL, value: encodeByName('temporal.api.update.v1.Request', u.request) },
    });
  }
  return out;
}

/** The task failed: what it carried goes out again with the next attempt. */
export function returnSentUpdates(tx: Tx): void {
  const run = tx.run;
  if (!run.updates) return;
  for (const u of run.updates.values()) if (u.stage === 'SENT') updateEvent(u, 'return');
}

export function hasAdmittedUpdates(run: Run): boolean {
  if (!run.updates) return false;
  for (const u of run.updates.values()) if (u.stage === 'ADMITTED') return true;
  return false;
}

/** `id` and `protocolInstanceId` are unset only in a malformed message (no update has an unset id). */
export interface DecodedMessage { id: string | undefined; protocolInstanceId: string | undefined; kind: string; body: UpdateBody }

export function decodeMessages(messages: ProtocolMessage[] | undefined): Map<string | undefined, DecodedMessage> {
  const out = new Map<string | undefined, DecodedMessage>();
  for (const m of messages ?? []) {
    const url: string = m.body?.type_url ?? '';
    const typeName = url.slice(url.lastIndexOf('/') + 1);
    const kind = typeName.slice(typeName.lastIndexOf('.') + 1);
    const body = typeName.startsWith('temporal.api.update.v1.') ? decodeByName<UpdateBody>(typeName, m.body?.value ?? Buffer.alloc(0)) : {};
    out.set(m.id, { id: m.id, protocolInstanceId: m.protocolInstanceId, kind, body });
  }
  return out;
}

/** A PROTOCOL_MESSAGE command: writes the message's event at the command's position. */
export function applyProtocolMessage(tx: Tx, msg: DecodedMessage, completedEventId: number): void {
  const run = tx.run;
  const u = updateOf(run, msg.protocolInstanceId);
  if (msg.kind === 'Acceptance') {
    const acceptedRequest = msg.body.acceptedRequest ?? u?.request;
    const eventId = tx.append({
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
      attrs: {
        protocolInstanceId: msg.protocolInstanceId,
        acceptedRequestMessageId: msg.body.acceptedRequestMessageId ?? `${msg.protocolInstanceId}/request`,
        acceptedRequestSequencingEventId: msg.body.acceptedRequestSequencingEventId ?? completedEventId - 2,
        acceptedRequest,
      },
    });
    if (u && (u.stage === 'SENT' || u.stage === 'ADMITTED')) {
      updateEvent(u, 'accept');
      u.acceptedEventId = eventId;
    }
  } else if (msg.kind === 'Response') {
    const outcome = msg.body.outcome;
    tx.append({
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED',
      attrs: { meta: msg.body.meta ?? { updateId: msg.protocolInstanceId }, acceptedEventId: u?.acceptedEventId ?? 0, outcome },
    });
    if (u && u.stage !== 'COMPLETED') {
      updateEvent(u, 'complete');
      u.outcome = outcome;
    }
  }
}

/** Rejections write nothing; the update is then forgotten (after waiters saw the outcome). */
export function applyRejection(tx: Tx, msg: DecodedMessage): void {
  const run = tx.run;
  const u = updateOf(run, msg.protocolInstanceId);
  if (!u || u.stage === 'COMPLETED') return;
  updateEvent(u, 'complete');
  u.rejected = true;
  u.outcome = { failure: msg.body.failure };
  tx.after(() => {
    if (run.updates?.get(u.id) === u) run.updates.delete(u.id);
  });
}

/** Sent with the task but ignored by the worker: the server rejects it on the worker's behalf. */
export function rejectIgnoredUpdates(tx: Tx, handled: Set<string | undefined>): void {
  const run = tx.run;
  if (!run.updates) return;
  for (const u of run.updates.values()) {
    if (u.stage === 'SENT' && !handled.has(u.id)) {
      applyRejection(tx, { id: '', protocolInstanceId: u.id, kind: 'Rejection', body: { failure: { message: 'Workflow Update was not handled by the workflow task.', source: 'Server' } } });
    }
  }
}

const COMPLETED_BEFORE_UPDATE = {
  message: 'Workflow Update failed because the Workflow completed before the Update completed.',
  source: 'Server',
  applicationFailureInfo: { type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true },
};

/** On close: accepted updates fail, admitted ones vanish (callers then see NOT_FOUND). */
export function closeUpdates(tx: Tx): void {
  const run = tx.run;
  if (!run.updates) return;
  for (const u of [...run.updates.values()]) {
    if (u.stage === 'ACCEPTED') {
      updateEvent(u, 'complete');
      u.outcome = { failure: COMPLETED_BEFORE_UPDATE };
    } else if (u.stage === 'ADMITTED' || u.stage === 'SENT') {
      run.updates.delete(u.id);
    }
  }
  if (run.updates.size === 0) run.updates = undefined;
}

export const STAGE_ENUM = {
  ADMITTED: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED',
  ACCEPTED: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED',
  COMPLETED: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED',
} as const;

export function stageRank(stage: UpdateState['stage']): number {
  return stage === 'COMPLETED' ? 3 : stage === 'ACCEPTED' ? 2 : 1;
}

export function publicStage(stage: UpdateState['stage']): string {
  return stage === 'COMPLETED' ? STAGE_ENUM.COMPLETED : stage === 'ACCEPTED' ? STAGE_ENUM.ACCEPTED : STAGE_ENUM.ADMITTED;
}
