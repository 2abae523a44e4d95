// The werkroute reducer and its validators, walked without Temporal.
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  doorsturenNaarWsp,
  type Effect,
  herToewijzen,
  inBehandelingNemen,
  intakeVastleggen,
  intrekken,
  klokkenBijwerken,
  koppelingOntvangen,
  magMelding,
  MELDING_TRANSITIES,
  type MeldingState,
  nieuweMelding,
  regioBevestigen,
  statusMelden,
  statusWeergave,
  terugmelden,
  trajectTransitie,
  TRAJECT_TRANSITIES,
  valideerDoorsturenNaarWsp,
  valideerHerToewijzen,
  valideerInBehandelingNemen,
  valideerIntakeVastleggen,
  valideerIntrekken,
  valideerRegioBevestigen,
  valideerTerugmelden,
  valideerVervolgBesluiten,
  valideerWspContactGemeld,
  type VervolgBesluit,
  vervolgBesluiten,
  volgendWekmoment,
  wspContactGemeld,
} from '../../domain/melding';
import { fromAmsterdam, standaardKalender as kalender } from '../../domain/werkdagen';

const at = (datum: string, uur: number, minuut = 0) => fromAmsterdam(datum, uur, minuut);
const ctx = (nu: number) => ({ nu, kalender });

const team = (id = '1'): Actor => ({ medewerkerId: id, rol: 'team', regioCodes: [] });
const regio = (id: string, codes = ['AM01']): Actor => ({ medewerkerId: id, rol: 'regio-contact', regioCodes: codes });
const CONTACTEN = { AM01: { primairId: '10', achtervangId: '11' }, AM02: { primairId: '20', achtervangId: '21' } };

function start(nu = at('2026-04-24', 15)): MeldingState {
  return nieuweMelding({ meldingId: 'm1', soort: 'vraag', ontvangenOp: nu, intakeMedewerkerId: '1' }, ctx(nu)).state;
}

function gerouteerd(regios = ['AM01']): MeldingState {
  const s = start();
  intakeVastleggen(s, { actor: team(), besluit: { routeer: regios.map((regioCode) => ({ regioCode })) } }, CONTACTEN, ctx(at('2026-04-27', 10)));
  return s;
}

const soorten = (e: Effect[]) => e.map((x) => (x.soort === 'notificeer' ? `mail:${x.sjabloon}` : x.soort === 'audit' ? `audit:${x.actie}` : x.soort));

describe('transition tables', () => {
  it('every melding action names phases, targets and roles', () => {
    for (const t of MELDING_TRANSITIES) {
      expect(t.van.length, t.actie).toBeGreaterThan(0);
      expect(t.naar.length, t.actie).toBeGreaterThan(0);
      expect(t.rollen.length, t.actie).toBeGreaterThan(0);
    }
    expect(magMelding('inBehandelingNemen', 'intake')).toBe(true);
    expect(magMelding('inBehandelingNemen', 'trajecten')).toBe(false);
    expect(magMelding('intrekken', 'afgesloten')).toBe(false);
    expect(magMelding('vervolgBesluiten', 'vervolg')).toBe(true);
  });

  it('track steps follow doorgezet → beoordeling → bij_wsp → status_gemeld → teruggemeld', () => {
    expect(trajectTransitie('bevestigen', 'open', 'doorgezet')?.naar.stap).toBe('beoordeling');
    expect(trajectTransitie('doorsturenNaarWsp', 'open', 'beoordeling')?.naar.stap).toBe('bij_wsp');
    expect(trajectTransitie('statusMelden', 'open', 'bij_wsp')?.naar.stap).toBe('status_gemeld');
    expect(trajectTransitie('terugmelden', 'open', 'status_gemeld')?.naar.stap).toBe('teruggemeld');
    expect(trajectTransitie('bevestigen', 'open', 'bij_wsp')).toBeUndefined();
    expect(trajectTransitie('terugmelden', 'open', 'doorgezet')).toBeUndefined();
    expect(trajectTransitie('vervolgBesluiten', 'teruggemeld', 'teruggemeld')).toBeDefined();
    expect(new Set(TRAJECT_TRANSITIES.map((t) => t.actie)).size).toBe(7);
  });
});

