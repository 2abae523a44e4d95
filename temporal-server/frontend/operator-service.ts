import type { Engine } from '../state/engine';
import type { ServiceHandlers } from '../rpc/handler';
import { saTypeToEnum } from '../state/search-attributes';
import { parseSAType } from '../visibility';

export function createOperatorServiceHandlers(engine: Engine): ServiceHandlers {
  const reg = engine.searchAttributes;
  const enums = (m: Record<string, any>) => Object.fromEntries(Object.entries(m).map(([k, t]) => [k, saTypeToEnum(t)]));
  return {
    async AddSearchAttributes(req) {
      const ns = req.namespace || 'default';
      engine.namespace(ns);
      for (const [name, t] of Object.entries<string>(req.searchAttributes ?? {})) {
        const type = parseSAType(t);
        if (!type) throw new TypeError(`Unknown search attribute type ${t} for ${name}.`);
        reg.of(ns).add(name, type);
      }
      engine.sink?.onSearchAttributes?.(ns);
      return {};
    },
    async RemoveSearchAttributes(req) {
      const ns = req.namespace || 'default';
      engine.namespace(ns);
      for (const name of req.searchAttributes ?? []) reg.of(ns).remove(name);
      engine.sink?.onSearchAttributes?.(ns);
      return {};
    },
    async ListSearchAttributes(req) {
      const ns = req.namespace || 'default';
      engine.namespace(ns);
      return { customAttributes: enums(reg.customOf(ns)), systemAttributes: enums(reg.systemOf(ns)), storageSchema: {} };
    },
  };
}
