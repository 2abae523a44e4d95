import { GrpcError, GrpcStatus, invalidArgument, notFound } from '../rpc/grpc-error';

/** In `IndexedValueType` code order (code = index + 1). */
export const SA_TYPES = ['Text', 'Keyword', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'] as const;
export type SAType = (typeof SA_TYPES)[number];

/** `INDEXED_VALUE_TYPE_KEYWORD_LIST` ↔ `KeywordList`, for OperatorService requests and responses. */
const ENUM_BY_TYPE: Record<SAType, string> = {
  Text: 'INDEXED_VALUE_TYPE_TEXT',
  Keyword: 'INDEXED_VALUE_TYPE_KEYWORD',
  Int: 'INDEXED_VALUE_TYPE_INT',
  Double: 'INDEXED_VALUE_TYPE_DOUBLE',
  Bool: 'INDEXED_VALUE_TYPE_BOOL',
  Datetime: 'INDEXED_VALUE_TYPE_DATETIME',
  KeywordList: 'INDEXED_VALUE_TYPE_KEYWORD_LIST',
};

export function saTypeToEnum(type: SAType): string {
  return ENUM_BY_TYPE[type];
}

/** Accepts `Keyword`, `keyword`, `INDEXED_VALUE_TYPE_KEYWORD` or the enum code 2. */
export function parseSAType(value: string | number): SAType | undefined {
  if (typeof value === 'number') return SA_TYPES[value - 1];
  const v = value.trim();
  for (const t of SA_TYPES) {
    if (t.toLowerCase() === v.toLowerCase() || ENUM_BY_TYPE[t] === v.toUpperCase()) return t;
  }
  return undefined;
}

/** Set by the server itself; queryable, but a start or upsert may not write them. */
const SYSTEM_READ_ONLY: Record<string, SAType> = {
  WorkflowId: 'Keyword',
  RunId: 'Keyword',
  WorkflowType: 'Keyword',
  TaskQueue: 'Keyword',
  ExecutionStatus: 'Keyword',
  StartTime: 'Datetime',
  CloseTime: 'Datetime',
  ExecutionTime: 'Datetime',
  HistoryLength: 'Int',
};

/** System attributes workers write: Core upserts TemporalChangeVersion on every `patched()`. */
const SYSTEM_WRITABLE: Record<string, SAType> = {
  TemporalChangeVersion: 'KeywordList',
  BinaryChecksums: 'KeywordList',
  BuildIds: 'KeywordList',
};

/** What the SDK test suites expect a fresh dev or test server to know without registering. */
export const SDK_TEST_DEFAULTS: Readonly<Record<string, SAType>> = {
  CustomKeywordField: 'Keyword',
  CustomTextField: 'Text',
  CustomIntField: 'Int',
  CustomDoubleField: 'Double',
  CustomBoolField: 'Bool',
  CustomDatetimeField: 'Datetime',
  CustomStringField: 'Text',
};

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export interface SearchAttributeDefinition {
  name: string;
  type: SAType;
  system: boolean;
}

export interface SearchAttributeRegistry {
  typeOf(name: string): SAType | undefined;
  isSystem(name: string): boolean;
  /** True for system attributes only the server sets (WorkflowId, StartTime, …). */
  isReadOnly(name: string): boolean;
  /** Idempotent for the same type; ALREADY_EXISTS for another type, INVALID_ARGUMENT for system names. */
  add(name: string, type: SAType): void;
  /** NOT_FOUND if unknown, INVALID_ARGUMENT for system attributes. */
  remove(name: string): void;
  list(): SearchAttributeDefinition[];
}

export function createSearchAttributeRegistry(initial: Record<string, SAType> = {}): SearchAttributeRegistry {
  const system = new Map<string, SAType>(Object.entries({ ...SYSTEM_READ_ONLY, ...SYSTEM_WRITABLE }));
  const custom = new Map<string, SAType>(Object.entries(SDK_TEST_DEFAULTS));

  const registry: SearchAttributeRegistry = {
    typeOf: (name) => system.get(name) ?? custom.get(name),
    isSystem: (name) => system.has(name),
    isReadOnly: (name) => name in SYSTEM_READ_ONLY,
    add(name, type) {
      if (!NAME.test(name)) throw invalidArgument(`invalid search attribute name '${name}'`);
      if (!SA_TYPES.includes(type)) throw invalidArgument(`invalid search attribute type '${String(type)}' for ${name}`);
      if (system.has(name)) throw invalidArgument(`search attribute ${name} is reserved by system`);
      const existing = custom.get(name);
      if (existing === type) return;
      if (existing) {
        throw new GrpcError(GrpcStatus.ALREADY_EXISTS, `search attribute ${name} already exists with type ${existing}`);
      }
      custom.set(name, type);
    },
    remove(name) {
      if (system.has(name)) throw invalidArgument(`unable to remove system search attribute ${name}`);
      if (!custom.delete(name)) throw notFound(`search attribute ${name} doesn't exist`);
    },
    list: () => [
      ...[...system].map(([name, type]) => ({ name, type, system: true })),
      ...[...custom].map(([name, type]) => ({ name, type, system: false })),
    ],
  };
  for (const [name, type] of Object.entries(initial)) registry.add(name, type);
  return registry;
}
