// One transaction per change (workflows/melding-v2.ts): a lean history, the read model written with the step,
// and a permanent database error that becomes a visible incident instead of wedging the melding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doorsturenNaarWspUpdate, incidentOpnieuwUpdate, intakeVastleggenUpdate, regioBevestigenUpdate } from '../../workflows/melding.messages';
import { liveLezen } from '../../db/repositories/melding-live';
import type { MeldingStatusView } from '../../domain/melding';
import { regioActor, teamActor } from './actors';
import { createHarness, type Harness, type MeldingHandle, replayAlles } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('transactie');
  const [b] = await h.db.sql`insert into medewerkers (naam, email, rol) values ('Beheer', 'beheer@nlwerktdoor.test', 'beheerder') returning id`;
  beheerder = { medewerkerId: String(b!.id), rol: 'beheerder', regioCodes: [] };
});
afterAll(async () => {
  await h?.teardown();
});

const aantalEvents = async (wf: MeldingHandle) => (await wf.fetchHistory()).events?.length ?? 0;
let beheerder: { medewerkerId: string; rol: 'beheerder'; regioCodes: string[] };

describe('meldingWorkflow v2: one transaction per change', () => {
  it('a new melding takes at most 15 history events and a step at most 10; the step answers after its view is stored', async () => {
    const id = await h.nieuweMelding('vraag');
    const wf = await h.start(id, 'vraag');
    await h.wachtOp(wf, (s) => s.toegewezenAan === h.p.team1, 'toegewezen');
    const start = await aantalEvents(wf);
    const a = await wf.antwoord(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { routeer: [{ regioCode: 'AM01' }] } }] });
    expect(a).toMatchObject({ bevestiging: true });
    const naIntake = await aantalEvents(wf);
    // The read model holds the step's view when the answer arrives: no query needed.
    const live = await liveLezen<MeldingStatusView>(h.db.db, id);
    expect(live?.versie).toBe((a as { versie: number }).versie);
    expect(live?.weergave.fase).toBe('trajecten');
    await wf.antwoord(regioBevestigenUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
    const naBevestiging = await aantalEvents(wf);
    console.log(`history events: new melding ${start}, intake step ${naIntake - start}, regio bevestigt ${naBevestiging - naIntake}`);
    expect(start).toBeLessThanOrEqual(15);
    expect(naIntake - start).toBeLessThanOrEqual(10);
    expect(naBevestiging - naIntake).toBeLessThanOrEqual(10);
  });

  it('a permanent database error becomes an incident the coordinator hears of; later steps go on; a beheerder retries after the fix', async () => {
    const id = await h.nieuweMelding('vraag');
    const wf = await h.start(id, 'vraag');
    await h.wachtOp(wf, (s) => s.toegewezenAan === h.p.team1, 'toegewezen');
    await wf.executeUpdate(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { routeer: [{ regioCode: 'AM01' }] } }] });
    // A broken deploy, say: a constraint that refuses the audit row of this step (SQLSTATE 23514).
    await h.db.sql.unsafe(`alter table audit_log add constraint test_blokkade check (actie <> 'regio_bevestigd' or melding_id <> '${id}') not valid`);
    try {
      const a = await wf.antwoord(regioBevestigenUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
      expect(a).toMatchObject({ bevestiging: true, incident: expect.any(String) });
      const v = await h.status(wf);
      expect(v.incidenten).toEqual([expect.objectContaining({ status: 'open', code: '23514', wat: 'regioBevestigen' })]);
      // The read model shows it too (written beside the refused change), and the coordinator gets a mail.
      const live = await liveLezen<MeldingStatusView>(h.db.db, id);
      expect(live?.weergave.incidenten?.[0]?.status).toBe('open');
      const mails = await h.db.sql`select onderwerp from outbox where melding_id = ${id} and onderwerp like '%verwerking mislukt%'`;
      expect(mails.length).toBeGreaterThan(0);
      // The melding is not wedged: the next step goes through and is stored.
      await wf.executeUpdate(doorsturenNaarWspUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
      const [rij] = await h.db.sql`select stap from melding_trajecten where melding_id = ${id}`;
      expect(rij?.stap).toBe('bij_wsp');
      // Retrying before the fix fails again and says so; the incident stays open.
      await expect(wf.antwoord(incidentOpnieuwUpdate, { args: [{ actor: beheerder, incidentId: v.incidenten[0]!.id }] })).rejects.toThrow();
      expect((await h.status(wf)).incidenten[0]).toMatchObject({ status: 'open', pogingen: 2 });
      // Only a beheerder may retry.
      await expect(wf.antwoord(incidentOpnieuwUpdate, { args: [{ actor: teamActor(h.p.team1), incidentId: v.incidenten[0]!.id }] })).rejects.toMatchObject({ cause: { message: expect.stringMatching(/beheer/) } });
    } finally {
      await h.db.sql.unsafe('alter table audit_log drop constraint if exists test_blokkade');
    }
    const incidentId = (await h.status(wf)).incidenten[0]!.id;
    await wf.antwoord(incidentOpnieuwUpdate, { args: [{ actor: beheerder, incidentId }] });
    const na = await h.status(wf);
    expect(na.incidenten[0]).toMatchObject({ status: 'opgelost' });
    const audit = await h.db.sql`select actie from audit_log where melding_id = ${id} and actie in ('regio_bevestigd', 'incident', 'incident_opgelost') order by id`;
    expect(audit.map((r) => r.actie)).toEqual(['incident', 'regio_bevestigd', 'incident_opgelost']);
  });

  it('replays every recorded history with the current code', async () => {
    const r = await replayAlles(h);
    expect(r.fouten).toEqual([]);
  });
});
