// Rows of meldingen as list routes return them; field names vary a little between routes, so they are read
// through these helpers.
import { regioNaam, sectorNaam } from '../ref';
import { toMs } from '../ui';

export interface MeldingRij {
  id: string;
  nummer?: number;
  soort?: 'vraag' | 'aanbod';
  status?: string;
  fase?: string;
  stap?: string;
  werkgever?: { naam?: string } | string;
  werkgeverNaam?: string;
  sector?: string | null;
  sectorLetter?: string | null;
  regioCodes?: string[];
  regioCode?: string;
  ontvangenOp?: string | number;
  deadline?: string | number | null;
  /** Next running clock, when the route gives it. */
  klok?: { soort?: string; deadline?: string | number; status?: string; teLaat?: boolean; uitleg?: string } | null;
  teLaat?: boolean;
  overschreden?: boolean;
  toegewezenAan?: string | null;
  toegewezenAanNaam?: string | null;
  /** Task lists: what is expected of the user, for which regio. */
  taak?: string;
  omschrijving?: string;
  meldingId?: string;
}

export const rijWerkgever = (r: MeldingRij) => (typeof r.werkgever === 'string' ? r.werkgever : (r.werkgever?.naam ?? r.werkgeverNaam ?? '—'));
export const rijSector = (r: MeldingRij) => {
  const s = r.sector ?? r.sectorLetter;
  return s ? `${s} — ${sectorNaam(s)}` : '—';
};
export const rijRegios = (r: MeldingRij) => (r.regioCodes?.length ? r.regioCodes.map(regioNaam).join(', ') : r.regioCode ? regioNaam(r.regioCode) : '—');
export const rijDeadline = (r: MeldingRij) => toMs(r.klok?.deadline ?? r.deadline ?? undefined);
export const rijTeLaat = (r: MeldingRij, now: number) => {
  if (r.teLaat !== undefined) return r.teLaat;
  if (r.overschreden !== undefined) return r.overschreden;
  if (r.klok?.teLaat !== undefined) return r.klok.teLaat;
  const d = rijDeadline(r);
  return d !== undefined && d < now;
};
export const byDeadline = (a: MeldingRij, b: MeldingRij) => (rijDeadline(a) ?? Infinity) - (rijDeadline(b) ?? Infinity);
