// Configuration from environment variables, validated once at start (see README "Configuration").
// Invalid configuration throws ConfigError, whose message is one line meant for stderr.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { STANDAARD_BEWAARTERMIJNEN, UITKOMSTEN, type Bewaartermijnen, type Uitkomst } from './db/bewaartermijnen';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** HTTP port; 0 = any free port. */
  port: number;
  /** Interface the HTTP server listens on; loopback unless set (containers: 0.0.0.0). */
  host: string;
  /** Seed the demo accounts (one shared, published password): only on loopback. */
  demoData: boolean;
  /** Months a closed melding keeps its personal data and free texts, by outcome (db/repositories/privacy.ts). */
  bewaartermijnen: Bewaartermijnen;
  /** Days the employer's follow link keeps working after the melding closed. */
  volglinkDagen: number;
  /** E-mail address of the first beheerder, created with a random password when no beheerder exists yet. */
  beheerderEmail: string;
  /** External PostgreSQL; undefined = embedded PostgreSQL under `<dataDir>/postgres` with demo data. */
  databaseUrl: string | undefined;
  /** Absolute path of the directory for local state (embedded PostgreSQL, …). */
  dataDir: string;
  /** Port for the embedded PostgreSQL; undefined = a free port chosen at start. */
  embeddedPgPort: number | undefined;
  /** host:port of the Temporal frontend; undefined = not configured yet. */
  temporalAddress: string | undefined;
  smtpUrl: string | undefined;
  logLevel: LogLevel;
  /** Public base URL of the web app, for links in e-mails and follow links; undefined = http://localhost:<port>. */
  publicUrl?: string | undefined;
  /**
   * Reverse proxies in front of the app (express 'trust proxy'): a number of hops or a list of proxy
   * addresses. Only then is the client address (rate limits) taken from X-Forwarded-For; undefined = never.
   */
  trustProxy?: number | string[] | undefined;
  /**
   * The app secret the API signs steps with and the worker checks them with (security/geheim.ts);
   * undefined = DATA_DIR/werkroute-secret, made once.
   */
  werkrouteSecret?: string | undefined;
  /** WERKROUTE_SECRET_VORIGE: previous app secrets (one per line), only to read Temporal payloads stored under them. */
  werkrouteSecretVorige?: string | undefined;
}

/** A configuration or start-up problem the operator must fix. `message` is a single line without secrets. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const portSchema = (name: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+$/, `${name} must be an integer between 0 and 65535`)
      .transform(Number)
      .refine((n) => n <= 65535, `${name} must be an integer between 0 and 65535`)
      .optional(),
  );

const urlSchema = (name: string, protocols: string[], example: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => {
        try {
          const u = new URL(v);
          return protocols.includes(u.protocol) && u.hostname !== '';
        } catch {
          return false;
        }
      }, `${name} must be a URL like ${example}`)
      .optional(),
  );

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const TRUST_PROXY_FORM = 'TRUST_PROXY must be a number of proxy hops (e.g. 1) or a list of proxy addresses (e.g. loopback, 10.0.0.0/8)';

/** One proxy address: a name proxy-addr knows, an IP address, or a subnet in CIDR notation. */
function isProxyAddress(item: string): boolean {
  if (PROXY_NAMES.includes(item)) return true;
  const [ip, prefix, ...rest] = item.split('/');
  const version = isIP(ip ?? '');
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const trustProxySchema = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .transform((v, ctx): number | string[] | undefined => {
      const t = v.trim().toLowerCase();
      if (t === 'false' || t === '0') return undefined;
      // 'true' trusts every hop, so any client could pick its own address with X-Forwarded-For.
      if (t === 'true') {
        ctx.addIssue({ code: 'custom', message: `${TRUST_PROXY_FORM}; true would let any client choose its address` });
        return z.NEVER;
      }
      if (/^\d+$/.test(t)) {
        const hops = Number(t);
        if (hops <= 10) return hops;
        ctx.addIssue({ code: 'custom', message: `${TRUST_PROXY_FORM}; at most 10 hops` });
        return z.NEVER;
      }
      const items = t.split(',').map((i) => i.trim());
      if (items.every(isProxyAddress)) return items;
      ctx.addIssue({ code: 'custom', message: TRUST_PROXY_FORM });
      return z.NEVER;
    })
    .optional(),
);

