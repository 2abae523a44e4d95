import { type Datum, isWeekend, parseDatum, plusDagen } from './datum';
import { feestdagenVanJaar } from './feestdagen';

export interface Sluitingsdag {
  datum: Datum;
  naam: string;
}

export interface WerkdagKalender {
  /** Recorded with every deadline, so a deadline can be recomputed and explained with the rules it used. */
  readonly versie: string;
  isWerkdag(datum: Datum): boolean;
  /** Dutch name when the date is a holiday or closing day (also 1e Paas-/Pinksterdag, which are Sundays). */
  feestdag(datum: Datum): string | undefined;
  /** First working day strictly after `datum`. */
  volgendeWerkdag(datum: Datum): Datum;
}

export interface KalenderOpties {
  extraSluitingsdagen?: Sluitingsdag[];
  /** 5 mei closes only in lustrum years (year % 5 === 0). Default true; false = 5 mei is a working day. */
  lustrumBevrijdingsdag?: boolean;
}

/** Bump when the built-in rules change, so stored deadlines show which rules produced them. */
export const REGELS_VERSIE = 'nl-atw-2026.1';

// Any realistic gap between working days is a few days; a bound keeps a misconfigured calendar
// (e.g. a year of extra closing days) from looping forever inside a workflow.
const MAX_DAGEN_ZOEKEN = 366;

// FNV-1a: tiny, pure and stable across runtimes; collision resistance is irrelevant for a version tag.
function fnv1a(tekst: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < tekst.length; i++) {
    h ^= tekst.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function createWerkdagKalender(opts: KalenderOpties = {}): WerkdagKalender {
  const lustrum = opts.lustrumBevrijdingsdag ?? true;
  const extra = new Map<Datum, string>();
  for (const dag of opts.extraSluitingsdagen ?? []) {
    parseDatum(dag.datum);
    const naam = dag.naam.trim();
    if (naam === '') throw new RangeError(`Sluitingsdag ${dag.datum} heeft geen naam`);
    // Sorted, de-duplicated input makes the version independent of the order the days were configured in.
    const bestaand = extra.get(dag.datum);
    extra.set(dag.datum, bestaand === undefined || naam < bestaand ? naam : bestaand);
  }

  let versie = REGELS_VERSIE;
  if (!lustrum) versie += '-5mei-werkdag';
  if (extra.size > 0) {
    const canoniek = [...extra.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([d, n]) => `${d}=${n}`)
      .join('\n');
    versie += `+${fnv1a(canoniek)}`;
  }

  const perJaar = new Map<number, Map<Datum, { naam: string; sluit: boolean }>>();
  const vanJaar = (jaar: number) => {
    let m = perJaar.get(jaar);
    if (!m) {
      m = new Map();
      for (const f of feestdagenVanJaar(jaar, { lustrumBevrijdingsdag: lustrum })) {
        m.set(f.datum, { naam: f.naam, sluit: f.sluit });
      }
      perJaar.set(jaar, m);
    }
    return m;
  };

  const wettelijk = (datum: Datum) => vanJaar(parseDatum(datum).jaar).get(datum);

  const kalender: WerkdagKalender = {
    versie,
    isWerkdag(datum) {
      if (isWeekend(datum)) return false;
      if (wettelijk(datum)?.sluit) return false;
      return !extra.has(datum);
    },
    feestdag(datum) {
      // The statutory name wins when an organisation also configures the same date.
      return wettelijk(datum)?.naam ?? extra.get(datum);
    },
    volgendeWerkdag(datum) {
      let d = datum;
      for (let i = 0; i < MAX_DAGEN_ZOEKEN; i++) {
        d = plusDagen(d, 1);
        if (kalender.isWerkdag(d)) return d;
      }
      throw new RangeError(`Geen werkdag binnen ${MAX_DAGEN_ZOEKEN} dagen na ${datum}`);
    },
  };
  return Object.freeze(kalender);
}

export const standaardKalender: WerkdagKalender = createWerkdagKalender();
