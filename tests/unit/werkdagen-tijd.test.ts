import { describe, expect, it } from 'vitest';
import { fromAmsterdam, isoAmsterdam, toAmsterdam, zomertijdGrenzen } from '../../domain/werkdagen';

const UUR = 3_600_000;
const fmt = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function viaIntl(ms: number) {
  const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, x.value]));
  const datum = `${p.year}-${p.month}-${p.day}`;
  const uur = Number(p.hour);
  const minuut = Number(p.minute);
  const offsetMinuten = (Date.parse(`${datum}T${p.hour}:${p.minute}:00Z`) - (ms - (ms % 60_000))) / 60_000;
  return { datum, uur, minuut, offsetMinuten };
}

const JAREN = Array.from({ length: 12 }, (_, i) => 2024 + i);

describe('zomertijdGrenzen', () => {
  it('matches the known switch moments', () => {
    expect(zomertijdGrenzen(2026)).toEqual({ begin: Date.parse('2026-03-29T01:00:00Z'), einde: Date.parse('2026-10-25T01:00:00Z') });
    expect(zomertijdGrenzen(2024)).toEqual({ begin: Date.parse('2024-03-31T01:00:00Z'), einde: Date.parse('2024-10-27T01:00:00Z') });
    expect(zomertijdGrenzen(2035)).toEqual({ begin: Date.parse('2035-03-25T01:00:00Z'), einde: Date.parse('2035-10-28T01:00:00Z') });
  });
});

describe('toAmsterdam vs Intl (Europe/Amsterdam)', () => {
  it('every hour 2024-01-01 … 2035-12-31', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const eind = Date.parse('2036-01-01T00:00:00Z');
    let n = 0;
    for (let ms = start; ms < eind; ms += UUR) {
      const a = toAmsterdam(ms);
      const b = viaIntl(ms);
      if (a.datum !== b.datum || a.uur !== b.uur || a.offsetMinuten !== b.offsetMinuten) {
        expect(a, new Date(ms).toISOString()).toEqual(b);
      }
      n++;
    }
    expect(n).toBe(105_192);
  });

  it.each(JAREN)('every minute ±3 h around both %i switches', (jaar) => {
    const { begin, einde } = zomertijdGrenzen(jaar);
    for (const grens of [begin, einde]) {
      for (let ms = grens - 3 * UUR; ms <= grens + 3 * UUR; ms += 60_000) {
        expect(toAmsterdam(ms), new Date(ms).toISOString()).toEqual(viaIntl(ms));
      }
    }
  });
});

describe('fromAmsterdam', () => {
  it.each(JAREN)('every wall-clock hour and half hour of the %i switch days round-trips via Intl', (jaar) => {
    const { begin, einde } = zomertijdGrenzen(jaar);
    for (const grens of [begin, einde]) {
      const dag = toAmsterdam(grens).datum;
      for (const datum of [dag, toAmsterdam(grens - 86_400_000).datum, toAmsterdam(grens + 86_400_000).datum]) {
        for (let uur = 0; uur < 24; uur++) {
          for (const minuut of [0, 30]) {
            const ms = fromAmsterdam(datum, uur, minuut);
            const terug = viaIntl(ms);
            const inGat = grens === begin && datum === dag && uur === 2;
            if (inGat) {
              // documented choice: the nonexistent hour is read with the winter offset → one hour later
              expect(terug).toEqual({ datum, uur: 3, minuut, offsetMinuten: 120 });
            } else {
              expect({ datum: terug.datum, uur: terug.uur, minuut: terug.minuut }).toEqual({ datum, uur, minuut });
            }
          }
        }
      }
    }
  });

  it('ambiguous autumn hour picks the earlier instant (CEST)', () => {
    expect(fromAmsterdam('2026-10-25', 2, 30)).toBe(Date.parse('2026-10-25T00:30:00Z'));
    expect(fromAmsterdam('2026-10-25', 3, 0)).toBe(Date.parse('2026-10-25T02:00:00Z'));
    expect(fromAmsterdam('2026-10-25', 1, 59)).toBe(Date.parse('2026-10-24T23:59:00Z'));
  });

  it('spring gap is read with the winter offset', () => {
    expect(fromAmsterdam('2026-03-29', 2, 30)).toBe(Date.parse('2026-03-29T01:30:00Z'));
    expect(fromAmsterdam('2026-03-29', 3, 0)).toBe(Date.parse('2026-03-29T01:00:00Z'));
    expect(fromAmsterdam('2026-03-29', 1, 59)).toBe(Date.parse('2026-03-29T00:59:00Z'));
  });

  it('17:00 is 16:00Z in winter and 15:00Z in summer', () => {
    expect(fromAmsterdam('2026-01-15', 17, 0)).toBe(Date.parse('2026-01-15T16:00:00Z'));
    expect(fromAmsterdam('2026-07-15', 17, 0)).toBe(Date.parse('2026-07-15T15:00:00Z'));
    expect(fromAmsterdam('2026-03-27', 17, 0)).toBe(Date.parse('2026-03-27T16:00:00Z'));
    expect(fromAmsterdam('2026-03-30', 17, 0)).toBe(Date.parse('2026-03-30T15:00:00Z'));
    expect(fromAmsterdam('2026-10-23', 17, 0)).toBe(Date.parse('2026-10-23T15:00:00Z'));
    expect(fromAmsterdam('2026-10-26', 17, 0)).toBe(Date.parse('2026-10-26T16:00:00Z'));
  });

  it('rejects invalid input', () => {
    expect(() => fromAmsterdam('2026-02-29', 12, 0)).toThrow(RangeError);
    expect(() => fromAmsterdam('2026-01-01', 24, 0)).toThrow(RangeError);
    expect(() => fromAmsterdam('2026-01-01', 12, 60)).toThrow(RangeError);
  });
});

describe('isoAmsterdam', () => {
  it.each([
    ['2026-04-28T15:00:00Z', '2026-04-28T17:00:00+02:00'],
    ['2026-12-28T16:00:00Z', '2026-12-28T17:00:00+01:00'],
    ['2026-10-25T00:30:00Z', '2026-10-25T02:30:00+02:00'],
    ['2026-10-25T01:30:00Z', '2026-10-25T02:30:00+01:00'],
    ['2026-03-29T01:00:00.250Z', '2026-03-29T03:00:00.250+02:00'],
    ['2025-12-31T23:30:45Z', '2026-01-01T00:30:45+01:00'],
  ])('%s → %s', (utc, verwacht) => {
    expect(isoAmsterdam(Date.parse(utc))).toBe(verwacht);
    expect(Date.parse(verwacht)).toBe(Date.parse(utc));
  });
});
