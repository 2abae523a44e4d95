import { DEFAULT_RETENTION_MS } from '../persistence/store';

/** Temporal refuses a retention under one day. */
export const MIN_RETENTION_MS = 86_400_000;

/**
 * Our dynamic-config key for the retention of the namespaces the server itself creates (`default` and
 * `--namespace`) and of namespaces registered without one. Temporal has no such key (its retention is
 * namespace metadata, set with `temporal operator namespace create/update --retention`); the dev server
 * applies a fixed default. Ours is explicit configuration, so it is applied again at every start.
 */
export const RETENTION_KEY = 'embedded.namespaceRetention';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `7d`, `72h`, `2592000s` or a bare number of days, as Temporal's `--retention` reads it; at least one day. */
export function parseRetention(raw: string, what = RETENTION_KEY): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(raw.trim());
  if (!m) throw new Error(`${what} must be a duration such as 7d or 72h, not '${raw}'`);
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 'd']!);
  if (ms < MIN_RETENTION_MS) throw new Error(`${what} must be at least 1 day (24h), not '${raw}'`);
  return ms;
}

/** The configured retention, when the key is set. */
export function configuredRetention(dynamicConfig: Record<string, string> = {}): number | undefined {
  const raw = dynamicConfig[RETENTION_KEY];
  return raw === undefined ? undefined : parseRetention(raw);
}

export { DEFAULT_RETENTION_MS };
