// One workflow per melding along the werkroute (docs/werkroute-workflow.md).
import * as wf from '@temporalio/workflow';
import { ApplicationFailure } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
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
  meldingStap,
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
  type KlokRegelVersie,
} from '../domain/melding';
import { createWerkdagKalender } from '../domain/werkdagen';
import type { MeldingActivities } from '../activities/melding';
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
  regioBevestigenUpdate,
  statusMeldenUpdate,
  terugmeldenUpdate,
  vervolgBesluitenUpdate,
  wspContactGemeldUpdate,
} from './melding.messages';
import {
  WERKROUTE_REGIOS,
  WERKROUTE_SOORT,
  WERKROUTE_STAP,
  WERKROUTE_STATUS,
  WERKROUTE_TE_LAAT,
  WERKROUTE_VOLGENDE_DEADLINE,
} from './search-attributes';

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
 * Versioning (docs/werkroute-workflow.md "Versioning"): the effects of one step used to run one after the
 * other; they now run concurrently (tasks stay in order among themselves). Histories recorded before the
 * change have no marker and replay the sequential branch. Retire with deprecatePatch once none is open.
 */
export const PATCH_PARALLELLE_EFFECTEN = 'werkroute-parallelle-effecten';

/**
 * Rules version 2 (domain/melding/transities.ts): managers coordinate instead of doing the team's steps,
 * beheerders no longer withdraw or reassign. Asked once, at the start: a melding keeps the rules it started
 * under, so one started earlier replays (and goes on) under version 1.
 */
export const PATCH_REGELS_V2 = 'werkroute-regels-v2';

/**
 * Versioning: every step handler first has the worker check the API's signature over the step (actor and
 * input; security/stap-handtekening.ts) and refuses it, state untouched, when it does not hold. Histories
 * recorded before have no marker and replay without the check (their steps were accepted then).
 */
export const PATCH_STAP_HANDTEKENING = 'werkroute-stap-handtekening';

/**
 * One patch per clock-rule version after the first (domain/melding/klokken.ts KLOK_REGELSETS). Asked when a
 * step creates clocks, so each clock gets the rules of its moment: a step recorded before a rule change
 * replays with the rules it ran under, a step after it records the marker and gets the new rules. Add
 * `2: 'werkroute-klokregels-v2'` together with version 2 of the rules.
 */
export const KLOKREGEL_PATCHES: Readonly<Partial<Record<KlokRegelVersie, string>>> = {};

function klokRegelVersie(): KlokRegelVersie {
  const versies = (Object.keys(KLOKREGEL_PATCHES).map(Number) as KlokRegelVersie[]).sort((a, b) => b - a);
  for (const v of versies) if (wf.patched(KLOKREGEL_PATCHES[v]!)) return v;
  return 1;
}

type WorkflowWeigering = Weigering | { code: 'NOG_NIET_GESTART' | 'ONGELDIGE_HANDTEKENING'; reden: string };

function weigering(w: WorkflowWeigering): ApplicationFailure {
  return ApplicationFailure.create({ type: w.code, message: w.reden, nonRetryable: true });
}

/** The signature the API adds to every step's input (security/stap-handtekening.ts); only its shape is known here. */
type Ondertekend<I> = I & { handtekening?: unknown };

function zonderHandtekening<I>(raw: Ondertekend<I>): { i: I; handtekening: unknown } {
  if (!raw || typeof raw !== 'object') return { i: raw, handtekening: undefined };
  const { handtekening, ...i } = raw as Record<string, unknown>;
  return { i: i as I, handtekening };
}

const ONGETEKEND = { code: 'ONGELDIGE_HANDTEKENING', reden: 'stap is niet door de API ondertekend' } as const;

const NOG_NIET = { code: 'NOG_NIET_GESTART', reden: 'melding wordt nog ingericht; probeer het zo opnieuw' } as const;

/**
 * meldingWorkflow: id `melding-<meldingId>`; input carries ids only.
 * Messages: the ten step updates of melding.messages.ts (validated before they reach history), the
 * `koppeling` signal from a connected melding, and the `meldingStatus` query.
 * Invariant: state changes happen synchronously inside handlers or the clock step; side effects go through
 * one queue drained by the main loop, so effects run in the order the steps happened and never twice
 * (every effect carries an idempotency key derived from the state version).
 */
export async function meldingWorkflow(input: MeldingWorkflowInput): Promise<MeldingWorkflowResultaat> {
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
    def: UpdateDefinition<ReturnType<typeof statusWeergave>, [I]>,
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
    const view = statusWeergave(s, Date.now());
    const regios = [...new Set(s.trajecten.map((t) => t.regioCode))].sort();
    const paren: SearchAttributeUpdatePair[] = [
      { key: WERKROUTE_STATUS, value: s.status },
      { key: WERKROUTE_STAP, value: meldingStap(s) },
      { key: WERKROUTE_SOORT, value: s.soort },
      { key: WERKROUTE_REGIOS, value: regios },
      { key: WERKROUTE_TE_LAAT, value: view.teLaat },
      { key: WERKROUTE_VOLGENDE_DEADLINE, value: view.volgendeDeadline === null ? null : new Date(view.volgendeDeadline) },
    ];
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
