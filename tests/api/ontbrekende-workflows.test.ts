// A melding stored without its workflow (the process died between the commit and the start) gets its
// werkroute from the start-up/periodic sweep; a melding whose workflow exists is left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOntbrekendeWorkflows } from '../../app/ontbrekende-workflows';
import { silentLogger } from '../../app/logger';
import { ACCOUNTS, expectMsg, geldigeMelding, meldingInDb, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true });
});
afterAll(() => h?.stop());

const projectieVersie = async (id: string) => {
  const [r] = await h.db.sql<{ v: number }[]>`select projectie_versie as v from meldingen where id = ${id}`;
  return r!.v;
};

describe('sweep for meldingen without a workflow', () => {
  it('starts the workflow of a stored melding that has none, once, and leaves running ones alone', async () => {
    const wees = await meldingInDb(h);
    const ingediend = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
    expect(ingediend.status, expectMsg(ingediend)).toBe(201);
    const normaal = (ingediend.body as { id: string }).id;
    await expect.poll(() => projectieVersie(normaal), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await projectieVersie(wees)).toBe(0);

    const sweep = startOntbrekendeWorkflows({ db: h.db.db, temporal: h.temporal, logger: silentLogger, ouderDanMs: 0, intervalMs: 3_600_000 });
    try {
      await expect.poll(() => projectieVersie(wees), { timeout: 15_000 }).toBeGreaterThan(0);
      // Its werkroute runs: the team sees it in the inbox via the live state.
      const team = await h.login(ACCOUNTS.team);
      const r = await h.req('GET', `/api/meldingen/${wees}`, { token: team });
      expect(r.body.live).toMatchObject({ meldingId: wees, status: 'ontvangen' });
      // Nothing left to start; a second sweep finds nothing and starts nothing twice.
      expect(await sweep.sweep()).toBe(0);
      // A read model that fell behind (here: lost) is refreshed by the sweep from the workflow.
      await expect.poll(async () => (await h.db.sql`select 1 from melding_live where melding_id = ${normaal}`).length, { timeout: 15_000 }).toBe(1);
      await h.db.sql`delete from melding_live where melding_id = ${normaal}`;
      await sweep.sweep();
      const [terug] = await h.db.sql<{ versie: number }[]>`select versie from melding_live where melding_id = ${normaal}`;
      expect(terug?.versie).toBeGreaterThan(0);
    } finally {
      await sweep.stop();
    }
  });
});
