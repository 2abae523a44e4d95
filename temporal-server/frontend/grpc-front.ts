import { createHash, timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { ServiceHandlers, CallContext } from '../rpc/handler';
import { GrpcError } from '../rpc/grpc-error';
import { buildServiceDefinition, DECODE_ERROR } from '../proto/services';
import { encodeByName } from '../proto/codec';
import type { Logger } from '../state/logger';

export interface ServiceRegistration {
  fullName: string;
  handlers: ServiceHandlers;
}

/** Around every call: `prepare` before the handler (reading runs back from the store), `barrier` before the answer (durability). */
export interface CallHooks {
  prepare?(req: unknown): Promise<void> | null;
  barrier?(): Promise<void> | null;
}

/** What services.ts's deserializer yields: the decoded message, or the decode error under DECODE_ERROR. */
type DecodedRequest = object & { [DECODE_ERROR]?: string };

/** Decides whether a call may proceed, from its metadata alone (before decoding errors, hooks or handlers). */
export type CallAuth = (metadata: grpc.Metadata) => boolean;

export const UNAUTHENTICATED_MESSAGE = "missing or invalid API key: send the metadata 'authorization: Bearer <key>' (the Temporal SDK's apiKey connection option)";

/**
 * The check `apiKey` stands for: exactly what the SDK's `apiKey` option sends, `authorization: Bearer <key>`.
 * Both sides are hashed first, so the comparison takes the same time whatever the presented value's length
 * or content (timingSafeEqual over two equal-length digests).
 */
export function bearerAuth(apiKey: string): CallAuth {
  const expected = createHash('sha256').update(apiKey, 'utf8').digest();
  return (metadata) => {
    const values = metadata.get('authorization');
    if (values.length !== 1 || typeof values[0] !== 'string') return false;
    const m = /^Bearer +([^ ].*)$/i.exec(values[0]);
    if (!m) return false;
    return timingSafeEqual(createHash('sha256').update(m[1]!, 'utf8').digest(), expected);
  };
}

function refuse(callback: grpc.sendUnaryData<object>): void {
  callback({ code: grpc.status.UNAUTHENTICATED, details: UNAUTHENTICATED_MESSAGE });
}

/**
 * Answers that acknowledge nothing and need not wait for the store: a task handed to a poller. If the
 * server dies before the task's start is stored, the task is simply handed out again after the restart
 * (the worker's completion with the old token gets NOT_FOUND); a worker's completion is acknowledged
 * only after its own commit, which follows the start's. Activities run at least once either way.
 */
const WITHOUT_BARRIER: ReadonlySet<string> = new Set(['PollWorkflowTaskQueue', 'PollActivityTaskQueue']);

/** Turns any thrown value into a gRPC status the SDK understands (details in grpc-status-details-bin). */
export function toServiceError(err: unknown, log: Logger): Partial<grpc.ServiceError> {
  if (err instanceof GrpcError) {
    const metadata = new grpc.Metadata();
    if (err.details.length > 0) {
      const status = encodeByName('google.rpc.Status', {
        code: err.code,
        message: err.message,
        details: err.details.map((d) => ({
          type_url: `type.googleapis.com/${d.typeName}`,
          value: encodeByName(d.typeName, d.value),
        })),
      });
      metadata.set('grpc-status-details-bin', status);
    }
    return { code: err.code, details: err.message, metadata };
  }
  // Malformed input surfaces as TypeErrors/protobufjs errors deep inside handlers: the caller's fault.
  const e = err as Error;
  if (e instanceof TypeError || /invalid|expected|illegal/i.test(e?.message ?? '')) {
    log.debug('invalid argument', e?.message);
    return { code: grpc.status.INVALID_ARGUMENT, details: e?.message ?? 'invalid argument' };
  }
  log.error('internal error', e?.stack ?? String(e));
  return { code: grpc.status.INTERNAL, details: e?.message ?? 'internal error' };
}

function makeUnary(handler: ServiceHandlers[string], log: Logger, hooks: CallHooks, auth?: CallAuth): grpc.handleUnaryCall<DecodedRequest | undefined, object> {
  return (call, callback) => {
    // First of all: an unauthenticated call learns nothing (not even whether its request decodes) and touches nothing.
    if (auth && !auth(call.metadata)) {
      refuse(callback);
      return;
    }
    const deadlineRaw = call.getDeadline();
    const deadlineMs = deadlineRaw instanceof Date ? deadlineRaw.getTime() : Number(deadlineRaw);
    // The AbortController is made only for handlers that wait (long polls, queries): creating one per
    // call, and the DOMException grpc-js's 'cancelled' makes it throw, was a visible share of a start.
    let controller: AbortController | undefined;
    let cancelled = false;
    const ctx: CallContext = {
      deadline: Number.isFinite(deadlineMs) ? deadlineMs : undefined,
      get signal() {
        if (!controller) {
          controller = new AbortController();
          if (cancelled) controller.abort();
        }
        return controller.signal;
      },
    };
    call.on('cancelled', () => {
      cancelled = true;
      controller?.abort();
    });
    const req = call.request;
    if (req && req[DECODE_ERROR]) {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: `malformed request: ${req[DECODE_ERROR]}` });
      return;
    }
    // A mutation is acknowledged only once the store has it (answers and errors alike: a failed call may have changed state).
    const answer = (send: () => void) => {
      const durable = hooks.barrier?.();
      if (durable) void durable.then(send);
      else send();
    };
    const run = () => {
      let p: Promise<unknown>;
      try {
        p = handler(req ?? {}, ctx);
      } catch (err) {
        answer(() => callback(toServiceError(err, log)));
        return;
      }
      p.then(
        (res) => answer(() => {
          if (!cancelled) callback(null, res ?? {});
        }),
        (err) => answer(() => {
          if (!cancelled) callback(toServiceError(err, log));
        }),
      );
    };
    const ready = hooks.prepare?.(req ?? {});
    if (ready) ready.then(run, (err) => callback(toServiceError(err, log)));
    else run();
  };
}

/** `auth`: when given, every method of every service (UNIMPLEMENTED ones too) refuses calls it does not pass with UNAUTHENTICATED. */
export function addServices(server: grpc.Server, services: ServiceRegistration[], log: Logger, hooks: CallHooks = {}, auth?: CallAuth): void {
  for (const { fullName, handlers } of services) {
    const def = buildServiceDefinition(fullName);
    const impl: grpc.UntypedServiceImplementation = {};
    for (const [name, md] of Object.entries(def)) {
      const h = handlers[name];
      if (md.requestStream || md.responseStream) continue;
      impl[name] = h
        ? makeUnary(h, log, WITHOUT_BARRIER.has(name) ? { prepare: hooks.prepare } : hooks, auth)
        : (call: grpc.ServerUnaryCall<unknown, object>, cb: grpc.sendUnaryData<object>) => {
            if (auth && !auth(call.metadata)) refuse(cb);
            else cb({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented` });
          };
    }
    server.addService(def, impl);
  }
}
