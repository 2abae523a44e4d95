// What both routes of the melding workflow (v1, v2) share: refusals, the step signature's envelope and the
// search attributes. Deterministic: imported by workflow code only.
import { ApplicationFailure } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { type MeldingState, meldingStap, statusWeergave, type Weigering } from '../domain/melding';
import {
  WERKROUTE_REGIOS,
  WERKROUTE_SOORT,
  WERKROUTE_STAP,
  WERKROUTE_STATUS,
  WERKROUTE_TE_LAAT,
  WERKROUTE_VOLGENDE_DEADLINE,
} from './search-attributes';

export type WorkflowWeigering = Weigering | { code: 'NOG_NIET_GESTART' | 'ONGELDIGE_HANDTEKENING'; reden: string };

export function weigering(w: WorkflowWeigering): ApplicationFailure {
  return ApplicationFailure.create({ type: w.code, message: w.reden, nonRetryable: true });
}

/** The signature the API adds to every step's input (security/stap-handtekening.ts); only its shape is known here. */
export type Ondertekend<I> = I & { handtekening?: unknown };

export function zonderHandtekening<I>(raw: Ondertekend<I>): { i: I; handtekening: unknown } {
  if (!raw || typeof raw !== 'object') return { i: raw, handtekening: undefined };
  const { handtekening, ...i } = raw as Record<string, unknown>;
  return { i: i as I, handtekening };
}

export const ONGETEKEND = { code: 'ONGELDIGE_HANDTEKENING', reden: 'stap is niet door de API ondertekend' } as const;

export const NOG_NIET = { code: 'NOG_NIET_GESTART', reden: 'melding wordt nog ingericht; probeer het zo opnieuw' } as const;

/** Codes, states and moments only: search attributes are readable by anyone with access to the namespace. */
export function zoekAttributenParen(s: MeldingState): SearchAttributeUpdatePair[] {
  const view = statusWeergave(s, Date.now());
  const regios = [...new Set(s.trajecten.map((t) => t.regioCode))].sort();
  return [
    { key: WERKROUTE_STATUS, value: s.status },
    { key: WERKROUTE_STAP, value: meldingStap(s) },
    { key: WERKROUTE_SOORT, value: s.soort },
    { key: WERKROUTE_REGIOS, value: regios },
    { key: WERKROUTE_TE_LAAT, value: view.teLaat },
    { key: WERKROUTE_VOLGENDE_DEADLINE, value: view.volgendeDeadline === null ? null : new Date(view.volgendeDeadline) },
  ];
}
