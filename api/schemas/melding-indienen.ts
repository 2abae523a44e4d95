// The public submission contract (issue #5). Other form tools post to it, so it only grows by optional
// fields; unknown fields are rejected so a typo in a client never silently loses data.
import { z } from 'zod';
import { ISO_DATE, regel, SBI_2025_LETTERS, tekst, verplichteRegel } from './common';

/** `1234 AB` or `1234AB`; normalised to `1234 AB`. SA, SD and SS are never issued. */
const POSTCODE = z
  .string()
  .max(10, 'moet een postcode zijn als 1234 AB')
  .transform((v) => v.trim().toUpperCase())
  .refine((v) => /^[1-9][0-9]{3} ?[A-Z]{2}$/.test(v), 'moet een postcode zijn als 1234 AB')
  .transform((v) => `${v.slice(0, 4)} ${v.slice(-2)}`)
  .refine((v) => !['SA', 'SD', 'SS'].includes(v.slice(-2)), 'bestaat niet (SA, SD en SS worden niet uitgegeven)');

/** House number with an optional addition ("12", "12a", "12-3", "12 bis"). */
const HUISNUMMER = z
  .string()
  .max(20, 'moet een huisnummer zijn, bijvoorbeeld 12 of 12a')
  .transform((v) => v.trim())
  .refine((v) => /^[1-9][0-9]{0,4}(?:[ -]?[A-Za-z0-9]{1,8})?$/.test(v), 'moet een huisnummer zijn, bijvoorbeeld 12 of 12a');

const EMAIL = regel(254).refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'moet een e-mailadres zijn');

const TELEFOON = regel(30).refine((v) => /^\+?[0-9][0-9 ()-]{5,}$/.test(v), 'moet een telefoonnummer zijn');

export const VestigingInvoer = z.strictObject({
  postcode: POSTCODE,
  huisnummer: HUISNUMMER,
  plaats: verplichteRegel(100),
});

export const MeldingIndienenBody = z
  .strictObject({
    soort: z.enum(['vraag', 'aanbod'], { error: 'moet vraag of aanbod zijn' }),
    werkgever: z.strictObject({
      naam: verplichteRegel(200),
      kvkNummer: z.string().regex(/^[0-9]{8}$/, 'moet 8 cijfers zijn'),
      vestigingen: z.array(VestigingInvoer).min(1, 'minstens één vestiging').max(50, 'hoogstens 50 vestigingen'),
    }),
    contactpersoon: z.strictObject({
      naam: verplichteRegel(200),
      email: EMAIL,
      telefoon: TELEFOON.optional(),
    }),
    sector: z.enum(SBI_2025_LETTERS, { error: 'moet een SBI-sectieletter zijn (A t/m V)' }),
    functies: z
      .array(
        z.strictObject({
          omschrijving: verplichteRegel(200),
          aantal: z.number().int('moet een geheel getal zijn').min(1, 'moet minstens 1 zijn').max(100_000, 'is te groot'),
        }),
      )
      .min(1, 'minstens één functie')
      .max(50, 'hoogstens 50 functies'),
    periode: z
      .strictObject({ van: ISO_DATE, tot: ISO_DATE })
      .refine((p) => p.van <= p.tot, { message: 'van moet op of voor tot liggen', path: ['tot'] })
      .optional(),
    toelichting: tekst(5000).optional(),
  })
  .meta({
    id: 'MeldingIndienen',
    example: {
      soort: 'vraag',
      werkgever: {
        naam: 'Snijder BV',
        kvkNummer: '12345678',
        vestigingen: [{ postcode: '1621 AB', huisnummer: '12', plaats: 'Hoorn' }],
      },
      contactpersoon: { naam: 'Iet Jongbloed', email: 'iet@example.nl', telefoon: '0612345678' },
      sector: 'C',
      functies: [{ omschrijving: 'monteur', aantal: 2 }],
      periode: { van: '2026-12-01', tot: '2027-02-28' },
      toelichting: 'Tijdelijk extra handen nodig',
    },
  });
export type MeldingIndienenBody = z.infer<typeof MeldingIndienenBody>;

export const MeldingIngediend = z
  .object({
    id: z.string().describe('id van de melding'),
    nummer: z.number().int().describe('volgnummer voor in gesprekken'),
    volgLink: z.string().describe('privélink voor de werkgever; wie hem heeft kan de melding volgen en intrekken'),
  })
  .meta({ id: 'MeldingIngediend' });
export type MeldingIngediend = z.infer<typeof MeldingIngediend>;
