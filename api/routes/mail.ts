// Beheer of outgoing mail: the rows the mail relay could not deliver (or any status), and requeueing one.
// Beheerder only. No bodies and no addresses: the kind of recipient (and the staff member's id, whom the
// beheerder manages anyway), the subject (template text with the melding number), attempts and the last
// SMTP error (addresses already replaced by <adres>).
import { z } from 'zod';
import { mailLijst, mailOpnieuw } from '../../db/repositories/mail';
import { OUTBOX_STATUSSEN } from '../../db/schema';
import { HttpProblem } from '../errors';
import { defineRoute, type RouteKit } from './define';

const MAIL_ID = z.strictObject({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const MAIL_REGEL = z.object({
  id: z.number(),
  aangemaakt: z.string(),
  status: z.enum(OUTBOX_STATUSSEN),
  ontvanger: z.enum(['medewerker', 'werkgever', 'adres', 'geen']),
  medewerkerId: z.number().nullable(),
  onderwerp: z.string(),
  pogingen: z.number(),
  laatsteFout: z.string().nullable(),
  volgendePoging: z.string().nullable(),
  verzonden: z.string().nullable(),
});

export function registerMailRoutes(kit: RouteKit): void {
  const { deps } = kit;
  const tags = ['Beheer'];

  defineRoute(kit, {
    method: 'get',
    path: '/api/beheer/mail',
    operationId: 'mailLijst',
    summary: 'Uitgaande mail per status (standaard: onbestelbaar), nieuwste eerst, hoogstens 200',
    description: 'Zonder tekst en zonder adressen: soort ontvanger, onderwerp, pogingen en de laatste SMTP-fout.',
    tags,
    rollen: ['beheerder'],
    query: z.strictObject({ status: z.enum(OUTBOX_STATUSSEN).optional() }),
    responses: { 200: { description: 'Mails', schema: z.object({ items: z.array(MAIL_REGEL) }) } },
    async handler({ res, query }) {
      res.json({ items: await mailLijst(deps.db, query.status ?? 'failed') });
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/beheer/mail/:id/opnieuw',
    operationId: 'mailOpnieuw',
    summary: 'Een onbestelbare mail opnieuw aanbieden',
    description: 'Zet de mail terug in de wachtrij (nieuwe pogingen, drie dagen lang); dezelfde Message-ID.',
    tags,
    rollen: ['beheerder'],
    params: MAIL_ID,
    responses: { 204: { description: 'Weer in de wachtrij' }, 404: { description: 'Onbekende mail' }, 409: { description: 'Mail is niet onbestelbaar' } },
    async handler({ res, params, wie }) {
      const uitkomst = await mailOpnieuw(deps.db, params.id, wie.medewerker.id);
      if (uitkomst === 'onbekend') throw new HttpProblem('not-found', 'Mail niet gevonden');
      if (uitkomst === 'niet-mislukt') throw new HttpProblem('conflict', 'Alleen een onbestelbare mail kan opnieuw');
      res.status(204).end();
    },
  });
}
