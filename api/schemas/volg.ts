// The employer's view through the private follow link: where the melding is, which regio's work on it and
// what happened when. Staff names, internal notes and clock details stay internal.
import { z } from 'zod';
import { REGIO_CODE, tekst } from './common';

export const VOLG_TOKEN_PARAMS = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'ongeldige link') });

export const VolgStatus = z
  .object({
    nummer: z.number().int(),
    soort: z.enum(['vraag', 'aanbod']),
    werkgever: z.string(),
    status: z.string().describe('ontvangen, in_behandeling, afgesloten of ingetrokken'),
    stap: z.string().describe('stap van de werkroute: ontvangen, intake, regio, status, terugmelding, afsluiting'),
    ontvangenOp: z.string().describe('ISO 8601'),
    geslotenOp: z.string().nullable(),
    regios: z.array(z.object({ regioCode: z.string(), status: z.string(), stap: z.string(), wspContactGemeld: z.boolean() })),
    stappen: z.array(z.object({ op: z.string(), actie: z.string(), regioCode: z.string().optional() })),
    mogelijk: z.object({ intrekken: z.boolean(), wspContactBevestigen: z.array(z.string()) }),
  })
  .meta({ id: 'VolgStatus' });
export type VolgStatus = z.infer<typeof VolgStatus>;

export const WspContactBevestigenBody = z.strictObject({
  regioCode: REGIO_CODE,
  toelichting: tekst(1000).optional(),
});

export const IntrekkenBody = z.strictObject({ reden: tekst(1000).optional() });
