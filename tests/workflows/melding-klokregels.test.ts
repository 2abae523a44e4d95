// A change of a clock rule is a new version of the rules (domain/melding/klokken.ts) behind a patch per
// version (workflows/melding.ts KLOKREGEL_PATCHES). Shown with a copy of today's code in which the WSP's
// reply term goes from 2 to 3 werkdagen: the committed histories replay with it, an open melding keeps its
// deadline and goes on, and a clock created afterwards gets the new term.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doorsturenNaarWspUpdate, intakeVastleggenUpdate, regioBevestigenUpdate, wspContactGemeldUpdate } from '../../workflows/melding.messages';
import { getWorkflowBundle, REPO_ROOT } from '../helpers/temporal';
import { regioActor, teamActor } from './actors';
import { createHarness, FIXTURE_GEHEIM, HISTORY_DIR, historyUitJson, type Harness } from './harness';
import { FAILURE_CONVERTER_PATH, werkrouteDataConverter, werkroutePayloadCodec } from '../../security/payload-codec';

/** Today's workflow and domain code with version 2 of the clock rules: WSP reply within 3 werkdagen. */
function codeMetRegelsV2(): string {
  // Inside the repository, so the copy resolves @temporalio/workflow like the original.
  const dir = mkdtempSync(path.join(REPO_ROOT, '.tmp-klokregels-'));
  for (const d of ['workflows', 'domain']) cpSync(path.join(REPO_ROOT, d), path.join(dir, d), { recursive: true });
  const klokken = path.join(dir, 'domain/melding/klokken.ts');
  const k = readFileSync(klokken, 'utf8');
  const v1 = / {2}1: \{\n([\s\S]*?)\n {2}\},\n\};/.exec(k)!;
  const v2 = v1[1]!.replace("wsp_reactie: { eigenaarRol: 'wsp', termijn: { soort: 'werkdagen', aantal: 2 } }", "wsp_reactie: { eigenaarRol: 'wsp', termijn: { soort: 'werkdagen', aantal: 3 } }");
  expect(v2).not.toBe(v1[1]);
  writeFileSync(
    klokken,
    k
      .replace(v1[0], `  1: {\n${v1[1]}\n  },\n  2: {\n${v2}\n  },\n};`)
      .replace('export type KlokRegelVersie = 1;', 'export type KlokRegelVersie = 1 | 2;')
      .replace('export const HUIDIGE_KLOKREGELS: KlokRegelVersie = 1;', 'export const HUIDIGE_KLOKREGELS: KlokRegelVersie = 2;'),
  );
  const wfPad = path.join(dir, 'workflows/melding-versies.ts');
  const wf = readFileSync(wfPad, 'utf8');
  const nieuw = wf.replace('KLOKREGEL_PATCHES: Readonly<Partial<Record<KlokRegelVersie, string>>> = {};', "KLOKREGEL_PATCHES: Readonly<Partial<Record<KlokRegelVersie, string>>> = { 2: 'werkroute-klokregels-v2' };");
  expect(nieuw).not.toBe(wf);
  writeFileSync(wfPad, nieuw);
  return dir;
}

let h: Harness;
let kopie: string;
beforeAll(async () => {
  kopie = codeMetRegelsV2();
  h = await createHarness('klokregels');
});
afterAll(async () => {
  await h?.teardown();
  if (kopie) rmSync(kopie, { recursive: true, force: true });
});

const wspDeadline = (v: { klokken: { soort: string; deadlineIso: string }[] }) => v.klokken.find((k) => k.soort === 'wsp_reactie')?.deadlineIso;

async function totBijWsp(id: string) {
  const wf = await h.start(id, 'vraag');
  await h.wachtOp(wf, (s) => s.toegewezenAan === h.p.team1, 'toegewezen');
  await wf.executeUpdate(intakeVastleggenUpdate, { args: [{ actor: teamActor(h.p.team1), besluit: { routeer: [{ regioCode: 'AM01' }] } }] });
  await wf.executeUpdate(regioBevestigenUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
  const v = await wf.executeUpdate(doorsturenNaarWspUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
  return { wf, v };
}

describe('a clock rule changes: version 2 of the rules', () => {
  it('replays every committed history with the new rules in the code', async () => {
    const bestanden = readdirSync(HISTORY_DIR).filter((f) => f.endsWith('.json'));
    const histories = bestanden.map((f) => ({ workflowId: f, history: historyUitJson(readFileSync(path.join(HISTORY_DIR, f), 'utf8')) }));
    const fouten: string[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: await getWorkflowBundle(path.join(kopie, 'workflows/index.ts'), { failureConverterPath: FAILURE_CONVERTER_PATH }), replayName: 'klokregels-v2', dataConverter: werkrouteDataConverter(werkroutePayloadCodec(FIXTURE_GEHEIM)) }, histories)) {
      if (r.error) fouten.push(`${r.workflowId}: ${String(r.error)}`);
    }
    expect(histories.length).toBeGreaterThan(10);
    expect(fouten).toEqual([]);
  });

  it('an open melding keeps its deadline and goes on under the new code; a clock created afterwards gets the new term', async () => {
    await h.naar('2027-01-18', 10); // Monday
    await h.startWorker();
    const oud = await totBijWsp(await h.nieuweMelding());
    expect(wspDeadline(oud.v)).toBe('2027-01-20T17:00:00+01:00'); // within 2 werkdagen
    await h.rustig(oud.wf);

    // The deploy: the worker now runs the code with version 2.
    await h.stopWorker();
    await h.startWorker({ workflowsPath: path.join(kopie, 'workflows/index.ts') });
    expect(wspDeadline(await h.status(oud.wf))).toBe('2027-01-20T17:00:00+01:00');
    const verder = await oud.wf.executeUpdate(wspContactGemeldUpdate, { args: [{ actor: regioActor(h.p.am01Primair, 'AM01'), regioCode: 'AM01' }] });
    expect(verder.klokken.find((k) => k.soort === 'wsp_reactie')).toMatchObject({ deadlineIso: '2027-01-20T17:00:00+01:00', regelVersie: 1 });

    const nieuw = await totBijWsp(await h.nieuweMelding());
    expect(wspDeadline(nieuw.v)).toBe('2027-01-21T17:00:00+01:00'); // within 3 werkdagen
    expect(nieuw.v.klokken.find((k) => k.soort === 'wsp_reactie')).toMatchObject({ regelVersie: 2 });
    // Each clock records the version it was made under.
    expect(nieuw.v.klokken.find((k) => k.soort === 'intake')).toMatchObject({ regelVersie: 2 });
    expect(verder.klokken.find((k) => k.soort === 'intake')).toMatchObject({ regelVersie: 1 });
    await h.rustig(nieuw.wf);
    await h.stopWorker();
  });
});
