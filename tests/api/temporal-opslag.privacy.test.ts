// Issue #12: nothing readable that is personal or free text in Temporal's storage. A melding runs through its
// steps via the real API with a marker in every free text (staff notes, routing and WSP explanations, status
// and outcome texts, the employer's withdrawal reason), the Temporal state kept in the test database (schema
// `temporal`); then every text, json and bytea column of that schema is searched for the markers. With the
// payload codec (security/payload-codec.ts) none is found, while the workflow works as before and the client
// reads everything back. The same route without the codec finds them: the scan does see payloads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Payload } from '@temporalio/common';
import { ACCOUNTS, expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness } from './harness';

/** Every column of schema `temporal` that holds one of the markers. */
async function inTemporal(h: ApiHarness, markers: string[]): Promise<string[]> {
  const kolommen = await h.db.sql<{ tabel: string; kolom: string; type: string }[]>`
    select table_name as tabel, column_name as kolom, data_type as type from information_schema.columns
     where table_schema = 'temporal' and data_type in ('text', 'jsonb', 'json', 'bytea', 'ARRAY', 'character varying')`;
  expect(kolommen.map((k) => `${k.tabel}.${k.kolom}`)).toEqual(expect.arrayContaining([expect.stringMatching(/^history_node\./), expect.stringMatching(/^executions\./)]));
  const gevonden: string[] = [];
  for (const k of kolommen) {
    for (const m of markers) {
      const expr = k.type === 'bytea' ? `position(convert_to($1, 'UTF8') in "${k.kolom}") > 0` : `"${k.kolom}"::text ilike '%' || $1 || '%'`;
      const [r] = await h.db.sql.unsafe<{ n: number }[]>(`select count(*)::int as n from "temporal"."${k.tabel}" where ${expr}`, [m]);
      if (r!.n > 0) gevonden.push(`temporal.${k.tabel}.${k.kolom}: ${m}`);
    }
  }
  return gevonden;
}

/** Every Payload in a history (objects with metadata.encoding). */
function verzamelPayloads(v: unknown, uit: Payload[] = []): Payload[] {
  if (Array.isArray(v)) for (const x of v) verzamelPayloads(x, uit);
  else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const o = v as Record<string, unknown>;
    if (o.metadata && typeof o.metadata === 'object' && (o.metadata as Record<string, unknown>).encoding instanceof Uint8Array) uit.push(o as Payload);
    else for (const x of Object.values(o)) verzamelPayloads(x, uit);
  }
  return uit;
}

const METEN = process.env.WERKROUTE_MEASURE_CODEC === '1';
/** With WERKROUTE_MEASURE_CODEC=1: the route runs once more per round and the step times are printed (no assertion on them). */
async function meet(h: ApiHarness, tokens: Tokens, wat: string) {
  if (!METEN) return;
  const tijden: number[] = [];
  for (let i = 0; i < 8; i++) tijden.push(...(await route(h, tokens, `Meet${i}`)).stapTijden);
  tijden.sort((x, y) => x - y);
  const q = (f: number) => tijden[Math.min(tijden.length - 1, Math.floor(f * tijden.length))]!.toFixed(1);
  console.log(`${wat}: ${tijden.length} steps through the API, p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, mean ${(tijden.reduce((a, b) => a + b, 0) / tijden.length).toFixed(1)} ms`);
}

type Tokens = Record<keyof typeof ACCOUNTS, string>;
const tokensVan = async (h: ApiHarness) => Object.fromEntries(await Promise.all(Object.entries(ACCOUNTS).map(async ([k, e]) => [k, await h.login(e)]))) as Tokens;

