// Rules the workflow's update validators apply. Each returns the reason a step is refused, or undefined.
// They are pure so the API can also run them for a quick answer, and so they are tested without Temporal.
import { parseDatum, toAmsterdam, type WerkdagKalender } from '../werkdagen';
import type {
  DoorsturenNaarWspInput,
  HerToewijzenInput,
  IncidentOpnieuwInput,
  InBehandelingNemenInput,
  IntakeVastleggenInput,
  IntrekkenInput,
  RegioRoute,
  StatusMeldenInput,
  TerugmeldenInput,
  VervolgBesluitenInput,
  WspContactGemeldInput,
} from './stappen';
import { type ActorRol, magMelding, magRol, meldingTransitie, type MeldingActie, type TrajectActie, trajectTransitie, TRAJECT_TRANSITIES } from './transities';
import { type Actor, CC_ONTVANGERS, type MeldingState, OPLOSSINGEN, type Traject, UITKOMST_RESULTATEN } from './types';

export type WeigeringCode = 'VERKEERDE_STAP' | 'VERKEERDE_PERSOON' | 'VERKEERDE_REGIO' | 'ONGELDIGE_INVOER';
export interface Weigering {
  code: WeigeringCode;
  reden: string;
}

export const REGIO_CODE_RE = /^AM\d{2}$/;
const MAX_TEKST = 2000;

const weiger = (code: WeigeringCode, reden: string): Weigering => ({ code, reden });

export function actorRol(actor: Actor): ActorRol {
  return actor.soort === 'werkgever' ? 'werkgever' : actor.rol;
}

function isMedewerker(actor: Actor): actor is Extract<Actor, { medewerkerId: string }> {
  return actor.soort !== 'werkgever';
}

function controleerActor(actor: unknown): Weigering | undefined {
  if (typeof actor !== 'object' || actor === null) return weiger('ONGELDIGE_INVOER', 'actor ontbreekt');
  const a = actor as Record<string, unknown>;
  if (a.soort === 'werkgever') return undefined;
  if (typeof a.medewerkerId !== 'string' || a.medewerkerId === '') return weiger('ONGELDIGE_INVOER', 'actor.medewerkerId ontbreekt');
  if (typeof a.rol !== 'string') return weiger('ONGELDIGE_INVOER', 'actor.rol ontbreekt');
  if (!Array.isArray(a.regioCodes)) return weiger('ONGELDIGE_INVOER', 'actor.regioCodes ontbreekt');
  return undefined;
}

function controleerTekst(waarde: unknown, veld: string, verplicht = false): Weigering | undefined {
  if (waarde === undefined && !verplicht) return undefined;
  if (typeof waarde !== 'string' || (verplicht && waarde.trim() === '')) return weiger('ONGELDIGE_INVOER', `${veld} is verplicht`);
  if (waarde.length > MAX_TEKST) return weiger('ONGELDIGE_INVOER', `${veld} is langer dan ${MAX_TEKST} tekens`);
  return undefined;
}

function meldingStap(state: MeldingState, actie: MeldingActie, actor: Actor): Weigering | undefined {
  const fout = controleerActor(actor);
  if (fout) return fout;
  if (!magMelding(actie, state.fase)) {
    return weiger('VERKEERDE_STAP', `${actie} kan niet in fase '${state.fase}' van melding ${state.meldingId}`);
  }
  const rol = actorRol(actor);
  if (!magRol(meldingTransitie(actie).rollen, actie, rol, state.regels)) {
    return weiger('VERKEERDE_PERSOON', `rol '${rol}' mag ${actie} niet uitvoeren`);
  }
  return undefined;
}

/** Once a team member holds the melding, only they act on it; anyone else has to reassign it first. */
function houderControle(state: MeldingState, actor: Actor): Weigering | undefined {
  if (!isMedewerker(actor) || actor.rol === 'manager') return undefined;
  if (state.fase !== 'intake' && state.toegewezenAan !== null && state.toegewezenAan !== actor.medewerkerId) {
    return weiger('VERKEERDE_PERSOON', `melding is in behandeling bij medewerker ${state.toegewezenAan}; wijs haar eerst opnieuw toe`);
  }
  return undefined;
}

