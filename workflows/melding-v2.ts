// The v2 route of the melding workflow: one transaction per change (docs/werkroute-workflow.md "One
// transaction per change"). Every change of the state (a step, a clock round, a received koppeling) is made on
// a copy, written whole by one local activity, and only then becomes the state; an update answers after that.
import * as wf from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  doorsturenNaarWsp,
  type Effect,
  herToewijzen,
  incidentOpgelost,
  incidentPogingMislukt,
  incidentVastleggen,
  inBehandelingNemen,
  intakeVastleggen,
  intrekken,
  klokkenBijwerken,
  koppelingOntvangen,
  type KoppelingInput,
  type MeldingState,
  nieuweMelding,
  projectieVan,
  regioBevestigen,
  type RegioContacten,
  statusMelden,
  statusWeergave,
  terugmelden,
  valideerDoorsturenNaarWsp,
  valideerHerToewijzen,
  valideerIncidentOpnieuw,
  valideerInBehandelingNemen,
  valideerIntakeVastleggen,
  valideerIntrekken,
  valideerRegioBevestigen,
  valideerStatusMelden,
  valideerTerugmelden,
  valideerVervolgBesluiten,
  valideerWspContactGemeld,
  vervolgBesluiten,
  volgendWekmoment,
  type Weigering,
  wspContactGemeld,
} from '../domain/melding';
import { createWerkdagKalender } from '../domain/werkdagen';
import type { MeldingActivities } from '../activities/melding';
import type { StapTransactie } from '../activities/stap-transactie';
import {
  doorsturenNaarWspUpdate,
  herToewijzenUpdate,
  incidentOpnieuwUpdate,
  inBehandelingNemenUpdate,
  intakeVastleggenUpdate,
  intrekkenUpdate,
  koppelingSignal,
  meldingStatusQuery,
  meldingWorkflowId,
  type MeldingWorkflowInput,
  type MeldingWorkflowResultaat,
  regioBevestigenUpdate,
  type StapAntwoord,
  type StapBevestiging,
  statusMeldenUpdate,
  terugmeldenUpdate,
  vervolgBesluitenUpdate,
  wspContactGemeldUpdate,
} from './melding.messages';
import { NOG_NIET, ONGETEKEND, type Ondertekend, weigering, zonderHandtekening, zoekAttributenParen } from './melding-gedeeld';
import { klokRegelVersie } from './melding-versies';

/** Must match activities/stap-transactie.ts PERMANENTE_FOUT (not imported: that module is not workflow code). */
const PERMANENTE_FOUT = 'PERMANENT';

// Local activities: their input (free text, the view) never enters the history, only their small answer.
// Transient failures retry without limit, so an outage delays a change but never drops it; a permanent one
// (bad data, a violated constraint) comes back at once and becomes an incident.
const tx = wf.proxyLocalActivities<Pick<MeldingActivities, 'verwerkStap' | 'bepaalIntakeMedewerker' | 'bepaalRegioContacten'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: [PERMANENTE_FOUT] },
});
// Only for the rare audit of a koppeling that could not be delivered: a change of its own is not needed.
const acts = wf.proxyActivities<Pick<MeldingActivities, 'registreerAudit'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Plain data (types.ts): a JSON copy is exact, and deterministic. */
const kloon = (s: MeldingState): MeldingState => JSON.parse(JSON.stringify(s)) as MeldingState;

function permanenteFout(err: unknown): { code: string; fout: string } | undefined {
  const oorzaak = err instanceof ActivityFailure ? err.cause : err;
  if (!(oorzaak instanceof ApplicationFailure) || oorzaak.type !== PERMANENTE_FOUT) return undefined;
  const [code = 'onbekend'] = oorzaak.message.split(':', 1);
  return { code, fout: oorzaak.message };
}

interface Vastgelegd {
  versie: number;
  incident?: string;
}

