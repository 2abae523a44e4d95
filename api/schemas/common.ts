// Building blocks shared by the request and response schemas. Every string has an upper bound so a
// request can never make us store (or log, or hash) an unbounded value.
import { z } from 'zod';
import { regioCodesUitReferentie } from '../../db/seed';

/** The 35 codes of data/regions.csv, read once. CBS numbering has gaps (AM04, AM16 and AM31 do not exist). */
export const BEKENDE_REGIO_CODES: ReadonlySet<string> = new Set(regioCodesUitReferentie());

export const REGIO_CODE = z
  .string()
  .regex(/^AM[0-9]{2}$/, { error: 'moet een arbeidsmarktregio-code zijn, bijvoorbeeld AM01', abort: true })
  .refine((c) => BEKENDE_REGIO_CODES.has(c), 'is geen bestaande arbeidsmarktregio (de CBS-nummering heeft gaten: AM04, AM16 en AM31 bestaan niet)')
  .describe('CBS-code van een arbeidsmarktregio (AM01 … AM38, zonder AM04, AM16 en AM31)');

/**
 * THE character rule for all input (body, query string, path parameters; values and object keys): what
 * PostgreSQL or a mail server cannot store or send, or what makes no sense in text typed by people, is
 * refused with a 400 naming the field. Refused everywhere: lone surrogate halves (U+D800–U+DFFF without
 * their pair), NUL and the other C0 control characters, DEL and the C1 control characters (U+0080–U+009F).
 * Tab, line feed and CR-LF are allowed only in multi-line free text (`tekst`); single-line fields (`regel`:
 * names, e-mail addresses, phone numbers, titles, search terms) refuse them too. Everything else (RTL marks,
 * emoji, combining characters, other scripts) is text like any other.
 *
 * Applied twice from this one function: `eisGeldigeTekens` (api/middleware/validate.ts) walks every request
 * before its schema with the multi-line floor, so no string field of any route can skip it; the `regel` and
 * `tekst` helpers below add the single-line part per field.
 *
 * @returns undefined when `v` is fine, else the Dutch message for the field.
 */
export function ongeldigTeken(v: string, soort: 'regel' | 'meerdere-regels'): string | undefined {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const volgend = v.charCodeAt(i + 1);
      if (volgend >= 0xdc00 && volgend <= 0xdfff) {
        i++;
        continue;
      }
      return `bevat een ongeldig teken (${hex(c)}, een losse helft van een tekenpaar)`;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return `bevat een ongeldig teken (${hex(c)}, een losse helft van een tekenpaar)`;
    const regelTeken = c === 0x09 || c === 0x0a || (c === 0x0d && v.charCodeAt(i + 1) === 0x0a);
    if (regelTeken) {
      if (soort === 'regel') return 'mag maar één regel zijn (geen regeleinde of tab)';
      continue;
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return `bevat een stuurteken (${hex(c)}) dat hier niet mag`;
  }
  return undefined;
}

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

const tekens = (soort: 'regel' | 'meerdere-regels') => (v: string, ctx: z.core.$RefinementCtx<string>) => {
  const fout = ongeldigTeken(v, soort);
  if (fout) ctx.addIssue({ code: 'custom', message: fout });
};

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

/** Multi-line free text from people (notes, reasons, descriptions): trimmed, bounded, tabs and newlines allowed. */
export function tekst(max: number) {
  return z
    .string()
    .max(max, `mag hoogstens ${max} tekens lang zijn`)
    .superRefine(tekens('meerdere-regels'))
    .transform((v) => v.trim());
}

export function verplichteTekst(max: number) {
  return tekst(max).refine((v) => v.length > 0, 'is verplicht');
}

/** Single-line text (names, titles, places, e-mail addresses, search terms): as `tekst`, without tabs or newlines. */
export function regel(max: number) {
  return z
    .string()
    .max(max, `mag hoogstens ${max} tekens lang zijn`)
    .superRefine(tekens('regel'))
    .transform((v) => v.trim());
}

export function verplichteRegel(max: number) {
  return regel(max).refine((v) => v.length > 0, 'is verplicht');
}

export const ID_PARAMS = z.strictObject({ id: UUID });

export const PAGING = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
