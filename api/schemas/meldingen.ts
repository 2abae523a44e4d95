// Staff-side request and response schemas: lists, the live state of one melding, and the steps.
import { z } from 'zod';
import { ISO_DATE, PAGING, REGIO_CODE, SBI_2025_LETTERS, tekst, UUID, verplichteTekst } from './common';

const BOOL = z.enum(['true', 'false'], { error: 'moet true of false zijn' }).transform((v) => v === 'true');

export const LijstQuery = z
  .strictObject({
    regio: REGIO_CODE.optional(),
    status: z.enum(['ontvangen', 'in_behandeling', 'afgesloten', 'ingetrokken']).optional(),
    soort: z.enum(['vraag', 'aanbod']).optional(),
    sector: z.enum(SBI_2025_LETTERS).optional(),
    teLaat: BOOL.optional().describe('true: alleen meldingen met een overschreden termijn'),
    van: ISO_DATE.optional().describe('ontvangen op of na deze datum'),
    tot: ISO_DATE.optional().describe('ontvangen op of voor deze datum'),
    ...PAGING,
  })
  .refine((q) => !q.van || !q.tot || q.van <= q.tot, { message: 'van moet op of voor tot liggen', path: ['tot'] });

export const ExportQuery = LijstQuery;

export const MeldingLijstItem = z
  .object({
    id: z.string(),
    nummer: z.number().int(),
    soort: z.string(),
    status: z.string(),
    stap: z.string(),
    sector: z.string().nullable(),
    werkgever: z.string(),
    regioCodes: z.array(z.string()),
    ontvangenOp: z.string(),
    volgendeDeadline: z.string().nullable(),
    teLaat: z.boolean(),
    toegewezenAan: z.number().int().nullable(),
    geslotenOp: z.string().nullable(),
  })
  .meta({ id: 'MeldingLijstItem' });

export const Pagina = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), totaal: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const PagingQuery = z.strictObject({ ...PAGING });

/** The workflow's live view (MeldingStatusView); documented loosely, the workflow owns its shape. */
export const MeldingLive = z
  .looseObject({
    meldingId: z.string(),
    status: z.string(),
    stap: z.string(),
    fase: z.string(),
    toegewezenAan: z.string().nullable(),
    trajecten: z.array(z.looseObject({ regioCode: z.string(), status: z.string(), stap: z.string() })),
    klokken: z
      .array(z.looseObject({ id: z.string(), soort: z.string(), deadline: z.number(), deadlineIso: z.string(), uitleg: z.string(), weergave: z.string() }))
      .describe('klokken met deadline, kalenderversie en uitleg van de berekening'),
    tijdlijn: z.array(z.looseObject({ op: z.number(), actie: z.string() })),
    volgendeDeadline: z.number().nullable(),
    teLaat: z.boolean(),
  })
  .meta({ id: 'MeldingLive' });

export const MeldingDetail = z
  .looseObject({
    id: z.string(),
    nummer: z.number().int(),
    soort: z.string(),
    status: z.string(),
    werkgever: z.looseObject({ naam: z.string(), kvkNummer: z.string(), vestigingen: z.array(z.looseObject({})) }),
    contactpersoon: z.object({ naam: z.string(), email: z.string(), telefoon: z.string().nullable() }).nullable().describe('null voor manager en beheerder'),
    functies: z.array(z.object({ omschrijving: z.string(), aantal: z.number().int() })),
    trajecten: z.array(z.looseObject({})),
    termijnen: z.array(z.looseObject({})),
    uitkomsten: z.array(z.looseObject({})),
    live: MeldingLive.nullable().describe('live toestand uit de workflow; null als de workflowdienst niet (op tijd) antwoordde'),
    liveBron: z
      .enum(['workflow', 'leesmodel'])
      .nullable()
      .describe('workflow: zojuist door de workflow beantwoord; leesmodel: het antwoord van de workflow bij zijn laatste toestandswijziging (klokstatussen naar nu herberekend)'),
    liveMelding: z.string().nullable().describe('waarom `live` ontbreekt of ouder is, voor de gebruiker; anders null'),
  })
  .meta({ id: 'MeldingDetail' });

