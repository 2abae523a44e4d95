import { describe, expect, it } from 'vitest';
import {
  binnenWerkdagen,
  createWerkdagKalender,
  fromAmsterdam,
  naKalenderdagen,
  standaardKalender as kalender,
  werkdagenTussen,
} from '../../domain/werkdagen';

const utc = (s: string) => Date.parse(s);
const ams = (d: string, h: number, m = 0) => fromAmsterdam(d, h, m);

describe('binnenWerkdagen', () => {
  it('werkroute.md example: Fri 24 Apr 2026 15:00 → Koningsdag skipped → Tue 28 Apr 17:00 CEST', () => {
    const t = binnenWerkdagen(kalender, utc('2026-04-24T13:00:00Z'), 1);
    expect(t.deadline).toBe(utc('2026-04-28T15:00:00Z'));
    expect(t.deadlineIso).toBe('2026-04-28T17:00:00+02:00');
    expect(t.kalenderVersie).toBe('nl-atw-2026.1');
    expect(t.regel).toEqual({ soort: 'werkdagen', aantal: 1 });
    expect(t.stappen).toEqual([
      'vr 24-04 15:00 ontvangen',
      'za 25-04–zo 26-04 weekend overgeslagen',
      'ma 27-04 Koningsdag overgeslagen',
      'di 28-04 17:00',
    ]);
    expect(t.uitleg).toBe(t.stappen.join(' → '));
    expect(new Date(t.deadlineIso).getTime()).toBe(t.deadline);
  });

  it.each([
    // receipt day never counts, whatever the hour
    ['vr 00:00', ams('2026-04-24', 0), '2026-04-28T15:00:00Z'],
    ['vr 23:59', ams('2026-04-24', 23, 59), '2026-04-28T15:00:00Z'],
    ['do 16:59', ams('2026-04-23', 16, 59), '2026-04-24T15:00:00Z'],
    ['do 18:00', ams('2026-04-23', 18), '2026-04-24T15:00:00Z'],
    // receipt on a weekend or holiday
    ['za', ams('2026-04-25', 10), '2026-04-28T15:00:00Z'],
    ['zo', ams('2026-04-26', 22), '2026-04-28T15:00:00Z'],
    ['Koningsdag itself', ams('2026-04-27', 9), '2026-04-28T15:00:00Z'],
    ['za in winter', ams('2026-03-14', 10), '2026-03-16T16:00:00Z'],
    ['zo 23:30 in winter', ams('2026-02-01', 23, 30), '2026-02-02T16:00:00Z'],
  ])('1 werkdag, received %s', (_naam, vanaf, verwacht) => {
    expect(binnenWerkdagen(kalender, vanaf, 1).deadline).toBe(utc(verwacht));
  });

  it('Easter: Thursday before Goede Vrijdag → Tuesday after 2e Paasdag', () => {
    const t = binnenWerkdagen(kalender, ams('2026-04-02', 14), 1);
    expect(t.deadlineIso).toBe('2026-04-07T17:00:00+02:00');
    expect(t.uitleg).toBe(
      'do 02-04 14:00 ontvangen → vr 03-04 Goede Vrijdag overgeslagen → za 04-04 weekend overgeslagen → ' +
        'zo 05-04 1e Paasdag overgeslagen → ma 06-04 2e Paasdag overgeslagen → di 07-04 17:00',
    );
  });

  it('Christmas 2026: Wed 23 Dec → Thu 24 Dec (1) / Mon 28 Dec (2)', () => {
    expect(binnenWerkdagen(kalender, ams('2026-12-23', 11), 1).deadline).toBe(utc('2026-12-24T16:00:00Z'));
    const t = binnenWerkdagen(kalender, ams('2026-12-23', 11), 2);
    expect(t.deadline).toBe(utc('2026-12-28T16:00:00Z'));
    expect(t.deadlineIso).toBe('2026-12-28T17:00:00+01:00');
    expect(t.stappen).toEqual([
      'wo 23-12 11:00 ontvangen',
      'do 24-12 werkdag 1 van 2',
      'vr 25-12 1e Kerstdag overgeslagen',
      'za 26-12 2e Kerstdag overgeslagen',
      'zo 27-12 weekend overgeslagen',
      'ma 28-12 17:00',
    ]);
  });

  it('Christmas 2024 (Wed/Thu): Tue 24 Dec → Fri 27 Dec', () => {
    expect(binnenWerkdagen(kalender, ams('2024-12-24', 9), 1).deadline).toBe(utc('2024-12-27T16:00:00Z'));
  });

  it('New Year: Wed 31 Dec 2025 → Nieuwjaarsdag skipped → Fri 2 Jan 2026', () => {
    const t = binnenWerkdagen(kalender, ams('2025-12-31', 16), 1);
    expect(t.deadline).toBe(utc('2026-01-02T16:00:00Z'));
    expect(t.uitleg).toBe('wo 31-12 16:00 ontvangen → do 01-01 Nieuwjaarsdag overgeslagen → vr 02-01 17:00');
  });

  it('Hemelvaart 2026 (Thu 14 May) and 2e Pinksterdag (Mon 25 May)', () => {
    expect(binnenWerkdagen(kalender, ams('2026-05-13', 10), 1).deadline).toBe(utc('2026-05-15T15:00:00Z'));
    expect(binnenWerkdagen(kalender, ams('2026-05-13', 10), 2).deadline).toBe(utc('2026-05-18T15:00:00Z'));
    const p = binnenWerkdagen(kalender, ams('2026-05-22', 10), 1);
    expect(p.deadline).toBe(utc('2026-05-26T15:00:00Z'));
    expect(p.uitleg).toContain('zo 24-05 1e Pinksterdag overgeslagen → ma 25-05 2e Pinksterdag overgeslagen');
  });

  it('lustrum Bevrijdingsdag 2025 (Mon 5 May) is skipped, 2026 (Tue) is not', () => {
    expect(binnenWerkdagen(kalender, ams('2025-05-02', 10), 1).deadline).toBe(utc('2025-05-06T15:00:00Z'));
    expect(binnenWerkdagen(kalender, ams('2026-05-04', 10), 1).deadline).toBe(utc('2026-05-05T15:00:00Z'));
  });

  it('Koningsdag on Saturday 26 April 2025 is named', () => {
    const t = binnenWerkdagen(kalender, ams('2025-04-25', 12), 1);
    expect(t.deadline).toBe(utc('2025-04-28T15:00:00Z'));
    expect(t.stappen).toEqual(['vr 25-04 12:00 ontvangen', 'za 26-04 Koningsdag overgeslagen', 'zo 27-04 weekend overgeslagen', 'ma 28-04 17:00']);
  });

  describe('DST switch weeks 2026', () => {
    it('March (switch Sun 29 Mar): Thu → Fri 16:00Z (CET), Fri → Mon 15:00Z (CEST)', () => {
      expect(binnenWerkdagen(kalender, ams('2026-03-26', 10), 1).deadlineIso).toBe('2026-03-27T17:00:00+01:00');
      expect(binnenWerkdagen(kalender, ams('2026-03-26', 10), 1).deadline).toBe(utc('2026-03-27T16:00:00Z'));
      expect(binnenWerkdagen(kalender, ams('2026-03-27', 10), 1).deadline).toBe(utc('2026-03-30T15:00:00Z'));
      expect(binnenWerkdagen(kalender, utc('2026-03-29T01:30:00Z'), 1).deadline).toBe(utc('2026-03-30T15:00:00Z'));
      expect(binnenWerkdagen(kalender, ams('2026-03-27', 10), 2).deadlineIso).toBe('2026-03-31T17:00:00+02:00');
    });

    it('October (switch Sun 25 Oct): Fri → Mon 16:00Z (CET)', () => {
      expect(binnenWerkdagen(kalender, ams('2026-10-22', 10), 1).deadline).toBe(utc('2026-10-23T15:00:00Z'));
      expect(binnenWerkdagen(kalender, ams('2026-10-23', 10), 1).deadline).toBe(utc('2026-10-26T16:00:00Z'));
      expect(binnenWerkdagen(kalender, ams('2026-10-22', 10), 2).deadlineIso).toBe('2026-10-26T17:00:00+01:00');
      // 00:30Z on the switch day is 02:30 CEST, still Sunday locally
      expect(binnenWerkdagen(kalender, utc('2026-10-25T00:30:00Z'), 1).deadline).toBe(utc('2026-10-26T16:00:00Z'));
    });
  });

  it('local date decides the receipt day, not the UTC date', () => {
    // 22:30Z Thu = 00:30 CEST Fri → receipt day is Friday
    expect(binnenWerkdagen(kalender, utc('2026-04-23T22:30:00Z'), 1).deadline).toBe(utc('2026-04-28T15:00:00Z'));
  });

  it('rejects n < 1 and fractions', () => {
    expect(() => binnenWerkdagen(kalender, 0, 0)).toThrow(RangeError);
    expect(() => binnenWerkdagen(kalender, 0, 1.5)).toThrow(RangeError);
  });

  it('records the configured calendar version and skips extra closing days by name', () => {
    const k = createWerkdagKalender({ extraSluitingsdagen: [{ datum: '2026-05-15', naam: 'Brugdag' }] });
    const t = binnenWerkdagen(k, ams('2026-05-13', 10), 1);
    expect(t.kalenderVersie).toBe(k.versie);
    expect(t.kalenderVersie).not.toBe(kalender.versie);
    expect(t.deadline).toBe(utc('2026-05-18T15:00:00Z'));
    expect(t.uitleg).toContain('vr 15-05 Brugdag overgeslagen');
  });
});

