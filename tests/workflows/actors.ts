import type { Actor } from '../../domain/melding';

export const teamActor = (id: string): Actor => ({ medewerkerId: id, rol: 'team', regioCodes: [] });
export const regioActor = (id: string, ...regioCodes: string[]): Actor => ({ medewerkerId: id, rol: 'regio-contact', regioCodes });
export const werkgeverActor: Actor = { soort: 'werkgever' };