function controleerRoutes(state: MeldingState, routes: RegioRoute[] | undefined, veld: string): Weigering | undefined {
  if (!Array.isArray(routes) || routes.length === 0) return weiger('ONGELDIGE_INVOER', `${veld}: minstens één regio`);
  const gezien = new Set<string>();
  for (const r of routes) {
    if (typeof r?.regioCode !== 'string' || !REGIO_CODE_RE.test(r.regioCode)) {
      return weiger('ONGELDIGE_INVOER', `${veld}: ongeldige regiocode '${String(r?.regioCode)}'`);
    }
    if (gezien.has(r.regioCode)) return weiger('ONGELDIGE_INVOER', `${veld}: regio ${r.regioCode} staat er twee keer in`);
    gezien.add(r.regioCode);
    if (state.trajecten.some((t) => t.regioCode === r.regioCode)) {
      return weiger('VERKEERDE_REGIO', `regio ${r.regioCode} heeft al een traject voor deze melding`);
    }
    const f = controleerTekst(r.toelichting, `${veld}.toelichting`);
    if (f) return f;
  }
  return undefined;
}

export function valideerInBehandelingNemen(state: MeldingState, input: InBehandelingNemenInput): Weigering | undefined {
  return meldingStap(state, 'inBehandelingNemen', input?.actor) ?? houderControle(state, input.actor);
}

export function valideerIntakeVastleggen(state: MeldingState, input: IntakeVastleggenInput): Weigering | undefined {
  const f = meldingStap(state, 'intakeVastleggen', input?.actor) ?? houderControle(state, input.actor);
  if (f) return f;
  const b = input.besluit;
  if (typeof b !== 'object' || b === null) return weiger('ONGELDIGE_INVOER', 'besluit ontbreekt');
  if (!b.routeer && !b.koppel && !b.sluit) return weiger('ONGELDIGE_INVOER', 'besluit: routeer, koppel of sluit');
  if (b.sluit && (b.routeer || b.koppel)) return weiger('ONGELDIGE_INVOER', 'besluit: sluiten gaat niet samen met routeren of koppelen');
  if (b.sluit) return controleerTekst(b.sluit.reden, 'besluit.sluit.reden', true);
  if (b.routeer) {
    const r = controleerRoutes(state, b.routeer, 'besluit.routeer');
    if (r) return r;
  }
  if (b.koppel) {
    const k = controleerKoppeling(state, b.koppel.meldingId);
    if (k) return k;
  }
  return controleerTekst(input.notities, 'notities') ?? controleerTekst(input.vraagAchterDeVraag, 'vraagAchterDeVraag');
}

function controleerKoppeling(state: MeldingState, meldingId: unknown): Weigering | undefined {
  if (typeof meldingId !== 'string' || meldingId === '') return weiger('ONGELDIGE_INVOER', 'koppel.meldingId ontbreekt');
  if (meldingId === state.meldingId) return weiger('ONGELDIGE_INVOER', 'een melding kan niet aan zichzelf gekoppeld worden');
  if (state.koppelingen.includes(meldingId)) return weiger('VERKEERDE_STAP', `melding ${meldingId} is al gekoppeld`);
  return undefined;
}

function trajectVan(state: MeldingState, regioCode: unknown): Traject | Weigering {
  if (typeof regioCode !== 'string' || !REGIO_CODE_RE.test(regioCode)) return weiger('ONGELDIGE_INVOER', `ongeldige regiocode '${String(regioCode)}'`);
  const t = state.trajecten.find((x) => x.regioCode === regioCode);
  return t ?? weiger('VERKEERDE_REGIO', `melding ${state.meldingId} is niet naar regio ${regioCode} gerouteerd`);
}

