/**
 * Shares equal small values (queue and type names, sticky settings, build-id lists) between runs:
 * every decoded request carries its own copies, and thousands of idle runs would each keep them.
 */
const table = new Map<string, unknown>();
const MAX = 10_000;

export function intern<T>(key: string, make: () => T): T {
  let v = table.get(key) as T | undefined;
  if (v === undefined) {
    if (table.size >= MAX) table.clear();
    v = make();
    table.set(key, v);
  }
  return v;
}

/** A sequential copy: strings reaching us can be rope-like cons strings that cost ~30 bytes per piece. */
export const flatString = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

export const internString = (s: string): string => intern(`s\u0000${s}`, () => flatString(s));
