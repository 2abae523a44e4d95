// Public routes for employers: submit a melding, and follow it through the private link. No login: the
// follow token (256 random bits) is the credential, so it is never logged and never appears in a 404 detail.
import { createHash, randomUUID } from 'node:crypto';
import { createIndienBundel } from '../../db/repositories/meldingen-bundel';
import { idempotentieAfronden, meldingStartGegevens } from '../../db/repositories/meldingen-indienen';
import { meldingVoorVolgLink } from '../../db/repositories/meldingen-lezen';
import { volgTokenVan } from '../../db/repositories/volglink';
import { versleutel, volgTokenHash } from '../../security/volglink';
import type { MeldingStatusView } from '../../workflows/melding.messages';
import { intrekkenUpdate, wspContactGemeldUpdate } from '../../workflows/melding.messages';
import { nieuwVolgToken } from '../auth/tokens';
import { HttpProblem } from '../errors';
import { rateLimit } from '../middleware/rate-limit';
import { MeldingIndienenBody, MeldingIngediend } from '../schemas/melding-indienen';
import { IntrekkenBody, VOLG_TOKEN_PARAMS, VolgStatus, WspContactBevestigenBody } from '../schemas/volg';
import { defineRoute, type RouteKit } from './define';
import type { ApiDeps } from './deps';

const IDEMPOTENCY_SCOPE = 'POST /api/meldingen';
const IDEMPOTENCY_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const datumNl = (d: Date) => new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' }).format(d);

/** Links are built from configuration only: a Host header is the client's to choose. */
function basisUrl(publiekeUrl: ApiDeps['publiekeUrl']): string {
  const v = typeof publiekeUrl === 'function' ? publiekeUrl() : publiekeUrl;
  return (v ?? 'http://localhost:3000').replace(/\/+$/, '');
}

function volgStatus(m: NonNullable<Awaited<ReturnType<typeof meldingVoorVolgLink>>>, live: MeldingStatusView | null): VolgStatus {
  const open = m.status === 'ontvangen' || m.status === 'in_behandeling';
  const trajecten = live?.trajecten ?? [];
  const wspOpen = (regioCode: string) =>
    live?.klokken.some((k) => k.regioCode === regioCode && k.soort === 'wsp_reactie' && k.status === 'lopend') ?? false;
  return {
    nummer: m.nummer,
    soort: m.soort,
    werkgever: m.werkgeverNaam,
    status: live?.status ?? m.status,
    stap: live?.stap ?? m.stap,
    ontvangenOp: m.ontvangenOp.toISOString(),
    geslotenOp: m.geslotenOp?.toISOString() ?? null,
    regios: trajecten.map((t) => ({
      regioCode: t.regioCode,
      status: t.status,
      stap: t.stap,
      wspContactGemeld: !wspOpen(t.regioCode) && (t.stap === 'bij_wsp' || t.stap === 'status_gemeld' || t.stap === 'teruggemeld'),
    })),
    // Steps only: who did it (staff ids) and free-text details are internal.
    stappen: (live?.tijdlijn ?? []).map((s) => ({ op: new Date(s.op).toISOString(), actie: s.actie, ...(s.regioCode ? { regioCode: s.regioCode } : {}) })),
    mogelijk: {
      intrekken: live ? live.status === 'ontvangen' || live.status === 'in_behandeling' : open,
      wspContactBevestigen: trajecten.filter((t) => t.status === 'open' && wspOpen(t.regioCode)).map((t) => t.regioCode),
    },
  };
}

