// Building blocks shared by the request and response schemas. Every string has an upper bound so a
// request can never make us store (or log, or hash) an unbounded value.
import { z } from 'zod';

export const REGIO_CODE = z.string().regex(/^AM[0-9]{2}$/, 'moet een arbeidsmarktregio-code zijn, bijvoorbeeld AM01');

/** SBI 2025 sections (data/sbi-sections.csv): new meldingen are classified with SBI 2025. */
export const SBI_2025_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V'] as const;

export const ISO_DATE = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'moet een datum zijn als JJJJ-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'is geen bestaande datum');

export const UUID = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'moet een uuid zijn');

function hasControlChars(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/** Free text from people: trimmed, bounded, no control characters other than newlines and tabs. */
export function tekst(max: number) {
  return z
    .string()
    .max(max, `mag hoogstens ${max} tekens lang zijn`)
    .refine((v) => !hasControlChars(v), 'bevat ongeldige tekens')
    .transform((v) => v.trim());
}

export function verplichteTekst(max: number) {
  return tekst(max).refine((v) => v.length > 0, 'is verplicht');
}

export const ID_PARAMS = z.strictObject({ id: UUID });

export const PAGING = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
