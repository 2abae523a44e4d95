import type { google, temporal } from '@temporalio/proto';
import type { RAW_FIELDS, RawField } from './codec';
import type { CallContext } from '../rpc/handler';

/**
 * A protobuf message as our codec hands it out and takes it in (DECODE_OPTIONS in codec.ts): longs as
 * numbers, enums as their names, bytes as Buffers, unset fields absent rather than null. The generated
 * `I*` interfaces describe protobufjs's own message objects instead (Long, numeric enums, null), which
 * the codec never produces; mapping one onto the other keeps the generated field names and nesting.
 */
export type Wire<T> = { [K in keyof T]: WireValue<NonNullable<T[K]>> };

/** Long is matched by shape: the `long` package is protobufjs's dependency, not ours. */
interface LongLike { low: number; high: number; unsigned: boolean }

type WireValue<V> =
  V extends LongLike ? number
  // An enum member is a number literal (`${V}` is '0', '1', …); only a plain number field prints as `${number}`.
  : V extends number ? (`${number}` extends `${V}` ? number : string)
  : V extends Uint8Array ? Buffer
  : V extends readonly (infer E)[] ? WireValue<NonNullable<E>>[]
  : V extends object ? Wire<V>
  : V;

/** An answer whose history is appended already encoded, as its one raw field (see RAW_FIELDS in codec.ts). */
export type WithRawHistory<T> = T & { [RAW_FIELDS]: [RawField] };

/** A poll answer: the task with its history (PollWorkflowTaskQueue, also for legacy queries). */
export type WorkflowTaskResponse = WithRawHistory<Wire<temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse>>;

export type Duration = Wire<google.protobuf.IDuration>;
export type Payload = Wire<temporal.api.common.v1.IPayload>;
export type Payloads = Wire<temporal.api.common.v1.IPayloads>;
/** Memo fields and indexed search attributes: payloads by name. */
export type PayloadMap = Record<string, Payload>;
export type Header = Wire<temporal.api.common.v1.IHeader>;
export type Memo = Wire<temporal.api.common.v1.IMemo>;
export type SearchAttributes = Wire<temporal.api.common.v1.ISearchAttributes>;
export type RetryPolicy = Wire<temporal.api.common.v1.IRetryPolicy>;
export type WorkflowExecution = Wire<temporal.api.common.v1.IWorkflowExecution>;
export type Link = Wire<temporal.api.common.v1.ILink>;
export type Priority = Wire<temporal.api.common.v1.IPriority>;
export type Callback = Wire<temporal.api.common.v1.ICallback>;
export type UserMetadata = Wire<temporal.api.sdk.v1.IUserMetadata>;
export type Failure = Wire<temporal.api.failure.v1.IFailure>;
export type HistoryEvent = Wire<temporal.api.history.v1.IHistoryEvent>;
export type Command = Wire<temporal.api.command.v1.ICommand>;
export type ProtocolMessage = Wire<temporal.api.protocol.v1.IMessage>;
export type WorkflowQuery = Wire<temporal.api.query.v1.IWorkflowQuery>;
export type WorkflowQueryResult = Wire<temporal.api.query.v1.IWorkflowQueryResult>;
export type UpdateRequest = Wire<temporal.api.update.v1.IRequest>;
export type UpdateOutcome = Wire<temporal.api.update.v1.IOutcome>;

/** What the protobufjs service classes declare per RPC (its last call signature returns a promise). */
interface RpcMethod<Req> {
  (request: Req): Promise<unknown>;
  readonly name: string;
  readonly requestType: string;
}

type RequestOf<M> = M extends RpcMethod<infer Req> ? Wire<Req> : never;

/** Handlers of a generated service (e.g. `temporal.api.workflowservice.v1.WorkflowService`) by RPC name, each with its own request type. */
export type ServiceMethods<S> = {
  [K in keyof S as S[K] extends RpcMethod<never> & { readonly name: infer N extends string } ? N : never]?: (request: RequestOf<S[K]>, ctx: CallContext) => Promise<object>;
};

export type WorkflowServiceMethods = ServiceMethods<temporal.api.workflowservice.v1.WorkflowService>;
export type OperatorServiceMethods = ServiceMethods<temporal.api.operatorservice.v1.OperatorService>;
/** Requests of the WorkflowService by RPC name. */
export type WorkflowRequest<N extends keyof WorkflowServiceMethods> = Parameters<NonNullable<WorkflowServiceMethods[N]>>[0];
