import { queryError, tokenize, type Token } from './query-lexer';

export type Literal = { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'bool'; value: boolean };
export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type Expr =
  | { type: 'and' | 'or'; left: Expr; right: Expr }
  | { type: 'not'; expr: Expr }
  | { type: 'compare'; field: string; op: CompareOp; value: Literal }
  | { type: 'in'; field: string; values: Literal[]; negated: boolean }
  | { type: 'between'; field: string; low: Literal; high: Literal; negated: boolean }
  | { type: 'startsWith'; field: string; prefix: Literal; negated: boolean }
  | { type: 'isNull'; field: string; negated: boolean };

export interface QueryAst {
  where?: Expr;
  orderBy: { field: string; direction: 'asc' | 'desc' }[];
  groupBy: string[];
}

/** Recursive descent: or → and → not → predicate | ( or ). */
class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): QueryAst {
    const ast: QueryAst = { orderBy: [], groupBy: [] };
    if (!this.atKeyword('ORDER') && !this.atKeyword('GROUP') && this.peek().kind !== 'eof') ast.where = this.or();
    for (;;) {
      if (this.atKeyword('ORDER') && !ast.orderBy.length) {
        this.next();
        this.expectKeyword('BY');
        ast.orderBy = this.list(() => {
          const field = this.ident();
          const dir = this.atKeyword('ASC') || this.atKeyword('DESC') ? this.next().text : 'ASC';
          return { field, direction: dir === 'DESC' ? ('desc' as const) : ('asc' as const) };
        });
      } else if (this.atKeyword('GROUP') && !ast.groupBy.length) {
        this.next();
        this.expectKeyword('BY');
        ast.groupBy = this.list(() => this.ident());
      } else {
        break;
      }
    }
    const t = this.peek();
    if (t.kind !== 'eof') throw queryError(`unexpected ${describe(t)} at position ${t.pos}`);
    return ast;
  }

  private or(): Expr {
    let left = this.and();
    while (this.atKeyword('OR')) {
      this.next();
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.atKeyword('AND')) {
      this.next();
      left = { type: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Expr {
    if (this.atKeyword('NOT')) {
      this.next();
      return { type: 'not', expr: this.not() };
    }
    if (this.peek().kind === '(') {
      this.next();
      const e = this.or();
      this.expect(')');
      return e;
    }
    return this.predicate();
  }

  private predicate(): Expr {
    const field = this.ident();
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      return { type: 'compare', field, op: t.text as CompareOp, value: this.literal() };
    }
    if (this.atKeyword('IS')) {
      this.next();
      const negated = this.optionalKeyword('NOT');
      this.expectKeyword('NULL');
      return { type: 'isNull', field, negated };
    }
    const negated = this.optionalKeyword('NOT');
    if (this.optionalKeyword('IN')) {
      this.expect('(');
      const values = this.list(() => this.literal());
      this.expect(')');
      return { type: 'in', field, values, negated };
    }
    if (this.optionalKeyword('BETWEEN')) {
      const low = this.literal();
      this.expectKeyword('AND');
      return { type: 'between', field, low, high: this.literal(), negated };
    }
    if (this.optionalKeyword('STARTS_WITH')) return { type: 'startsWith', field, prefix: this.literal(), negated };
    const u = this.peek();
    throw queryError(`expected an operator after '${field}' but found ${describe(u)} at position ${u.pos}`);
  }

  private literal(): Literal {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'string', value: t.text };
    if (t.kind === 'number') return { kind: 'number', value: Number(t.text) };
    if (t.kind === 'keyword' && (t.text === 'TRUE' || t.text === 'FALSE')) return { kind: 'bool', value: t.text === 'TRUE' };
    throw queryError(`expected a value but found ${describe(t)} at position ${t.pos}`);
  }

  private ident(): string {
    const t = this.next();
    if (t.kind !== 'ident') throw queryError(`expected a search attribute name but found ${describe(t)} at position ${t.pos}`);
    return t.text;
  }

  private list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.peek().kind === ',') {
      this.next();
      items.push(item());
    }
    return items;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private atKeyword(k: string): boolean {
    const t = this.peek();
    return t.kind === 'keyword' && t.text === k;
  }
  private optionalKeyword(k: string): boolean {
    if (!this.atKeyword(k)) return false;
    this.next();
    return true;
  }
  private expectKeyword(k: string): void {
    const t = this.peek();
    if (!this.optionalKeyword(k)) throw queryError(`expected ${k} but found ${describe(t)} at position ${t.pos}`);
  }
  private expect(kind: '(' | ')'): void {
    const t = this.next();
    if (t.kind !== kind) throw queryError(`expected '${kind}' but found ${describe(t)} at position ${t.pos}`);
  }
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of query';
  if (t.kind === 'string') return `'${t.text}'`;
  return `'${t.text}'`;
}

export function parseQueryAst(query: string): QueryAst {
  return new Parser(tokenize(query)).parse();
}
