// Sign-in, sign-out and API tokens. A failed sign-in says nothing about which half was wrong, and takes as
// long for an unknown e-mail address as for a wrong password (a dummy hash is verified).
import { hashPassword, needsRehash, verifyPassword } from '../../db/password';
import { blokkadeOpheffen, geblokkeerdTot, mislukkingNoteren } from '../../db/repositories/inlog-blokkade';
import { writeAudit } from '../../db/repositories/audit';
import { apiTokenAanmaken, apiTokenIntrekken, apiTokensVan, medewerkerOpEmail, sessieAanmaken, sessieBeeindigen, sessiesBeeindigen, wachtwoordZetten } from '../../db/repositories/toegang';
import { ROLLEN } from '../../db/schema';
import { nieuwApiToken, nieuwSessieToken, SESSIE_COOKIE, SESSIE_DUUR_MS } from '../auth/tokens';
import { HttpProblem } from '../errors';
import { rateLimit } from '../middleware/rate-limit';
import { isHttpsUrl } from '../security-headers';
import { ApiTokenAangemaakt, ApiTokenAanmaken, ApiTokenSchema, LoginAntwoord, LoginBody, MedewerkerSchema, TOKEN_ID_PARAMS, WachtwoordWijzigen } from '../schemas/auth';
import type { Response } from 'express';
import { z } from 'zod';
import { defineRoute, type RouteKit } from './define';

let dummyHash: Promise<string> | undefined;

