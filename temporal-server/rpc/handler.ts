/** What every RPC handler sees besides its request. */
export interface CallContext {
  /** Epoch ms of the client's deadline on the wall clock, if it sent one. */
  deadline?: number;
  /** Aborted when the client cancels the call or its deadline passes. */
  signal: AbortSignal;
}

/**
 * A unary RPC handler: decoded request in (protobufjs `toObject` with longs as numbers,
 * enums as strings, bytes as Buffer), plain response object out. Throw `GrpcError` to fail.
 */
export type UnaryHandler = (request: any, ctx: CallContext) => Promise<unknown>;

/** Handlers of one gRPC service, keyed by method name (e.g. `StartWorkflowExecution`). */
export type ServiceHandlers = Record<string, UnaryHandler>;
