// AVG: a beheerder answers a contact person's request for access (art. 15) and erasure (art. 17). Both are
// audited without the address itself (the audit log keeps no personal data).
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit';
import { inzageContactpersoon, wisContactpersoon } from '../../db/repositories/privacy';
import { defineRoute, type RouteKit } from './define';

const tags = ['Privacy'];
const EMAIL = z
  .string()
  .max(254, 'Een e-mailadres heeft hoogstens 254 tekens.')
  .refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()), 'Vul het e-mailadres van de contactpersoon in, bijvoorbeeld naam@bedrijf.nl.');

const Inzage = z
  .object({
    contactpersonen: z.array(z.object({ naam: z.string(), email: z.string(), telefoon: z.string().nullable(), vastgelegdOp: z.string(), werkgever: z.string(), kvkNummer: z.string() })),
    meldingen: z.array(z.object({ nummer: z.number(), soort: z.string(), status: z.string(), toelichting: z.string().nullable(), ontvangenOp: z.string(), geslotenOp: z.string().nullable() })),
    mails: z.array(z.object({ onderwerp: z.string(), tekst: z.string(), status: z.string(), aangemaaktOp: z.string(), verzondenOp: z.string().nullable() })),
  })
  .meta({ id: 'PrivacyInzage' });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function registerPrivacyRoutes(kit: RouteKit): void {
  const { deps } = kit;

  defineRoute(kit, {
    method: 'post',
    path: '/api/beheer/privacy/inzage',
    operationId: 'privacyInzage',
    summary: 'Alles wat over één contactpersoon is vastgelegd (AVG art. 15)',
    description: 'Het e-mailadres staat in de body, zodat het niet in logs of browsergeschiedenis belandt.',
    tags,
    rollen: ['beheerder'],
    body: z.strictObject({ email: EMAIL }),
    responses: { 200: { description: 'De gegevens, ook als er niets is', schema: Inzage } },
    async handler({ res, body, wie }) {
      const r = await inzageContactpersoon(deps.db, body.email);
      await writeAudit(deps.db, { actorSoort: 'medewerker', actorId: wie.medewerker.id, actie: 'privacy.inzage', na: { contactpersonen: r.contactpersonen.length, meldingen: r.meldingen.length, mails: r.mails.length } });
      res.set('Cache-Control', 'no-store').json({
        contactpersonen: r.contactpersonen.map(({ id: _id, ...p }) => ({ ...p, vastgelegdOp: p.vastgelegdOp.toISOString() })),
        meldingen: r.meldingen.map(({ id: _id, ...m }) => ({ ...m, ontvangenOp: m.ontvangenOp.toISOString(), geslotenOp: iso(m.geslotenOp) })),
        mails: r.mails.map((m) => ({ ...m, aangemaaktOp: m.aangemaaktOp.toISOString(), verzondenOp: iso(m.verzondenOp) })),
      });
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/beheer/privacy/wissen',
    operationId: 'privacyWissen',
    summary: 'De gegevens van één contactpersoon wissen (AVG art. 17)',
    description:
      'Anonimiseert nu elke melding van deze contactpersoon (ook lopende: die gaan door zonder contactgegevens en vrije teksten) en verwijdert de persoon en de mails aan dit adres. De feiten blijven voor rapportages.',
    tags,
    rollen: ['beheerder'],
    body: z.strictObject({ email: EMAIL }),
    responses: { 200: { description: 'Gewist; aantallen', schema: z.object({ contactpersonen: z.number(), meldingen: z.number(), mails: z.number() }) } },
    async handler({ res, body, wie }) {
      const r = await wisContactpersoon(deps.db, body.email);
      await writeAudit(deps.db, { actorSoort: 'medewerker', actorId: wie.medewerker.id, actie: 'privacy.gewist', na: r });
      res.json(r);
    },
  });
}
