// The API's signature over a step (security/stap-handtekening.ts) and the app secret it is keyed with
// (security/geheim.ts): what it covers, what it refuses, and where the secret comes from.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GEHEIM_BESTAND, GeheimFout, laadGeheim } from '../../security/geheim';
import { canoniekeJson, controleerStap, MAX_LEEFTIJD_MS, MAX_VOORSPRONG_MS, ondertekenStap, stapOndertekenaar, stapSleutel, type StapGegevens } from '../../security/stap-handtekening';

const sleutel = stapSleutel('het-geheim-van-deze-test-0123456789');
const stap: StapGegevens = {
  workflowId: 'melding-42',
  updateName: 'herToewijzen',
  updateId: 'u-1',
  input: { actor: { soort: 'medewerker', medewerkerId: '7', rol: 'team', regioCodes: ['AM01'] }, naarMedewerkerId: '8', reden: 'vakantie' },
};
const NU = 1_800_000_000_000;

describe('step signature', () => {
  it('a signed step checks out; the key is derived, not the secret itself', () => {
    const h = ondertekenStap(sleutel, stap, NU);
    expect(h).toMatchObject({ v: 1, op: NU, mac: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(controleerStap(sleutel, { ...stap, handtekening: h }, NU + 1_000)).toEqual({ geldig: true });
    expect(sleutel.equals(Buffer.from('het-geheim-van-deze-test-0123456789'))).toBe(false);
  });

  it('covers the actor, the rest of the input, the melding, the update name and id, and the moment', () => {
    const h = ondertekenStap(sleutel, stap, NU);
    const anders: StapGegevens[] = [
      { ...stap, input: { ...(stap.input as object), actor: { soort: 'medewerker', medewerkerId: '8', rol: 'team', regioCodes: ['AM01'] } } },
      { ...stap, input: { ...(stap.input as object), actor: { soort: 'medewerker', medewerkerId: '7', rol: 'beheerder', regioCodes: ['AM01'] } } },
      { ...stap, input: { ...(stap.input as object), naarMedewerkerId: '9' } },
      { ...stap, workflowId: 'melding-43' },
      { ...stap, updateName: 'intrekken' },
      { ...stap, updateId: 'u-2' },
    ];
    for (const g of anders) expect(controleerStap(sleutel, { ...g, handtekening: h }, NU)).toMatchObject({ geldig: false, reden: 'handtekening klopt niet bij deze stap' });
    expect(controleerStap(sleutel, { ...stap, handtekening: { ...h, op: NU + 1 } }, NU)).toMatchObject({ geldig: false });
    expect(controleerStap(stapSleutel('een-ander-geheim-0123456789abcdef'), { ...stap, handtekening: h }, NU)).toMatchObject({ geldig: false });
  });

  it('does not depend on key order or undefined members (a payload round trip keeps the signature valid)', () => {
    const h = ondertekenStap(sleutel, stap, NU);
    const rondreis = JSON.parse(JSON.stringify({ reden: 'vakantie', naarMedewerkerId: '8', extra: undefined, actor: { regioCodes: ['AM01'], rol: 'team', medewerkerId: '7', soort: 'medewerker' } }));
    expect(controleerStap(sleutel, { ...stap, input: rondreis, handtekening: h }, NU)).toEqual({ geldig: true });
    expect(canoniekeJson({ b: 1, a: [{ d: 2, c: undefined }, undefined] })).toBe('{"a":[{"d":2},null],"b":1}');
  });

  it('expires: usable for a while after signing, not before it (beyond the tolerated clock difference)', () => {
    const h = ondertekenStap(sleutel, stap, NU);
    expect(controleerStap(sleutel, { ...stap, handtekening: h }, NU + MAX_LEEFTIJD_MS)).toEqual({ geldig: true });
    expect(controleerStap(sleutel, { ...stap, handtekening: h }, NU + MAX_LEEFTIJD_MS + 1)).toEqual({ geldig: false, reden: 'handtekening is verlopen' });
    expect(controleerStap(sleutel, { ...stap, handtekening: h }, NU - MAX_VOORSPRONG_MS)).toEqual({ geldig: true });
    expect(controleerStap(sleutel, { ...stap, handtekening: h }, NU - MAX_VOORSPRONG_MS - 1)).toMatchObject({ geldig: false });
  });

  it('anything malformed, and a worker without a key, is simply invalid (no throw)', () => {
    for (const handtekening of [undefined, null, 'x', 1, {}, { v: 2, op: NU, mac: 'x' }, { v: 1, op: 'nu', mac: 'x' }, { v: 1, op: NU, mac: 5 }, { v: 1, op: NU, mac: '' }, { v: 1, op: Infinity, mac: 'x' }]) {
      expect(controleerStap(sleutel, { ...stap, handtekening }, NU).geldig).toBe(false);
    }
    expect(controleerStap(undefined, { ...stap, handtekening: ondertekenStap(sleutel, stap, NU) }, NU)).toEqual({ geldig: false, reden: 'de worker heeft geen sleutel om stappen te controleren' });
  });

  it('the client interceptor signs the first argument, gives the update an id, and replaces any signature sent along', async () => {
    const interceptor = stapOndertekenaar(sleutel);
    let gezien: any;
    const next = async (input: any) => {
      gezien = input;
      return { updateId: input.options.updateId, workflowRunId: 'r' } as any;
    };
    const input = { updateName: 'herToewijzen', args: [{ ...(stap.input as object), handtekening: { v: 1, op: 0, mac: 'vervalst' } }], workflowExecution: { workflowId: 'melding-42' }, headers: {}, options: {} };
    await interceptor.startUpdate!(input as any, next);
    const { handtekening, ...rest } = gezien.args[0];
    expect(rest).toEqual(stap.input);
    expect(gezien.options.updateId).toEqual(expect.any(String));
    expect(controleerStap(sleutel, { ...stap, updateId: gezien.options.updateId, handtekening })).toEqual({ geldig: true });
    await interceptor.startUpdate!({ ...input, options: { updateId: 'vast-id' } } as any, next);
    expect(gezien.options.updateId).toBe('vast-id');
    expect(controleerStap(sleutel, { ...stap, updateId: 'vast-id', handtekening: gezien.args[0].handtekening })).toEqual({ geldig: true });
  });
});

describe('the app secret', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-geheim-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('WERKROUTE_SECRET wins and writes nothing', () => {
    const d = tmp();
    expect(laadGeheim({ secret: 's'.repeat(32), dataDir: d })).toEqual({ geheim: 's'.repeat(32), bron: 'WERKROUTE_SECRET' });
    expect(fs.existsSync(path.join(d, GEHEIM_BESTAND))).toBe(false);
    expect(() => laadGeheim({ secret: 'kort', dataDir: d })).toThrow(GeheimFout);
  });

  it('otherwise DATA_DIR/werkroute-secret: made once with mode 0600 (also in a new directory), then read back', () => {
    const d = path.join(tmp(), 'nieuw');
    const eerst = laadGeheim({ dataDir: d });
    expect(eerst.bron).toBe('nieuw bestand');
    expect(eerst.geheim).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(path.join(d, GEHEIM_BESTAND)).mode & 0o777).toBe(0o600);
    expect(laadGeheim({ dataDir: d })).toEqual({ geheim: eerst.geheim, bron: 'bestand', bestand: path.join(d, GEHEIM_BESTAND) });
    // No temporary files left behind.
    expect(fs.readdirSync(d)).toEqual([GEHEIM_BESTAND]);
  });

  it('refuses a file others may read, or one without a usable secret', () => {
    const d = tmp();
    const f = path.join(d, GEHEIM_BESTAND);
    fs.writeFileSync(f, 'x'.repeat(40), { mode: 0o644 });
    fs.chmodSync(f, 0o644);
    expect(() => laadGeheim({ dataDir: d })).toThrow(/readable by other users \(mode 644\); run chmod 600/);
    fs.chmodSync(f, 0o600);
    expect(laadGeheim({ dataDir: d }).geheim).toBe('x'.repeat(40));
    fs.writeFileSync(f, 'kort\n');
    expect(() => laadGeheim({ dataDir: d })).toThrow(/holds no usable secret/);
  });

  it('processes starting at once agree on one secret', async () => {
    const d = tmp();
    const { spawn } = await import('node:child_process');
    const script = `import('${path.resolve('security/geheim.ts').replace(/\\/g, '/')}').then((m) => process.stdout.write(m.laadGeheim({ dataDir: process.argv[1] }).geheim))`;
    const tsx = path.resolve('node_modules/tsx/dist/loader.mjs');
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const c = spawn(process.execPath, ['--import', tsx, '-e', script, d], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        c.stdout.on('data', (b) => (out += b));
        c.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    const geheimen = await Promise.all([run(), run(), run(), run()]);
    expect(new Set(geheimen).size).toBe(1);
    expect(geheimen[0]).toBe(fs.readFileSync(path.join(d, GEHEIM_BESTAND), 'utf8').trim());
  });
});
