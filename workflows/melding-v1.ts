// The v1 route: a melding started before one-transaction-per-step (docs/werkroute-workflow.md "Versioning").
import * as wf from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  doorsturenNaarWsp,
  type Effect,
  herToewijzen,
  inBehandelingNemen,
  intakeVastleggen,
  intrekken,
  klokkenBijwerken,
  koppelingOntvangen,
  type KoppelingInput,
  type MeldingState,
  regioBevestigen,
  type RegioContacten,
  statusMelden,
  statusWeergave,
  terugmelden,
  valideerDoorsturenNaarWsp,
  valideerHerToewijzen,
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
  nieuweMelding,
  projectieVan,
} from '../domain/melding';
import { createWerkdagKalender } from '../domain/werkdagen';
import type { MeldingActivities } from '../activities/melding';
import { klokRegelVersie, PATCH_PARALLELLE_EFFECTEN, PATCH_REGELS_V2, PATCH_STAP_HANDTEKENING } from './melding-versies';
import { NOG_NIET, ONGETEKEND, type Ondertekend, weigering, zonderHandtekening, zoekAttributenParen } from './melding-gedeeld';
import {
  doorsturenNaarWspUpdate,
  herToewijzenUpdate,
  inBehandelingNemenUpdate,
  intakeVastleggenUpdate,
  intrekkenUpdate,
  koppelingSignal,
  meldingStatusQuery,
  meldingWorkflowId,
  type MeldingWorkflowInput,
  type MeldingWorkflowResultaat,
  type StapAntwoord,
  regioBevestigenUpdate,
  statusMeldenUpdate,
  terugmeldenUpdate,
  vervolgBesluitenUpdate,
  wspContactGemeldUpdate,
} from './melding.messages';

// Activities retry without limit: an SMTP or database outage must delay the route, never drop a step.
const acts = wf.proxyActivities<MeldingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// The signature check is CPU only: a local activity (one marker in history, no task round trip). If it
// cannot run at all the step fails and the API answers 503; it never goes through unchecked.
const lokaal = wf.proxyLocalActivities<Pick<MeldingActivities, 'verifieerStap'>>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '100 milliseconds', maximumAttempts: 3 },
});

/**
 * The route of meldingen started before one-transaction-per-step (frozen: change only behind a patch).
 * Invariant: state changes happen synchronously inside handlers or the clock step; side effects go through
 * one queue drained by the main loop, so effects run in the order the steps happened and never twice
 * (every effect carries an idempotency key derived from the state version).
 */
