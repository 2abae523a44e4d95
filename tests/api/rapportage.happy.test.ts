// Response times per regio and clock from the clock records: median, p90, breach rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, meldingInDb, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
  const m = await meldingInDb(h, { regioCodes: ['AM01'] });
  const [tr] = await h.db.sql`insert into melding_trajecten (melding_id, regio_code) values (${m}, 'AM01') returning id`;
  // Three acknowledgements in AM01: 1 h, 2 h and 10 h (the last one 2 h late), and one still running past its deadline.
  for (const [uren, laat] of [[1, 0], [2, 0], [10, 7_200_000]] as const) {
    await h.db.sql`insert into termijnen (melding_id, traject_id, soort, eigenaar_rol, gestart_at, deadline, kalender_versie, status, gestopt_at, te_laat_ms)
                   values (${m}, ${tr!.id}, 'regio_bevestiging', 'regio-contact', now() - interval '20 hours', now() - interval '12 hours', 'nl-1',
                           'gestopt', now() - interval '20 hours' + make_interval(hours => ${uren}), ${laat})`;
  }
  await h.db.sql`insert into termijnen (melding_id, traject_id, soort, eigenaar_rol, gestart_at, deadline, kalender_versie)
                 values (${m}, ${tr!.id}, 'regio_bevestiging', 'regio-contact', now() - interval '2 days', now() - interval '1 day', 'nl-1')`;
  await h.db.sql`insert into termijnen (melding_id, soort, eigenaar_rol, gestart_at, deadline, kalender_versie, status, gestopt_at)
                 values (${m}, 'intake', 'team', now() - interval '3 hours', now() + interval '1 day', 'nl-1', 'gestopt', now() - interval '1 hour')`;
});
afterAll(() => h?.stop());

describe('GET /api/rapportage/reactietijden', () => {
  it('reports median, p90 and breach rate per regio and clock', async () => {
    const r = await h.req('GET', '/api/rapportage/reactietijden', { token: await h.login(ACCOUNTS.manager) });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.items).toEqual([
      { regioCode: null, soort: 'intake', aantal: 1, afgerond: 1, mediaanUren: 2, p90Uren: 2, overschreden: 0, overschrijdingsPercentage: 0 },
      { regioCode: 'AM01', soort: 'regio_bevestiging', aantal: 4, afgerond: 3, mediaanUren: 2, p90Uren: 8.4, overschreden: 2, overschrijdingsPercentage: 50 },
    ]);
  });

  it('filters on regio and period', async () => {
    const t = await h.login(ACCOUNTS.team);
    expect((await h.req('GET', '/api/rapportage/reactietijden?regio=AM02', { token: t })).body.items).toEqual([]);
    expect((await h.req('GET', '/api/rapportage/reactietijden?tot=2020-01-01', { token: t })).body.items).toEqual([]);
  });
});
