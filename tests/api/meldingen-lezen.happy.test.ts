// Staff reads without workflows: lists with filters and paging, CSV export, the team inbox sorted by
// deadline, and the stored data of one melding when the workflow service is unreachable (live: null).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, meldingInDb, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
let manager: string;
let team: string;
const ids: Record<string, string> = {};
beforeAll(async () => {
  h = await startApiHarness();
  manager = await h.login(ACCOUNTS.manager);
  team = await h.login(ACCOUNTS.team);
  ids.a = await meldingInDb(h, { regioCodes: ['AM01'], soort: 'vraag', sector: 'C' });
  ids.b = await meldingInDb(h, { regioCodes: ['AM03'], soort: 'aanbod', sector: 'F', teLaat: true });
  ids.c = await meldingInDb(h, { regioCodes: [], soort: 'vraag', sector: 'C' });
  await h.db.sql`update meldingen set volgende_deadline = now() + interval '2 hours' where id = ${ids.c!}`;
  ids.d = await meldingInDb(h, { regioCodes: [], soort: 'aanbod', sector: 'Q' });
  await h.db.sql`update meldingen set volgende_deadline = now() - interval '1 hour' where id = ${ids.d!}`;
});
afterAll(() => h?.stop());

const lijst = async (q: string) => {
  const r = await h.req('GET', `/api/meldingen${q}`, { token: manager });
  expect(r.status, expectMsg(r)).toBe(200);
  return r.body as { items: { id: string }[]; totaal: number; limit: number; offset: number };
};

describe('GET /api/meldingen', () => {
  it.each([
    { q: '?regio=AM01', verwacht: ['a'] },
    { q: '?soort=aanbod', verwacht: ['b', 'd'] },
    { q: '?sector=C&soort=vraag', verwacht: ['a', 'c'] },
    { q: '?teLaat=true', verwacht: ['b', 'd'] },
    { q: '?status=afgesloten', verwacht: [] },
  ])('filters $q', async ({ q, verwacht }) => {
    const r = await lijst(q);
    expect(r.items.map((i) => Object.entries(ids).find(([, v]) => v === i.id)?.[0]).sort()).toEqual(verwacht);
    expect(r.totaal).toBe(verwacht.length);
  });

  it('filters on the period of receipt', async () => {
    const vandaag = new Date().toISOString().slice(0, 10);
    expect((await lijst(`?van=${vandaag}&tot=${vandaag}`)).totaal).toBe(4);
    expect((await lijst('?tot=2020-01-01')).totaal).toBe(0);
  });

  it('pages', async () => {
    const p1 = await lijst('?limit=3&offset=0');
    const p2 = await lijst('?limit=3&offset=3');
    expect(p1).toMatchObject({ totaal: 4, limit: 3, offset: 0 });
    expect(p1.items).toHaveLength(3);
    expect(p2.items).toHaveLength(1);
    expect(new Set([...p1.items, ...p2.items].map((i) => i.id)).size).toBe(4);
  });
});

describe('GET /api/meldingen/export.csv', () => {
  it('exports the filtered list as CSV with a header row', async () => {
    const r = await h.req('GET', '/api/meldingen/export.csv?soort=aanbod', { token: manager });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(/attachment/);
    const regels = r.text.trim().split('\r\n');
    expect(regels[0]).toBe('nummer,id,soort,status,stap,sector,werkgever,regioCodes,ontvangenOp,volgendeDeadline,teLaat,geslotenOp');
    expect(regels).toHaveLength(3);
    expect(r.text).toContain(ids.b);
  });
});

describe('GET /api/inbox', () => {
  it('lists meldingen awaiting intake, the earliest deadline first, with clock status', async () => {
    const r = await h.req('GET', '/api/inbox', { token: team });
    expect(r.status, expectMsg(r)).toBe(200);
    const volgorde = r.body.items.map((i: { id: string }) => i.id);
    expect(volgorde.indexOf(ids.d)).toBeLessThan(volgorde.indexOf(ids.c));
    const d = r.body.items.find((i: { id: string }) => i.id === ids.d);
    const c = r.body.items.find((i: { id: string }) => i.id === ids.c);
    expect(d.klok).toBe('te_laat');
    expect(c.klok).toBe('bijna');
  });
});

describe('GET /api/meldingen/{id}', () => {
  it('returns the stored data with live: null when the workflow service is unreachable', async () => {
    const r = await h.req('GET', `/api/meldingen/${ids.a}`, { token: team });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body).toMatchObject({ id: ids.a, soort: 'vraag', regioCodes: ['AM01'], live: null });
  });
});

describe('GET /api/taken and /api/trajecten', () => {
  it('answer with empty lists when nothing is assigned', async () => {
    const regio = await h.login(ACCOUNTS.regioAM01);
    expect((await h.req('GET', '/api/taken', { token: regio })).body).toEqual({ items: [] });
    expect((await h.req('GET', '/api/trajecten', { token: regio })).body).toEqual({ items: [] });
  });
});