describe('naKalenderdagen', () => {
  it('14 days landing on a working day → 17:00 that day', () => {
    const t = naKalenderdagen(kalender, ams('2026-04-24', 15), 14);
    expect(t.deadlineIso).toBe('2026-05-08T17:00:00+02:00');
    expect(t.regel).toEqual({ soort: 'kalenderdagen', aantal: 14 });
    expect(t.stappen).toEqual(['vr 24-04 15:00 start', '+14 kalenderdagen: vr 08-05', 'vr 08-05 17:00']);
  });

  it('14 days landing on a Saturday → Monday 17:00', () => {
    const t = naKalenderdagen(kalender, ams('2026-05-02', 10), 14);
    expect(t.deadline).toBe(utc('2026-05-18T15:00:00Z'));
    expect(t.stappen).toEqual([
      'za 02-05 10:00 start',
      '+14 kalenderdagen: za 16-05',
      'za 16-05–zo 17-05 weekend overgeslagen',
      'ma 18-05 17:00',
    ]);
  });

  it('14 days landing on Hemelvaartsdag → Friday 17:00', () => {
    const t = naKalenderdagen(kalender, ams('2026-04-30', 9), 14);
    expect(t.deadline).toBe(utc('2026-05-15T15:00:00Z'));
    expect(t.uitleg).toContain('do 14-05 Hemelvaartsdag overgeslagen');
  });

  it('14 days across the March DST switch landing on Goede Vrijdag → Tue after Easter, CEST', () => {
    const t = naKalenderdagen(kalender, ams('2026-03-20', 9), 14);
    expect(t.deadlineIso).toBe('2026-04-07T17:00:00+02:00');
    expect(t.deadline).toBe(utc('2026-04-07T15:00:00Z'));
  });

  it('28 days landing on Koningsdag → Tue 28 Apr', () => {
    expect(naKalenderdagen(kalender, ams('2026-03-30', 12), 28).deadline).toBe(utc('2026-04-28T15:00:00Z'));
  });

  it('28 days landing on 1e Kerstdag 2026 → Mon 28 Dec 17:00 CET', () => {
    const t = naKalenderdagen(kalender, ams('2026-11-27', 9), 28);
    expect(t.deadline).toBe(utc('2026-12-28T16:00:00Z'));
    expect(t.uitleg).toBe(
      'vr 27-11 09:00 start → +28 kalenderdagen: vr 25-12 → vr 25-12 1e Kerstdag overgeslagen → ' +
        'za 26-12 2e Kerstdag overgeslagen → zo 27-12 weekend overgeslagen → ma 28-12 17:00',
    );
  });

  it('28 days across the October DST switch → 17:00 CET', () => {
    const t = naKalenderdagen(kalender, ams('2026-10-07', 23, 30), 28);
    expect(t.deadlineIso).toBe('2026-11-04T17:00:00+01:00');
  });

  it('counts calendar days from the local date (late evening in UTC is the next day)', () => {
    // 22:30Z Thu 30 Apr 2026 = 00:30 Fri 1 May locally → +14 = Fri 15 May
    expect(naKalenderdagen(kalender, utc('2026-04-30T22:30:00Z'), 14).deadline).toBe(utc('2026-05-15T15:00:00Z'));
  });
});

