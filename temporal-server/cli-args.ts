import { readFileSync } from 'node:fs';
import { parseSAType, SA_TYPES, type SAType } from './visibility/registry';

export type CliLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'never';

export interface ServerArgs {
  /** `server start-dev …` (Temporal CLI) or a bare `<port>` (Temporal test server, time skipping). */
  mode: 'dev' | 'time-skipping';
  port: number;
  ip: string;
  /** Always includes `default`, which the CLI creates too. */
  namespaces: string[];
  dbFilename?: string;
  /** Our extension: keep the state in PostgreSQL (wins over --db-filename). */
  databaseUrl?: string;
  databaseSchema?: string;
  headless: boolean;
  /** Only when `--ui-port` is given: we serve a stub, so no port is taken unasked. */
  uiPort?: number;
  logLevel: CliLogLevel;
  logFormat: string;
  /** Values as strings; a JSON string such as `"5s"` arrives unquoted (`5s`). */
  dynamicConfig: Record<string, string>;
  searchAttributes: Record<string, SAType>;
  /** Time skipping starts locked (1) like the Java test server, unless `--enable-time-skipping`. */
  initialLocks: number;
  help: boolean;
  /**
   * Our extension: the key every gRPC call must present (`authorization: Bearer <key>`). From `--api-key`,
   * `--api-key-file` (first line of the file) or the environment variable EMBEDDED_TEMPORAL_API_KEY, in that order.
   */
  apiKey?: string;
}

/** Environment variable read for the API key when no flag gives one (a flag's value shows in `ps`, the environment does not). */
export const API_KEY_ENV = 'EMBEDDED_TEMPORAL_API_KEY';

/** A bad command line: the CLI prints the message as one line and exits 1. */
export class ArgsError extends Error {}

export const USAGE = `usage: embedded-temporal server start-dev [--port N] [--ip A] [--namespace NS]... [--db-filename F]
                          [--database-url postgres://… [--database-schema S]]
                          [--headless | --ui-port P] [--log-level debug|info|warn|error|never]
                          [--dynamic-config-value K=V]... [--search-attribute Name=Type]...
                          [--api-key-file F | --api-key K]   (or env EMBEDDED_TEMPORAL_API_KEY)
       embedded-temporal <port> [--enable-time-skipping]   (time-skipping test server)`;

const DEFAULT_PORT = 7233;
const LOG_LEVELS: readonly CliLogLevel[] = ['debug', 'info', 'warn', 'error', 'never'];

/** Flags that take a value; short forms as in the Temporal CLI. */
const VALUE_FLAGS: Record<string, string> = {
  port: 'port',
  p: 'port',
  ip: 'ip',
  namespace: 'namespace',
  n: 'namespace',
  'db-filename': 'db-filename',
  f: 'db-filename',
  'database-url': 'database-url',
  'database-schema': 'database-schema',
  'ui-port': 'ui-port',
  'log-level': 'log-level',
  'log-format': 'log-format',
  'dynamic-config-value': 'dynamic-config-value',
  'search-attribute': 'search-attribute',
  'api-key': 'api-key',
  'api-key-file': 'api-key-file',
};
const BOOLEAN_FLAGS = new Set(['headless', 'enable-time-skipping', 'help', 'h']);

function parsePort(value: string, flag: string): number {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 65_535)) throw new ArgsError(`invalid ${flag} '${value}': expected a port number 0-65535`);
  return n;
}

function splitPair(value: string, flag: string, shape: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new ArgsError(`invalid ${flag} '${value}': expected ${shape}`);
  return [value.slice(0, eq).trim(), value.slice(eq + 1).trim()];
}

function unquoteJsonString(v: string): string {
  if (!v.startsWith('"')) return v;
  try {
    const parsed: unknown = JSON.parse(v);
    return typeof parsed === 'string' ? parsed : v;
  } catch {
    return v;
  }
}

/**
 * Parses what Core passes to the Temporal CLI or test server. Unknown flags are skipped (with a
 * following non-flag value, since we cannot know whether they take one) and never fail the start;
 * only bad values of flags we act on do.
 */
