import type { Engine } from '../state/engine';
import { saTypeToEnum, type SaType } from '../state/search-attributes';
import type { OperatorServiceMethods } from '../proto/wire';
import { parseSAType } from '../visibility';

export function createOperatorServiceHandlers(engine: Engine): OperatorServiceMethods {
  const reg = engine.searchAttributes;
  const enums = (m: Record<string, SaType>) => Object.fromEntries(Object.entries(m).map(([k, t]) => [k, saTypeToEnum(t)]));
  const handlers: OperatorServiceMethods = {
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
  return handlers;
}
