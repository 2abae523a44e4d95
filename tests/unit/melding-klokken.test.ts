import { describe, expect, it } from 'vitest';
import {
  escalatieMoment,
  klokWeergave,
  MAX_DAGELIJKSE_ESCALATIES,
  nieuweKlok,
  stopKlok,
  volgendKlokMoment,
} from '../../domain/melding';
import { createWerkdagKalender, fromAmsterdam, isoAmsterdam, standaardKalender as k } from '../../domain/werkdagen';

const at = (datum: string, uur: number, minuut = 0) => fromAmsterdam(datum, uur, minuut);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : isoAmsterdam(ms));

describe('clock model', () => {
  it('intake received Fri 24 Apr 2026 15:00 is due Tue 28 Apr 17:00 (Koningsdag skipped), reminder that morning', () => {
    const klok = nieuweKlok(k, 'intake', 'intake', at('2026-04-24', 15));
    expect(klok.deadlineIso).toBe('2026-04-28T17:00:00+02:00');
    expect(klok.eigenaarRol).toBe('team');
    expect(klok.uitleg).toContain('Koningsdag');
    expect(klok.kalenderVersie).toBe(k.versie);
    expect(iso(klok.herinneringOp)).toBe('2026-04-28T09:00:00+02:00');
  });

  it.each([
    { naam: 'Christmas 2026', start: at('2026-12-24', 10), deadline: '2026-12-28T17:00:00+01:00' },
    { naam: 'Easter 2027 (Goede Vrijdag, 2e Paasdag)', start: at('2027-03-25', 15), deadline: '2027-03-30T17:00:00+02:00' },
    { naam: 'Koningsdag 2027 (Tuesday)', start: at('2027-04-26', 12), deadline: '2027-04-28T17:00:00+02:00' },
  ])('one-working-day clocks across $naam', ({ start, deadline }) => {
    expect(nieuweKlok(k, 'x', 'regio_bevestiging', start).deadlineIso).toBe(deadline);
  });

  it('WSP reply: 2 working days after forwarding, reminder at the end of working day 1', () => {
    const klok = nieuweKlok(k, 'AM01:wsp_reactie', 'wsp_reactie', at('2026-05-04', 10), { regioCode: 'AM01' });
    expect(klok.deadlineIso).toBe('2026-05-06T17:00:00+02:00');
    expect(iso(klok.herinneringOp)).toBe('2026-05-05T17:00:00+02:00');
    expect(klok.eigenaarRol).toBe('wsp');
  });

  it('status report 14 days and terugmelding 4 weeks after routing, reminders two working days ahead', () => {
    const s = nieuweKlok(k, 's', 'statusrapport', at('2026-04-28', 10));
    expect(s.deadlineIso).toBe('2026-05-12T17:00:00+02:00');
    expect(iso(s.herinneringOp)).toBe('2026-05-08T17:00:00+02:00');
    const t = nieuweKlok(k, 't', 'terugmelding', at('2026-04-28', 10));
    expect(t.deadlineIso).toBe('2026-05-26T17:00:00+02:00');
  });

  it('14 days landing on a closing day moves to the next working day', () => {
    // 11 Dec 2026 + 14 = Fri 25 Dec → Mon 28 Dec.
    expect(nieuweKlok(k, 's', 'statusrapport', at('2026-12-11', 9)).deadlineIso).toBe('2026-12-28T17:00:00+01:00');
  });

  it('escalations: at the deadline, then every working day at 17:00, weekly after the daily run', () => {
    const klok = nieuweKlok(k, 'intake', 'intake', at('2026-04-24', 15));
    expect(iso(escalatieMoment(k, klok, 0))).toBe('2026-04-28T17:00:00+02:00');
    expect(iso(escalatieMoment(k, klok, 1))).toBe('2026-04-29T17:00:00+02:00');
    expect(iso(escalatieMoment(k, klok, 3))).toBe('2026-05-01T17:00:00+02:00');
    expect(iso(escalatieMoment(k, klok, 4))).toBe('2026-05-04T17:00:00+02:00');
    const dagelijks = escalatieMoment(k, klok, MAX_DAGELIJKSE_ESCALATIES);
    const wekelijks = escalatieMoment(k, klok, MAX_DAGELIJKSE_ESCALATIES + 1);
    expect(wekelijks - dagelijks).toBeGreaterThanOrEqual(7 * 86_400_000 - 3_600_000);
  });

  it('next moment: reminder first, then escalation number n', () => {
    const klok = nieuweKlok(k, 'intake', 'intake', at('2026-04-24', 15));
    expect(volgendKlokMoment(k, klok)).toEqual({ soort: 'herinnering', op: klok.herinneringOp });
    klok.herinneringVerstuurd = true;
    expect(volgendKlokMoment(k, klok)).toEqual({ soort: 'escalatie', op: klok.deadline, nummer: 0 });
    klok.status = 'gestopt';
    expect(volgendKlokMoment(k, klok)).toBeUndefined();
  });

  it('stopping late records the lateness in ms and working days; display states', () => {
    const klok = nieuweKlok(k, 'intake', 'intake', at('2026-04-24', 15));
    expect(klokWeergave(klok, at('2026-04-28', 16))).toBe('open');
    expect(klokWeergave(klok, at('2026-04-28', 17))).toBe('te_laat');
    stopKlok(k, klok, at('2026-04-30', 10));
    expect(klok.overschrijding?.teLaatMs).toBe(at('2026-04-30', 10) - klok.deadline);
    expect(klok.overschrijding?.teLaatWerkdagen).toBe(1);
    expect(klokWeergave(klok, at('2026-05-30', 10))).toBe('te_laat');
    const opTijd = nieuweKlok(k, 'intake', 'intake', at('2026-04-24', 15));
    stopKlok(k, opTijd, at('2026-04-28', 11));
    expect(opTijd.overschrijding).toBeUndefined();
    expect(klokWeergave(opTijd, at('2026-05-30', 10))).toBe('op_tijd');
  });

  it('records the calendar version, including organisation closing days', () => {
    const eigen = createWerkdagKalender({ extraSluitingsdagen: [{ datum: '2026-04-28', naam: 'Teamdag' }] });
    const klok = nieuweKlok(eigen, 'intake', 'intake', at('2026-04-24', 15));
    expect(klok.deadlineIso).toBe('2026-04-29T17:00:00+02:00');
    expect(klok.kalenderVersie).not.toBe(k.versie);
  });
});
