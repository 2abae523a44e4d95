// 1,000 unicode-heavy inputs (seeded, so every run sends the same ones) across the public routes (submission,
// the follow page's steps, the wegwijzer) and the staff steps with free text, through the real stack:
// PostgreSQL, our Temporal server and the real worker. No answer is a 5xx, every 400 names its fields, and
// afterwards no melding's workflow has an activity pending (a failing activity retries forever and would
// stay pending). Set FUZZ_SEED to try another sequence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness, type ReqOptions, type Resp } from './harness';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const TOTAAL = 1_000;

/** mulberry32: small, fast and good enough to pick characters. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const rnd = prng(SEED);
const kies = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const kans = (p: number) => rnd() < p;

const range = (van: number, tot: number) => Array.from({ length: tot - van + 1 }, (_, i) => String.fromCharCode(van + i));
const POOLS = {
  ascii: [...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 .,-_\'"\\/%&<>{}[]@#+=*?!;:'],
  injectie: ["'; drop table meldingen; --", '<script>alert(1)</script>', '${7*7}', '{{x}}', '%s%n', '../../etc/passwd', '\\u0000', '%00', 'NULL', 'undefined'],
  surrogaat: ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00'],
  nul: ['\u0000'],
  c0: [...range(0x01, 0x08), '\u000b', '\u000c', ...range(0x0e, 0x1f), '\u007f', '\r'],
  c1: range(0x80, 0x9f),
  regel: ['\t', '\n', '\r\n'],
  rtl: ['\u200f', '\u200e', '\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c'],
  emoji: ['😀', '👩🏽‍🔧', '🇳🇱', '❤️', '🧑‍🤝‍🧑', '🏳️‍🌈', '👍🏿', '\u{1f9ea}'],
  combinerend: ['e\u0301', 'a\u0308', 'c\u0327', '\u20dd', 'Z\u0336\u0337\u0338\u0489\u035c\u035d', '\u0e47\u0e47\u0e47'],
  witruimte: ['\u00a0', '\u2028', '\u2029', '\u3000', '\ufeff', '\u200b', '\u2003', '\u180e', '\u205f', ' '],
  schrift: ['日本語', 'محمد', 'Ωμέγα', 'Привет', 'עברית', 'ñandú', 'ﷺ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'Zoë Çelik-Øster', 'ß', 'İı'],
  randgeval: ['\ufffe', '\uffff', '\u{10ffff}', '\ufffd', '\u{e0001}', '\u{1d11e}'],
} as const;
type Pool = keyof typeof POOLS;
const SCHOON: Pool[] = ['ascii', 'ascii', 'ascii', 'injectie', 'rtl', 'emoji', 'combinerend', 'witruimte', 'schrift', 'randgeval'];
const ALLES: Pool[] = [...SCHOON, 'surrogaat', 'nul', 'c0', 'c1', 'regel'];

/** One fuzz string: mostly clean unicode, often one forbidden character, sometimes far too long. */
function fuzz(): string {
  const stukken = 1 + Math.floor(rnd() * 12);
  const pools = kans(0.45) ? SCHOON : ALLES;
  let s = '';
  for (let i = 0; i < stukken; i++) s += kies(POOLS[kies(pools)]);
  if (kans(0.06)) s = s.repeat(Math.ceil((2_000 + rnd() * 10_000) / Math.max(1, s.length)));
  return s;
}

/** An optional free-text field: absent in 40 % of the steps, so that a step with several fields is accepted now and then. */
const vrij = (): string | undefined => (kans(0.4) ? undefined : fuzz());

/** Percent-encodes a string for a path or query, lone surrogates as the 3 bytes (no UTF-8) they would be in CESU-8. */
function pct(s: string): string {
  let uit = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const volgend = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && volgend >= 0xdc00 && volgend <= 0xdfff) {
      uit += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      uit += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else uit += encodeURIComponent(s[i]!);
  }
  return uit;
}

const REGIO_FUZZ = ['AM01', 'AM01', 'AM01', 'AM01', 'AM01', 'AM04', 'AM16', 'AM31', 'AM99', 'am01', 'AM\u00001', 'AM0\ud8001', ' AM01'];

let h: ApiHarness;
let team: string;
let regio: string;
let beheerder: string;
let team2Id: number;

interface Poging {
  route: string;
  method: string;
  path: string;
  opts: ReqOptions;
}
const uitslagen: { poging: Poging; r: Resp }[] = [];

