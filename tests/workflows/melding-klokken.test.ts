// Clocks on the real server with time skipping: reminder, breach, repeated escalation and recovery; backup
// takeover; late WSP; missing status report; deadlines across Christmas, Easter and Koningsdag.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, meldingen, meldingTrajecten, taken, termijnen } from '../../db/schema';
import type { MeldingStatusView } from '../../domain/melding';
import {
  doorsturenNaarWspUpdate,
  inBehandelingNemenUpdate,
  intakeVastleggenUpdate,
  regioBevestigenUpdate,
  statusMeldenUpdate,
  wspContactGemeldUpdate,
} from '../../workflows/melding.messages';
import { regioActor, teamActor } from './actors';
import { at, createHarness, type Harness, MAIL, replayAlles } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('klokken');
});
afterEach(async () => {
  await h?.opruimen();
});
afterAll(async () => {
  await h?.teardown();
});

/**
 * The test server's clock also runs in real time between skips, so a timer fires or a step lands some
 * milliseconds after the exact moment; within 5 s counts as exact.
 */
const bijna = (ms: number) => expect.closeTo(ms, -4);
const klok = (v: MeldingStatusView, soort: string, regio?: string) => v.klokken.find((k) => k.soort === soort && k.regioCode === regio)!;
const overschreden = (v: MeldingStatusView, soort: string) => v.tijdlijn.filter((i) => i.actie === 'termijn_overschreden' && i.detail === soort);

async function gerouteerd(datum: string, uur: number) {
  await h.naar(datum, uur);
  const id = await h.nieuweMelding('vraag');
  const wf = await h.start(id, 'vraag');
  await h.wachtOp(wf, (s) => s.toegewezenAan !== null, 'gestart');
  await wf.executeUpdate(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { routeer: [{ regioCode: 'AM01' }] } }] });
  return { id, wf };
}

