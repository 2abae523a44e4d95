import { z } from 'zod';
import { ISO_DATE, verplichteRegel } from './common';

export const LoginBody = z.strictObject({
  email: verplichteRegel(254),
  wachtwoord: z.string().min(1, 'is verplicht').max(1024, 'is te lang'),
});

/** One rule for every new password (beheer sets them too). */
export const NIEUW_WACHTWOORD = z.string().min(12, 'Kies een wachtwoord van minstens 12 tekens.').max(1024, 'Een wachtwoord mag hoogstens 1024 tekens hebben.');

export const WachtwoordWijzigen = z.strictObject({
  huidigWachtwoord: z.string().min(1, 'is verplicht').max(1024, 'is te lang'),
  nieuwWachtwoord: NIEUW_WACHTWOORD,
});

export const MedewerkerSchema = z
  .object({
    id: z.number().int(),
    naam: z.string(),
    email: z.string(),
    rol: z.enum(['team', 'regio-contact', 'wsp', 'manager', 'beheerder']),
    wspId: z.number().int().nullable(),
    regioCodes: z.array(z.string()).describe('regio-contact: eigen regio + regio\'s waarvoor achtervang; wsp: de regio van het WSP'),
  })
  .meta({ id: 'Medewerker' });

export const LoginAntwoord = z
  .object({
    token: z.string().describe('sessietoken voor Authorization: Bearer; staat ook in de HttpOnly-cookie werkroute_sessie'),
    verlooptOp: z.string(),
    medewerker: MedewerkerSchema,
  })
  .meta({ id: 'LoginAntwoord' });

export const ApiTokenAanmaken = z.strictObject({
  naam: verplichteRegel(100),
  verlooptOp: ISO_DATE.optional().describe('laatste geldige dag; zonder: geldig tot ingetrokken'),
});

export const ApiTokenSchema = z
  .object({
    id: z.number().int(),
    naam: z.string(),
    aangemaaktOp: z.string(),
    verlooptOp: z.string().nullable(),
    ingetrokkenOp: z.string().nullable().optional(),
  })
  .meta({ id: 'ApiToken' });

export const ApiTokenAangemaakt = ApiTokenSchema.extend({ token: z.string().describe('alleen nu zichtbaar') }).meta({ id: 'ApiTokenAangemaakt' });

export const TOKEN_ID_PARAMS = z.strictObject({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
