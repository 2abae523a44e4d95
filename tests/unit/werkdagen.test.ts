import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createWerkdagKalender,
  feestdagenVanJaar,
  koningsdag,
  paaszondag,
  standaardKalender as kalender,
  weekdag,
  WEEKDAG_AFKORTING,
} from '../../domain/werkdagen';

// The repo ships the same file as /work/shared/data (byte-identical); the repo copy keeps the test portable.
const CSV_PAD = new URL('../../data/feestdagen-nl-2024-2030.csv', import.meta.url);

// Minimal RFC 4180 reader: the note column contains quoted commas.
function leesCsv(tekst: string): Record<string, string>[] {
  const rijen: string[][] = [];
  let veld = '';
  let rij: string[] = [];
  let inQuotes = false;
  for (let i = 0; i < tekst.length; i++) {
    const c = tekst[i];
    if (inQuotes) {
      if (c === '"' && tekst[i + 1] === '"') { veld += '"'; i++; }
      else if (c === '"') inQuotes = false;
      else veld += c;
    } else if (c === '"') inQuotes = true;
    else if (c === ',') { rij.push(veld); veld = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && tekst[i + 1] === '\n') i++;
      rij.push(veld); veld = '';
      if (rij.some((v) => v !== '')) rijen.push(rij);
      rij = [];
    } else veld += c;
  }
  if (veld !== '' || rij.length > 0) { rij.push(veld); rijen.push(rij); }
  const [kop, ...data] = rijen;
  return data.map((r) => Object.fromEntries(kop!.map((k, i) => [k, r[i] ?? ''])));
}

const csv = leesCsv(readFileSync(CSV_PAD, 'utf8'));

// Independent oracle: Easter from a published table, everything else with Date.UTC.
const PASEN: Record<number, string> = {
  2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2028: '2028-04-16',
  2029: '2029-04-01', 2030: '2030-04-21', 2031: '2031-04-13', 2032: '2032-03-28', 2033: '2033-04-17',
  2034: '2034-04-09', 2035: '2035-03-25',
};
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plus = (d: string, n: number) => iso(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000);
const utcDag = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

function verwachteSluitingsdagen(jaar: number): Map<string, string> {
  const p = PASEN[jaar]!;
  const k27 = `${jaar}-04-27`;
  const m = new Map<string, string>([
    [`${jaar}-01-01`, 'Nieuwjaarsdag'],
    [plus(p, -2), 'Goede Vrijdag'],
    [plus(p, 1), '2e Paasdag'],
    [utcDag(k27) === 0 ? `${jaar}-04-26` : k27, 'Koningsdag'],
    [plus(p, 39), 'Hemelvaartsdag'],
    [plus(p, 50), '2e Pinksterdag'],
    [`${jaar}-12-25`, '1e Kerstdag'],
    [`${jaar}-12-26`, '2e Kerstdag'],
  ]);
  if (jaar % 5 === 0) m.set(`${jaar}-05-05`, 'Bevrijdingsdag');
  return m;
}

describe('Pasen en Koningsdag', () => {
  it.each(Object.entries(PASEN))('Paaszondag %s = %s', (jaar, datum) => {
    expect(paaszondag(Number(jaar))).toBe(datum);
    expect(weekdag(datum)).toBe(0);
  });

  it('Koningsdag moves to Saturday 26 April when the 27th is a Sunday', () => {
    expect(koningsdag(2025)).toBe('2025-04-26');
    expect(koningsdag(2031)).toBe('2031-04-26');
    expect(koningsdag(2036)).toBe('2036-04-26');
    expect(koningsdag(2026)).toBe('2026-04-27');
    expect(koningsdag(2030)).toBe('2030-04-27');
    expect(kalender.feestdag('2025-04-26')).toBe('Koningsdag');
    expect(kalender.feestdag('2025-04-27')).toBeUndefined();
    expect(kalender.feestdag('2031-04-26')).toBe('Koningsdag');
  });
});

