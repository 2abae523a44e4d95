// Workflow code stays deterministic: it bundles for the Temporal sandbox, and a Node built-in imported from
// workflows/ is refused both by lint and by the bundler. Also replays the committed histories of earlier
// code versions (tests/workflows/histories/) with the current code: a route change must not break them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker';
import { FAILURE_CONVERTER_PATH, werkrouteDataConverter, werkroutePayloadCodec } from '../../security/payload-codec';
import { getWorkflowBundle, REPO_ROOT } from '../helpers/temporal';
import { FIXTURE_GEHEIM, HISTORY_DIR, historyUitJson } from './harness';

describe('workflow bundle and lint', () => {
  it('bundles workflows/index.ts for the sandbox', async () => {
    const { code } = await getWorkflowBundle(WORKFLOWS_PATH);
    expect(code).toContain('meldingWorkflow');
  });

  it('lint rejects a Node built-in or the Temporal client imported from workflow code', async () => {
    const eslint = new ESLint({ cwd: REPO_ROOT });
    const [fs] = await eslint.lintText("import { readFileSync } from 'node:fs';\nexport const lees = () => readFileSync('x');\n", {
      filePath: path.join(REPO_ROOT, 'workflows/slecht-voorbeeld.ts'),
    });
    expect(fs?.messages.map((m) => m.ruleId)).toContain('@typescript-eslint/no-restricted-imports');
    const [client] = await eslint.lintText("import { Client } from '@temporalio/client';\nexport const c = Client;\n", {
      filePath: path.join(REPO_ROOT, 'workflows/slecht-voorbeeld.ts'),
    });
    expect(client?.messages.map((m) => m.ruleId)).toContain('@typescript-eslint/no-restricted-imports');
    const [goed] = await eslint.lintText("import type { MeldingActivities } from '../activities/melding';\nexport type A = MeldingActivities;\n", {
      filePath: path.join(REPO_ROOT, 'workflows/goed-voorbeeld.ts'),
    });
    expect(goed?.messages).toEqual([]);
  });

  it('the bundler refuses a workflow that imports node:fs', async () => {
    // Inside the repo, so @temporalio/workflow resolves and node:fs is the only thing wrong.
    const dir = mkdtempSync(path.join(REPO_ROOT, 'tests/workflows/.slecht-'));
    try {
      const file = path.join(dir, 'index.ts');
      writeFileSync(file, "import { readFileSync } from 'node:fs';\nexport async function slechtWorkflow() { return readFileSync('/etc/hostname', 'utf8'); }\n");
      const gelogd: string[] = [];
      const logger = new DefaultLogger('WARN', (e) => gelogd.push(`${e.message} ${JSON.stringify(e.meta ?? {})}`));
      await expect(bundleWorkflowCode({ workflowsPath: file, logger })).rejects.toThrow(/Webpack finished with errors/);
      expect(gelogd.join('\n')).toContain('node:fs');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('replays every committed history with the current code', async () => {
    const bestanden = readdirSync(HISTORY_DIR).filter((f) => f.endsWith('.json'));
    expect(bestanden.length).toBeGreaterThan(0);
    const histories = bestanden.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyUitJson(readFileSync(path.join(HISTORY_DIR, f), 'utf8')) }));
    const fouten: string[] = [];
    const bundle = await getWorkflowBundle(WORKFLOWS_PATH, { failureConverterPath: FAILURE_CONVERTER_PATH });
    // With the app's data converter: fixtures recorded before the payload codec have plain payloads, which pass
    // through it unchanged (security/payload-codec.ts); later ones are encrypted under FIXTURE_GEHEIM.
    const dataConverter = werkrouteDataConverter(werkroutePayloadCodec(FIXTURE_GEHEIM));
    for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'werkroute-fixtures', dataConverter }, histories)) {
      if (r.error) fouten.push(`${r.workflowId}: ${String(r.error)}`);
    }
    expect(fouten).toEqual([]);
  });
});
