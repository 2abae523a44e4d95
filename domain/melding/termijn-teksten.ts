// Every text that states a term reads it from today's clock rules, so a rule change changes the texts too
// (mail templates, web pages). Plain Dutch as people say it: "één werkdag", "2 werkdagen", "14 dagen", "4 weken".
import { KLOK_REGELS } from './klokken';
import type { TermijnSoort } from './types';

const TELWOORD: Record<number, string> = { 1: 'één' };

/** The term of a clock kind, e.g. `2 werkdagen` or `4 weken`. */
export function termijnTekst(soort: TermijnSoort): string {
  const { soort: eenheid, aantal } = KLOK_REGELS[soort].termijn;
  if (eenheid === 'werkdagen') return `${TELWOORD[aantal] ?? aantal} ${aantal === 1 ? 'werkdag' : 'werkdagen'}`;
  if (aantal % 7 === 0) return `${TELWOORD[aantal / 7] ?? aantal / 7} ${aantal === 7 ? 'week' : 'weken'}`;
  return `${TELWOORD[aantal] ?? aantal} ${aantal === 1 ? 'dag' : 'dagen'}`;
}
