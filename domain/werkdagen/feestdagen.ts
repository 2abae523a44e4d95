import { type Datum, dagnummer, dagnummerNaarDatum, datumNaarDagnummer, maakDatum, weekdagVanDagnummer } from './datum';

/** Easter Sunday (Gregorian), Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function paaszondag(jaar: number): Datum {
  const a = jaar % 19;
  const b = Math.floor(jaar / 100);
  const c = jaar % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const maand = Math.floor((h + l - 7 * m + 114) / 31);
  const dag = ((h + l - 7 * m + 114) % 31) + 1;
  return maakDatum(jaar, maand, dag);
}

/** 27 April, or Saturday 26 April when the 27th is a Sunday (Royal Decree practice since 1980). */
export function koningsdag(jaar: number): Datum {
  const n = dagnummer(jaar, 4, 27);
  return dagnummerNaarDatum(weekdagVanDagnummer(n) === 0 ? n - 1 : n);
}

export function isLustrumjaar(jaar: number): boolean {
  return jaar % 5 === 0;
}

export interface Feestdag {
  datum: Datum;
  naam: string;
  /**
   * True for the days that close a working day under Algemene termijnenwet art. 3 (and 5 mei in lustrum
   * years). 1e Paas-/Pinksterdag are listed only so explanations can name the Sunday.
   */
  sluit: boolean;
}

export interface FeestdagRegels {
  lustrumBevrijdingsdag: boolean;
}

export function feestdagenVanJaar(jaar: number, regels: FeestdagRegels): Feestdag[] {
  const pasen = datumNaarDagnummer(paaszondag(jaar));
  const rel = (delta: number) => dagnummerNaarDatum(pasen + delta);
  const lijst: Feestdag[] = [
    { datum: maakDatum(jaar, 1, 1), naam: 'Nieuwjaarsdag', sluit: true },
    { datum: rel(-2), naam: 'Goede Vrijdag', sluit: true },
    { datum: rel(0), naam: '1e Paasdag', sluit: false },
    { datum: rel(1), naam: '2e Paasdag', sluit: true },
    { datum: koningsdag(jaar), naam: 'Koningsdag', sluit: true },
    { datum: rel(39), naam: 'Hemelvaartsdag', sluit: true },
    { datum: rel(49), naam: '1e Pinksterdag', sluit: false },
    { datum: rel(50), naam: '2e Pinksterdag', sluit: true },
    { datum: maakDatum(jaar, 12, 25), naam: '1e Kerstdag', sluit: true },
    { datum: maakDatum(jaar, 12, 26), naam: '2e Kerstdag', sluit: true },
  ];
  if (regels.lustrumBevrijdingsdag && isLustrumjaar(jaar)) {
    lijst.push({ datum: maakDatum(jaar, 5, 5), naam: 'Bevrijdingsdag', sluit: true });
  }
  return lijst.sort((x, y) => (x.datum < y.datum ? -1 : x.datum > y.datum ? 1 : 0));
}