export function registerPubliekeRoutes(kit: RouteKit): void {
  const { deps } = kit;
  const limiet = deps.indienLimiet ?? { capaciteit: 20, perSeconde: 1 / 3 };
  const bundel = createIndienBundel(deps.db);

  defineRoute(kit, {
    method: 'post',
    path: '/api/meldingen',
    operationId: 'meldingIndienen',
    summary: 'Een melding indienen (vraag of aanbod)',
    description:
      'Publiek contract voor formulieren. Onbekende velden worden geweigerd; bij 400 staan alle problemen in `errors`. ' +
      'Met een `Idempotency-Key` levert een herhaalde indiening (zelfde body, binnen 24 uur) het eerste antwoord op in plaats van een tweede melding. ' +
      'Per clientadres geldt een limiet (429 met Retry-After).',
    tags: ['Werkgever'],
    rollen: 'publiek',
    voor: limiet === false ? [] : [rateLimit('indienen', limiet)],
    headers: [{ name: 'Idempotency-Key', description: 'Unieke sleutel per indiening (bijv. een UUID), hoogstens 200 tekens' }],
    body: MeldingIndienenBody,
    responses: {
      201: { description: 'Ontvangen', schema: MeldingIngediend, headers: { Location: 'URL van de melding' } },
      422: { description: 'Idempotency-Key al gebruikt voor een andere body' },
      429: { description: 'Te veel indieningen', headers: { 'Retry-After': 'seconden' } },
      503: { description: 'Workflowdienst niet bereikbaar; opnieuw proberen met dezelfde Idempotency-Key is veilig' },
    },
    async handler({ req, res, body }) {
      const key = req.get('idempotency-key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new HttpProblem('validation-failed', 'Ongeldige Idempotency-Key', [{ path: 'Idempotency-Key', message: 'moet 1 tot 200 zichtbare ASCII-tekens zijn' }]);
      }
      const id = randomUUID();
      const volgToken = nieuwVolgToken();
      const basis = basisUrl(deps.publiekeUrl);
      // The body is validated and bounded here, so serialising it is safe (raw input may be nested arbitrarily deep).
      const idem = key
        ? { scope: IDEMPOTENCY_SCOPE, key, requestHash: createHash('sha256').update(JSON.stringify(body)).digest('hex'), maxAgeMs: IDEMPOTENCY_MAX_AGE_MS }
        : undefined;

      const r = await bundel.indienen({
        melding: { id, volgTokenHash: volgTokenHash(volgToken), volgTokenVersleuteld: versleutel(deps.volglinkSleutel, id, volgToken), ...body },
        idem,
      });
      if (r.soort === 'andere-inhoud') {
        throw new HttpProblem('unprocessable', 'Deze Idempotency-Key is al gebruikt voor een andere indiening');
      }
      // A replay rebuilds the link from the stored (encrypted) secret: the idempotency row never holds it.
      const token = r.soort === 'nieuw' ? volgToken : await volgTokenVan(deps.db, deps.volglinkSleutel, r.response.id);
      const antwoord: MeldingIngediend = { ...r.response, volgLink: token ? `${basis}/volg/${token}` : `${basis}/volg` };
      if (r.soort === 'nieuw') {
        await deps.temporal.start({ meldingId: r.melding.id, soort: body.soort, ontvangenOp: r.melding.ontvangenOp.getTime() });
        if (idem) await idempotentieAfronden(deps.db, idem.scope, idem.key, 201, r.response);
      } else {
        res.set('Idempotent-Replayed', 'true');
        if (r.statusCode === null) {
          // The first attempt stored the melding but its workflow start was not confirmed: finish the job.
          const m = await meldingStartGegevens(deps.db, antwoord.id);
          if (!m) throw new HttpProblem('conflict', 'De eerdere indiening met deze sleutel is niet meer te vinden');
          await deps.temporal.start({ meldingId: antwoord.id, soort: m.soort, ontvangenOp: m.ontvangenOp.getTime() });
          await idempotentieAfronden(deps.db, IDEMPOTENCY_SCOPE, key!, 201, r.response);
        }
      }
      res.status(201).location(`/api/meldingen/${antwoord.id}`).json(antwoord);
    },
  });

  async function volgMelding(token: string) {
    const m = await meldingVoorVolgLink(deps.db, token);
    if (!m) throw new HttpProblem('not-found', 'Deze link hoort niet bij een melding');
    const dagen = deps.volglinkDagen ?? 90;
    if (m.geslotenOp && m.geslotenOp.getTime() + dagen * 86_400_000 < (deps.now?.() ?? new Date()).getTime()) {
      throw new HttpProblem(
        'gone',
        `Deze volglink is niet meer geldig: uw melding is op ${datumNl(m.geslotenOp)} afgesloten, en een volglink werkt tot ${dagen} dagen daarna. Hebt u nog een vraag over deze melding? Neem dan contact op met NLWerktDoor en noem het meldingnummer ${m.nummer}.`,
      );
    }
    return m;
  }

  async function liveOfNull(meldingId: string): Promise<MeldingStatusView | null> {
    try {
      return await deps.temporal.status(meldingId);
    } catch (err) {
      // The stored status is still worth showing when the workflow service is briefly unavailable.
      if (err instanceof HttpProblem && err.status >= 500) return null;
      throw err;
    }
  }

  defineRoute(kit, {
    method: 'get',
    path: '/api/volg/:token',
    operationId: 'volgStatus',
    summary: 'Status van een melding via de privélink van de werkgever',
    tags: ['Werkgever'],
    rollen: 'publiek',
    params: VOLG_TOKEN_PARAMS,
    responses: { 200: { description: 'Status', schema: VolgStatus }, 410: { description: 'Volglink verlopen: de melding is langer dan VOLGLINK_DAGEN geleden afgesloten' } },
    async handler({ res, params }) {
      const m = await volgMelding(params.token);
      res.set('Cache-Control', 'no-store').json(volgStatus(m, await liveOfNull(m.id)));
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/volg/:token/wsp-contact',
    operationId: 'volgWspContactBevestigen',
    summary: 'De werkgever bevestigt dat het WSP contact heeft opgenomen',
    tags: ['Werkgever'],
    rollen: 'publiek',
    params: VOLG_TOKEN_PARAMS,
    body: WspContactBevestigenBody,
    responses: { 200: { description: 'Bijgewerkte status', schema: VolgStatus }, 409: { description: 'Stap kan nu niet (reden in detail)' }, 410: { description: 'Volglink verlopen: de melding is langer dan VOLGLINK_DAGEN geleden afgesloten' } },
    async handler({ res, params, body }) {
      const m = await volgMelding(params.token);
      const live = await deps.temporal.stap(m.id, wspContactGemeldUpdate, {
        actor: { soort: 'werkgever' },
        regioCode: body.regioCode,
        ...(body.toelichting ? { toelichting: body.toelichting } : {}),
      });
      res.set('Cache-Control', 'no-store').json(volgStatus(m, live));
    },
  });

  defineRoute(kit, {
    method: 'post',
    path: '/api/volg/:token/intrekken',
    operationId: 'volgIntrekken',
    summary: 'De werkgever trekt de melding in',
    tags: ['Werkgever'],
    rollen: 'publiek',
    params: VOLG_TOKEN_PARAMS,
    body: IntrekkenBody,
    responses: { 200: { description: 'Bijgewerkte status', schema: VolgStatus }, 409: { description: 'Al afgesloten of ingetrokken' }, 410: { description: 'Volglink verlopen: de melding is langer dan VOLGLINK_DAGEN geleden afgesloten' } },
    async handler({ res, params, body }) {
      const m = await volgMelding(params.token);
      const live = await deps.temporal.stap(m.id, intrekkenUpdate, { actor: { soort: 'werkgever' }, ...(body.reden ? { reden: body.reden } : {}) });
      res.set('Cache-Control', 'no-store').json(volgStatus(m, live));
    },
  });

  // Anything else under a follow link ends here, so the request log names the route pattern and never
  // the path with the token in it.
  const onbekend = () => {
    throw new HttpProblem('not-found', 'Onbekende actie voor een volglink');
  };
  kit.router.all('/api/volg/:token/*rest', onbekend);
  kit.router.all('/api/volg/:token', onbekend);
}