const booleanSchema = (name: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? emptyToUndefined(v.trim().toLowerCase()) : v),
    z.enum(['1', 'true', 'yes', '0', 'false', 'no'], { error: `${name} must be 1/true or 0/false` }).transform((v) => ['1', 'true', 'yes'].includes(v)).optional(),
  );

const BEWAAR_VORM = 'BEWAARTERMIJN_MAANDEN must be a number of months, optionally followed by outcome=months (e.g. 12,ingetrokken=3,vervuld=24)';

const bewaartermijnSchema = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .transform((v, ctx): Bewaartermijnen => {
      const uit: Bewaartermijnen = { standaardMaanden: STANDAARD_BEWAARTERMIJNEN.standaardMaanden, perUitkomst: {} };
      for (const deel of v.split(',').map((d) => d.trim()).filter(Boolean)) {
        const m = /^(?:([a-z_]+)\s*=\s*)?(\d{1,3})$/.exec(deel);
        const uitkomst = m?.[1] as Uitkomst | undefined;
        if (!m || Number(m[2]) < 1 || (uitkomst !== undefined && !UITKOMSTEN.includes(uitkomst))) {
          ctx.addIssue({ code: 'custom', message: `${BEWAAR_VORM}; outcomes: ${UITKOMSTEN.join(', ')}` });
          return z.NEVER;
        }
        if (uitkomst) uit.perUitkomst[uitkomst] = Number(m[2]);
        else uit.standaardMaanden = Number(m[2]);
      }
      return uit;
    })
    .optional(),
);

const envSchema = z.object({
  BEWAARTERMIJN_MAANDEN: bewaartermijnSchema,
  VOLGLINK_DAGEN: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^\d{1,4}$/, 'VOLGLINK_DAGEN must be a number of days (e.g. 90)').transform(Number).optional(),
  ),
  PORT: portSchema('PORT'),
  HOST: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => isIP(v) !== 0 || /^[A-Za-z0-9.-]+$/.test(v), 'HOST must be an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0')
      .optional(),
  ),
  DEMO_DATA: booleanSchema('DEMO_DATA'),
  BEHEERDER_EMAIL: z.preprocess(emptyToUndefined, z.email('BEHEERDER_EMAIL must be an e-mail address').optional()),
  DATABASE_URL: urlSchema('DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/werkroute'),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().optional()),
  EMBEDDED_PG_PORT: portSchema('EMBEDDED_PG_PORT'),
  TEMPORAL_ADDRESS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9.[\]:-]+:\d{1,5}$/, 'TEMPORAL_ADDRESS must be host:port, e.g. localhost:7233')
      .optional(),
  ),
  SMTP_URL: urlSchema('SMTP_URL', ['smtp:', 'smtps:'], 'smtp://user:password@host:587'),
  PUBLIC_URL: urlSchema('PUBLIC_URL', ['http:', 'https:'], 'https://werkroute.example.nl'),
  TRUST_PROXY: trustProxySchema,
  WERKROUTE_SECRET: z.preprocess(emptyToUndefined, z.string().trim().min(32, 'WERKROUTE_SECRET must be at least 32 characters').optional()),
  WERKROUTE_SECRET_VORIGE: z.preprocess(emptyToUndefined, z.string().optional()),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? emptyToUndefined(v.toLowerCase()) : v),
    z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  ),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Messages name the variable and the expected form; they never echo the value (it may hold a password).
    throw new ConfigError(`invalid configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT ?? 3000,
    host: e.HOST ?? '127.0.0.1',
    demoData: e.DEMO_DATA ?? false,
    beheerderEmail: e.BEHEERDER_EMAIL ?? 'beheerder@werkroute.local',
    bewaartermijnen: e.BEWAARTERMIJN_MAANDEN ?? STANDAARD_BEWAARTERMIJNEN,
    volglinkDagen: e.VOLGLINK_DAGEN ?? 90,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(cwd, e.DATA_DIR ?? '.data'),
    embeddedPgPort: e.EMBEDDED_PG_PORT === 0 ? undefined : e.EMBEDDED_PG_PORT,
    temporalAddress: e.TEMPORAL_ADDRESS,
    smtpUrl: e.SMTP_URL,
    logLevel: e.LOG_LEVEL ?? 'info',
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    trustProxy: e.TRUST_PROXY,
    werkrouteSecret: e.WERKROUTE_SECRET,
    werkrouteSecretVorige: e.WERKROUTE_SECRET_VORIGE,
  };
}

/** Reachable only from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `postgres://user:***@host:port/db`: safe to print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