describe('werkroute reducer', () => {
  it('start: rostered assignee, intake clock, task, mails to team member and employer', () => {
    const r = nieuweMelding({ meldingId: 'm1', soort: 'vraag', ontvangenOp: at('2026-04-24', 15), intakeMedewerkerId: '1' }, ctx(at('2026-04-24', 15)));
    expect(r.state.toegewezenAan).toBe('1');
    expect(r.state.klokken[0]?.deadlineIso).toBe('2026-04-28T17:00:00+02:00');
    expect(soorten(r.effecten)).toEqual(['audit:ontvangen', 'audit:toegewezen', 'taak', 'mail:nieuwe_melding', 'mail:ontvangstbevestiging']);
    const sleutels = r.effecten.map((e) => e.sleutel);
    expect(new Set(sleutels).size).toBe(sleutels.length);
  });

  it('happy path for one regio ends in afgesloten with an outcome', () => {
    const s = gerouteerd();
    expect(s.fase).toBe('trajecten');
    expect(s.trajecten[0]?.toegewezenAan).toBe('10');
    expect(s.klokken.map((k) => k.id)).toEqual(['intake', 'AM01:regio_bevestiging', 'AM01:statusrapport', 'AM01:terugmelding']);
    regioBevestigen(s, { actor: regio('10'), regioCode: 'AM01' }, ctx(at('2026-04-28', 9)));
    doorsturenNaarWsp(s, { actor: regio('10'), regioCode: 'AM01', cc: ['wsp_managers'] }, ctx(at('2026-04-28', 10)));
    wspContactGemeld(s, { actor: regio('10'), regioCode: 'AM01' }, ctx(at('2026-04-29', 10)));
    statusMelden(s, { actor: regio('10'), regioCode: 'AM01', stand: 'twee kandidaten' }, ctx(at('2026-05-06', 10)));
    const e = terugmelden(s, { actor: regio('10'), regioCode: 'AM01', uitkomst: { resultaat: 'vervuld', aantalGeplaatst: 2, oplossing: 'wsp_bemiddeling' } }, ctx(at('2026-05-08', 10)));
    expect(soorten(e)).toContain('uitkomst');
    expect(s.status).toBe('afgesloten');
    expect(s.klokken.every((k) => k.status !== 'lopend')).toBe(true);
    expect(statusWeergave(s, at('2026-05-08', 10)).klokken.map((k) => k.weergave)).toEqual(['op_tijd', 'op_tijd', 'op_tijd', 'op_tijd', 'op_tijd']);
    expect(s.openTaken).toEqual([]);
  });

  it('missed intake: reminder, breach at the deadline, daily escalation, lateness on recovery', () => {
    const s = start();
    expect(volgendWekmoment(s, kalender)).toBe(at('2026-04-28', 9));
    expect(soorten(klokkenBijwerken(s, ctx(at('2026-04-28', 9))))).toContain('mail:herinnering');
    const breach = klokkenBijwerken(s, ctx(at('2026-04-28', 17)));
    expect(soorten(breach)).toEqual(['audit:termijn_overschreden', 'mail:escalatie']);
    expect(s.klokken[0]?.overschrijding?.vanaf).toBe(at('2026-04-28', 17));
    expect(soorten(klokkenBijwerken(s, ctx(at('2026-04-29', 17))))).toEqual(['audit:escalatie', 'mail:escalatie']);
    inBehandelingNemen(s, { actor: team() }, ctx(at('2026-04-30', 10)));
    expect(s.klokken[0]?.overschrijding?.teLaatWerkdagen).toBe(1);
    expect(s.klokken[0]?.overschrijding?.teLaatMs).toBe(at('2026-04-30', 10) - at('2026-04-28', 17));
  });

  it('after downtime only the breach and the latest repetition are mailed', () => {
    const s = start();
    const e = klokkenBijwerken(s, ctx(at('2026-05-06', 18)));
    expect(soorten(e).filter((x) => x === 'mail:escalatie')).toHaveLength(2);
    // 28 Apr (breach) … 6 May 17:00: seven escalation moments have passed (5 May 2026 is no lustrum holiday).
    expect(s.klokken[0]?.escalaties).toBe(7);
  });

  it('silent regio contact: backup takes over at the deadline without resetting the clock', () => {
    const s = gerouteerd();
    const klok = s.klokken.find((k) => k.id === 'AM01:regio_bevestiging')!;
    const deadline = klok.deadline;
    const e = klokkenBijwerken(s, ctx(deadline));
    expect(soorten(e)).toContain('audit:achtervang_neemt_over');
    expect(s.trajecten[0]?.toegewezenAan).toBe('11');
    expect(klok.deadline).toBe(deadline);
    const audit = e.find((x) => x.soort === 'audit' && x.actie === 'achtervang_neemt_over');
    expect(audit && audit.soort === 'audit' && audit.details.handeltNamens).toBe('10');
    // Next working day nobody acknowledged yet: the coordinator is alerted.
    const e2 = klokkenBijwerken(s, ctx(deadline + 86_400_000));
    const mail = e2.find((x) => x.soort === 'notificeer');
    expect(mail && mail.soort === 'notificeer' && mail.ontvangers).toContainEqual({ soort: 'rol', rol: 'manager' });
    regioBevestigen(s, { actor: regio('11'), regioCode: 'AM01' }, ctx(deadline + 86_400_000 + 1000));
    expect(s.tijdlijn.at(-1)?.door.namensMedewerkerId).toBe('10');
    expect(klok.overschrijding?.teLaatMs).toBeGreaterThan(0);
  });

  it('two regios run independent clocks', () => {
    const s = gerouteerd(['AM01', 'AM02']);
    regioBevestigen(s, { actor: regio('20', ['AM02']), regioCode: 'AM02' }, ctx(at('2026-04-27', 11)));
    const e = klokkenBijwerken(s, ctx(at('2026-04-28', 17)));
    expect(s.trajecten.find((t) => t.regioCode === 'AM01')?.toegewezenAan).toBe('11');
    expect(s.trajecten.find((t) => t.regioCode === 'AM02')?.toegewezenAan).toBe('20');
    expect(e.filter((x) => x.soort === 'audit' && x.actie === 'achtervang_neemt_over')).toHaveLength(1);
  });

  it.each<{ besluit: VervolgBesluit; fase: string }>([
    { besluit: { soort: 'andere_regios', regios: [{ regioCode: 'AM02' }] }, fase: 'trajecten' },
    { besluit: { soort: 'koppelen', meldingId: 'm2' }, fase: 'afgesloten' },
    { besluit: { soort: 'verlengen', reden: 'nog gesprekken', nieuweDeadlineDatum: '2026-06-15' }, fase: 'trajecten' },
    { besluit: { soort: 'stoppen', reden: 'werkgever heeft zelf opgelost' }, fase: 'afgesloten' },
  ])('follow-up $besluit.soort after a niet-vervuld terugmelding → $fase', ({ besluit, fase }) => {
    const s = gerouteerd();
    regioBevestigen(s, { actor: regio('10'), regioCode: 'AM01' }, ctx(at('2026-04-28', 9)));
    terugmelden(s, { actor: regio('10'), regioCode: 'AM01', uitkomst: { resultaat: 'niet_vervuld', aantalGeplaatst: 0, oplossing: 'anders' } }, ctx(at('2026-05-26', 10)));
    expect(s.fase).toBe('vervolg');
    const input = { actor: team(), regioCode: 'AM01', besluit };
    expect(valideerVervolgBesluiten(s, input, at('2026-05-26', 11), kalender)).toBeUndefined();
    const e = vervolgBesluiten(s, input, CONTACTEN, ctx(at('2026-05-26', 11)));
    expect(s.fase).toBe(fase);
    if (besluit.soort === 'koppelen') expect(soorten(e)).toContain('koppel');
    if (besluit.soort === 'verlengen') expect(s.klokken.at(-1)?.deadlineIso).toBe('2026-06-15T17:00:00+02:00');
  });

  it('withdrawal voids every clock and task and tells everyone involved', () => {
    const s = gerouteerd();
    doorsturenNaarWsp(s, { actor: regio('10'), regioCode: 'AM01' }, ctx(at('2026-04-28', 10)));
    const e = intrekken(s, { actor: { soort: 'werkgever' }, reden: 'zelf opgelost' }, ctx(at('2026-04-29', 10)));
    expect(s.status).toBe('ingetrokken');
    expect(s.klokken.every((k) => k.status !== 'lopend')).toBe(true);
    const mail = e.find((x) => x.soort === 'notificeer');
    expect(mail && mail.soort === 'notificeer' && mail.ontvangers.map((o) => o.soort)).toEqual(['werkgever', 'medewerker', 'medewerker', 'wsp']);
    expect(volgendWekmoment(s, kalender)).toBeUndefined();
  });

  it('reassignment moves tasks, never a deadline', () => {
    const s = gerouteerd();
    const voor = s.klokken.map((k) => k.deadline);
    herToewijzen(s, { actor: team(), regioCode: 'AM01', naarMedewerkerId: '12' }, ctx(at('2026-04-27', 12)));
    expect(s.trajecten[0]?.toegewezenAan).toBe('12');
    expect(s.klokken.map((k) => k.deadline)).toEqual(voor);
    expect(s.openTaken.filter((t) => t.regioCode === 'AM01').every((t) => t.toegewezenAan === '12')).toBe(true);
  });

  it('a koppeling arriving twice is recorded once', () => {
    const s = start();
    expect(koppelingOntvangen(s, { meldingId: 'm9' }, ctx(at('2026-04-24', 16))).length).toBeGreaterThan(0);
    expect(koppelingOntvangen(s, { meldingId: 'm9' }, ctx(at('2026-04-24', 16)))).toEqual([]);
    expect(s.koppelingen).toEqual(['m9']);
  });
});

