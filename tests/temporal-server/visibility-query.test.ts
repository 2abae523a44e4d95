import { describe, expect, it } from 'vitest';
import { GrpcError, GrpcStatus } from '../../temporal-server/rpc/grpc-error';
import { createSearchAttributeRegistry, parseVisibilityQuery } from '../../temporal-server/visibility';

const registry = createSearchAttributeRegistry({ Tags: 'KeywordList', Regio: 'Keyword' });
const t = (iso: string) => Date.parse(iso);

const records: Record<string, Record<string, unknown>> = {
  a: {
    WorkflowId: 'melding-1',
    WorkflowType: 'meldingWorkflow',
    TaskQueue: 'werkroute',
    ExecutionStatus: 'Running',
    StartTime: t('2024-01-01T10:00:00Z'),
    HistoryLength: 5,
    CustomKeywordField: 'alpha',
    CustomIntField: 10,
    CustomDoubleField: 1.5,
    CustomBoolField: true,
    CustomTextField: 'The quick brown fox',
    CustomDatetimeField: t('2024-06-01T00:00:00Z'),
    Tags: ['x', 'y'],
  },
  b: {
    WorkflowId: 'melding-2',
    WorkflowType: 'meldingWorkflow',
    TaskQueue: 'werkroute',
    ExecutionStatus: 'Completed',
    StartTime: t('2024-01-02T10:00:00Z'),
    CloseTime: t('2024-01-03T10:00:00Z'),
    HistoryLength: 11,
    CustomKeywordField: 'beta',
    CustomIntField: 20,
    CustomBoolField: false,
    Tags: ['z'],
  },
  c: {
    WorkflowId: "o'brien",
    WorkflowType: 'otherWorkflow',
    TaskQueue: 'other',
    ExecutionStatus: 'ContinuedAsNew',
    StartTime: t('2024-01-03T10:00:00Z'),
    HistoryLength: 3,
    CustomKeywordField: ['alpha', 'gamma'],
  },
};

const matching = (query: string) =>
  Object.entries(records)
    .filter(([, r]) => parseVisibilityQuery(query, registry).matches(r))
    .map(([k]) => k)
    .join('');

describe('parseVisibilityQuery: matching', () => {
  it.each<[string, string]>([
    ['', 'abc'],
    ['   ', 'abc'],
    ["WorkflowId = 'melding-1'", 'a'],
    ['WorkflowId = "melding-2"', 'b'],
    ["`WorkflowId` = 'melding-1'", 'a'],
    ["WorkflowId = 'o''brien'", 'c'],
    ["WorkflowId = 'o\\'brien'", 'c'],
    ["WorkflowId != 'melding-1'", 'bc'],
    ["WorkflowId <> 'melding-1'", 'bc'],
    ["WorkflowId IN ('melding-1', 'melding-2')", 'ab'],
    ["WorkflowId NOT IN ('melding-1')", 'bc'],
    ["WorkflowId STARTS_WITH 'meld'", 'ab'],
    ["WorkflowId NOT STARTS_WITH 'meld'", 'c'],
    ["TaskQueue = 'werkroute' AND ExecutionStatus = 'Running'", 'a'],
    ["ExecutionStatus = 'Running' OR ExecutionStatus = 'ContinuedAsNew'", 'ac'],
    ["ExecutionStatus = 'running'", 'a'],
    ["ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_COMPLETED'", 'b'],
    ["NOT ExecutionStatus = 'Running'", 'bc'],
    ["not (ExecutionStatus = 'Running' or ExecutionStatus = 'Completed')", 'c'],
    ["WorkflowType = 'meldingWorkflow' and (CustomIntField = 10 or CustomIntField = 20)", 'ab'],
    ['HistoryLength > 5', 'b'],
    ['HistoryLength >= 5', 'ab'],
    ['HistoryLength < 5', 'c'],
    ['HistoryLength <= 5', 'ac'],
    ['HistoryLength BETWEEN 4 AND 11', 'ab'],
    ['HistoryLength NOT BETWEEN 4 AND 10', 'bc'],
    ["CustomIntField = '10'", 'a'],
    ['CustomDoubleField > 1.25', 'a'],
    ['CustomDoubleField < -1', ''],
    ['CustomBoolField = true', 'a'],
    ['CustomBoolField = FALSE', 'b'],
    ["StartTime > '2024-01-01T12:00:00Z'", 'bc'],
    ["StartTime BETWEEN '2024-01-01T00:00:00Z' AND '2024-01-02T10:00:00.000Z'", 'ab'],
    ["StartTime < '2024-01-02T11:00:00+01:00'", 'a'],
    ["CustomDatetimeField = '2024-06-01T00:00:00Z'", 'a'],
    ['CloseTime IS NULL', 'ac'],
    ['CloseTime IS NOT NULL', 'b'],
    ["CloseTime > '2000-01-01T00:00:00Z'", 'b'],
    // SQL NULL semantics: an unset attribute matches neither = nor !=.
    ['CustomIntField != 10', 'b'],
    ['NOT CustomIntField = 10', 'b'],
    ["CustomKeywordField = 'alpha'", 'ac'],
    ["CustomKeywordField != 'alpha'", 'b'],
    ["Tags = 'y'", 'a'],
    ["Tags IN ('z', 'q')", 'b'],
    ["Tags != 'x'", 'b'],
    ["Tags STARTS_WITH 'z'", 'b'],
    ["CustomTextField = 'quick'", 'a'],
    ["CustomTextField = 'BROWN quick'", 'a'],
    ["CustomTextField = 'slow'", ''],
    ["CustomTextField != 'slow'", 'a'],
    ["WorkflowId = 'melding-1' ORDER BY StartTime DESC", 'a'],
    ["TaskQueue = 'werkroute' GROUP BY ExecutionStatus", 'ab'],
    ['ORDER BY StartTime', 'abc'],
  ])('%s → %s', (query, expected) => {
    expect(matching(query)).toBe(expected);
  });

  it('also reads Date objects and undefined values from records', () => {
    const q = parseVisibilityQuery("StartTime >= '2024-01-01T00:00:00Z' AND CloseTime IS NULL", registry);
    expect(q.matches({ StartTime: new Date('2024-03-01T00:00:00Z'), CloseTime: undefined })).toBe(true);
    expect(q.matches({ StartTime: new Date('2023-03-01T00:00:00Z') })).toBe(false);
  });
});