async function stuur(route: string, method: string, path: string, opts: ReqOptions = {}): Promise<Resp> {
  const r = await h.req(method, path, opts);
  uitslagen.push({ poging: { route, method, path, opts }, r });
  return r;
}

async function melding(): Promise<{ id: string; volg: string }> {
  const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
  expect(r.status, expectMsg(r)).toBe(201);
  return { id: r.body.id, volg: `/api/volg/${(r.body.volgLink as string).split('/volg/')[1]}` };
}

beforeAll(async () => {
  h = await startApiHarness({ temporal: true });
  [team, regio, beheerder] = await Promise.all([h.login(ACCOUNTS.team), h.login(ACCOUNTS.regioAM01), h.login(ACCOUNTS.beheerder)]);
  team2Id = ((await h.db.sql`select id from medewerkers where email = ${ACCOUNTS.team2}`)[0] as { id: number }).id;
});
afterAll(() => h?.stop());

describe(`unicode fuzz (seed ${SEED})`, () => {
  it(`${TOTAAL} inputs: no 5xx, every 400 names a field, no activity left retrying`, async () => {
    // Public: submissions with one to three fuzzed fields (250), sometimes with a fuzzed key.
    for (let i = 0; i < 250; i++) {
      const m = geldigeMelding() as ReturnType<typeof geldigeMelding> & Record<string, unknown>;
      const velden: ((s: string) => void)[] = [
        (s) => (m.werkgever.naam = s),
        (s) => (m.contactpersoon.naam = s),
        (s) => (m.contactpersoon.email = kans(0.5) ? `${s}@example.nl` : s),
        (s) => (m.contactpersoon.telefoon = s),
        (s) => (m.werkgever.vestigingen[0]!.plaats = s),
        (s) => (m.functies[0]!.omschrijving = s),
        (s) => (m.toelichting = s),
      ];
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) kies(velden)(fuzz());
      if (kans(0.05)) m[fuzz()] = 'x';
      await stuur('melding indienen', 'POST', '/api/meldingen', { body: m });
    }

    // Public: wegwijzer search (110) and the follow page with a fuzzed token (40).
    for (let i = 0; i < 110; i++) {
      const q = [`q=${pct(fuzz().slice(0, 150))}`, kans(0.5) ? `regio=${pct(kies(REGIO_FUZZ))}` : '', kans(0.3) ? `sector=${pct(kans(0.5) ? 'C' : fuzz())}` : ''].filter(Boolean).join('&');
      await stuur('wegwijzer zoeken', 'GET', `/api/wegwijzer?${q}`);
    }
    for (let i = 0; i < 40; i++) {
      const token = pct(fuzz().slice(0, 60)) || 'x';
      if (kans(0.5)) await stuur('volgpagina', 'GET', `/api/volg/${token}`);
      else await stuur('volgpagina', 'POST', `/api/volg/${token}/intrekken`, { body: { reden: fuzz() } });
    }

    // Staff: wegwijzer initiatives (60) and steps on fuzzed melding ids (30).
    for (let i = 0; i < 60; i++) {
      const body = { titel: fuzz(), omschrijving: fuzz(), ...(kans(0.5) ? { regioCode: kies(REGIO_FUZZ) } : {}), ...(kans(0.3) ? { url: `https://example.nl/${fuzz()}` } : {}) };
      await stuur('initiatief', 'POST', '/api/wegwijzer', { token: beheerder, body });
    }
    for (let i = 0; i < 30; i++) await stuur('stap op fuzz-id', 'POST', `/api/meldingen/${pct(fuzz().slice(0, 40)) || 'x'}/intake`, { token: team, body: { notities: fuzz(), besluit: { sluit: { reden: fuzz() } } } });

    // Steps along the werkroute on six meldingen (6 × 80 = 480), then withdrawals through the follow link on
    // two more (2 × 15 = 30): every step's free text fuzzed, the first acceptable one moves the melding on.
    const meldingen = await Promise.all(Array.from({ length: 8 }, () => melding()));
    await Promise.all(meldingen.map((m) => waitFor(() => h.temporal.status(m.id), { what: 'workflow started' })));
    for (const m of meldingen.slice(0, 6)) {
      const p = `/api/meldingen/${m.id}`;
      const a = `${p}/regios/AM01`;
      const fases: [number, () => Promise<Resp>][] = [
        [12, () => stuur('intake', 'POST', `${p}/intake`, { token: team, body: { notities: vrij(), vraagAchterDeVraag: vrij(), besluit: { routeer: [{ regioCode: kies(REGIO_FUZZ), toelichting: vrij() }] } } })],
        [1, () => stuur('bevestigen', 'POST', `${a}/bevestigen`, { token: regio, body: {} })],
        [10, () => stuur('doorsturen naar wsp', 'POST', `${a}/wsp`, { token: regio, body: { toelichting: fuzz() } })],
        [5, () => stuur('wsp-contact (staf)', 'POST', `${a}/wsp-contact`, { token: regio, body: { toelichting: fuzz() } })],
        [5, () => stuur('wsp-contact (volgpagina)', 'POST', `${m.volg}/wsp-contact`, { body: { regioCode: kies(REGIO_FUZZ), toelichting: vrij() } })],
        [11, () => stuur('status', 'POST', `${a}/status`, { token: regio, body: { stand: fuzz() } })],
        [10, () => stuur('terugmelding', 'POST', `${a}/terugmelding`, { token: regio, body: { uitkomst: { resultaat: 'deels_vervuld', aantalGeplaatst: 1, oplossing: 'anders', toelichting: fuzz() } } })],
        [8, () => stuur('toewijzen', 'POST', `${p}/toewijzen`, { token: team, body: { naarMedewerkerId: team2Id, reden: fuzz() } })],
        [6, () => stuur('intrekken (staf)', 'POST', `${p}/intrekken`, { token: team, body: { reden: fuzz() } })],
        [12, () => stuur('intrekken (volgpagina)', 'POST', `${m.volg}/intrekken`, { body: { reden: fuzz() } })],
      ];
      for (const [n, doe] of fases) for (let i = 0; i < n; i++) await doe();
    }
    for (const m of meldingen.slice(6)) for (let i = 0; i < 15; i++) await stuur('intrekken (volgpagina)', 'POST', `${m.volg}/intrekken`, { body: { reden: fuzz() } });

    expect(uitslagen).toHaveLength(TOTAAL);
    const toon = ({ poging, r }: (typeof uitslagen)[number]) => `${poging.route} ${poging.method} ${JSON.stringify(poging.path).slice(0, 200)} ${JSON.stringify(poging.opts.body ?? null).slice(0, 300)} → ${expectMsg(r).slice(0, 400)}`;
    expect(uitslagen.filter((u) => u.r.status >= 500).map(toon)).toEqual([]);
    const zonderVeld = uitslagen.filter(
      (u) => u.r.status === 400 && !(Array.isArray(u.r.body?.errors) && u.r.body.errors.length > 0 && u.r.body.errors.every((e: { path?: unknown; message?: unknown }) => typeof e.path === 'string' && e.path !== '' && typeof e.message === 'string')),
    );
    expect(zonderVeld.map(toon)).toEqual([]);

    // Both sides were exercised: refusals and accepted unicode, on public and staff routes.
    const perStatus = (route: string) => uitslagen.filter((u) => u.poging.route === route).reduce<Record<number, number>>((acc, u) => ({ ...acc, [u.r.status]: (acc[u.r.status] ?? 0) + 1 }), {});
    expect(perStatus('melding indienen')).toMatchObject({ 201: expect.any(Number), 400: expect.any(Number) });
    expect(perStatus('intake')[200]).toBeGreaterThan(0);

    // Every workflow settles: no activity stays pending (retrying) on any melding, those fuzzed submissions included.
    const ids = (await h.db.sql<{ id: string }[]>`select id from meldingen`).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(8);
    const hangend = async () => {
      const uit: string[] = [];
      for (const id of ids) {
        const d = await h.temporalClient!.workflow.getHandle(`melding-${id}`).describe();
        for (const a of d.raw.pendingActivities ?? []) uit.push(`melding-${id}: ${a.activityType?.name} attempt ${a.attempt} ${a.lastFailure?.message ?? ''}`);
      }
      return uit;
    };
    let laatst: string[] = [];
    await waitFor(
      async () => {
        laatst = await hangend();
        return laatst.length === 0 || undefined;
      },
      { what: 'every workflow without pending activities', timeoutMs: 30_000, intervalMs: 500 },
    ).catch(() => undefined);
    expect(laatst).toEqual([]);
  }, 120_000);
});