export function parseServerArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): ServerArgs {
  const args: ServerArgs = {
    mode: 'dev',
    port: DEFAULT_PORT,
    ip: '127.0.0.1',
    namespaces: ['default'],
    headless: true,
    logLevel: 'warn',
    logFormat: 'pretty',
    dynamicConfig: {},
    searchAttributes: {},
    initialLocks: 1,
    help: false,
  };
  let rest: readonly string[];
  const [first, second] = argv;
  if (first === undefined || first.startsWith('-')) {
    rest = argv;
  } else if (first === 'server' && second === 'start-dev') {
    rest = argv.slice(2);
  } else if (first === 'start-dev') {
    rest = argv.slice(1);
  } else if (/^\d+$/.test(first)) {
    args.mode = 'time-skipping';
    args.port = parsePort(first, 'port');
    rest = argv.slice(1);
  } else {
    throw new ArgsError(`unsupported command '${argv.slice(0, 2).join(' ')}': expected 'server start-dev [flags]' or '<port>'`);
  }

  const extraNamespaces: string[] = [];
  const keys: { flag?: string; file?: string } = {};
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    const m = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(token);
    if (!m) continue; // positional leftovers (e.g. extra args after the port) are ignored
    const name = m[1]!;
    let value = m[2];
    if (BOOLEAN_FLAGS.has(name)) {
      if (name === 'headless') args.headless = value === undefined || value !== 'false';
      else if (name === 'enable-time-skipping') args.initialLocks = value === 'false' ? 1 : 0;
      else args.help = true;
      continue;
    }
    const canonical = VALUE_FLAGS[name];
    if (value === undefined) {
      const next = rest[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        value = next;
        i++;
      } else if (canonical) {
        throw new ArgsError(`flag --${canonical} needs a value`);
      }
    }
    if (!canonical || value === undefined) continue;
    if (canonical === 'api-key') keys.flag = value;
    else if (canonical === 'api-key-file') keys.file = value;
    else applyFlag(args, canonical, value, extraNamespaces);
  }
  args.namespaces = [...new Set(['default', ...extraNamespaces])];
  args.apiKey = apiKeyFrom(keys, env);
  return args;
}

const API_KEY_FORM = 'expected 16 to 4096 visible ASCII characters';

/** A usable API key: visible ASCII (it travels as a gRPC metadata value), 16 to 4096 characters. */
export function validApiKey(key: string): boolean {
  return /^[\x21-\x7e]{16,4096}$/.test(key);
}

function apiKeyFrom(keys: { flag?: string; file?: string }, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (keys.flag !== undefined && keys.file !== undefined) throw new ArgsError('give --api-key or --api-key-file, not both');
  let key: string | undefined;
  let source: string;
  if (keys.flag !== undefined) {
    key = keys.flag;
    source = '--api-key';
  } else if (keys.file !== undefined) {
    source = '--api-key-file';
    try {
      key = (readFileSync(keys.file, 'utf8').split(/\r?\n/)[0] ?? '').trim();
    } catch (err) {
      throw new ArgsError(`cannot read --api-key-file '${keys.file}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  } else {
    key = env[API_KEY_ENV];
    source = API_KEY_ENV;
    if (key === undefined || key === '') return undefined;
  }
  // The key itself is never echoed.
  if (!validApiKey(key)) throw new ArgsError(`invalid ${source}: ${API_KEY_FORM}`);
  return key;
}

function applyFlag(args: ServerArgs, flag: string, value: string, namespaces: string[]): void {
  switch (flag) {
    case 'port':
      args.port = parsePort(value, '--port');
      return;
    case 'ui-port':
      args.uiPort = parsePort(value, '--ui-port');
      args.headless = false;
      return;
    case 'ip':
      if (!/^[\w.:-]+$/.test(value)) throw new ArgsError(`invalid --ip '${value}': expected an IP address or host name`);
      args.ip = value;
      return;
    case 'namespace':
      if (!value.trim()) throw new ArgsError('invalid --namespace: empty name');
      namespaces.push(value.trim());
      return;
    case 'db-filename':
      if (!value) throw new ArgsError('invalid --db-filename: empty path');
      args.dbFilename = value;
      return;
    case 'database-url': {
      let ok = false;
      try {
        const u = new URL(value);
        ok = (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
      } catch {
        ok = false;
      }
      if (!ok) throw new ArgsError('invalid --database-url: expected postgres://user:password@host:5432/database');
      args.databaseUrl = value;
      return;
    }
    case 'database-schema':
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new ArgsError(`invalid --database-schema '${value}': lowercase letters, digits and _ only`);
      args.databaseSchema = value;
      return;
    case 'log-level': {
      const level = value.toLowerCase() as CliLogLevel;
      if (!LOG_LEVELS.includes(level)) throw new ArgsError(`invalid --log-level '${value}': expected one of ${LOG_LEVELS.join(', ')}`);
      args.logLevel = level;
      return;
    }
    case 'log-format':
      args.logFormat = value;
      return;
    case 'dynamic-config-value': {
      const [key, raw] = splitPair(value, '--dynamic-config-value', 'key=value');
      args.dynamicConfig[key] = unquoteJsonString(raw);
      return;
    }
    case 'search-attribute': {
      const [name, typeText] = splitPair(value, '--search-attribute', `Name=Type with Type one of ${SA_TYPES.join(', ')}`);
      const type = parseSAType(typeText);
      if (!type) throw new ArgsError(`invalid --search-attribute '${value}': Type must be one of ${SA_TYPES.join(', ')}`);
      args.searchAttributes[name] = type;
      return;
    }
  }
}