describe('meldingWorkflow: clocks', () => {
  it('intake missed: reminder, escalation at the deadline, repeated next working day, breach with lateness, then recovery', async () => {
    await h.naar('2026-12-11', 15); // Friday
    const id = await h.nieuweMelding('vraag');
    const wf = await h.start(id, 'vraag');
    let v = await h.wachtOp(wf, (s) => s.toegewezenAan !== null, 'gestart');
    expect(klok(v, 'intake').deadlineIso).toBe('2026-12-14T17:00:00+01:00');

    await h.naar('2026-12-14', 9, 30);
    await h.rustig(wf);
    expect(h.mails(MAIL.team1, 'Herinnering: intake')).toHaveLength(1);
    expect(h.mails(MAIL.manager, 'Termijn verstreken')).toHaveLength(0);

    await h.naar('2026-12-14', 17, 30);
    v = await h.rustig(wf);
    expect(klok(v, 'intake')).toMatchObject({ weergave: 'te_laat', escalaties: 1, overschrijding: { vanaf: at('2026-12-14', 17) } });
    expect(h.mails(MAIL.team1, 'Termijn verstreken: intake')).toHaveLength(1);
    expect(h.mails(MAIL.manager, 'Termijn verstreken: intake')).toHaveLength(1);
    let rij = (await h.db.db.select().from(meldingen).where(eq(meldingen.id, id)))[0]!;
    expect(rij.teLaat).toBe(true);

    await h.naar('2026-12-15', 17, 30);
    v = await h.rustig(wf);
    expect(klok(v, 'intake').escalaties).toBe(2);
    expect(h.mails(MAIL.manager, 'Termijn verstreken: intake')).toHaveLength(2);

    await h.naar('2026-12-16', 10);
    v = await wf.executeUpdate(inBehandelingNemenUpdate, { args: [{ actor: teamActor(h.p.team1) }] });
    expect(klok(v, 'intake')).toMatchObject({ weergave: 'te_laat', status: 'gestopt', overschrijding: { teLaatMs: bijna(at('2026-12-16', 10) - at('2026-12-14', 17)), teLaatWerkdagen: 1 } });
    v = await wf.executeUpdate(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { routeer: [{ regioCode: 'AM01' }] } }] });
    expect(v.fase).toBe('trajecten');
    expect(v.teLaat).toBe(false);
    await h.rustig(wf);
    const t = (await h.db.db.select().from(termijnen).where(and(eq(termijnen.meldingId, id), eq(termijnen.soort, 'intake'))))[0]!;
    expect(t).toMatchObject({ status: 'gestopt', teLaatMs: bijna(41 * 3_600_000), teLaatWerkdagen: 1, escalaties: 2 });
    expect(t.overschredenAt?.getTime()).toBe(at('2026-12-14', 17));
    rij = (await h.db.db.select().from(meldingen).where(eq(meldingen.id, id)))[0]!;
    expect(rij).toMatchObject({ teLaat: false, stap: 'regio' });
  });

  it('deadline across Christmas: received Thu 24 Dec 2026, due Mon 28 Dec 17:00', async () => {
    await h.naar('2026-12-24', 10);
    const wf = await h.start(await h.nieuweMelding('vraag'), 'vraag');
    let v = await h.wachtOp(wf, (s) => s.toegewezenAan !== null, 'gestart');
    expect(klok(v, 'intake').deadlineIso).toBe('2026-12-28T17:00:00+01:00');
    expect(klok(v, 'intake').uitleg).toContain('1e Kerstdag');
    await h.naar('2026-12-28', 16, 59);
    v = await h.rustig(wf);
    expect(overschreden(v, 'intake')).toHaveLength(0);
    await h.naar('2026-12-28', 17, 1);
    v = await h.wachtOp(wf, (s) => overschreden(s, 'intake').length === 1, 'overschrijding');
    expect(overschreden(v, 'intake')[0]?.op).toEqual(bijna(at('2026-12-28', 17)));
  });

  it('regio contact silent: backup takes over at the deadline (clock not reset), coordinator alerted next day', async () => {
    const { id, wf } = await gerouteerd('2027-01-11', 10);
    let v = await h.status(wf);
    const deadline = klok(v, 'regio_bevestiging', 'AM01').deadline;
    expect(klok(v, 'regio_bevestiging', 'AM01').deadlineIso).toBe('2027-01-12T17:00:00+01:00');
    await h.naar('2027-01-12', 9, 30);
    await h.rustig(wf);
    expect(h.mails(MAIL.am01Primair, 'Herinnering: bevestiging')).toHaveLength(1);

    await h.naar('2027-01-12', 17, 5);
    v = await h.wachtOp(wf, (s) => s.trajecten[0]?.achtervangActief === true, 'achtervang neemt over');
    expect(v.trajecten[0]?.toegewezenAan).toBe(h.p.am01Achtervang);
    expect(klok(v, 'regio_bevestiging', 'AM01')).toMatchObject({ deadline, weergave: 'te_laat' });
    v = await h.rustig(wf);
    expect(h.mails(MAIL.am01Achtervang, 'Achtervang neemt')).toHaveLength(1);
    const overname = await h.db.db.select().from(auditLog).where(and(eq(auditLog.meldingId, id), eq(auditLog.actie, 'achtervang_neemt_over')));
    expect(overname).toEqual([expect.objectContaining({ actorSoort: 'systeem', namensId: Number(h.p.am01Primair) })]);
    const tr = (await h.db.db.select().from(meldingTrajecten).where(eq(meldingTrajecten.meldingId, id)))[0]!;
    expect(tr.contactId).toBe(Number(h.p.am01Achtervang));
    const taak = await h.db.db.select().from(taken).where(and(eq(taken.meldingId, id), eq(taken.soort, 'bevestigen')));
    expect(taak[0]?.medewerkerId).toBe(Number(h.p.am01Achtervang));
    expect(h.mails(MAIL.manager, 'Termijn verstreken: bevestiging')).toHaveLength(0);

    await h.naar('2027-01-13', 17, 5);
    await h.rustig(wf);
    expect(h.mails(MAIL.manager, 'Termijn verstreken: bevestiging')).toHaveLength(1);

    await h.naar('2027-01-14', 9);
    v = await wf.executeUpdate(regioBevestigenUpdate, { args: [{ actor: regioActor(h.p.am01Achtervang, 'AM01'), regioCode: 'AM01' }] });
    expect(klok(v, 'regio_bevestiging', 'AM01').overschrijding?.teLaatWerkdagen).toBe(1);
    await h.rustig(wf);
    const bevestigd = await h.db.db.select().from(auditLog).where(and(eq(auditLog.meldingId, id), eq(auditLog.actie, 'regio_bevestigd')));
    expect(bevestigd).toEqual([expect.objectContaining({ actorId: Number(h.p.am01Achtervang), namensId: Number(h.p.am01Primair) })]);
  });

  it('WSP late: reminder after 1 working day, escalation at 2 to WSP and regio contact, then the coordinator', async () => {
    const { id, wf } = await gerouteerd('2027-01-18', 10);
    await h.naar('2027-01-18', 11);
    let v = await wf.executeUpdate(doorsturenNaarWspUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
    expect(klok(v, 'wsp_reactie', 'AM01').deadlineIso).toBe('2027-01-20T17:00:00+01:00');
    await h.naar('2027-01-19', 17, 5);
    await h.rustig(wf);
    expect(h.mails(MAIL.wspAm01, 'Herinnering: reactie van het WSP')).toHaveLength(1);
    await h.naar('2027-01-20', 17, 5);
    await h.rustig(wf);
    expect(h.mails(MAIL.wspAm01, 'Termijn verstreken: reactie van het WSP')).toHaveLength(1);
    expect(h.mails(MAIL.am01Primair, 'Termijn verstreken: reactie van het WSP')).toHaveLength(1);
    expect(h.mails(MAIL.manager, 'Termijn verstreken: reactie van het WSP')).toHaveLength(0);
    await h.naar('2027-01-21', 17, 5);
    await h.rustig(wf);
    expect(h.mails(MAIL.manager, 'Termijn verstreken: reactie van het WSP')).toHaveLength(1);
    await h.naar('2027-01-22', 10);
    v = await wf.executeUpdate(wspContactGemeldUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
    expect(klok(v, 'wsp_reactie', 'AM01')).toMatchObject({ weergave: 'te_laat', overschrijding: { teLaatWerkdagen: 1 } });
    await h.rustig(wf);
    const t = await h.db.db.select().from(termijnen).where(and(eq(termijnen.meldingId, id), eq(termijnen.soort, 'wsp_reactie')));
    expect(t[0]).toMatchObject({ eigenaarRol: 'wsp', status: 'gestopt', teLaatWerkdagen: 1 });
  });

  it('status report missing at day 14: reminder, escalation to regio contact and coordinator, late report recorded', async () => {
    const { id, wf } = await gerouteerd('2027-02-01', 10);
    let v = await wf.executeUpdate(doorsturenNaarWspUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
    await wf.executeUpdate(wspContactGemeldUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
    expect(klok(v, 'statusrapport', 'AM01').deadlineIso).toBe('2027-02-15T17:00:00+01:00');
    await h.naar('2027-02-11', 17, 5);
    await h.rustig(wf);
    expect(h.mails(MAIL.am01Primair, 'Herinnering: statusrapport')).toHaveLength(1);
    await h.naar('2027-02-15', 17, 5);
    v = await h.rustig(wf);
    expect(klok(v, 'statusrapport', 'AM01').weergave).toBe('te_laat');
    expect(h.mails(MAIL.am01Primair, 'Termijn verstreken: statusrapport')).toHaveLength(1);
    expect(h.mails(MAIL.manager, 'Termijn verstreken: statusrapport')).toHaveLength(1);
    expect((await h.db.db.select().from(meldingen).where(eq(meldingen.id, id)))[0]?.teLaat).toBe(true);
    await h.naar('2027-02-16', 10);
    v = await wf.executeUpdate(statusMeldenUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01', stand: 'gesprekken lopen' }] });
    expect(klok(v, 'statusrapport', 'AM01').overschrijding?.teLaatMs).toEqual(bijna(17 * 3_600_000));
    await h.rustig(wf);
    expect(h.mails(MAIL.werkgever, 'Stand van zaken').length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    { naam: 'Easter 2027 (Goede Vrijdag, 2e Paasdag)', start: ['2027-03-25', 15], deadline: ['2027-03-30', '2027-03-30T17:00:00+02:00'], uitleg: ['Goede Vrijdag', '2e Paasdag'] },
    { naam: 'Koningsdag 2027 (Tuesday 27 April)', start: ['2027-04-26', 12], deadline: ['2027-04-28', '2027-04-28T17:00:00+02:00'], uitleg: ['Koningsdag'] },
  ] as const)('deadline across $naam', async ({ start, deadline, uitleg }) => {
    await h.naar(start[0], start[1]);
    const wf = await h.start(await h.nieuweMelding('vraag'), 'vraag');
    let v = await h.wachtOp(wf, (s) => s.toegewezenAan !== null, 'gestart');
    expect(klok(v, 'intake').deadlineIso).toBe(deadline[1]);
    for (const u of uitleg) expect(klok(v, 'intake').uitleg).toContain(u);
    await h.naar(deadline[0], 16, 59);
    v = await h.rustig(wf);
    expect(overschreden(v, 'intake')).toHaveLength(0);
    await h.naar(deadline[0], 17, 1);
    v = await h.wachtOp(wf, (s) => overschreden(s, 'intake').length === 1, 'overschrijding');
    expect(overschreden(v, 'intake')[0]?.op).toEqual(bijna(at(deadline[0], 17)));
  });

  it('replays every recorded history with the current code', async () => {
    const r = await replayAlles(h);
    expect(r.fouten).toEqual([]);
    expect(r.aantal).toBe(h.gestart.length);
  });
});
