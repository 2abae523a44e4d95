// Paths through the werkroute that do not depend on a missed clock: happy path, two regios, vraag–aanbod
// connection, withdrawal. Real worker + activities, our Temporal server (time skipping), PostgreSQL, SMTP sink.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { auditLog, meldingen, meldingTrajecten, outbox, taken, termijnen, uitkomsten } from '../../db/schema';
import {
  doorsturenNaarWspUpdate,
  intakeVastleggenUpdate,
  intrekkenUpdate,
  regioBevestigenUpdate,
  statusMeldenUpdate,
  terugmeldenUpdate,
  wspContactGemeldUpdate,
} from '../../workflows/melding.messages';
import {
  WERKROUTE_REGIOS,
  WERKROUTE_SOORT,
  WERKROUTE_STATUS,
  WERKROUTE_TE_LAAT,
  WERKROUTE_VOLGENDE_DEADLINE,
} from '../../workflows/search-attributes';
import { waitFor } from '../helpers/temporal';
import { regioActor, teamActor, werkgeverActor } from './actors';
import { createHarness, type Harness, MAIL, replayAlles } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('route');
});
afterEach(async () => {
  await h?.opruimen();
});
afterAll(async () => {
  await h?.teardown();
});

describe('meldingWorkflow: route', () => {
  it('happy path for one regio: intake, routing, WSP, status, terugmelding vervuld, outcome registered', async () => {
    await h.naar('2027-01-15', 15); // Friday
    const id = await h.nieuweMelding('vraag');
    const wf = await h.start(id, 'vraag');
    let v = await h.wachtOp(wf, (s) => s.toegewezenAan === h.p.team1, 'toegewezen aan het rooster');
    expect(v.klokken[0]).toMatchObject({ soort: 'intake', deadlineIso: '2027-01-18T17:00:00+01:00', weergave: 'open', eigenaarRol: 'team' });
    await h.rustig(wf);
    expect(h.mails(MAIL.team1, 'Nieuwe vraag')).toHaveLength(1);
    expect(h.mails(MAIL.werkgever, 'ontvangen')).toHaveLength(1);

    await h.naar('2027-01-18', 10); // reminder at 09:00 on the deadline day
    await h.rustig(wf);
    expect(h.mails(MAIL.team1, 'Herinnering')).toHaveLength(1);

    // A validator refusal never reaches history: wrong region for the regio contact.
    await expect(wf.executeUpdate(regioBevestigenUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    v = await wf.executeUpdate(intakeVastleggenUpdate, {
      args: [{ actor: teamActor(h.p.team1), notities: 'heftruckchauffeurs', vraagAchterDeVraag: 'piek in december', besluit: { routeer: [{ regioCode: 'AM01', toelichting: 'vestiging Groningen' }] } }],
    });
    expect(v.fase).toBe('trajecten');
    expect(v.trajecten[0]).toMatchObject({ regioCode: 'AM01', toegewezenAan: h.p.am01Primair, stap: 'doorgezet' });
    expect(v.klokken.find((k) => k.soort === 'intake')?.weergave).toBe('op_tijd');

    await wf.executeUpdate(regioBevestigenUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
    v = await wf.executeUpdate(doorsturenNaarWspUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01', cc: ['wsp_managers'] }] });
    expect(v.klokken.find((k) => k.soort === 'wsp_reactie')?.deadlineIso).toBe('2027-01-20T17:00:00+01:00');
    await h.rustig(wf);
    expect(h.mails(MAIL.am01Primair, 'Nieuwe melding voor uw regio')).toHaveLength(1);
    expect(h.mails(MAIL.wspAm01, 'Verzoek om contact')).toHaveLength(1);
    expect(h.mails(MAIL.wsp01, 'Ter informatie')).toHaveLength(1);

    await h.naar('2027-01-19', 11);
    await wf.executeUpdate(wspContactGemeldUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
    await h.naar('2027-01-25', 11);
    await wf.executeUpdate(statusMeldenUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01', stand: 'twee kandidaten op gesprek' }] });
    v = await wf.executeUpdate(terugmeldenUpdate, {
      args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01', uitkomst: { resultaat: 'vervuld', aantalGeplaatst: 2, oplossing: 'wsp_bemiddeling' } }],
    });
    expect(v.status).toBe('afgesloten');
    expect(await wf.result()).toMatchObject({ status: 'afgesloten' });

    const rij = (await h.db.db.select().from(meldingen).where(eq(meldingen.id, id)))[0]!;
    expect(rij).toMatchObject({ status: 'afgesloten', stap: 'afsluiting', regioCodes: ['AM01'], teLaat: false });
    expect(rij.geslotenAt).not.toBeNull();
    const u = await h.db.db.select().from(uitkomsten).where(eq(uitkomsten.meldingId, id));
    expect(u).toEqual([expect.objectContaining({ regioCode: 'AM01', resultaat: 'vervuld', aantalGeplaatst: 2, oplossing: 'wsp_bemiddeling', doorlooptijdDagen: 10 })]);
    const t = await h.db.db.select().from(termijnen).where(eq(termijnen.meldingId, id));
    expect(t.map((x) => x.soort).sort()).toEqual(['intake', 'regio_bevestiging', 'statusrapport', 'terugmelding', 'wsp_reactie']);
    expect(t.every((x) => x.status === 'gestopt' && x.teLaatMs === null)).toBe(true);
    expect((await h.db.db.select().from(taken).where(and(eq(taken.meldingId, id), eq(taken.status, 'open'))))).toEqual([]);
    const tr = await h.db.db.select().from(meldingTrajecten).where(eq(meldingTrajecten.meldingId, id));
    expect(tr[0]).toMatchObject({ status: 'afgesloten', stap: 'teruggemeld', contactId: Number(h.p.am01Primair) });
    const acties = (await h.db.db.select().from(auditLog).where(eq(auditLog.meldingId, id))).map((a) => a.actie);
    expect(acties).toEqual(expect.arrayContaining(['ontvangen', 'intake_vastgelegd', 'gerouteerd', 'regio_bevestigd', 'doorgestuurd_naar_wsp', 'wsp_contact_gemeld', 'status_gemeld', 'teruggemeld', 'afgesloten']));
    await h.rustig(wf).catch(() => undefined);
    const o = await h.db.db.select().from(outbox).where(eq(outbox.meldingId, id));
    expect(o.every((x) => x.status === 'sent')).toBe(true);
    // Exactly one e-mail per outbox row.
    const ids = h.sink.messages.filter((m) => m.messageId.includes(id)).map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(o.length);
  });

  it('two regios run independent clocks: AM01 silent (backup takes over), AM02 on time', async () => {
    await h.naar('2027-02-01', 10); // Monday
    const id = await h.nieuweMelding('vraag');
    const wf = await h.start(id, 'vraag');
    await h.wachtOp(wf, (s) => s.toegewezenAan !== null, 'gestart');
    await wf.executeUpdate(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { routeer: [{ regioCode: 'AM01' }, { regioCode: 'AM02' }] } }] });
    await h.naar('2027-02-02', 10);
    await wf.executeUpdate(regioBevestigenUpdate, { args: [{ actor: regioActor(h.p.am02Primair, 'AM02'), regioCode: 'AM02' }] });
    await wf.executeUpdate(doorsturenNaarWspUpdate, { args: [{ actor: regioActor(h.p.am02Primair, 'AM02'), regioCode: 'AM02' }] });
    await h.naar('2027-02-02', 17, 1);
    let v = await h.wachtOp(wf, (s) => s.trajecten.find((t) => t.regioCode === 'AM01')?.achtervangActief === true, 'achtervang AM01 neemt over');
    expect(v.trajecten.find((t) => t.regioCode === 'AM02')).toMatchObject({ toegewezenAan: h.p.am02Primair, achtervangActief: false, stap: 'bij_wsp' });
    await h.naar('2027-02-03', 10);
    await wf.executeUpdate(doorsturenNaarWspUpdate, { args: [{ actor: regioActor(h.p.am01Achtervang, 'AM01'), regioCode: 'AM01' }] });
    v = await h.rustig(wf);
    expect(v.tijdlijn.at(-1)).toMatchObject({ actie: 'doorgestuurd_naar_wsp', door: { medewerkerId: h.p.am01Achtervang, namensMedewerkerId: h.p.am01Primair } });
    const wsp = (r: string) => v.klokken.find((k) => k.soort === 'wsp_reactie' && k.regioCode === r)!;
    expect(wsp('AM02').deadlineIso).toBe('2027-02-04T17:00:00+01:00');
    expect(wsp('AM01').deadlineIso).toBe('2027-02-05T17:00:00+01:00');
    expect(v.klokken.find((k) => k.soort === 'regio_bevestiging' && k.regioCode === 'AM01')).toMatchObject({ weergave: 'te_laat', deadlineIso: '2027-02-02T17:00:00+01:00' });
    expect(v.klokken.find((k) => k.soort === 'regio_bevestiging' && k.regioCode === 'AM02')?.weergave).toBe('op_tijd');

    await h.naar('2027-02-04', 17, 30);
    v = await h.rustig(wf);
    const nu = v.klokken.filter((k) => k.soort === 'wsp_reactie');
    expect(nu.find((k) => k.regioCode === 'AM02')?.weergave).toBe('te_laat');
    expect(nu.find((k) => k.regioCode === 'AM01')?.weergave).toBe('open');
    expect(h.mails(MAIL.am02Primair, 'Termijn verstreken: reactie van het WSP')).toHaveLength(1);
    expect(h.mails(MAIL.am01Achtervang, 'Termijn verstreken: reactie van het WSP')).toHaveLength(0);
    const rij = (await h.db.db.select().from(meldingen).where(eq(meldingen.id, id)))[0]!;
    expect(rij.regioCodes).toEqual(['AM01', 'AM02']);
    expect(rij.teLaat).toBe(true);
    // What managers filter on, without personal data.
    const sa = (await wf.describe()).typedSearchAttributes;
    expect(sa.get(WERKROUTE_REGIOS)).toEqual(['AM01', 'AM02']);
    expect(sa.get(WERKROUTE_STATUS)).toBe('in_behandeling');
    expect(sa.get(WERKROUTE_SOORT)).toBe('vraag');
    expect(sa.get(WERKROUTE_TE_LAAT)).toBe(true);
    // The earliest deadline of a running clock, overdue ones included (they sort first in a manager's list).
    expect(sa.get(WERKROUTE_VOLGENDE_DEADLINE)?.getTime()).toBe(wsp('AM02').deadline);
    const gevonden = await waitFor(async () => {
      const ids: string[] = [];
      for await (const x of h.env.client.workflow.list({ query: `WerkrouteRegios = 'AM02' AND WerkrouteTeLaat = true` })) ids.push(x.workflowId);
      return ids.includes(wf.workflowId) ? ids : undefined;
    }, { what: 'zoeken op regio' });
    expect(gevonden).toContain(wf.workflowId);
  });

  it('vraag–aanbod connection links both meldingen and informs both employers', async () => {
    await h.naar('2027-03-01', 10);
    const aanbodId = await h.nieuweMelding('aanbod');
    const aanbod = await h.start(aanbodId, 'aanbod');
    const vraagId = await h.nieuweMelding('vraag');
    const vraag = await h.start(vraagId, 'vraag');
    await h.wachtOp(vraag, (s) => s.toegewezenAan !== null, 'vraag gestart');
    await h.wachtOp(aanbod, (s) => s.toegewezenAan !== null, 'aanbod gestart');
    const v = await vraag.executeUpdate(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { koppel: { meldingId: aanbodId } } }] });
    expect(v.koppelingen).toEqual([aanbodId]);
    expect(await vraag.result()).toMatchObject({ status: 'afgesloten', afsluitReden: 'gekoppeld' });
    const a = await h.wachtOp(aanbod, (s) => s.koppelingen.includes(vraagId), 'koppeling bij het aanbod');
    expect(a.status).toBe('ontvangen');
    expect(a.tijdlijn.find((i) => i.actie === 'gekoppeld')).toMatchObject({ detail: vraagId, door: { medewerkerId: h.p.team1 } });
    await h.rustig(aanbod);
    expect(h.mails(MAIL.werkgever, 'Koppeling')).toHaveLength(1);
    expect(h.mails(MAIL.aanbieder, 'Koppeling')).toHaveLength(1);
    const audit = await h.db.db.select().from(auditLog).where(and(eq(auditLog.meldingId, aanbodId), eq(auditLog.actie, 'gekoppeld')));
    expect(audit).toHaveLength(1);
  });

  it('withdrawal by the employer closes every track and clock and tells everyone involved', async () => {
    await h.naar('2027-04-05', 10);
    const id = await h.nieuweMelding('vraag');
    const wf = await h.start(id, 'vraag');
    await h.wachtOp(wf, (s) => s.toegewezenAan !== null, 'gestart');
    await wf.executeUpdate(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { routeer: [{ regioCode: 'AM01' }] } }] });
    await wf.executeUpdate(doorsturenNaarWspUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
    // A regio contact may not withdraw; the employer may.
    await expect(wf.executeUpdate(intrekkenUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01') }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const v = await wf.executeUpdate(intrekkenUpdate, { args: [{ actor: werkgeverActor, reden: 'zelf iemand gevonden' }] });
    expect(v.status).toBe('ingetrokken');
    expect(v.klokken.every((k) => k.weergave === 'gestopt' || k.weergave === 'op_tijd')).toBe(true);
    expect(await wf.result()).toMatchObject({ status: 'ingetrokken' });
    await h.rustig(wf).catch(() => undefined);
    for (const adres of [MAIL.werkgever, MAIL.team1, MAIL.am01Primair, MAIL.wspAm01]) {
      expect(h.mails(adres, 'ingetrokken').length, adres).toBeGreaterThanOrEqual(1);
    }
    expect(await h.db.db.select().from(taken).where(and(eq(taken.meldingId, id), eq(taken.status, 'open')))).toEqual([]);
    const t = await h.db.db.select().from(termijnen).where(eq(termijnen.meldingId, id));
    expect(t.filter((x) => x.status === 'lopend')).toEqual([]);
    const tr = await h.db.db.select().from(meldingTrajecten).where(eq(meldingTrajecten.meldingId, id));
    expect(tr[0]?.status).toBe('ingetrokken');
  });

  it('replays every recorded history with the current code', async () => {
    const r = await replayAlles(h);
    expect(r.fouten).toEqual([]);
    expect(r.aantal).toBe(h.gestart.length);
  });
});
