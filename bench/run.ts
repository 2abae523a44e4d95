/**
 * `npm run bench [-- <module>[:<scenario>] ...]`: runs named benchmark modules (all by default),
 * prints one table, and writes bench/results/latest.json (not committed; paste figures into
 * the README). Add a module by registering it in `modules` below.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machineFacts, printTable, type Row, type ScenarioContext, type ScenarioModule } from './lib';

const modules: Record<string, () => Promise<ScenarioModule>> = {
  temporal: async () => (await import('./temporal')).temporalBenchmarks,
  api: async () => (await import('./api')).apiBenchmarks,
  store: async () => (await import('./store')).storeBenchmarks,
};

const here = path.dirname(fileURLToPath(import.meta.url));
const selectors = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const wanted = (mod: string, scenario?: string) =>
  selectors.length === 0 || selectors.some((s) => s === mod || (scenario !== undefined && s === `${mod}:${scenario}`));

const facts: Record<string, unknown> = { ...machineFacts() };
try {
  facts.commit = execSync('git rev-parse --short HEAD', { cwd: here }).toString().trim();
} catch {
  // not a git checkout
}
const ctx: ScenarioContext = { facts, log: (m) => console.log(`  · ${m}`) };
const rows: Row[] = [];
const failures: string[] = [];
const t0 = performance.now();

for (const [name, load] of Object.entries(modules)) {
  const mod = await load();
  const scenarios = mod.scenarios.filter((s) => wanted(name, s.name));
  if (scenarios.length === 0) continue;
  console.log(`# ${name}`);
  try {
    await mod.setup?.(ctx);
    for (const s of scenarios) {
      console.log(`- ${s.name}: ${s.title}`);
      try {
        rows.push(...(await s.run(ctx)));
      } catch (err) {
        failures.push(`${name}:${s.name}: ${(err as Error).stack ?? err}`);
        console.error(`  ! ${name}:${s.name} failed: ${(err as Error).message}`);
      }
    }
  } catch (err) {
    failures.push(`${name} setup: ${(err as Error).stack ?? err}`);
    console.error(`  ! ${name} setup failed: ${(err as Error).message}`);
  } finally {
    await mod.teardown?.().catch(() => undefined);
  }
}

console.log('');
console.log('## Machine');
for (const [k, v] of Object.entries(facts)) console.log(`- ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
console.log('');
printTable(rows);
console.log(`\nbench wall time: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(
  path.join(here, 'results', 'latest.json'),
  JSON.stringify({ date: new Date().toISOString(), machine: facts, rows, failures }, null, 2) + '\n',
);
if (failures.length) {
  console.error(`\n${failures.length} scenario(s) failed:\n${failures.join('\n')}`);
  process.exitCode = 1;
}
process.exit();