describe('feestdagen-nl-2024-2030.csv', () => {
  it('is the file we expect (84 rows, weekday column agrees with ours)', () => {
    expect(csv).toHaveLength(84);
    for (const r of csv) expect(WEEKDAG_AFKORTING[weekdag(r.date!)], r.date).toBe(r.weekday);
  });

  const naamMap: Record<string, string> = {
    Nieuwjaar: 'Nieuwjaarsdag',
    'Goede Vrijdag': 'Goede Vrijdag',
    'Tweede paasdag': '2e Paasdag',
    Koningsdag: 'Koningsdag',
    Hemelvaartsdag: 'Hemelvaartsdag',
    'Tweede pinksterdag': '2e Pinksterdag',
    Kerstmis: '1e Kerstdag',
    'Tweede kerstdag': '2e Kerstdag',
  };

  it.each(csv.filter((r) => r.algemene_termijnenwet!.startsWith('art3')).map((r) => [r.date!, r.name_nl!]))(
    'art. 3 day %s (%s) is closed (5 mei only in lustrum years)',
    (datum, naam) => {
      const jaar = Number(datum.slice(0, 4));
      if (naam === 'Bevrijdingsdag') {
        const lustrum = jaar % 5 === 0;
        expect(kalender.feestdag(datum)).toBe(lustrum ? 'Bevrijdingsdag' : undefined);
        const weekend = weekdag(datum) === 0 || weekdag(datum) === 6;
        expect(kalender.isWerkdag(datum)).toBe(!lustrum && !weekend);
        return;
      }
      expect(naamMap[naam], `unmapped CSV name ${naam}`).toBeDefined();
      expect(kalender.feestdag(datum)).toBe(naamMap[naam]);
      expect(kalender.isWerkdag(datum)).toBe(false);
    },
  );

  it('Pasen and Pinksteren are Sundays and closed', () => {
    const zondagen = csv.filter((r) => r.algemene_termijnenwet === '- (zondag)');
    expect(zondagen.map((r) => r.name_nl).sort()).toEqual([...Array(7).fill('Pasen'), ...Array(7).fill('Pinksteren')]);
    for (const r of zondagen) {
      expect(r.weekday).toBe('zo');
      expect(kalender.isWerkdag(r.date!)).toBe(false);
      expect(kalender.feestdag(r.date!)).toBe(r.name_nl === 'Pasen' ? '1e Paasdag' : '1e Pinksterdag');
    }
  });

  it('days outside art. 3 (Oudejaarsavond etc.) stay working days on weekdays', () => {
    const overig = csv.filter((r) => r.algemene_termijnenwet!.startsWith('-') && r.algemene_termijnenwet !== '- (zondag)');
    expect(overig.length).toBeGreaterThan(0);
    for (const r of overig) {
      if (r.weekday === 'za' || r.weekday === 'zo') continue;
      expect(kalender.isWerkdag(r.date!), `${r.date} ${r.name_nl}`).toBe(true);
      expect(kalender.feestdag(r.date!)).toBeUndefined();
    }
    expect(kalender.isWerkdag('2024-12-31')).toBe(true);
  });

  it('our closing days 2024-2030 are exactly the CSV art. 3 days (lustrum rule for 5 mei)', () => {
    const uitCsv = csv
      .filter((r) => r.algemene_termijnenwet!.startsWith('art3'))
      .filter((r) => r.name_nl !== 'Bevrijdingsdag' || Number(r.date!.slice(0, 4)) % 5 === 0)
      .map((r) => r.date)
      .sort();
    const ons = [2024, 2025, 2026, 2027, 2028, 2029, 2030]
      .flatMap((j) => feestdagenVanJaar(j, { lustrumBevrijdingsdag: true }))
      .filter((f) => f.sluit)
      .map((f) => f.datum)
      .sort();
    expect(ons).toEqual(uitCsv);
  });
});

