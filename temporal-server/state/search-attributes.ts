import { BadCommand } from '../machines/bad-command';

export type SaType = 'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export const SA_ENUM: Record<SaType, string> = {
  Text: 'INDEXED_VALUE_TYPE_TEXT',
  Keyword: 'INDEXED_VALUE_TYPE_KEYWORD',
  Int: 'INDEXED_VALUE_TYPE_INT',
  Double: 'INDEXED_VALUE_TYPE_DOUBLE',
  Bool: 'INDEXED_VALUE_TYPE_BOOL',
  Datetime: 'INDEXED_VALUE_TYPE_DATETIME',
  KeywordList: 'INDEXED_VALUE_TYPE_KEYWORD_LIST',
};

/** Attributes every namespace has (notes §17.2); Core upserts TemporalChangeVersion on patches. */
export const SYSTEM_ATTRIBUTES: Record<string, SaType> = {
  TemporalChangeVersion: 'KeywordList',
  BinaryChecksums: 'KeywordList',
  BuildIds: 'KeywordList',
  WorkflowId: 'Keyword',
  RunId: 'Keyword',
  WorkflowType: 'Keyword',
  TaskQueue: 'Keyword',
  ExecutionStatus: 'Keyword',
  StartTime: 'Datetime',
  CloseTime: 'Datetime',
  ExecutionTime: 'Datetime',
  HistoryLength: 'Int',
  ExecutionDuration: 'Int',
  TemporalScheduledById: 'Keyword',
  TemporalScheduledStartTime: 'Datetime',
  TemporalNamespaceDivision: 'Keyword',
};

/** What dev-server mode pre-registers (the SDK tests expect these without registering them). */
export const DEFAULT_CUSTOM_ATTRIBUTES: Record<string, SaType> = {
  CustomKeywordField: 'Keyword',
  CustomTextField: 'Text',
  CustomIntField: 'Int',
  CustomDoubleField: 'Double',
  CustomBoolField: 'Bool',
  CustomDatetimeField: 'Datetime',
  CustomStringField: 'Text',
};

/** Custom search attributes per namespace. */
export class SearchAttributeRegistry {
  private readonly custom = new Map<string, Map<string, SaType>>();

  constructor(private readonly defaults: Record<string, SaType>) {}

  private ns(ns: string): Map<string, SaType> {
    let m = this.custom.get(ns);
    if (!m) this.custom.set(ns, (m = new Map(Object.entries(this.defaults) as [string, SaType][])));
    return m;
  }

  typeOf(ns: string, name: string): SaType | undefined {
    return SYSTEM_ATTRIBUTES[name] ?? this.ns(ns).get(name);
  }

  customOf(ns: string): Record<string, SaType> {
    return Object.fromEntries(this.ns(ns));
  }

  add(ns: string, name: string, type: SaType): void {
    this.ns(ns).set(name, type);
  }

  remove(ns: string, name: string): boolean {
    return this.ns(ns).delete(name);
  }

  /**
   * Validates and adds the `type` metadata (notes §17.3). Throws TypeError (→ INVALID_ARGUMENT) or,
   * for commands, BadCommand(BAD_SEARCH_ATTRIBUTES).
   */
  annotate(ns: string, fields: Record<string, any> | undefined, forCommand: boolean): Record<string, any> | undefined {
    if (!fields) return undefined;
    const out: Record<string, any> = {};
    for (const [name, payload] of Object.entries(fields)) {
      const type = this.typeOf(ns, name);
      if (!type) {
        const msg = `search attribute ${name} is not defined`;
        if (forCommand) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES', msg);
        throw new TypeError(msg);
      }
      const metadata = { ...(payload?.metadata ?? {}) };
      if (!metadata.type) metadata.type = Buffer.from(type);
      out[name] = { ...payload, metadata };
    }
    return out;
  }
}

/** A payload that deletes the key on merge: `binary/null`, or JSON null / [] without a type. */
export function isDeletePayload(p: any): boolean {
  const enc = p?.metadata?.encoding ? Buffer.from(p.metadata.encoding).toString() : '';
  if (enc === 'binary/null') return true;
  if (enc === 'json/plain') {
    const d = p.data ? Buffer.from(p.data).toString() : '';
    return d === 'null' || d === '[]';
  }
  return false;
}

export function mergePayloads(base: Record<string, any> | undefined, upd: Record<string, any> | undefined): Record<string, any> | undefined {
  if (!upd) return base;
  const out = { ...(base ?? {}) };
  for (const [k, v] of Object.entries(upd)) {
    if (isDeletePayload(v)) delete out[k];
    else out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

export function decodeSaValue(p: any): unknown {
  try {
    return JSON.parse(Buffer.from(p?.data ?? []).toString('utf8'));
  } catch {
    return undefined;
  }
}