/** Regio steps: right role, the actor's own regio, and (when the contacts are known) the contact or backup of that regio. */
function trajectStap(state: MeldingState, actie: TrajectActie, actor: Actor, regioCode: string): Traject | Weigering {
  const f = controleerActor(actor);
  if (f) return f;
  if (state.fase === 'afgesloten' || state.fase === 'ingetrokken') return weiger('VERKEERDE_STAP', `melding is ${state.fase}`);
  const t = trajectVan(state, regioCode);
  if ('code' in t) return t;
  const tr = trajectTransitie(actie, t.status, t.stap);
  if (!tr) return weiger('VERKEERDE_STAP', `${actie} kan niet: traject ${regioCode} is '${t.status}' in stap '${t.stap}'`);
  const rol = actorRol(actor);
  const rollen = TRAJECT_TRANSITIES.filter((x) => x.actie === actie).flatMap((x) => x.rollen);
  if (!magRol(rollen, actie, rol, state.regels)) return weiger('VERKEERDE_PERSOON', `rol '${rol}' mag ${actie} niet uitvoeren`);
  // The employer confirms through their private follow link that the WSP contacted them (Bijlage 1 step 3);
  // the link itself is their credential, so no regio scope applies.
  if (!isMedewerker(actor)) return t;
  if (!actor.regioCodes.includes(regioCode)) return weiger('VERKEERDE_REGIO', `medewerker ${actor.medewerkerId} hoort niet bij regio ${regioCode}`);
  if (rol === 'regio-contact') {
    const bevoegd = [t.contacten.primairId, t.contacten.achtervangId, t.toegewezenAan].filter((x): x is string => x !== null);
    if (bevoegd.length > 0 && !bevoegd.includes(actor.medewerkerId)) {
      return weiger('VERKEERDE_PERSOON', `medewerker ${actor.medewerkerId} is niet de contactpersoon of achtervang van regio ${regioCode}`);
    }
  }
  return t;
}

const alsWeigering = (x: Traject | Weigering): Weigering | undefined => ('code' in x ? x : undefined);

export function valideerRegioBevestigen(state: MeldingState, input: { actor: Actor; regioCode: string }): Weigering | undefined {
  return alsWeigering(trajectStap(state, 'bevestigen', input?.actor, input?.regioCode));
}

export function valideerDoorsturenNaarWsp(state: MeldingState, input: DoorsturenNaarWspInput): Weigering | undefined {
  const f = alsWeigering(trajectStap(state, 'doorsturenNaarWsp', input?.actor, input?.regioCode));
  if (f) return f;
  for (const c of input.cc ?? []) {
    if (!CC_ONTVANGERS.includes(c)) return weiger('ONGELDIGE_INVOER', `cc: onbekende ontvanger '${String(c)}'`);
  }
  return controleerTekst(input.toelichting, 'toelichting');
}

export function valideerWspContactGemeld(state: MeldingState, input: WspContactGemeldInput): Weigering | undefined {
  const t = trajectStap(state, 'wspContactGemeld', input?.actor, input?.regioCode);
  if ('code' in t) return t;
  const klok = state.klokken.find((k) => k.regioCode === t.regioCode && k.soort === 'wsp_reactie' && k.status === 'lopend');
  if (!klok) return weiger('VERKEERDE_STAP', `het contact van het WSP met de werkgever is voor regio ${t.regioCode} al gemeld`);
  return controleerTekst(input.toelichting, 'toelichting');
}

export function valideerStatusMelden(state: MeldingState, input: StatusMeldenInput): Weigering | undefined {
  return alsWeigering(trajectStap(state, 'statusMelden', input?.actor, input?.regioCode)) ?? controleerTekst(input.stand, 'stand', true);
}

export function valideerTerugmelden(state: MeldingState, input: TerugmeldenInput): Weigering | undefined {
  const f = alsWeigering(trajectStap(state, 'terugmelden', input?.actor, input?.regioCode));
  if (f) return f;
  const u = input.uitkomst;
  if (typeof u !== 'object' || u === null) return weiger('ONGELDIGE_INVOER', 'uitkomst ontbreekt');
  if (!UITKOMST_RESULTATEN.includes(u.resultaat)) return weiger('ONGELDIGE_INVOER', `uitkomst.resultaat: onbekend '${String(u.resultaat)}'`);
  if (!OPLOSSINGEN.includes(u.oplossing)) return weiger('ONGELDIGE_INVOER', `uitkomst.oplossing: onbekend '${String(u.oplossing)}'`);
  if (!Number.isInteger(u.aantalGeplaatst) || u.aantalGeplaatst < 0) return weiger('ONGELDIGE_INVOER', 'uitkomst.aantalGeplaatst: geheel getal ≥ 0');
  if (u.resultaat === 'niet_vervuld' && u.aantalGeplaatst > 0) return weiger('ONGELDIGE_INVOER', 'niet vervuld met geplaatste mensen');
  if (u.resultaat !== 'niet_vervuld' && u.aantalGeplaatst === 0) return weiger('ONGELDIGE_INVOER', `${u.resultaat} zonder geplaatste mensen`);
  return controleerTekst(u.toelichting, 'uitkomst.toelichting');
}