export const REGIO_STAP_PARAMS = z.strictObject({ id: UUID, regio: REGIO_CODE });

export const LegeBody = z.strictObject({}).optional();

export const IntakeBody = z.strictObject({
  notities: tekst(2000).optional(),
  vraagAchterDeVraag: tekst(2000).optional(),
  besluit: z
    .strictObject({
      routeer: z.array(z.strictObject({ regioCode: REGIO_CODE, toelichting: tekst(2000).optional() })).min(1).max(35).optional(),
      koppel: z.strictObject({ meldingId: UUID }).optional(),
      sluit: z.strictObject({ reden: verplichteTekst(2000) }).optional(),
    })
    .refine((b) => b.routeer || b.koppel || b.sluit, 'kies routeer, koppel of sluit'),
});

export const VervolgBody = z.strictObject({
  regioCode: REGIO_CODE,
  besluit: z.discriminatedUnion('soort', [
    z.strictObject({ soort: z.literal('andere_regios'), regios: z.array(z.strictObject({ regioCode: REGIO_CODE, toelichting: tekst(2000).optional() })).min(1).max(35) }),
    z.strictObject({ soort: z.literal('koppelen'), meldingId: UUID }),
    z.strictObject({ soort: z.literal('verlengen'), reden: verplichteTekst(2000), nieuweDeadlineDatum: ISO_DATE }),
    z.strictObject({ soort: z.literal('stoppen'), reden: verplichteTekst(2000) }),
  ]),
});

export const ToewijzenBody = z.strictObject({
  naarMedewerkerId: z.number().int().min(1).max(2_147_483_647),
  regioCode: REGIO_CODE.optional().describe('zonder: de melding zelf (teamlid); met: het traject van die regio'),
  reden: tekst(2000).optional(),
});

export const IntrekkenStaffBody = z.strictObject({ reden: tekst(2000).optional() });

export const DoorsturenBody = z.strictObject({
  wspId: z.number().int().min(1).max(2_147_483_647).optional(),
  cc: z.array(z.enum(['wsp_managers', 'vno_ncw_mkb', 'pow_regisseur'])).max(3).optional(),
  toelichting: tekst(2000).optional(),
});

export const WspContactBody = z.strictObject({ toelichting: tekst(2000).optional() });

export const StatusBody = z.strictObject({ stand: verplichteTekst(2000) });

export const TerugmeldingBody = z.strictObject({
  uitkomst: z.strictObject({
    resultaat: z.enum(['vervuld', 'deels_vervuld', 'niet_vervuld']),
    aantalGeplaatst: z.number().int().min(0).max(100_000),
    oplossing: z.enum(['collegiale_uitleen', 'werk_naar_werk', 'wsp_bemiddeling', 'uitzendbureau', 'scholing', 'anders']),
    toelichting: tekst(2000).optional(),
  }),
});

export const RapportageQuery = z
  .strictObject({ regio: REGIO_CODE.optional(), van: ISO_DATE.optional(), tot: ISO_DATE.optional() })
  .refine((q) => !q.van || !q.tot || q.van <= q.tot, { message: 'van moet op of voor tot liggen', path: ['tot'] });

export const ReactietijdRij = z
  .object({
    regioCode: z.string().nullable().describe('null: de intake door het team'),
    soort: z.string().describe('klok: intake, regio_bevestiging, wsp_reactie, statusrapport, terugmelding'),
    aantal: z.number().int(),
    afgerond: z.number().int(),
    mediaanUren: z.number().nullable(),
    p90Uren: z.number().nullable(),
    overschreden: z.number().int(),
    overschrijdingsPercentage: z.number(),
  })
  .meta({ id: 'ReactietijdRij' });

export const TrajectenQuery = z.strictObject({
  regio: REGIO_CODE.optional(),
  status: z.enum(['open', 'teruggemeld', 'afgesloten', 'ingetrokken']).optional(),
  ...PAGING,
});