describe('validators', () => {
  it('wrong step', () => {
    const s = start();
    expect(valideerRegioBevestigen(s, { actor: regio('10'), regioCode: 'AM01' })?.code).toBe('VERKEERDE_REGIO');
    const g = gerouteerd();
    expect(valideerInBehandelingNemen(g, { actor: team() })?.code).toBe('VERKEERDE_STAP');
    expect(valideerWspContactGemeld(g, { actor: regio('10'), regioCode: 'AM01' })?.code).toBe('VERKEERDE_STAP');
    expect(valideerTerugmelden(g, { actor: regio('10'), regioCode: 'AM01', uitkomst: { resultaat: 'vervuld', aantalGeplaatst: 1, oplossing: 'anders' } })?.code).toBe('VERKEERDE_STAP');
  });

  it('wrong person', () => {
    const g = gerouteerd();
    expect(valideerRegioBevestigen(g, { actor: regio('99'), regioCode: 'AM01' })?.code).toBe('VERKEERDE_PERSOON');
    expect(valideerRegioBevestigen(g, { actor: team(), regioCode: 'AM01' })?.code).toBe('VERKEERDE_PERSOON');
    expect(valideerIntrekken(g, { actor: regio('10') })?.code).toBe('VERKEERDE_PERSOON');
    const s = start();
    inBehandelingNemen(s, { actor: team('1') }, ctx(at('2026-04-27', 9)));
    expect(valideerIntakeVastleggen(s, { actor: team('2'), besluit: { sluit: { reden: 'dubbel' } } })?.code).toBe('VERKEERDE_PERSOON');
    expect(valideerIntakeVastleggen(s, { actor: team('1'), besluit: { sluit: { reden: 'dubbel' } } })).toBeUndefined();
  });

  it('wrong region', () => {
    const g = gerouteerd();
    expect(valideerRegioBevestigen(g, { actor: regio('10', ['AM02']), regioCode: 'AM01' })?.code).toBe('VERKEERDE_REGIO');
    expect(valideerRegioBevestigen(g, { actor: regio('20', ['AM02']), regioCode: 'AM02' })?.code).toBe('VERKEERDE_REGIO');
    expect(valideerDoorsturenNaarWsp(g, { actor: regio('10'), regioCode: 'XX01' })?.code).toBe('ONGELDIGE_INVOER');
  });

  it('backup may act for the primary; invalid input is refused', () => {
    const g = gerouteerd();
    expect(valideerRegioBevestigen(g, { actor: regio('11'), regioCode: 'AM01' })).toBeUndefined();
    expect(valideerIntakeVastleggen(start(), { actor: team(), besluit: {} })?.code).toBe('ONGELDIGE_INVOER');
    expect(valideerIntakeVastleggen(start(), { actor: team(), besluit: { routeer: [{ regioCode: 'AM01' }, { regioCode: 'AM01' }] } })?.code).toBe('ONGELDIGE_INVOER');
    expect(valideerHerToewijzen(g, { actor: team(), naarMedewerkerId: '1' })?.code).toBe('VERKEERDE_STAP');
    regioBevestigen(g, { actor: regio('10'), regioCode: 'AM01' }, ctx(at('2026-04-28', 9)));
    expect(valideerTerugmelden(g, { actor: regio('10'), regioCode: 'AM01', uitkomst: { resultaat: 'niet_vervuld', aantalGeplaatst: 3, oplossing: 'anders' } })?.code).toBe('ONGELDIGE_INVOER');
    terugmelden(g, { actor: regio('10'), regioCode: 'AM01', uitkomst: { resultaat: 'niet_vervuld', aantalGeplaatst: 0, oplossing: 'anders' } }, ctx(at('2026-05-26', 10)));
    const verlengen = (datum: string) => valideerVervolgBesluiten(g, { actor: team(), regioCode: 'AM01', besluit: { soort: 'verlengen', reden: 'x', nieuweDeadlineDatum: datum } }, at('2026-05-26', 11), kalender);
    expect(verlengen('2026-05-25')?.code).toBe('ONGELDIGE_INVOER');
    expect(verlengen('2026-06-13')?.reden).toContain('geen werkdag');
    expect(verlengen('2026-06-15')).toBeUndefined();
  });
});
