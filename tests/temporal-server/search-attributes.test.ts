import { describe, expect, it } from 'vitest';
import { GrpcError, GrpcStatus } from '../../temporal-server/rpc/grpc-error';
import {
  annotateSearchAttributes,
  createSearchAttributeRegistry,
  decodeSearchAttributeValue,
  encodeSearchAttributeValue,
  isDeletion,
  parseSAType,
  saTypeToEnum,
  statusName,
  type Payload,
  type SAType,
} from '../../temporal-server/visibility';

const json = (value: unknown, type?: string): Payload => ({
  metadata: { encoding: Buffer.from('json/plain'), ...(type ? { type: Buffer.from(type) } : {}) },
  data: Buffer.from(JSON.stringify(value)),
});

const grpcCode = (fn: () => unknown): { code: number; message: string } => {
  try {
    fn();
  } catch (e) {
    if (e instanceof GrpcError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a GrpcError');
};

describe('search attribute registry', () => {
  it('always knows the system attributes and the SDK test defaults', () => {
    const r = createSearchAttributeRegistry();
    const expected: Record<string, SAType> = {
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
      CustomKeywordField: 'Keyword',
      CustomTextField: 'Text',
      CustomIntField: 'Int',
      CustomDoubleField: 'Double',
      CustomBoolField: 'Bool',
      CustomDatetimeField: 'Datetime',
      CustomStringField: 'Text',
    };
    for (const [name, type] of Object.entries(expected)) expect(r.typeOf(name), name).toBe(type);
    expect(r.isSystem('TemporalChangeVersion')).toBe(true);
    expect(r.isSystem('CustomKeywordField')).toBe(false);
    expect(r.typeOf('Nope')).toBeUndefined();
  });

  it('adds from the initial map and at run time, idempotently, and removes custom ones', () => {
    const r = createSearchAttributeRegistry({ Region: 'Keyword' });
    expect(r.typeOf('Region')).toBe('Keyword');
    r.add('Region', 'Keyword');
    r.add('Deadline', 'Datetime');
    expect(r.list()).toContainEqual({ name: 'Deadline', type: 'Datetime', system: false });
    expect(r.list()).toContainEqual({ name: 'BuildIds', type: 'KeywordList', system: true });
    r.remove('Deadline');
    expect(r.typeOf('Deadline')).toBeUndefined();
  });

  it.each([
    ['re-adding with another type', (r: ReturnType<typeof createSearchAttributeRegistry>) => r.add('CustomIntField', 'Keyword'), GrpcStatus.ALREADY_EXISTS],
    ['adding a system name', (r: ReturnType<typeof createSearchAttributeRegistry>) => r.add('WorkflowId', 'Keyword'), GrpcStatus.INVALID_ARGUMENT],
    ['adding a bad name', (r: ReturnType<typeof createSearchAttributeRegistry>) => r.add('has space', 'Keyword'), GrpcStatus.INVALID_ARGUMENT],
    ['adding a bad type', (r: ReturnType<typeof createSearchAttributeRegistry>) => r.add('X', 'Strng' as SAType), GrpcStatus.INVALID_ARGUMENT],
    ['removing a system attribute', (r: ReturnType<typeof createSearchAttributeRegistry>) => r.remove('BuildIds'), GrpcStatus.INVALID_ARGUMENT],
    ['removing an unknown attribute', (r: ReturnType<typeof createSearchAttributeRegistry>) => r.remove('Unknown'), GrpcStatus.NOT_FOUND],
  ])('rejects %s', (_what, act, code) => {
    expect(grpcCode(() => act(createSearchAttributeRegistry())).code).toBe(code);
  });

  it('maps type names to the IndexedValueType enum and back', () => {
    expect(saTypeToEnum('KeywordList')).toBe('INDEXED_VALUE_TYPE_KEYWORD_LIST');
    expect(parseSAType('INDEXED_VALUE_TYPE_DATETIME')).toBe('Datetime');
    expect(parseSAType('keywordlist')).toBe('KeywordList');
    expect(parseSAType(3)).toBe('Int');
    expect(parseSAType('String')).toBeUndefined();
  });
});

describe('decodeSearchAttributeValue', () => {
  it.each<[string, Payload, SAType, unknown]>([
    ['keyword', json('a'), 'Keyword', 'a'],
    ['one-element array (untyped API)', json(['a']), 'Keyword', 'a'],
    ['multi-valued keyword', json(['a', 'b']), 'Keyword', ['a', 'b']],
    ['text', json('hello world'), 'Text', 'hello world'],
    ['int', json(42), 'Int', 42],
    ['int in array', json([42]), 'Int', 42],
    ['double', json(1.5), 'Double', 1.5],
    ['bool', json(true), 'Bool', true],
    ['datetime', json('2024-02-29T12:00:00Z'), 'Datetime', Date.UTC(2024, 1, 29, 12)],
    ['datetime with nanos and offset', json(['2024-01-01T01:00:00.123456789+01:00']), 'Datetime', Date.UTC(2024, 0, 1) + 123.456789],
    ['keyword list', json(['x', 'y']), 'KeywordList', ['x', 'y']],
    ['keyword list from one string', json('x'), 'KeywordList', ['x']],
    ['json null', json(null), 'Keyword', null],
    ['binary/null', { metadata: { encoding: Buffer.from('binary/null') } }, 'Int', null],
  ])('%s', (_name, payload, type, expected) => {
    const v = decodeSearchAttributeValue(payload, type);
    if (typeof expected === 'number' && !Number.isInteger(expected)) expect(v).toBeCloseTo(expected, 6);
    else expect(v).toEqual(expected);
  });

  it.each<[string, Payload, SAType]>([
    ['string for Int', json('12'), 'Int'],
    ['fraction for Int', json(1.5), 'Int'],
    ['number for Keyword', json(5), 'Keyword'],
    ['bad datetime', json('yesterday'), 'Datetime'],
    ['impossible date', json('2023-02-30T00:00:00Z'), 'Datetime'],
    ['string for Bool', json('true'), 'Bool'],
    ['protobuf encoding', { metadata: { encoding: Buffer.from('binary/protobuf') }, data: Buffer.from([1]) }, 'Keyword'],
  ])('rejects %s with INVALID_ARGUMENT', (_name, payload, type) => {
    expect(grpcCode(() => decodeSearchAttributeValue(payload, type)).code).toBe(GrpcStatus.INVALID_ARGUMENT);
  });
});

describe('encodeSearchAttributeValue', () => {
  it('writes typed json/plain payloads, Datetime as RFC 3339', () => {
    const p = encodeSearchAttributeValue(Date.UTC(2024, 0, 2, 3, 4, 5, 6), 'Datetime');
    expect(p.metadata!.encoding!.toString()).toBe('json/plain');
    expect(p.metadata!.type!.toString()).toBe('Datetime');
    expect(p.data!.toString()).toBe('"2024-01-02T03:04:05.006Z"');
    expect(encodeSearchAttributeValue('Running', 'Keyword').data!.toString()).toBe('"Running"');
    expect(decodeSearchAttributeValue(encodeSearchAttributeValue(['a', 'b'], 'KeywordList'), 'KeywordList')).toEqual(['a', 'b']);
  });
});

describe('annotateSearchAttributes', () => {
  const registry = createSearchAttributeRegistry();

  it('adds the registered type where missing and keeps data bytes and existing types', () => {
    const untyped = json(['2024-01-01T00:00:00Z']);
    const typed = json('k', 'Keyword');
    const out = annotateSearchAttributes({ CustomDatetimeField: untyped, CustomKeywordField: typed, TemporalChangeVersion: json(['p1-1']) }, registry);
    expect(out.CustomDatetimeField!.metadata!.type!.toString()).toBe('Datetime');
    expect(out.CustomDatetimeField!.data).toBe(untyped.data);
    expect(out.CustomKeywordField).toBe(typed);
    expect(out.TemporalChangeVersion!.metadata!.type!.toString()).toBe('KeywordList');
    expect(untyped.metadata!.type).toBeUndefined(); // input not mutated
  });

  it('passes deletions through untouched', () => {
    const del = json(null);
    const empty = json([]);
    const out = annotateSearchAttributes({ CustomIntField: del, CustomKeywordField: empty }, registry);
    expect(out.CustomIntField).toBe(del);
    expect(isDeletion(del)).toBe(true);
    expect(isDeletion(empty)).toBe(true);
    expect(isDeletion(json('x'))).toBe(false);
  });

  it.each<[string, Record<string, Payload>, RegExp]>([
    ['unknown attribute', { Nope: json('x') }, /^search attribute Nope is not defined$/],
    ['value of the wrong type', { CustomIntField: json('x') }, /invalid value for search attribute CustomIntField of type Int/],
    ['read-only system attribute', { WorkflowId: json('x') }, /reserved by system/],
  ])('rejects %s with INVALID_ARGUMENT', (_name, fields, message) => {
    const err = grpcCode(() => annotateSearchAttributes(fields, registry));
    expect(err.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(err.message).toMatch(message);
  });
});

describe('statusName', () => {
  it.each([
    ['WORKFLOW_EXECUTION_STATUS_RUNNING', 'Running'],
    ['WORKFLOW_EXECUTION_STATUS_COMPLETED', 'Completed'],
    ['WORKFLOW_EXECUTION_STATUS_FAILED', 'Failed'],
    ['WORKFLOW_EXECUTION_STATUS_CANCELED', 'Canceled'],
    ['WORKFLOW_EXECUTION_STATUS_TERMINATED', 'Terminated'],
    ['WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW', 'ContinuedAsNew'],
    ['WORKFLOW_EXECUTION_STATUS_TIMED_OUT', 'TimedOut'],
    ['WORKFLOW_EXECUTION_STATUS_UNSPECIFIED', 'Unspecified'],
    [6, 'ContinuedAsNew'],
  ])('%s → %s', (input, name) => {
    expect(statusName(input)).toBe(name);
  });
});
