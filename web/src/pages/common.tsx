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
  volgendeDeadline?: string | null;
  /** Inbox: state of the nearest clock. */
  klok?: 'op_tijd' | 'bijna' | 'te_laat' | 'geen';
  deadlineUitleg?: string | null;
  toegewezenNaam?: string | null;
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
export const rijDeadline = (r: MeldingRij) => toMs(r.deadline ?? r.volgendeDeadline ?? undefined);
/** Late by the clock the row shows; the live countdown decides once the deadline passes while the page is open. */
export const rijTeLaat = (r: MeldingRij, now: number) => {
  const d = rijDeadline(r);
  if (d !== undefined && d < now) return true;
  if (r.klok) return r.klok === 'te_laat';
  return r.teLaat ?? r.overschreden ?? false;
};
export const byDeadline = (a: MeldingRij, b: MeldingRij) => (rijDeadline(a) ?? Infinity) - (rijDeadline(b) ?? Infinity);