export async function meldingRouteV1(input: MeldingWorkflowInput): Promise<MeldingWorkflowResultaat> {
  const kalender = createWerkdagKalender(input.kalender ?? {});
  const ctx = () => ({ nu: Date.now(), kalender, klokRegels: klokRegelVersie() });
  // Undefined only until the intake assignee is known; handlers registered before then refuse politely.
  let state: MeldingState | undefined = undefined;
  let geprojecteerd = -1;
  const wachtrij: Effect[] = [];
  const vroegeKoppelingen: KoppelingInput[] = [];

  const vereist = (): MeldingState => {
    if (!state) throw weigering(NOG_NIET);
    return state;
  };

  /** Registers one step: validator (nothing in history when it throws) + handler that re-checks after any await. */
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
        if (wf.patched(PATCH_STAP_HANDTEKENING)) {
          // Before anything else, and before the first await that could let the state move: who sends this?
          const update = wf.currentUpdateInfo();
          const controle = await lokaal
            .verifieerStap({ workflowId: wf.workflowInfo().workflowId, updateName: update?.name ?? def.name, updateId: update?.id ?? '', input: i, handtekening })
            .catch(() => ({ geldig: false as const, reden: 'de handtekening kon niet worden gecontroleerd' }));
          if (!controle.geldig) throw weigering({ code: 'ONGELDIGE_HANDTEKENING', reden: `stap geweigerd: ${controle.reden}` });
        }
        const codes = regios?.(i) ?? [];
        const contacten = codes.length > 0 ? await acts.bepaalRegioContacten({ regioCodes: codes }) : {};
        const s = vereist();
        // The lookup above yielded: another step may have changed the state in between.
        const fout = valideer(s, i);
        if (fout) throw weigering(fout);
        wachtrij.push(...pasToe(s, i, contacten));
        return weergave(s);
      },
      {
        // Validators never run on replay, so refusing unsigned steps here keeps old histories replayable
        // and keeps a forged step without any signature out of history altogether.
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

  wf.setHandler(koppelingSignal, (k) => {
    if (!state) vroegeKoppelingen.push(k);
    else wachtrij.push(...koppelingOntvangen(state, k, ctx()));
  });
  let bezig = 0;
  const weergave = (s: MeldingState) => ({ ...statusWeergave(s, Date.now()), openEffecten: wachtrij.length + bezig + (s.versie !== geprojecteerd ? 1 : 0) });
  wf.setHandler(meldingStatusQuery, () => (state ? weergave(state) : null));

  const ontvangenOp = input.ontvangenOp ?? Date.now();
  const { medewerkerId } = await acts.bepaalIntakeMedewerker({ meldingId: input.meldingId, op: ontvangenOp });
  const regels = wf.patched(PATCH_REGELS_V2) ? 2 : 1;
  const start = nieuweMelding({ meldingId: input.meldingId, soort: input.soort, ontvangenOp, intakeMedewerkerId: medewerkerId, regels }, ctx());
  state = start.state;
  wachtrij.push(...start.effecten);
  for (const k of vroegeKoppelingen.splice(0)) wachtrij.push(...koppelingOntvangen(state, k, ctx()));

  async function voerUit(e: Effect): Promise<void> {
    bezig += 1;
    try {
      await voerEffectUit(e);
    } finally {
      bezig -= 1;
    }
  }

  async function voerEffectUit(e: Effect): Promise<void> {
    const meldingId = input.meldingId;
    const op = Date.now();
    switch (e.soort) {
      case 'notificeer':
        await acts.notificeer({ ...e, meldingId });
        return;
      case 'taak':
        await acts.bewaarTaak({ ...e, meldingId, op });
        return;
      case 'taak_sluiten':
        await acts.sluitTaak({ ...e, meldingId, op });
        return;
      case 'audit':
        await acts.registreerAudit({ ...e, meldingId, op });
        return;
      case 'uitkomst':
        await acts.registreerUitkomst({ ...e, meldingId, ontvangenOp: state?.ontvangenOp ?? op });
        return;
      case 'koppel':
        try {
          await wf.getExternalWorkflowHandle(meldingWorkflowId(e.andereMeldingId)).signal(koppelingSignal, {
            meldingId,
            ...(e.doorMedewerkerId !== undefined ? { doorMedewerkerId: e.doorMedewerkerId } : {}),
          });
        } catch (err) {
          // The other melding may be closed or unknown; the link stays on this side and the audit says so.
          await acts.registreerAudit({
            soort: 'audit',
            sleutel: `${e.sleutel}:niet-afgeleverd`,
            actie: 'koppeling_niet_afgeleverd',
            door: { soort: 'systeem' },
            details: { andereMeldingId: e.andereMeldingId, fout: err instanceof Error ? err.message : String(err) },
            meldingId,
            op,
          });
        }
        return;
    }
  }

  async function voerBatchUit(batch: Effect[]): Promise<void> {
    if (wf.patched(PATCH_PARALLELLE_EFFECTEN)) {
      const isTaak = (e: Effect) => e.soort === 'taak' || e.soort === 'taak_sluiten';
      const taken = batch.filter(isTaak);
      await Promise.all([
        (async () => {
          for (const t of taken) await voerUit(t);
        })(),
        ...batch.filter((e) => !isTaak(e)).map(voerUit),
      ]);
    } else {
      for (const e of batch) await voerUit(e);
    }
  }

  let zoekAttributen = '';
  function werkZoekAttributenBij(s: MeldingState): void {
    const paren = zoekAttributenParen(s);
    const sleutel = JSON.stringify(paren.map((p) => p.value));
    if (sleutel === zoekAttributen) return;
    zoekAttributen = sleutel;
    wf.upsertSearchAttributes(paren);
  }

  for (;;) {
    // Projection first: tasks and outcomes written by the effects refer to the track rows it creates.
    if (state.versie !== geprojecteerd) {
      geprojecteerd = state.versie;
      werkZoekAttributenBij(state);
      await acts.projecteer(projectieVan(state, Date.now()));
      continue;
    }
    if (wachtrij.length > 0) {
      await voerBatchUit(wachtrij.splice(0));
      continue;
    }
    if (state.fase === 'afgesloten' || state.fase === 'ingetrokken') break;
    const versie = state.versie;
    const s = state;
    const ietsGebeurd = () => wachtrij.length > 0 || s.versie !== versie;
    // Timers are recomputed from the clocks every round, so a reassignment or restart never moves a deadline.
    const wek = volgendWekmoment(state, kalender);
    if (wek === undefined) {
      await wf.condition(ietsGebeurd);
    } else if (wek > Date.now()) {
      await wf.condition(ietsGebeurd, wek - Date.now());
    }
    wachtrij.push(...klokkenBijwerken(state, ctx()));
  }

  // Late updates may still be running their lookup; let them finish before the run completes.
  await wf.condition(wf.allHandlersFinished);
  // A koppeling signal may still have arrived after the last round; its effects must not be lost.
  if (state.versie !== geprojecteerd) await acts.projecteer(projectieVan(state, Date.now()));
  while (wachtrij.length > 0) await voerBatchUit(wachtrij.splice(0));
  return { meldingId: state.meldingId, status: state.status, afsluitReden: state.afsluitReden ?? null, versie: state.versie };
}
