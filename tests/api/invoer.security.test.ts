// The character rule (api/schemas/common.ts `ongeldigTeken`, applied by defineRoute to params, query and body
// of every route): what PostgreSQL or a mail server cannot store or send is a 400 naming the field, and text
// in any script, with emoji, combining marks or RTL marks, is accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ongeldigTeken } from '../../api/schemas/common';
import { ACCOUNTS, expectMsg, geldigeMelding, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('ongeldigTeken', () => {
  it.each([
    ['\ud800', 'both'],
    ['a\udc00b', 'both'],
    ['\udbff', 'both'],
    ['x\u0000', 'both'],
    ['\u0007', 'both'],
    ['\u001b[31m', 'both'],
    ['\u007f', 'both'],
    ['\u0085', 'both'],
    ['\u009f', 'both'],
    ['a\rb', 'both'],
    ['regel\nregel', 'regel'],
    ['a\tb', 'regel'],
    ['a\r\nb', 'regel'],
  ])('%j is refused (%s)', (v, waar) => {
    expect(ongeldigTeken(v, 'regel')).toBeDefined();
    if (waar === 'both') expect(ongeldigTeken(v, 'meerdere-regels')).toBeDefined();
    else expect(ongeldigTeken(v, 'meerdere-regels')).toBeUndefined();
  });

  it.each(['Iet Jongbloed', 'Zoë Çelik-Øster', 'محمد\u200f', '\u202eabc', '👩🏽‍🔧 monteur', 'e\u0301\u0308', '日本語', '\u00a0\u2003\u3000', '\ufeff', '\ud83d\ude00'])('%j is text', (v) => {
    expect(ongeldigTeken(v, 'regel')).toBeUndefined();
  });

  it('names the character in plain Dutch', () => {
    expect(ongeldigTeken('a\u0000', 'regel')).toBe('bevat een stuurteken (U+0000) dat hier niet mag');
    expect(ongeldigTeken('\ud800', 'regel')).toBe('bevat een ongeldig teken (U+D800, een losse helft van een tekenpaar)');
    expect(ongeldigTeken('a\nb', 'regel')).toBe('mag maar één regel zijn (geen regeleinde of tab)');
  });
});

describe('the rule on every route', () => {
  it('submission: a lone surrogate in naam, NUL in email, a tab in a name → 400 naming each field', async () => {
    const m = geldigeMelding();
    const r = await h.req('POST', '/api/meldingen', {
      body: { ...m, werkgever: { ...m.werkgever, naam: 'Snijder\tBV' }, contactpersoon: { naam: 'Iet \ud800', email: 'iet\u0000@example.nl' } },
    });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'contactpersoon.naam', message: expect.stringMatching(/losse helft/) },
        { path: 'contactpersoon.email', message: expect.stringMatching(/U\+0000/) },
      ]),
    );
    expect(r.body.errors).toHaveLength(2); // the tab is found once the characters are fine
    const tab = await h.req('POST', '/api/meldingen', { body: { ...m, werkgever: { ...m.werkgever, naam: 'Snijder\tBV' } } });
    expect(tab.body.errors).toEqual([{ path: 'werkgever.naam', message: 'mag maar één regel zijn (geen regeleinde of tab)' }]);
    expect(await h.db.sql`select 1 from meldingen`).toHaveLength(0);
  });

  it('multi-line free text keeps its newlines and tabs; unicode text passes', async () => {
    const r = await h.req('POST', '/api/meldingen', {
      body: geldigeMelding({ toelichting: 'regel 1\r\nregel 2\n\tingesprongen 👩🏽‍🔧 محمد\u200f e\u0301', contactpersoon: { naam: 'Zoë Çelik-Øster', email: 'zoë@example.nl' } }),
    });
    // No Temporal in this file: stored, then 503 because the workflow cannot start. Never 400.
    expect(r.status, expectMsg(r)).toBe(503);
    const [rij] = await h.db.sql`select toelichting from meldingen`;
    expect(rij!.toelichting).toBe('regel 1\r\nregel 2\n\tingesprongen 👩🏽‍🔧 محمد\u200f e\u0301');
  });

  it('an object key with a control character is named, escaped', async () => {
    const r = await h.req('POST', '/api/meldingen', { raw: '{"soort":"vraag","na\\u0000am":1}', headers: { 'content-type': 'application/json' } });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'na\\u0000am', message: expect.stringMatching(/^veldnaam bevat een stuurteken/) }]);
  });

  it('query strings: NUL or a newline in the wegwijzer search → 400 query.q', async () => {
    for (const q of ['%00', 'a%0Ab', '%C2%85']) {
      const r = await h.req('GET', `/api/wegwijzer?q=${q}`);
      expect(r.status, `${q}: ${expectMsg(r)}`).toBe(400);
      expect(r.body.errors).toEqual([{ path: 'query.q', message: expect.any(String) }]);
    }
    expect((await h.req('GET', `/api/wegwijzer?q=${encodeURIComponent('é 👍')}`)).status).toBe(200);
  });

  it('path parameters: bytes that are no UTF-8, or NUL → 400 naming params', async () => {
    for (const pad of ['/api/volg/%ED%A0%80', '/api/volg/%FF', '/api/volg/%00']) {
      const r = await h.req('GET', pad);
      expect(r.status, `${pad}: ${expectMsg(r)}`).toBe(400);
      expect(r.body.errors[0].path).toMatch(/^params/);
    }
  });

  it('staff routes too: an API token name with a line break, a beheer name with DEL', async () => {
    const t = await h.login(ACCOUNTS.beheerder);
    const token = await h.req('POST', '/api/auth/tokens', { token: t, body: { naam: 'koppeling\nX-Header: 1' } });
    expect(token.status, expectMsg(token)).toBe(400);
    expect(token.body.errors).toEqual([{ path: 'naam', message: expect.stringMatching(/één regel/) }]);
    const wsp = await h.req('POST', '/api/beheer/wsps', { token: t, body: { regioCode: 'AM01', naam: 'WSP\u007f' } });
    expect(wsp.status, expectMsg(wsp)).toBe(400);
    expect(wsp.body.errors).toEqual([{ path: 'naam', message: expect.stringMatching(/U\+007F/) }]);
  });
});
