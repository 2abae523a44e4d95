import type { ServiceDefinition, MethodDefinition } from '@grpc/grpc-js';
import type { Type } from 'protobufjs';
import { lookupService } from './root';
import { decode, encode } from './codec';

/** A request that failed to decode; the front answers INVALID_ARGUMENT instead of crashing. */
export const DECODE_ERROR = Symbol('decodeError');

/** Builds a grpc-js service definition from the SDK's descriptors (paths `/<full.Name>/<Method>`). */
export function buildServiceDefinition(fullName: string): ServiceDefinition {
  const service = lookupService(fullName);
  const def: Record<string, MethodDefinition<object, object>> = {};
  for (const [name, method] of Object.entries(service.methods)) {
    method.resolve();
    const req = method.resolvedRequestType as Type;
    const res = method.resolvedResponseType as Type;
    def[name] = {
      path: `/${fullName}/${name}`,
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: (obj: object) => encode(req, obj),
      requestDeserialize: (buf: Buffer) => {
        try {
          return decode<object>(req, buf);
        } catch (err) {
          return { [DECODE_ERROR]: (err as Error).message };
        }
      },
      responseSerialize: (obj: object) => encode(res, obj),
      responseDeserialize: (buf: Buffer) => decode<object>(res, buf),
      originalName: name,
    };
  }
  return def as ServiceDefinition;
}

export const WORKFLOW_SERVICE = 'temporal.api.workflowservice.v1.WorkflowService';
export const OPERATOR_SERVICE = 'temporal.api.operatorservice.v1.OperatorService';
export const TEST_SERVICE = 'temporal.api.testservice.v1.TestService';
export const HEALTH_SERVICE = 'grpc.health.v1.Health';
