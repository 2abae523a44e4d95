// Resilience: the worker restarted mid-case with an empty cache, and SMTP down then back. Nothing is lost,
// nothing is sent twice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import { intakeVastleggenUpdate, regioBevestigenUpdate, terugmeldenUpdate } from '../../workflows/melding.messages';
import { waitFor } from '../helpers/temporal';
import { regioActor, teamActor } from './actors';
import { createHarness, type Harness, MAIL, replayAlles } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('veerkracht');
});
afterEach(async () => {
  await h?.startWorker();
  if (!h.sink.running) await h.sink.start();
  await h?.opruimen();
});
afterAll(async () => {
  await h?.teardown();
});

function uniekPerBericht(meldingId: string) {
  const ids = h.sink.messages.filter((m) => m.messageId.includes(meldingId)).map((m) => m.messageId);
  return { aantal: ids.length, uniek: new Set(ids).size };
}

describe('meldingWorkflow: resilience', () => {
  it('worker restarted mid-case with no cache: the backup takeover fires from the timer and the case completes', async () => {
    await h.naar('2027-01-11', 10);
    const id = await h.nieuweMelding('vraag');
    const wf = await h.start(id, 'vraag');
    await h.wachtOp(wf, (s) => s.toegewezenAan !== null, 'gestart');
    await wf.executeUpdate(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { routeer: [{ regioCode: 'AM01' }] } }] });
    await h.rustig(wf);

    // A new Worker instance has an empty cache; with maxCachedWorkflows 0 it also replays the whole history
    // for every task from here on. (The worker stays up while time skips: with a workflow task outstanding
    // and nobody polling, time-skipping servers hold the clock, as Temporal's own test server does.)
    await h.stopWorker();
    await h.startWorker({ maxCachedWorkflows: 0 });
    await h.naar('2027-01-12', 17, 5); // acknowledgement deadline Tue 12 Jan 17:00 passes
    let v = await h.wachtOp(wf, (s) => s.trajecten[0]?.achtervangActief === true, 'achtervang neemt over na herstart');
    expect(v.trajecten[0]?.toegewezenAan).toBe(h.p.am01Achtervang);
    await wf.executeUpdate(regioBevestigenUpdate, { args: [{ actor: regioActor(h.p.am01Achtervang, 'AM01'), regioCode: 'AM01' }] });
    v = await wf.executeUpdate(terugmeldenUpdate, {
      args: [{ actor: regioActor(h.p.am01Achtervang, 'AM01'), regioCode: 'AM01', uitkomst: { resultaat: 'vervuld', aantalGeplaatst: 1, oplossing: 'werk_naar_werk' } }],
    });
    expect(v.status).toBe('afgesloten');
    expect(await wf.result()).toMatchObject({ status: 'afgesloten' });
    await h.rustig(wf).catch(() => undefined);
    expect(h.mails(MAIL.am01Achtervang, 'Achtervang neemt')).toHaveLength(1);
    expect(uniekPerBericht(id).aantal).toBe(uniekPerBericht(id).uniek);
    await h.stopWorker();
    await h.startWorker();
  });

  it('SMTP down then back: notifications wait in the outbox, the mail relay retries, every mail arrives exactly once', async () => {
    await h.naar('2027-02-01', 10);
    await h.sink.stop();
    const id = await h.nieuweMelding('vraag');
    const wf = await h.start(id, 'vraag');
    await h.wachtOp(wf, (s) => s.toegewezenAan !== null, 'gestart');
    // The first notification is written to the outbox and its delivery fails.
    const rijen = await waitFor(async () => {
      const r = await h.db.db.select().from(outbox).where(eq(outbox.meldingId, id));
      return r.some((x) => x.attempts > 0 && x.status === 'pending') ? r : undefined;
    }, { what: 'mislukte bezorging in de outbox', timeoutMs: 20_000 });
    expect(rijen.find((x) => x.attempts > 0)?.lastError).toBeTruthy();
    // Steps still go through while mail is down: the workflow only writes the outbox, the relay keeps trying.
    await wf.executeUpdate(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { routeer: [{ regioCode: 'AM01' }] } }] });
    await h.wachtOp(wf, (s) => s.openEffecten === 0, 'effecten uitgevoerd zonder SMTP');
    expect(h.sink.messages.filter((m) => m.messageId.includes(id))).toHaveLength(0);

    await h.sink.start();
    await h.rustig(wf);
    const alle = await h.db.db.select().from(outbox).where(eq(outbox.meldingId, id));
    expect(alle.every((x) => x.status === 'sent')).toBe(true);
    const { aantal, uniek } = uniekPerBericht(id);
    expect(aantal).toBe(alle.length);
    expect(uniek).toBe(aantal);
    expect(h.mails(MAIL.team1, 'Nieuwe vraag').filter((m) => m.messageId.includes(id))).toHaveLength(1);
    expect(h.mails(MAIL.werkgever, 'ontvangen').filter((m) => m.messageId.includes(id))).toHaveLength(1);
    expect(h.mails(MAIL.am01Primair, 'Nieuwe melding voor uw regio').filter((m) => m.messageId.includes(id))).toHaveLength(1);
  });

  it('replays every recorded history with the current code', async () => {
    const r = await replayAlles(h);
    expect(r.fouten).toEqual([]);
  });
});
