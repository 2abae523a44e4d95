import { BadCommand } from '../machines/bad-command';
import { GrpcError } from '../rpc/grpc-error';
import {
  createSearchAttributeRegistry,
  annotateSearchAttributes,
  isDeletion,
  saTypeToEnum,
  type SAType,
  type SearchAttributeRegistry as NsRegistry,
} from '../visibility';
import type { PayloadMap } from '../proto/wire';

export type SaType = SAType;
export { saTypeToEnum };

/**
 * Per-namespace wrapper around the visibility module's registry: namespaces share the server's
 * configured attributes and diverge through OperatorService calls.
 */
export class SearchAttributeRegistry {
  private readonly byNs = new Map<string, NsRegistry>();

  constructor(private readonly initial: Record<string, SaType>) {}

  of(ns: string): NsRegistry {
    let r = this.byNs.get(ns);
    if (!r) this.byNs.set(ns, (r = createSearchAttributeRegistry(this.initial)));
    return r;
  }

  typeOf(ns: string, name: string): SaType | undefined {
    return this.of(ns).typeOf(name);
  }

  /** Custom attributes only (what is persisted and listed as custom). */
  customOf(ns: string): Record<string, SaType> {
    return Object.fromEntries(this.of(ns).list().filter((d) => !d.system).map((d) => [d.name, d.type]));
  }

  systemOf(ns: string): Record<string, SaType> {
    return Object.fromEntries(this.of(ns).list().filter((d) => d.system).map((d) => [d.name, d.type]));
  }

  /**
   * Validates and adds the `type` metadata (notes §17.3). INVALID_ARGUMENT for requests;
   * BadCommand(BAD_SEARCH_ATTRIBUTES) when `forCommand` (the workflow task fails instead).
   */
  annotate(ns: string, fields: PayloadMap | undefined, forCommand: boolean): PayloadMap | undefined {
    if (!fields) return undefined;
    try {
      return annotateSearchAttributes(fields, this.of(ns));
    } catch (err) {
      if (forCommand && err instanceof GrpcError) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES', err.message);
      throw err;
    }
  }
}

/** Memo and search attributes merge shallowly; a null payload deletes the key (notes §17.1). */
export function mergePayloads(base: PayloadMap | undefined, upd: PayloadMap | undefined): PayloadMap | undefined {
  if (!upd) return base;
  const out = { ...(base ?? {}) };
  for (const [k, v] of Object.entries(upd)) {
    if (isDeletion(v)) delete out[k];
    else out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