export async function meldingRouteV2(input: MeldingWorkflowInput): Promise<MeldingWorkflowResultaat> {
  const meldingId = input.meldingId;
  const kalender = createWerkdagKalender(input.kalender ?? {});
  const ctx = () => ({ nu: Date.now(), kalender, klokRegels: klokRegelVersie() });
  // Undefined only until the intake assignee is known; handlers registered before then refuse politely.
  let state: MeldingState | undefined = undefined;
  /** One change at a time: each works on a copy of the newest state and is written before the next begins. */
  let bezig = false;
  const koppelingen: KoppelingInput[] = [];
  /** Effects of changes PostgreSQL refused for good, by incident id; rebuilt on replay like the state. */
  const wachtend = new Map<string, Effect[]>();
  /** Signals to connected meldingen still on their way; the run waits for them before it completes. */
  const signalen = new Set<Promise<void>>();

  const vereist = (): MeldingState => {
    if (!state) throw weigering(NOG_NIET);
    return state;
  };

  let zoekAttributen = '';
  function werkZoekAttributenBij(s: MeldingState): void {
    const paren = zoekAttributenParen(s);
    const sleutel = JSON.stringify(paren.map((p) => p.value));
    if (sleutel === zoekAttributen) return;
    zoekAttributen = sleutel;
    wf.upsertSearchAttributes(paren);
  }

  /**
   * Writes `nieuw` (the state after a change) with its effects in one transaction, then makes it the state.
   * A refused signature leaves everything as it was; a permanent database error keeps the change in the
   * workflow and records an incident, so the melding never wedges and nothing is silently lost.
   */
  async function vastleggen(batch: string, wat: string, nieuw: MeldingState, effecten: Effect[], controle?: StapTransactie['controle']): Promise<Vastgelegd> {
    const nu = Date.now();
    const opslag = effecten.filter((e) => e.soort !== 'koppel');
    let incident: string | undefined;
    try {
      const r = await tx.verwerkStap({
        meldingId,
        batch,
        versie: nieuw.versie,
        op: nu,
        ontvangenOp: nieuw.ontvangenOp,
        projectie: projectieVan(nieuw, nu),
        weergave: statusWeergave(nieuw, nu),
        effecten: opslag,
        ...(controle ? { controle } : {}),
      });
      if (!r.geldig) throw weigering({ code: 'ONGELDIGE_HANDTEKENING', reden: `stap geweigerd: ${r.reden}` });
    } catch (err) {
      const fout = permanenteFout(err);
      if (!fout) throw err;
      const vast = incidentVastleggen(nieuw, { id: `i${nieuw.versie}`, versie: nieuw.versie, op: nu, wat, ...fout });
      incident = vast.incident.id;
      wachtend.set(incident, opslag);
      // Best effort, without the refused parts: the read model shows the incident and the coordinators hear of it.
      await tx
        .verwerkStap({ meldingId, batch: `incident:${incident}`, versie: nieuw.versie, op: nu, ontvangenOp: nieuw.ontvangenOp, weergave: statusWeergave(nieuw, nu), effecten: vast.effecten, zonderClaim: true })
        .catch(() => undefined);
    }
    state = nieuw;
    werkZoekAttributenBij(nieuw);
    for (const e of effecten) if (e.soort === 'koppel') signaleer(e);
    return { versie: nieuw.versie, ...(incident ? { incident } : {}) };
  }

  /** One change under the lock: `maak` mutates a copy and may refuse (throw); an unchanged version writes nothing. */
  async function wijzig(batch: string, wat: string, maak: (s: MeldingState) => Effect[], controle?: StapTransactie['controle']): Promise<Vastgelegd> {
    await wf.condition(() => !bezig);
    bezig = true;
    try {
      const oud = vereist();
      const kopie = kloon(oud);
      const effecten = maak(kopie);
      if (kopie.versie === oud.versie && effecten.length === 0) {
        // Bookkeeping only (a skipped reminder, a counted escalation): rebuilt on replay, nothing to store.
        state = kopie;
        return { versie: kopie.versie };
      }
      return await vastleggen(batch, wat, kopie, effecten, controle);
    } finally {
      bezig = false;
    }
  }

  function signaleer(e: Extract<Effect, { soort: 'koppel' }>): void {
    const p = (async () => {
      try {
        await wf.getExternalWorkflowHandle(meldingWorkflowId(e.andereMeldingId)).signal(koppelingSignal, {
          meldingId,
          ...(e.doorMedewerkerId !== undefined ? { doorMedewerkerId: e.doorMedewerkerId } : {}),
        });
      } catch (err) {
        // The other melding may be closed or unknown; the link stays on this side and the audit says so.
        await acts.registreerAudit({
          sleutel: `${e.sleutel}:niet-afgeleverd`,
          actie: 'koppeling_niet_afgeleverd',
          door: { soort: 'systeem' },
          details: { andereMeldingId: e.andereMeldingId, fout: err instanceof Error ? err.message : String(err) },
          meldingId,
          op: Date.now(),
        });
      }
    })();
    signalen.add(p);
    void p.finally(() => signalen.delete(p));
  }

  const bevestiging = (v: Vastgelegd): StapBevestiging => ({ bevestiging: true, versie: v.versie, ...(v.incident ? { incident: v.incident } : {}) });

  /** Registers one step: validator (nothing in history when it throws) + handler that checks again on the newest state. */
  function stap<I>(
    def: UpdateDefinition<StapAntwoord, [I]>,
    valideer: (s: MeldingState, i: I) => Weigering | undefined,
    pasToe: (s: MeldingState, i: I, contacten: Record<string, RegioContacten>) => Effect[],
    regios?: (i: I) => string[],
  ): void {
    wf.setHandler(
      def,
      async (raw: I) => {
        const { i, handtekening } = zonderHandtekening(raw as Ondertekend<I>);
        const update = wf.currentUpdateInfo();
        const updateId = update?.id ?? `${def.name}:${Date.now()}`;
        const codes = regios?.(i) ?? [];
        const contacten = codes.length > 0 ? await tx.bepaalRegioContacten({ regioCodes: codes }) : {};
        // The signature is checked inside the step's transaction, before anything is written.
        const controle = { workflowId: wf.workflowInfo().workflowId, updateName: update?.name ?? def.name, updateId: update?.id ?? '', input: i, handtekening };
        const r = await wijzig(updateId, def.name, (s) => {
          const fout = valideer(s, i);
          if (fout) throw weigering(fout);
          return pasToe(s, i, contacten);
        }, controle);
        return bevestiging(r);
      },
      {
        // Validators never run on replay; a step without any signature never reaches history.
        validator: (raw: I) => {
          const { i, handtekening } = zonderHandtekening(raw as Ondertekend<I>);
          if (!handtekening || typeof handtekening !== 'object') throw weigering(ONGETEKEND);
          const fout = valideer(vereist(), i);
          if (fout) throw weigering(fout);
        },
      },
    );
  }

  stap(inBehandelingNemenUpdate, valideerInBehandelingNemen, (s, i) => inBehandelingNemen(s, i, ctx()));
  stap(intakeVastleggenUpdate, valideerIntakeVastleggen, (s, i, c) => intakeVastleggen(s, i, c, ctx()), (i) => (i.besluit.routeer ?? []).map((r) => r.regioCode));
  stap(regioBevestigenUpdate, valideerRegioBevestigen, (s, i) => regioBevestigen(s, i, ctx()));
  stap(doorsturenNaarWspUpdate, valideerDoorsturenNaarWsp, (s, i) => doorsturenNaarWsp(s, i, ctx()));
  stap(wspContactGemeldUpdate, valideerWspContactGemeld, (s, i) => wspContactGemeld(s, i, ctx()));
  stap(statusMeldenUpdate, valideerStatusMelden, (s, i) => statusMelden(s, i, ctx()));
  stap(terugmeldenUpdate, valideerTerugmelden, (s, i) => terugmelden(s, i, ctx()));
  stap(
    vervolgBesluitenUpdate,
    (s, i) => valideerVervolgBesluiten(s, i, Date.now(), kalender),
    (s, i, c) => vervolgBesluiten(s, i, c, ctx()),
    (i) => (i.besluit.soort === 'andere_regios' ? i.besluit.regios.map((r) => r.regioCode) : []),
  );
  stap(intrekkenUpdate, valideerIntrekken, (s, i) => intrekken(s, i, ctx()));
  stap(herToewijzenUpdate, valideerHerToewijzen, (s, i) => herToewijzen(s, i, ctx()));

  // Not a werkroute step: the failed change's effects are written again, with their own keys (nothing twice).
  wf.setHandler(
    incidentOpnieuwUpdate,
    async (raw) => {
      const { i, handtekening } = zonderHandtekening(raw as Ondertekend<typeof raw>);
      const update = wf.currentUpdateInfo();
      const controle = { workflowId: wf.workflowInfo().workflowId, updateName: update?.name ?? incidentOpnieuwUpdate.name, updateId: update?.id ?? '', input: i, handtekening };
      await wf.condition(() => !bezig);
      bezig = true;
      try {
        const s = vereist();
        const fout = valideerIncidentOpnieuw(s, i);
        if (fout) throw weigering(fout);
        const kopie = kloon(s);
        const effecten = [...(wachtend.get(i.incidentId) ?? []), ...incidentOpgelost(kopie, i, ctx())];
        const nu = Date.now();
        try {
          const r = await tx.verwerkStap({ meldingId, batch: update?.id ?? `incident-opnieuw:${nu}`, versie: kopie.versie, op: nu, ontvangenOp: kopie.ontvangenOp, projectie: projectieVan(kopie, nu), weergave: statusWeergave(kopie, nu), effecten, controle });
          if (!r.geldig) throw weigering({ code: 'ONGELDIGE_HANDTEKENING', reden: `stap geweigerd: ${r.reden}` });
        } catch (err) {
          const permanent = permanenteFout(err);
          if (!permanent) throw err;
          // Still refused: the incident stays open with the newest error; nothing else changed.
          incidentPogingMislukt(s, i.incidentId, permanent);
          throw weigering({ code: 'VERKEERDE_STAP', reden: `de verwerking lukte opnieuw niet (${permanent.code}); los de oorzaak op en probeer het dan nog eens` });
        }
        wachtend.delete(i.incidentId);
        state = kopie;
        werkZoekAttributenBij(kopie);
        return bevestiging({ versie: kopie.versie });
      } finally {
        bezig = false;
      }
    },
    {
      validator: (raw) => {
        const { i, handtekening } = zonderHandtekening(raw as Ondertekend<typeof raw>);
        if (!handtekening || typeof handtekening !== 'object') throw weigering(ONGETEKEND);
        const fout = valideerIncidentOpnieuw(vereist(), i);
        if (fout) throw weigering(fout);
      },
    },
  );

  wf.setHandler(koppelingSignal, (k) => {
    koppelingen.push(k);
  });
  wf.setHandler(meldingStatusQuery, () => (state ? { ...statusWeergave(state, Date.now()), openEffecten: bezig ? 1 : 0 } : null));

  const ontvangenOp = input.ontvangenOp ?? Date.now();
  const { medewerkerId } = await tx.bepaalIntakeMedewerker({ meldingId, op: ontvangenOp });
  const start = nieuweMelding({ meldingId, soort: input.soort, ontvangenOp, intakeMedewerkerId: medewerkerId, regels: 2 }, ctx());
  bezig = true;
  try {
    await vastleggen('start', 'start', start.state, start.effecten);
  } finally {
    bezig = false;
  }

  /** The pending timer, kept while the next wake moment stays the same: a step that moves no clock starts none. */
  let timer: { wek: number; scope: wf.CancellationScope; gevuurd: boolean } | undefined;
  async function wachtTot(wek: number, ietsGebeurd: () => boolean): Promise<void> {
    if (timer && timer.wek !== wek) {
      timer.scope.cancel();
      timer = undefined;
    }
    if (!timer) {
      const t = { wek, scope: new wf.CancellationScope(), gevuurd: false };
      t.scope.run(() => wf.sleep(wek - Date.now())).then(
        () => void (t.gevuurd = true),
        () => undefined,
      );
      timer = t;
    }
    const t = timer;
    await wf.condition(() => t.gevuurd || ietsGebeurd());
    if (t.gevuurd) timer = undefined;
  }

  let rondes = 0;
  for (;;) {
    const k = koppelingen.shift();
    if (k) {
      await wijzig(`koppeling:${k.meldingId}:${Date.now()}`, 'koppeling', (s) => koppelingOntvangen(s, k, ctx()));
      continue;
    }
    const s = vereist();
    if (s.fase === 'afgesloten' || s.fase === 'ingetrokken') break;
    const versie = s.versie;
    const ietsGebeurd = () => koppelingen.length > 0 || vereist().versie !== versie;
    // The moment comes from the clocks every round, so a reassignment or restart never moves a deadline.
    const wek = volgendWekmoment(s, kalender);
    if (wek === undefined) await wf.condition(ietsGebeurd);
    else if (wek > Date.now()) await wachtTot(wek, ietsGebeurd);
    if (koppelingen.length > 0 || vereist().versie !== versie) continue;
    rondes += 1;
    await wijzig(`klok:${rondes}:${Date.now()}`, 'klokken', (x) => klokkenBijwerken(x, ctx()));
  }
  // Late updates may still be running; a koppeling may have arrived after the last round.
  await wf.condition(() => wf.allHandlersFinished() && !bezig);
  for (let k = koppelingen.shift(); k; k = koppelingen.shift()) {
    const ontvangen = k;
    await wijzig(`koppeling:${ontvangen.meldingId}:${Date.now()}`, 'koppeling', (x) => koppelingOntvangen(x, ontvangen, ctx()));
  }
  while (signalen.size > 0) await Promise.all([...signalen]);
  const eind = vereist();
  return { meldingId: eind.meldingId, status: eind.status, afsluitReden: eind.afsluitReden ?? null, versie: eind.versie };
}
