import { createRequire } from 'node:module';
import type { Root, Type, Service } from 'protobufjs';

const require = createRequire(import.meta.url);

/** The protobufjs root that ships with the SDK, so the wire format is exactly what the SDK speaks. */
export const root = require('@temporalio/proto/protos/json-module') as Root;

const typeCache = new Map<string, Type>();

export function lookupType(name: string): Type {
  let t = typeCache.get(name);
  if (!t) {
    t = root.lookupType(name);
    typeCache.set(name, t);
  }
  return t;
}

export function lookupService(name: string): Service {
  return root.lookupService(name);
}
