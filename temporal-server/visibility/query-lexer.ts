import { invalidArgument } from '../rpc/grpc-error';

export type TokenKind = 'ident' | 'keyword' | 'string' | 'number' | 'op' | '(' | ')' | ',' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Keywords upper-cased; strings unescaped; identifiers as written. */
  text: string;
  /** 1-based column, for error messages. */
  pos: number;
}

const KEYWORDS = new Set([
  'AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'IS', 'NULL', 'STARTS_WITH', 'ORDER', 'GROUP', 'BY', 'ASC', 'DESC', 'TRUE', 'FALSE',
]);
const OPERATORS = ['>=', '<=', '!=', '<>', '=', '>', '<'];

export const queryError = (message: string) => invalidArgument(`invalid query: ${message}`);

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    const pos = i + 1;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, pos });
      i++;
    } else if (c === "'" || c === '"') {
      const [value, next] = readQuoted(query, i, c);
      tokens.push({ kind: 'string', text: value, pos });
      i = next;
    } else if (c === '`') {
      const end = query.indexOf('`', i + 1);
      if (end < 0) throw queryError(`unterminated backquoted name at position ${pos}`);
      tokens.push({ kind: 'ident', text: query.slice(i + 1, end), pos });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9.]/.test(query[i + 1] ?? ''))) {
      const m = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(query.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], pos });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(query.slice(i))![0];
      const upper = word.toUpperCase();
      tokens.push(KEYWORDS.has(upper) ? { kind: 'keyword', text: upper, pos } : { kind: 'ident', text: word, pos });
      i += word.length;
    } else {
      const op = OPERATORS.find((o) => query.startsWith(o, i));
      if (!op) throw queryError(`unexpected character '${c}' at position ${pos}`);
      tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op, pos });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', text: '', pos: query.length + 1 });
  return tokens;
}

/** SQL-style doubled quotes and backslash escapes are both accepted. */
function readQuoted(query: string, start: number, quote: string): [string, number] {
  let out = '';
  let i = start + 1;
  while (i < query.length) {
    const c = query[i]!;
    if (c === '\\' && i + 1 < query.length) {
      out += query[i + 1];
      i += 2;
    } else if (c === quote) {
      if (query[i + 1] === quote) {
        out += quote;
        i += 2;
      } else {
        return [out, i + 1];
      }
    } else {
      out += c;
      i++;
    }
  }
  throw queryError(`unterminated string starting at position ${start + 1}`);
}