describe('parseVisibilityQuery: clauses', () => {
  it('parses ORDER BY with directions and GROUP BY', () => {
    expect(parseVisibilityQuery('ORDER BY StartTime desc, WorkflowId', registry).orderBy).toEqual([
      { field: 'StartTime', direction: 'desc' },
      { field: 'WorkflowId', direction: 'asc' },
    ]);
    const g = parseVisibilityQuery("TaskQueue = 'q' group by ExecutionStatus", registry);
    expect(g.groupBy).toEqual(['ExecutionStatus']);
    expect(g.orderBy).toEqual([]);
    expect(parseVisibilityQuery('', registry)).toMatchObject({ orderBy: [], groupBy: [] });
  });
});

describe('parseVisibilityQuery: errors are INVALID_ARGUMENT', () => {
  it.each<[string, RegExp]>([
    ["Nope = 'x'", /search attribute Nope is not defined/],
    ['ORDER BY Nope', /search attribute Nope is not defined/],
    ["WorkflowId = 'x' GROUP BY WorkflowType", /supported for ExecutionStatus only/],
    ["WorkflowId = 'x' AND", /expected a search attribute name but found end of query/],
    ["WorkflowId 'x'", /expected an operator after 'WorkflowId'/],
    ["WorkflowId = 'x", /unterminated string/],
    ['WorkflowId = ', /expected a value but found end of query/],
    ["(WorkflowId = 'x'", /expected '\)' but found end of query/],
    ["WorkflowId = 'x')", /unexpected '\)'/],
    ["WorkflowId = 'x' LIMIT 5", /unexpected 'LIMIT'/],
    ["WorkflowId ~ 'x'", /unexpected character '~'/],
    ['WorkflowId = 5', /invalid value 5 for Keyword search attribute WorkflowId/],
    ["HistoryLength = 'many'", /invalid value "many" for Int/],
    ['HistoryLength = 1.5', /invalid value 1.5 for Int/],
    ["StartTime > 'yesterday'", /invalid value "yesterday" for Datetime/],
    ["ExecutionStatus = 'Sleeping'", /invalid ExecutionStatus value 'Sleeping'/],
    ["CustomTextField > 'a'", /operator > is not supported for Text/],
    ["CustomTextField STARTS_WITH 'a'", /operator STARTS_WITH is not supported/],
    ['CustomBoolField BETWEEN true AND false', /operator BETWEEN is not supported for Bool/],
    ['ORDER BY CustomTextField', /cannot order by Text/],
    ['WorkflowId IN ()', /expected a value but found '\)'/],
  ])('%s', (query, message) => {
    let caught: unknown;
    try {
      parseVisibilityQuery(query, registry);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GrpcError);
    expect((caught as GrpcError).code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect((caught as GrpcError).message).toMatch(/^invalid query: /);
    expect((caught as GrpcError).message).toMatch(message);
  });
});