export function valideerVervolgBesluiten(
  state: MeldingState,
  input: VervolgBesluitenInput,
  nu: number,
  kalender: WerkdagKalender,
): Weigering | undefined {
  const f = meldingStap(state, 'vervolgBesluiten', input?.actor) ?? houderControle(state, input.actor);
  if (f) return f;
  const t = trajectVan(state, input.regioCode);
  if ('code' in t) return t;
  if (!t.vervolgNodig) return weiger('VERKEERDE_STAP', `traject ${t.regioCode} wacht niet op een vervolgbesluit`);
  const b = input.besluit;
  switch (b?.soort) {
    case 'andere_regios':
      return controleerRoutes(state, b.regios, 'besluit.regios');
    case 'koppelen':
      return controleerKoppeling(state, b.meldingId);
    case 'stoppen':
      return controleerTekst(b.reden, 'besluit.reden', true);
    case 'verlengen': {
      const r = controleerTekst(b.reden, 'besluit.reden', true);
      if (r) return r;
      try {
        parseDatum(b.nieuweDeadlineDatum);
      } catch {
        return weiger('ONGELDIGE_INVOER', `besluit.nieuweDeadlineDatum: verwacht YYYY-MM-DD, kreeg '${String(b.nieuweDeadlineDatum)}'`);
      }
      if (b.nieuweDeadlineDatum <= toAmsterdam(nu).datum) return weiger('ONGELDIGE_INVOER', 'besluit.nieuweDeadlineDatum ligt niet in de toekomst');
      if (!kalender.isWerkdag(b.nieuweDeadlineDatum)) return weiger('ONGELDIGE_INVOER', `besluit.nieuweDeadlineDatum ${b.nieuweDeadlineDatum} is geen werkdag`);
      return undefined;
    }
    default:
      return weiger('ONGELDIGE_INVOER', 'besluit.soort: andere_regios, koppelen, verlengen of stoppen');
  }
}

export function valideerIntrekken(state: MeldingState, input: IntrekkenInput): Weigering | undefined {
  return meldingStap(state, 'intrekken', input?.actor) ?? controleerTekst(input.reden, 'reden');
}

export function valideerHerToewijzen(state: MeldingState, input: HerToewijzenInput): Weigering | undefined {
  const f = meldingStap(state, 'herToewijzen', input?.actor);
  if (f) return f;
  if (typeof input.naarMedewerkerId !== 'string' || input.naarMedewerkerId === '') return weiger('ONGELDIGE_INVOER', 'naarMedewerkerId ontbreekt');
  if (input.regioCode !== undefined) {
    const t = trajectVan(state, input.regioCode);
    if ('code' in t) return t;
    if (t.status === 'afgesloten' || t.status === 'ingetrokken') return weiger('VERKEERDE_STAP', `traject ${t.regioCode} is ${t.status}`);
    if (t.toegewezenAan === input.naarMedewerkerId) return weiger('VERKEERDE_STAP', `traject ${t.regioCode} is al toegewezen aan ${input.naarMedewerkerId}`);
  } else if (state.toegewezenAan === input.naarMedewerkerId) {
    return weiger('VERKEERDE_STAP', `melding is al toegewezen aan ${input.naarMedewerkerId}`);
  }
  return controleerTekst(input.reden, 'reden');
}

export function valideerIncidentOpnieuw(state: MeldingState, input: IncidentOpnieuwInput): Weigering | undefined {
  if (!input?.actor || input.actor.soort === 'werkgever' || input.actor.rol !== 'beheerder') return weiger('VERKEERDE_PERSOON', 'alleen beheer kan een mislukte verwerking opnieuw starten');
  const i = (state.incidenten ?? []).find((x) => x.id === input.incidentId);
  if (!i) return weiger('ONGELDIGE_INVOER', 'deze melding heeft geen mislukte verwerking met dit nummer');
  if (i.status !== 'open') return weiger('VERKEERDE_STAP', 'deze verwerking is al gelukt');
  return undefined;
}