export function registerAuthRoutes(kit: RouteKit): void {
  const { deps } = kit;
  const limiet = deps.loginLimiet ?? { capaciteit: 10, perSeconde: 1 / 6 };
  dummyHash ??= hashPassword('werkroute-dummy-wachtwoord');

  defineRoute(kit, {
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    summary: 'Inloggen met e-mail en wachtwoord',
    description: 'Geeft een sessietoken (ook als HttpOnly-cookie, SameSite=Strict). Sessies verlopen na 12 uur.',
    tags: ['Inloggen'],
    rollen: 'publiek',
    voor: limiet === false ? [] : [rateLimit('inloggen', limiet)],
    body: LoginBody,
    responses: {
      200: { description: 'Ingelogd', schema: LoginAntwoord },
      401: { description: 'Onjuiste inloggegevens' },
      429: { description: 'Te veel pogingen: vanaf dit adres, of voor dit e-mailadres (na 5 mislukte pogingen op rij 15 minuten, daarna steeds twee keer zo lang)' },
    },
    async handler({ req, res, body }) {
      const email = body.email.trim();
      const tot = await geblokkeerdTot(deps.db, email);
      if (tot) weesGeblokkeerd(res, tot);
      const m = await medewerkerOpEmail(deps.db, email);
      const ok = await verifyPassword(body.wachtwoord, m?.passwordHash ?? (await dummyHash!));
      if (!m || !m.actief || !m.passwordHash || !ok) {
        const blokkade = await mislukkingNoteren(deps.db, email);
        if (m) await writeAudit(deps.db, { actorSoort: 'medewerker', actorId: m.id, actie: 'auth.login_mislukt' });
        if (m && blokkade) await writeAudit(deps.db, { actorSoort: 'systeem', actie: 'auth.account_geblokkeerd', na: { medewerkerId: m.id, tot: blokkade.toISOString() } });
        throw new HttpProblem('unauthorized', 'Onjuist e-mailadres of wachtwoord');
      }
      await blokkadeOpheffen(deps.db, email);
      if (needsRehash(m.passwordHash)) await wachtwoordZetten(deps.db, m.id, await hashPassword(body.wachtwoord));
      const token = nieuwSessieToken();
      const verlooptOp = new Date(Date.now() + SESSIE_DUUR_MS);
      await sessieAanmaken(deps.db, m.id, token, verlooptOp);
      await writeAudit(deps.db, { actorSoort: 'medewerker', actorId: m.id, actie: 'auth.login' });
      // Secure whenever the public URL is https (behind a TLS-terminating proxy req.secure may be false).
      res.cookie(SESSIE_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure || isHttpsUrl(typeof deps.publiekeUrl === 'function' ? deps.publiekeUrl() : deps.publiekeUrl), path: '/', expires: verlooptOp });
      res.set('Cache-Control', 'no-store').json({
        token,
        verlooptOp: verlooptOp.toISOString(),
        medewerker: { id: m.id, naam: m.naam, email: m.email, rol: m.rol, wspId: m.wspId, regioCodes: m.regioCodes },
      });
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    summary: 'Uitloggen (beëindigt de sessie)',
    tags: ['Inloggen'],
    rollen: ROLLEN,
    responses: { 204: { description: 'Uitgelogd' } },
    async handler({ res, wie }) {
      if (wie.sessieToken) await sessieBeeindigen(deps.db, wie.sessieToken);
      await writeAudit(deps.db, { actorSoort: 'medewerker', actorId: wie.medewerker.id, actie: 'auth.logout' });
      res.clearCookie(SESSIE_COOKIE, { path: '/' });
      res.status(204).end();
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/auth/wachtwoord',
    operationId: 'wachtwoordWijzigen',
    summary: 'Het eigen wachtwoord wijzigen',
    description: 'Beëindigt alle andere sessies van de medewerker; deze sessie blijft geldig.',
    tags: ['Inloggen'],
    rollen: ROLLEN,
    voor: limiet === false ? [] : [rateLimit('wachtwoord', limiet)],
    body: WachtwoordWijzigen,
    responses: { 204: { description: 'Gewijzigd' }, 403: { description: 'Huidig wachtwoord onjuist, of met een API-token' } },
    async handler({ res, body, wie }) {
      if (wie.via === 'api-token') throw new HttpProblem('forbidden', 'Wijzig uw wachtwoord na inloggen, niet met een API-token');
      const m = await medewerkerOpEmail(deps.db, wie.medewerker.email);
      if (!m?.passwordHash || !(await verifyPassword(body.huidigWachtwoord, m.passwordHash))) {
        await mislukkingNoteren(deps.db, wie.medewerker.email);
        throw new HttpProblem('forbidden', 'Het huidige wachtwoord klopt niet', [{ path: 'huidigWachtwoord', message: 'Dit is niet uw huidige wachtwoord.' }]);
      }
      await wachtwoordZetten(deps.db, m.id, await hashPassword(body.nieuwWachtwoord));
      const beeindigd = await sessiesBeeindigen(deps.db, m.id, wie.sessieToken);
      await writeAudit(deps.db, { actorSoort: 'medewerker', actorId: m.id, actie: 'auth.wachtwoord_gewijzigd', na: { sessiesBeeindigd: beeindigd } });
      res.status(204).end();
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/auth/me',
    operationId: 'ik',
    summary: 'Wie ben ik (rol en regio\'s)',
    tags: ['Inloggen'],
    rollen: ROLLEN,
    responses: { 200: { description: 'De ingelogde medewerker', schema: MedewerkerSchema } },
    handler({ res, wie }) {
      res.json(wie.medewerker);
    },
  });

  defineRoute(kit, {
    method: 'get',
    path: '/api/auth/tokens',
    operationId: 'apiTokens',
    summary: 'Mijn API-tokens',
    tags: ['Inloggen'],
    rollen: ROLLEN,
    responses: { 200: { description: 'Tokens (zonder geheim)', schema: z.object({ items: z.array(ApiTokenSchema) }) } },
    async handler({ res, wie }) {
      const items = await apiTokensVan(deps.db, wie.medewerker.id);
      res.json({
        items: items.map((t) => ({ ...t, aangemaaktOp: t.aangemaaktOp.toISOString(), verlooptOp: t.verlooptOp?.toISOString() ?? null, ingetrokkenOp: t.ingetrokkenOp?.toISOString() ?? null })),
      });
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/auth/tokens',
    operationId: 'apiTokenAanmaken',
    summary: 'Een API-token aanmaken voor een koppeling',
    description: 'Het token handelt met de rol en regio\'s van de aanmaker. Alleen met een sessie aan te maken, niet met een ander API-token.',
    tags: ['Inloggen'],
    rollen: ROLLEN,
    body: ApiTokenAanmaken,
    responses: { 201: { description: 'Aangemaakt; het token is alleen in dit antwoord zichtbaar', schema: ApiTokenAangemaakt } },
    async handler({ res, body, wie }) {
      if (wie.via === 'api-token') throw new HttpProblem('forbidden', 'Een API-token kan geen nieuwe tokens aanmaken');
      const token = nieuwApiToken();
      // The token stays valid through the whole given day, Europe/Amsterdam being at most 2 h ahead of UTC.
      const verloopt = body.verlooptOp ? new Date(`${body.verlooptOp}T23:59:59+01:00`) : null;
      if (verloopt && verloopt.getTime() <= Date.now()) {
        throw new HttpProblem('validation-failed', 'Verloopdatum ligt in het verleden', [{ path: 'verlooptOp', message: 'moet vandaag of later zijn' }]);
      }
      const t = await apiTokenAanmaken(deps.db, wie.medewerker.id, body.naam, token, verloopt);
      await writeAudit(deps.db, { actorSoort: 'medewerker', actorId: wie.medewerker.id, actie: 'auth.api_token_aangemaakt', na: { tokenId: t.id } });
      res.status(201).set('Cache-Control', 'no-store').json({ ...t, aangemaaktOp: t.aangemaaktOp.toISOString(), verlooptOp: t.verlooptOp?.toISOString() ?? null, token });
    },
  });

  defineRoute(kit, {
    method: 'delete',
    path: '/api/auth/tokens/:id',
    operationId: 'apiTokenIntrekken',
    summary: 'Een eigen API-token intrekken',
    tags: ['Inloggen'],
    rollen: ROLLEN,
    params: TOKEN_ID_PARAMS,
    responses: { 204: { description: 'Ingetrokken' } },
    async handler({ res, params, wie }) {
      if (!(await apiTokenIntrekken(deps.db, wie.medewerker.id, params.id))) throw new HttpProblem('not-found', 'Token niet gevonden');
      await writeAudit(deps.db, { actorSoort: 'medewerker', actorId: wie.medewerker.id, actie: 'auth.api_token_ingetrokken', na: { tokenId: params.id } });
      res.status(204).end();
    },
  });
}

/** 429 for a locked e-mail address: said the same way whether or not an account exists. */
function weesGeblokkeerd(res: Response, tot: Date): never {
  const seconden = Math.max(1, Math.ceil((tot.getTime() - Date.now()) / 1000));
  const minuten = Math.ceil(seconden / 60);
  res.set('Retry-After', String(seconden));
  throw new HttpProblem(
    'too-many-requests',
    `Te veel mislukte pogingen met dit e-mailadres. Probeer het over ${minuten === 1 ? '1 minuut' : `${minuten} minuten`} opnieuw, of vraag een beheerder de blokkade op te heffen.`,
  );
}
