import type { Engine } from '../state/engine';
import type { ServiceHandlers } from '../rpc/handler';
import { GrpcError, GrpcStatus } from '../rpc/grpc-error';
import { SA_ENUM, SYSTEM_ATTRIBUTES, type SaType } from '../state/search-attributes';

const TYPE_BY_ENUM = Object.fromEntries(Object.entries(SA_ENUM).map(([k, v]) => [v, k])) as Record<string, SaType>;

export function createOperatorServiceHandlers(engine: Engine): ServiceHandlers {
  const reg = engine.searchAttributes;
  return {
    async AddSearchAttributes(req) {
      const ns = req.namespace || 'default';
      engine.namespace(ns);
      for (const [name, t] of Object.entries<string>(req.searchAttributes ?? {})) {
        const type = TYPE_BY_ENUM[t];
        if (!type) throw new TypeError(`Unknown search attribute type ${t} for ${name}.`);
        if (SYSTEM_ATTRIBUTES[name]) throw new TypeError(`Search attribute ${name} is reserved by system.`);
        const existing = reg.typeOf(ns, name);
        if (existing && existing !== type) throw new GrpcError(GrpcStatus.ALREADY_EXISTS, `Search attribute ${name} already exists.`);
        reg.add(ns, name, type);
      }
      engine.sink?.onSearchAttributes?.(ns);
      return {};
    },
    async RemoveSearchAttributes(req) {
      const ns = req.namespace || 'default';
      engine.namespace(ns);
      for (const name of req.searchAttributes ?? []) {
        if (!reg.remove(ns, name)) throw new GrpcError(GrpcStatus.NOT_FOUND, `Search attribute ${name} doesn't exist.`);
      }
      engine.sink?.onSearchAttributes?.(ns);
      return {};
    },
    async ListSearchAttributes(req) {
      const ns = req.namespace || 'default';
      engine.namespace(ns);
      const custom = Object.fromEntries(Object.entries(reg.customOf(ns)).map(([k, t]) => [k, SA_ENUM[t]]));
      const system = Object.fromEntries(Object.entries(SYSTEM_ATTRIBUTES).map(([k, t]) => [k, SA_ENUM[t]]));
      return { customAttributes: custom, systemAttributes: system, storageSchema: {} };
    },
  };
}
