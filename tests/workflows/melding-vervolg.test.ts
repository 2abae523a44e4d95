// Four weeks unfilled: the terugmelding clock escalates, the regio reports back not (fully) filled, and the
// team takes each of the four follow-up decisions on its own melding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { meldingen, uitkomsten } from '../../db/schema';
import type { MeldingStatusView, VervolgBesluit } from '../../domain/melding';
import {
  doorsturenNaarWspUpdate,
  intakeVastleggenUpdate,
  statusMeldenUpdate,
  terugmeldenUpdate,
  vervolgBesluitenUpdate,
  wspContactGemeldUpdate,
} from '../../workflows/melding.messages';
import { regioActor, teamActor } from './actors';
import { createHarness, type Harness, MAIL, replayAlles } from './harness';
import type { MeldingHandle } from './harness';

let h: Harness;
const m: Record<'andere' | 'koppel' | 'verleng' | 'stop', { id: string; wf: MeldingHandle }> = {} as never;
let aanbod: { id: string; wf: MeldingHandle };
const am01 = () => regioActor(h.p.am01Primair, 'AM01');

beforeAll(async () => {
  h = await createHarness('vervolg');
  await h.naar('2027-01-04', 10); // Monday
  for (const k of ['andere', 'koppel', 'verleng', 'stop'] as const) {
    const id = await h.nieuweMelding('vraag');
    m[k] = { id, wf: await h.start(id, 'vraag') };
  }
  for (const { wf } of Object.values(m)) {
    await h.wachtOp(wf, (s) => s.toegewezenAan !== null, 'gestart');
    await wf.executeUpdate(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { routeer: [{ regioCode: 'AM01' }] } }] });
    await wf.executeUpdate(doorsturenNaarWspUpdate, { args: [{ actor: am01(), regioCode: 'AM01' }] });
    await wf.executeUpdate(wspContactGemeldUpdate, { args: [{ actor: am01(), regioCode: 'AM01' }] });
  }
  await h.naar('2027-01-14', 10);
  for (const { wf } of Object.values(m)) await wf.executeUpdate(statusMeldenUpdate, { args: [{ actor: am01(), regioCode: 'AM01', stand: 'nog geen kandidaten' }] });
  // 4 weeks after routing (Mon 1 Feb 17:00) the terugmelding is overdue.
  await h.naar('2027-02-01', 17, 5);
  for (const { wf } of Object.values(m)) await h.wachtOp(wf, (s) => s.teLaat, 'terugmelding te laat');
  await h.naar('2027-02-02', 10);
  for (const [k, { wf }] of Object.entries(m)) {
    const uitkomst = k === 'verleng' ? { resultaat: 'deels_vervuld', aantalGeplaatst: 1, oplossing: 'wsp_bemiddeling' } as const : { resultaat: 'niet_vervuld', aantalGeplaatst: 0, oplossing: 'anders' } as const;
    const v = await wf.executeUpdate(terugmeldenUpdate, { args: [{ actor: am01(), regioCode: 'AM01', uitkomst }] });
    expect(v.fase).toBe('vervolg');
  }
  for (const { wf } of Object.values(m)) await h.rustig(wf);
  // Started only now: an aanbod waiting four weeks for intake would escalate daily and slow the time skips.
  const aanbodId = await h.nieuweMelding('aanbod');
  aanbod = { id: aanbodId, wf: await h.start(aanbodId, 'aanbod') };
}, 120_000);

afterAll(async () => {
  await h?.teardown();
});

const besluit = (wf: MeldingHandle, b: VervolgBesluit) =>
  wf.executeUpdate(vervolgBesluitenUpdate, { args: [{ actor: teamActor(h.p.team1), regioCode: 'AM01', besluit: b as never }] }) as Promise<MeldingStatusView>;

