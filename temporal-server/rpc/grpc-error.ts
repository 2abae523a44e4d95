import { status as GrpcStatus } from '@grpc/grpc-js';

export { GrpcStatus };

/** A detail attached to an error as a `google.protobuf.Any` in `grpc-status-details-bin`. */
export interface ErrorDetail {
  /** Fully qualified proto type name, e.g. `temporal.api.errordetails.v1.NotFoundFailure`. */
  typeName: string;
  /** Plain object accepted by the type's `fromObject`. */
  value: Record<string, unknown>;
}

/**
 * The only error that crosses the wire: the front encodes `code`, `message` and `details`
 * into the gRPC status, so the SDK raises the same errors as against a real server.
 */
export class GrpcError extends Error {
  constructor(
    readonly code: GrpcStatus,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'GrpcError';
  }
}

export const invalidArgument = (message: string) => new GrpcError(GrpcStatus.INVALID_ARGUMENT, message);
export const notFound = (message: string, details: ErrorDetail[] = []) => new GrpcError(GrpcStatus.NOT_FOUND, message, details);
export const failedPrecondition = (message: string) => new GrpcError(GrpcStatus.FAILED_PRECONDITION, message);
