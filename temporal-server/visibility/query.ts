import { parseRfc3339 } from './datetime';
import { parseStatusLiteral } from './execution-status';
import { parseQueryAst, type CompareOp, type Expr, type Literal } from './query-ast';
import { queryError } from './query-lexer';
import type { SAType, SearchAttributeRegistry } from './registry';

export interface ParsedVisibilityQuery {
  /** `record` holds decoded values by attribute name (Datetime as epoch ms, ExecutionStatus as `Running`, …). */
  matches(record: Record<string, unknown>): boolean;
  orderBy: { field: string; direction: 'asc' | 'desc' }[];
  groupBy: string[];
}

type Scalar = string | number | boolean;
/** SQL three-valued logic (null = unknown), as the dev server's SQLite visibility evaluates. */
type Tri = boolean | null;
type Matcher = (record: Record<string, unknown>) => Tri;

const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === null || b === null ? null : true);
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === null || b === null ? null : false);
const not = (a: Tri): Tri => (a === null ? null : !a);

const RANGE_OPS = new Set<CompareOp>(['>', '>=', '<', '<=']);

function compare(a: Scalar, op: CompareOp, b: Scalar): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

/** Text fields match when every token of the literal is a token of the value (full-text style). */
const tokens = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
function textContains(value: string, phrase: string): boolean {
  const have = new Set(tokens(value));
  const want = tokens(phrase);
  return want.length > 0 ? want.every((t) => have.has(t)) : value === phrase;
}

/** Coerces a query literal to the attribute's value space, or fails the query. */
function coerce(field: string, type: SAType, lit: Literal): Scalar {
  const bad = () => queryError(`invalid value ${JSON.stringify(lit.value)} for ${type} search attribute ${field}`);
  switch (type) {
    case 'Keyword':
    case 'KeywordList':
    case 'Text': {
      if (lit.kind !== 'string') throw bad();
      if (field !== 'ExecutionStatus') return lit.value;
      const status = parseStatusLiteral(lit.value);
      if (!status) throw queryError(`invalid ExecutionStatus value '${lit.value}'`);
      return status;
    }
    case 'Int':
    case 'Double': {
      const n = lit.kind === 'number' ? lit.value : lit.kind === 'string' && lit.value.trim() !== '' ? Number(lit.value) : NaN;
      if (!Number.isFinite(n) || (type === 'Int' && !Number.isInteger(n))) throw bad();
      return n;
    }
    case 'Bool':
      if (lit.kind === 'bool') return lit.value;
      if (lit.kind === 'string' && /^(true|false)$/i.test(lit.value)) return lit.value.toLowerCase() === 'true';
      throw bad();
    case 'Datetime': {
      const ms = lit.kind === 'string' ? parseRfc3339(lit.value) : undefined;
      if (ms === undefined) throw bad();
      return ms;
    }
  }
}

/** A record value as a list of scalars; empty means "not set" (SQL NULL). */
function valuesOf(v: unknown): Scalar[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined) as Scalar[];
  if (v instanceof Date) return [v.getTime()];
  return [v as Scalar];
}

function compile(expr: Expr, registry: SearchAttributeRegistry): Matcher {
  switch (expr.type) {
    case 'and': {
      const l = compile(expr.left, registry);
      const r = compile(expr.right, registry);
      return (rec) => and(l(rec), r(rec));
    }
    case 'or': {
      const l = compile(expr.left, registry);
      const r = compile(expr.right, registry);
      return (rec) => or(l(rec), r(rec));
    }
    case 'not': {
      const e = compile(expr.expr, registry);
      return (rec) => not(e(rec));
    }
    default:
      return compilePredicate(expr, registry);
  }
}

function compilePredicate(expr: Exclude<Expr, { type: 'and' | 'or' | 'not' }>, registry: SearchAttributeRegistry): Matcher {
  const { field } = expr;
  const type = registry.typeOf(field);
  if (!type) throw queryError(`search attribute ${field} is not defined`);
  const unsupported = (what: string) => queryError(`operator ${what} is not supported for ${type} search attribute ${field}`);

  /** Positive test on one element; list values match if any element does, negations negate that. */
  const build = (test: (v: Scalar) => boolean, negated: boolean): Matcher => (rec) => {
    const values = valuesOf(rec[field]);
    if (values.length === 0) return null;
    const hit = values.some(test);
    return negated ? !hit : hit;
  };

  switch (expr.type) {
    case 'isNull':
      return (rec) => (valuesOf(rec[field]).length === 0) !== expr.negated;
    case 'compare': {
      const lit = coerce(field, type, expr.value);
      if (RANGE_OPS.has(expr.op) && (type === 'Text' || type === 'Bool' || type === 'KeywordList')) throw unsupported(expr.op);
      if (type === 'Text') return build((v) => typeof v === 'string' && textContains(v, lit as string), expr.op === '!=');
      if (expr.op === '!=') return build((v) => v === lit, true);
      return build((v) => typeof v === typeof lit && compare(v, expr.op, lit), false);
    }
    case 'in': {
      if (type === 'Text') throw unsupported('IN');
      const set = new Set(expr.values.map((l) => coerce(field, type, l)));
      return build((v) => set.has(v), expr.negated);
    }
    case 'between': {
      if (type === 'Text' || type === 'Bool' || type === 'KeywordList') throw unsupported('BETWEEN');
      const low = coerce(field, type, expr.low);
      const high = coerce(field, type, expr.high);
      return build((v) => typeof v === typeof low && v >= low && v <= high, expr.negated);
    }
    case 'startsWith': {
      if (type !== 'Keyword' && type !== 'KeywordList') throw unsupported('STARTS_WITH');
      const prefix = coerce(field, type, expr.prefix) as string;
      return build((v) => typeof v === 'string' && v.startsWith(prefix), expr.negated);
    }
  }
}

/**
 * The subset of Temporal's visibility SQL that SDK tests, samples and operators use. Every
 * problem (syntax, unknown attribute, value of the wrong type) is INVALID_ARGUMENT, like the
 * real server's "invalid query".
 */
export function parseVisibilityQuery(query: string, registry: SearchAttributeRegistry): ParsedVisibilityQuery {
  const ast = parseQueryAst(query ?? '');
  const matcher = ast.where ? compile(ast.where, registry) : () => true;
  for (const { field } of ast.orderBy) {
    const type = registry.typeOf(field);
    if (!type) throw queryError(`search attribute ${field} is not defined`);
    if (type === 'Text' || type === 'KeywordList') throw queryError(`cannot order by ${type} search attribute ${field}`);
  }
  for (const field of ast.groupBy) {
    if (field !== 'ExecutionStatus') throw queryError(`'group by' is supported for ExecutionStatus only, not ${field}`);
  }
  if (ast.groupBy.length > 1) throw queryError(`'group by' takes a single field`);
  return { matches: (record) => matcher(record) === true, orderBy: ast.orderBy, groupBy: ast.groupBy };
}
