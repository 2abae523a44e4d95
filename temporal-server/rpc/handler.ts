/** What every RPC handler sees besides its request. */
export interface CallContext {
  /** Epoch ms of the client's deadline on the wall clock, if it sent one. */
  deadline?: number;
  /** Aborted when the client cancels the call or its deadline passes. */
  signal: AbortSignal;
}

/**
 * A unary RPC handler: decoded request in (proto/wire.ts: longs as numbers, enums as names, bytes as
 * Buffers), plain response object out. Throw `GrpcError` to fail. Each handler is written against its
 * own method's request type (`ServiceMethods` in proto/wire.ts) while the front only knows it decoded
 * that method's request; method syntax makes the parameter bivariant, so such a table still is a
 * `ServiceHandlers` without a cast per service.
 */
export type UnaryHandler = { handle(request: unknown, ctx: CallContext): Promise<object> }['handle'];

/** Handlers of one gRPC service, keyed by method name (e.g. `StartWorkflowExecution`). */
export type ServiceHandlers = Record<string, UnaryHandler>;
