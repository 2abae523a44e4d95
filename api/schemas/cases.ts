// Request and response schemas of the cases (geslaagde cases), the public Voorbeelden and the name consent.
import { z } from 'zod';
import { OPLOSSINGEN, UITKOMST_RESULTATEN } from '../../db/schema';
import { ISO_DATE, PAGING, REGIO_CODE, SBI_2025_LETTERS, tekst } from './common';

const FILTERS = {
  regio: REGIO_CODE.optional(),
  sector: z.enum(SBI_2025_LETTERS).optional(),
  soort: z.enum(['vraag', 'aanbod']).optional(),
  oplossing: z.enum(OPLOSSINGEN).optional(),
  resultaat: z.enum(UITKOMST_RESULTATEN).optional(),
  van: ISO_DATE.optional().describe('teruggemeld op of na deze datum'),
  tot: ISO_DATE.optional().describe('teruggemeld op of voor deze datum'),
};
const periodeKlopt = (q: { van?: string | undefined; tot?: string | undefined }) => !q.van || !q.tot || q.van <= q.tot;
const PERIODE_FOUT = { message: 'van moet op of voor tot liggen', path: ['tot'] };

export const CasesQuery = z.strictObject({ ...FILTERS, ...PAGING }).refine(periodeKlopt, PERIODE_FOUT);
export const CasesExportQuery = z.strictObject(FILTERS).refine(periodeKlopt, PERIODE_FOUT);

export const CASE_PARAMS = z.strictObject({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

export const CaseItem = z
  .object({
    id: z.number().int(),
    meldingId: z.string(),
    nummer: z.number().int(),
    regioCode: z.string(),
    ronde: z.number().int(),
    soort: z.string(),
    sector: z.string().nullable(),
    resultaat: z.enum(UITKOMST_RESULTATEN),
    aantalGeplaatst: z.number().int(),
    oplossing: z.enum(OPLOSSINGEN),
    functies: z.array(z.object({ omschrijving: z.string(), aantal: z.number().int() })),
    werkgever: z.string(),
    ontvangenOp: z.string(),
    teruggemeldOp: z.string(),
    werkdagen: z.number().int().describe('werkdagen van ontvangst van de melding tot de terugmelding (de dag van ontvangst telt niet)'),
    kalenderdagen: z.number().int(),
    toelichting: z.string().nullable().describe('korte toelichting van de regio: wat werkte'),
    deelbaar: z.boolean(),
    verhaal: z.string().nullable(),
    naamTonen: z.boolean().nullable().describe('toestemming van de werkgever om de naam te tonen; null: niet gevraagd of niet beantwoord'),
    geanonimiseerd: z.boolean(),
  })
  .meta({ id: 'Case' });

export const VerhaalBody = z
  .strictObject({
    deelbaar: z.boolean(),
    verhaal: tekst(1500).nullable().optional().describe('kort, geanonimiseerd verhaal: geen namen van mensen, geen contactgegevens, geen naam van de organisatie'),
  })
  .refine((b) => !b.deelbaar || (b.verhaal ?? '').length > 0, { message: 'is verplicht als de case deelbaar is', path: ['verhaal'] });

export const VoorbeeldenQuery = z.strictObject({ sector: z.enum(SBI_2025_LETTERS).optional(), regio: REGIO_CODE.optional(), ...PAGING });

export const Voorbeeld = z
  .object({
    id: z.number().int(),
    regioCode: z.string(),
    sector: z.string().nullable(),
    soort: z.string(),
    resultaat: z.string(),
    aantalGeplaatst: z.number().int(),
    oplossing: z.string(),
    werkdagen: z.number().int(),
    maand: z.string().describe('JJJJ-MM van de terugmelding'),
    verhaal: z.string(),
    organisatie: z.string().nullable().describe('alleen met toestemming van de werkgever'),
  })
  .meta({ id: 'Voorbeeld' });

export const NaamToestemming = z.strictObject({ naamTonen: z.boolean() });
export const NaamToestemmingAntwoord = z.object({ naamTonen: z.boolean().nullable() });