describe('meldingWorkflow: 4 weeks unfilled → terugmelding → follow-up', () => {
  it('the overdue terugmelding escalated, the outcomes are registered and the team is asked to decide', async () => {
    expect(h.mails(MAIL.am01Primair, 'Termijn verstreken: terugmelding')).toHaveLength(4);
    expect(h.mails(MAIL.manager, 'Termijn verstreken: terugmelding')).toHaveLength(4);
    expect(h.mails(MAIL.team1, 'Vervolgbesluit nodig')).toHaveLength(4);
    const u = await h.db.db.select().from(uitkomsten).where(eq(uitkomsten.meldingId, m.verleng.id));
    expect(u).toEqual([expect.objectContaining({ resultaat: 'deels_vervuld', aantalGeplaatst: 1, ronde: 1 })]);
    const v = await h.status(m.stop.wf);
    expect(v.klokken.find((k) => k.soort === 'terugmelding')).toMatchObject({ weergave: 'te_laat', status: 'gestopt' });
    expect(v.stap).toBe('terugmelding');
  });

  it('route to other regios: a new track with fresh clocks; the employer is told', async () => {
    const v = await besluit(m.andere.wf, { soort: 'andere_regios', regios: [{ regioCode: 'AM02' }] });
    expect(v.fase).toBe('trajecten');
    expect(v.trajecten.map((t) => [t.regioCode, t.status])).toEqual([['AM01', 'afgesloten'], ['AM02', 'open']]);
    expect(v.klokken.find((k) => k.regioCode === 'AM02' && k.soort === 'regio_bevestiging')?.deadlineIso).toBe('2027-02-03T17:00:00+01:00');
    await h.rustig(m.andere.wf);
    expect(h.mails(MAIL.am02Primair, 'Nieuwe melding voor uw regio')).toHaveLength(1);
    expect(h.mails(MAIL.werkgever, 'Vervolg van').length).toBe(1);
  });

  it('connect with an offering employer: both meldingen linked, the vraag closes', async () => {
    const v = await besluit(m.koppel.wf, { soort: 'koppelen', meldingId: aanbod.id });
    expect(v.status).toBe('afgesloten');
    expect(v.koppelingen).toEqual([aanbod.id]);
    await h.wachtOp(aanbod.wf, (s) => s.koppelingen.includes(m.koppel.id), 'koppeling bij aanbod');
    await h.rustig(aanbod.wf);
    expect(h.mails(MAIL.aanbieder, 'Koppeling')).toHaveLength(1);
  });

  it('extend with a reason and a new deadline; the next terugmelding is a second round', async () => {
    let v = await besluit(m.verleng.wf, { soort: 'verlengen', reden: 'tweede kandidaat in gesprek', nieuweDeadlineDatum: '2027-02-19' });
    const nieuw = v.klokken.filter((k) => k.soort === 'terugmelding').at(-1)!;
    expect(nieuw).toMatchObject({ deadlineIso: '2027-02-19T17:00:00+01:00', weergave: 'open', verlengingReden: 'tweede kandidaat in gesprek' });
    expect(v.fase).toBe('trajecten');
    await h.rustig(m.verleng.wf);
    expect(h.mails(MAIL.werkgever, 'verlengd').length).toBe(1);
    v = await m.verleng.wf.executeUpdate(terugmeldenUpdate, { args: [{ actor: am01(), regioCode: 'AM01', uitkomst: { resultaat: 'vervuld', aantalGeplaatst: 2, oplossing: 'collegiale_uitleen' } }] });
    expect(v.status).toBe('afgesloten');
    await h.rustig(m.verleng.wf).catch(() => undefined);
    const u = await h.db.db.select().from(uitkomsten).where(and(eq(uitkomsten.meldingId, m.verleng.id), eq(uitkomsten.ronde, 2)));
    expect(u).toEqual([expect.objectContaining({ resultaat: 'vervuld', oplossing: 'collegiale_uitleen' })]);
  });

  it('stop: the melding closes and the employer is told mediation ends', async () => {
    const v = await besluit(m.stop.wf, { soort: 'stoppen', reden: 'geen passend aanbod in de regio' });
    expect(v).toMatchObject({ status: 'afgesloten', afsluitReden: 'gestopt: geen passend aanbod in de regio' });
    expect(await m.stop.wf.result()).toMatchObject({ status: 'afgesloten' });
    await h.rustig(m.stop.wf).catch(() => undefined);
    expect(h.mails(MAIL.werkgever, 'gestopt').length).toBe(1);
    expect((await h.db.db.select().from(meldingen).where(eq(meldingen.id, m.stop.id)))[0]?.status).toBe('afgesloten');
  });

  it('replays every recorded history with the current code', async () => {
    const r = await replayAlles(h);
    expect(r.fouten).toEqual([]);
  });
});
