// Shapes shared by the repositories and the API: who is asking, and which meldingen they may see.
import type { Rol } from '../schema';

/** A signed-in medewerker as the API sees them. `regioCodes` is their visibility scope (regio-contact, wsp). */
export interface Medewerker {
  id: number;
  naam: string;
  email: string;
  rol: Rol;
  wspId: number | null;
  /** Regio's the medewerker works for: own and achtervang regio's (regio-contact), the WSP's regio (wsp). */
  regioCodes: string[];
}

/** `alles`: team, manager, beheerder. Otherwise only meldingen routed to one of `regioCodes`. */
export type Zicht = { alles: true } | { alles: false; regioCodes: string[] };

export function zichtVan(m: Pick<Medewerker, 'rol' | 'regioCodes'>): Zicht {
  return m.rol === 'regio-contact' || m.rol === 'wsp' ? { alles: false, regioCodes: m.regioCodes } : { alles: true };
}
