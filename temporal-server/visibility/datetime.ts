const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * RFC 3339 → epoch ms, or undefined. Hand-rolled because `Date.parse` accepts many other forms
 * and its handling of more than three fraction digits (Go sends nanoseconds) is not specified.
 */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return undefined;
  }
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s));
  if (new Date(ms).getUTCDate() !== day) return undefined; // e.g. 2023-02-30
  if (frac) ms += Number(`0.${frac}`) * 1000;
  if (!z) ms -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return ms;
}

/** Epoch ms → RFC 3339 with millisecond precision, as Temporal's own JSON encoding does. */
export function formatRfc3339(ms: number): string {
  return new Date(ms).toISOString();
}