describe('werkdagenTussen', () => {
  const deadline = utc('2026-04-28T15:00:00Z'); // Tue 28 Apr 2026 17:00 CEST

  it.each([
    ['before the deadline', utc('2026-04-28T10:00:00Z'), 0],
    ['at the deadline', deadline, 0],
    ['next morning', ams('2026-04-29', 10), 0],
    ['exactly 17:00 next working day', ams('2026-04-29', 17), 0],
    ['17:01 next working day', ams('2026-04-29', 17, 1), 1],
    ['Mon 4 May 18:00 (Wed, Thu, Fri, Mon)', ams('2026-05-04', 18), 4],
    ['Sat 2 May (Wed, Thu, Fri)', ams('2026-05-02', 12), 3],
  ])('%s → %i', (_naam, tot, verwacht) => {
    expect(werkdagenTussen(kalender, deadline, tot)).toBe(verwacht);
  });

  it('skips holidays (lustrum 5 mei 2025)', () => {
    expect(werkdagenTussen(kalender, ams('2025-05-02', 17), ams('2025-05-06', 18))).toBe(1);
    expect(werkdagenTussen(createWerkdagKalender({ lustrumBevrijdingsdag: false }), ams('2025-05-02', 17), ams('2025-05-06', 18))).toBe(2);
  });

  it('is 0 when tot is before van', () => {
    expect(werkdagenTussen(kalender, deadline, deadline - 7 * 86_400_000)).toBe(0);
  });

  it('agrees with binnenWerkdagen: late by k working days ⇔ tot after the deadline k working days later', () => {
    for (let k = 1; k <= 5; k++) {
      const later = binnenWerkdagen(kalender, deadline, k).deadline;
      expect(werkdagenTussen(kalender, deadline, later)).toBe(k - 1);
      expect(werkdagenTussen(kalender, deadline, later + 1)).toBe(k);
    }
  });
});