describe('every day 2024-2035', () => {
  it('isWerkdag and feestdag agree with an independent oracle', () => {
    let werkdagen = 0;
    for (let jaar = 2024; jaar <= 2035; jaar++) {
      const gesloten = verwachteSluitingsdagen(jaar);
      for (let d = `${jaar}-01-01`; d.startsWith(String(jaar)); d = plus(d, 1)) {
        const wd = utcDag(d);
        const verwacht = wd !== 0 && wd !== 6 && !gesloten.has(d);
        expect(kalender.isWerkdag(d), d).toBe(verwacht);
        if (gesloten.has(d)) expect(kalender.feestdag(d), d).toBe(gesloten.get(d));
        if (verwacht) werkdagen++;
      }
    }
    // Guards against the loop silently checking nothing.
    expect(werkdagen).toBeGreaterThan(12 * 250);
  });

  it('known working-day counts per year', () => {
    const telling = (jaar: number) => {
      let n = 0;
      for (let d = `${jaar}-01-01`; d.startsWith(String(jaar)); d = plus(d, 1)) if (kalender.isWerkdag(d)) n++;
      return n;
    };
    // 2026: 261 weekdays minus 1/1, 3/4, 6/4, 27/4, 14/5, 25/5, 25/12 (26/12 is a Saturday) = 254.
    expect(telling(2026)).toBe(254);
    // 2025: 261 weekdays minus 1/1, 18/4, 21/4, 5/5, 29/5, 9/6, 25/12, 26/12 (Koningsdag is a Saturday) = 253.
    expect(telling(2025)).toBe(253);
  });
});

describe('volgendeWerkdag', () => {
  it.each([
    ['2026-04-24', '2026-04-28'], // weekend + Koningsdag
    ['2026-04-02', '2026-04-07'], // Goede Vrijdag, Pasen, 2e Paasdag
    ['2026-12-24', '2026-12-28'],
    ['2025-12-31', '2026-01-02'],
    ['2026-05-13', '2026-05-15'], // Hemelvaart
    ['2025-05-02', '2025-05-06'], // lustrum 5 mei on Monday
    ['2026-05-04', '2026-05-05'], // 5 mei is a working day in 2026
    ['2026-06-10', '2026-06-11'],
  ])('%s → %s', (van, naar) => {
    expect(kalender.volgendeWerkdag(van)).toBe(naar);
  });
});

describe('configuration and versie', () => {
  it('standard calendar has the rules version', () => {
    expect(kalender.versie).toBe('nl-atw-2026.1');
    expect(createWerkdagKalender().versie).toBe('nl-atw-2026.1');
  });

  it('extra closing days change versie, independent of order, and close the day', () => {
    const a = { datum: '2026-05-15', naam: 'Brugdag' };
    const b = { datum: '2026-12-31', naam: 'Oudejaarsdag' };
    const k1 = createWerkdagKalender({ extraSluitingsdagen: [a, b] });
    const k2 = createWerkdagKalender({ extraSluitingsdagen: [b, a] });
    const k3 = createWerkdagKalender({ extraSluitingsdagen: [a] });
    const k4 = createWerkdagKalender({ extraSluitingsdagen: [{ ...a, datum: '2026-05-22' }] });
    expect(k1.versie).toMatch(/^nl-atw-2026\.1\+[0-9a-f]{8}$/);
    expect(k1.versie).toBe(k2.versie);
    expect(new Set([kalender.versie, k1.versie, k3.versie, k4.versie]).size).toBe(4);
    expect(k1.isWerkdag('2026-05-15')).toBe(false);
    expect(k1.feestdag('2026-05-15')).toBe('Brugdag');
    expect(kalender.isWerkdag('2026-05-15')).toBe(true);
    expect(k1.volgendeWerkdag('2026-05-13')).toBe('2026-05-18');
  });

  it('a configured day on a statutory holiday keeps the statutory name', () => {
    const k = createWerkdagKalender({ extraSluitingsdagen: [{ datum: '2026-04-27', naam: 'Sluiting' }] });
    expect(k.feestdag('2026-04-27')).toBe('Koningsdag');
  });

  it('lustrumBevrijdingsdag: false makes 5 mei a working day and changes versie', () => {
    const k = createWerkdagKalender({ lustrumBevrijdingsdag: false });
    expect(k.versie).not.toBe(kalender.versie);
    expect(k.isWerkdag('2025-05-05')).toBe(true);
    expect(kalender.isWerkdag('2025-05-05')).toBe(false);
  });

  it('rejects invalid dates', () => {
    expect(() => kalender.isWerkdag('2026-02-30')).toThrow(RangeError);
    expect(() => kalender.isWerkdag('26-04-2026')).toThrow(RangeError);
    expect(() => createWerkdagKalender({ extraSluitingsdagen: [{ datum: '2026-13-01', naam: 'x' }] })).toThrow(RangeError);
  });
});
