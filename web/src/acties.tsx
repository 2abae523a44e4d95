// Which steps the signed-in user can take now. The transition tables are the workflow's own
// (domain/melding/transities), so the buttons match what the workflow would accept; the API has the last
// word and a refused step shows its reason.
import { magMelding, meldingTransitie, TRAJECT_TRANSITIES, type MeldingActie, type TrajectActie } from '../../domain/melding/transities';
import type { MeldingState, Traject } from '../../domain/melding/types';
import type { Medewerker } from './auth';

export function magMeldingActie(state: MeldingState, actie: MeldingActie, user: Medewerker): boolean {
  if (!magMelding(actie, state.fase)) return false;
  return (meldingTransitie(actie).rollen as readonly string[]).includes(user.rol);
}

export function trajectActies(t: Traject, user: Medewerker, state: MeldingState): TrajectActie[] {
  if (state.fase === 'afgesloten' || state.fase === 'ingetrokken') return [];
  const regios = user.regioCodes;
  // Staff scoped to regio's only act on their own; the API scopes the list, so unknown scope is no block.
  if ((user.rol === 'regio-contact' || user.rol === 'wsp') && regios && !regios.includes(t.regioCode)) return [];
  const out: TrajectActie[] = [];
  for (const tr of TRAJECT_TRANSITIES) {
    if (tr.actie === 'intrekken' || tr.actie === 'vervolgBesluiten') continue;
    if (tr.van.status !== t.status || !tr.van.stappen.includes(t.stap)) continue;
    if (!(tr.rollen as readonly string[]).includes(user.rol)) continue;
    if (tr.actie === 'wspContactGemeld') {
      const lopend = state.klokken.some((k) => k.regioCode === t.regioCode && k.soort === 'wsp_reactie' && k.status === 'lopend');
      if (!lopend) continue;
    }
    if (!out.includes(tr.actie)) out.push(tr.actie);
  }
  return out;
}