/** Two meldingen: one along the whole route, one withdrawn by its employer; returns the markers and the step times. */
async function route(h: ApiHarness, tokens: Tokens, m: string) {
  const markers = [`${m}-aanvraag`, `${m}-notitie`, `${m}-route`, `${m}-wsp`, `${m}-contact`, `${m}-stand`, `${m}-uitkomst`, `${m}-intrekreden`];
  const stapTijden: number[] = [];
  const indienen = async (toelichting: string) => {
    const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding({ toelichting }) });
    expect(r.status, expectMsg(r)).toBe(201);
    await waitFor(() => h.temporal.status(r.body.id), { what: 'workflow started' });
    return { id: r.body.id as string, volg: `/api/volg/${(r.body.volgLink as string).split('/volg/')[1]}` };
  };
  const a = await indienen(`${m}-aanvraag`);
  const stap = async (pad: string, token: string, body?: unknown) => {
    const t0 = performance.now();
    const s = await h.req('POST', `/api/meldingen/${a.id}${pad}`, { token, body });
    stapTijden.push(performance.now() - t0);
    expect(s.status, `${pad}: ${expectMsg(s)}`).toBe(200);
    return s.body;
  };
  await stap('/in-behandeling', tokens.team);
  const na = await stap('/intake', tokens.team, { notities: `${m}-notitie`, besluit: { routeer: [{ regioCode: 'AM01', toelichting: `${m}-route` }] } });
  expect(na.fase).toBe('trajecten');
  await stap('/regios/AM01/bevestigen', tokens.regioAM01);
  await stap('/regios/AM01/wsp', tokens.regioAM01, { toelichting: `${m}-wsp` });
  await stap('/regios/AM01/wsp-contact', tokens.wspAM01, { toelichting: `${m}-contact` });
  await stap('/regios/AM01/status', tokens.regioAM01, { stand: `${m}-stand` });
  await stap('/regios/AM01/terugmelding', tokens.regioAM01, { uitkomst: { resultaat: 'vervuld', aantalGeplaatst: 2, oplossing: 'wsp_bemiddeling', toelichting: `${m}-uitkomst` } });
  await waitFor(async () => (await h.db.sql`select 1 from meldingen where id = ${a.id} and gesloten_at is not null`).length > 0, { what: 'melding closed' });

  const b = await indienen(`${m}-tweede`);
  const r = await h.req('POST', `${b.volg}/intrekken`, { body: { reden: `${m}-intrekreden` } });
  expect(r.status, expectMsg(r)).toBe(200);
  expect(r.body.status).toBe('ingetrokken');
  return { a: a.id, b: b.id, markers, stapTijden };
}

describe('with the payload codec (as the app runs)', () => {
  let h: ApiHarness;
  let tokens: Tokens;
  beforeAll(async () => {
    h = await startApiHarness({ temporal: true, temporalInDatabase: true });
    tokens = await tokensVan(h);
  });
  afterAll(() => h?.stop());

  it('no marked free text sits anywhere in schema temporal; steps succeed, queries answer, the client reads it all', async () => {
    const { a, b, markers, stapTijden } = await route(h, tokens, 'Codecmarker');
    // The workflow answers its query (through the API) with the texts, decrypted.
    const status = JSON.stringify(await h.temporal.status(a));
    expect(status).toContain('Codecmarker-route');
    expect(status).toContain('Codecmarker-uitkomst');
    const detail = await h.req('GET', `/api/meldingen/${a}`, { token: tokens.manager });
    expect(detail.status, expectMsg(detail)).toBe(200);
    expect((await h.temporal.status(b))?.fase).toBe('ingetrokken');

    // Temporal stored the steps (the history is there and carries encrypted payloads) ...
    const [hist] = await h.db.sql<{ n: number; versleuteld: number }[]>`
      select count(*)::int as n, count(*) filter (where position(convert_to('binary/encrypted', 'UTF8') in data) > 0)::int as versleuteld
        from temporal.history_node`;
    expect(hist!.n).toBeGreaterThan(0);
    expect(hist!.versleuteld).toBeGreaterThan(0);
    // ... and with the client's codec every step's text is read back from those histories.
    const codecs = h.temporalClient!.options.loadedDataConverter.payloadCodecs;
    expect(codecs).toHaveLength(1);
    const gelezen: string[] = [];
    for (const id of [a, b]) {
      const payloads = verzamelPayloads(await h.temporalClient!.workflow.getHandle(`melding-${id}`).fetchHistory());
      expect(payloads.length).toBeGreaterThan(10);
      for (const p of await codecs[0]!.decode(payloads)) gelezen.push(Buffer.from(p.data ?? []).toString('utf8'));
    }
    for (const m of markers.filter((x) => !x.endsWith('-aanvraag'))) expect(gelezen.join('\n'), m).toContain(m);

    expect(await inTemporal(h, [...markers, 'Codecmarker'])).toEqual([]);
    void stapTijden;
    await meet(h, tokens, 'with codec');
  });
});

describe('control: the same route without the codec', () => {
  let h: ApiHarness;
  let tokens: Tokens;
  beforeAll(async () => {
    h = await startApiHarness({ temporal: true, temporalInDatabase: true, payloadCodec: false });
    tokens = await tokensVan(h);
  });
  afterAll(() => h?.stop());

  it('finds the markers in history_node: the scan sees what a plain payload holds', async () => {
    const { markers, stapTijden } = await route(h, tokens, 'Kaalmarker');
    const gevonden = await inTemporal(h, markers);
    expect(gevonden).toEqual(expect.arrayContaining([expect.stringMatching(/^temporal\.history_node\..*Kaalmarker-notitie$/), expect.stringMatching(/Kaalmarker-intrekreden$/)]));
    void stapTijden;
    await meet(h, tokens, 'without codec');
  });
});
