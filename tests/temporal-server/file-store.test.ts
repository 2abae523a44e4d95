/**
 * The --db-filename store on its own: what a power loss or a damaged disk leaves behind, compaction
 * while running, retention, and the move from the earlier journal format.
 */
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileStore } from '../../temporal-server/persistence';
import type { RunRow, StoreBatch } from '../../temporal-server/persistence';
import { startTemporalServer } from '../../temporal-server';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'werkroute-file-store-'));
let n = 0;
const fresh = () => path.join(root, `s${n++}`, 'dev.db');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A history node of `count` fake framed events (tag byte, length 1, one payload byte). */
function events(count: number): Buffer {
  return Buffer.from(Array.from({ length: count }, () => [0x0a, 0x01, 0x00]).flat());
}

function row(runId: string, over: Partial<RunRow> = {}): RunRow {
  return { runId, ns: 'default', workflowId: `wf-${runId}`, status: 'RUNNING', startTime: 1_000, closeTime: null, historyCount: 0, historyBytes: 0, state: JSON.stringify({ runId, ns: 'default', workflowId: `wf-${runId}`, status: 'RUNNING', startTime: 1_000 }), ...over };
}

function batch(runs: RunRow[], history: StoreBatch['history'] = []): StoreBatch {
  return { namespaces: [{ name: 'default', id: 'ns-1', retentionMs: 86_400_000 }], searchAttributes: [], runs, history };
}

async function openIds(file: string, warnings: string[] = []): Promise<string[]> {
  const store = openFileStore(file, { warn: (m) => warnings.push(m) });
  const ids: string[] = [];
  for await (const r of (await store.loadForStart()).openRuns) ids.push(r.row.runId);
  await store.close();
  return ids.sort();
}

describe('file store', () => {
  it('keeps every acknowledged batch and cuts a torn last write', async () => {
    const file = fresh();
    const store = openFileStore(file);
    await store.write(batch([row('a')], [{ runId: 'a', firstEventId: 1, data: events(3) }]));
    await store.write(batch([row('b')], [{ runId: 'b', firstEventId: 1, data: events(2) }]));
    await store.close();
    const good = statSync(file).size;
    // A batch whose commit record never reached the disk: the power went mid-write.
    appendFileSync(file, readFileSync(file).subarray(0, 200));
    const warnings: string[] = [];
    expect(await openIds(file, warnings)).toEqual(['a', 'b']);
    expect(warnings.join('\n')).toMatch(/cut \d+ byte\(s\) of a write that did not complete/);
    expect(statSync(file).size).toBe(good);
  });

  it('drops a batch that lost its commit record, state and history together', async () => {
    const file = fresh();
    const store = openFileStore(file);
    await store.write(batch([row('a')], [{ runId: 'a', firstEventId: 1, data: events(1) }]));
    const before = statSync(file).size;
    await store.write(batch([row('a', { historyCount: 2 })], [{ runId: 'a', firstEventId: 2, data: events(1) }]));
    await store.close();
    truncateSync(file, statSync(file).size - 5);
    const again = openFileStore(file, { warn: () => {} });
    const [run] = await runsOf(again, 'wf-a');
    expect(run!.row.historyCount).toBe(0);
    expect(run!.history!.length).toBe(3);
    await again.close();
    expect(statSync(file).size).toBe(before);
  });

  it('skips a garbled record in the middle with a warning and keeps what follows', async () => {
    const file = fresh();
    const store = openFileStore(file);
    await store.write(batch([row('a')], [{ runId: 'a', firstEventId: 1, data: events(1) }]));
    await store.write(batch([row('b')], [{ runId: 'b', firstEventId: 1, data: events(1) }]));
    await store.write(batch([row('c')], [{ runId: 'c', firstEventId: 1, data: events(1) }]));
    await store.close();
    const bytes = readFileSync(file);
    const lines = bytes.toString('latin1').split('\n');
    const target = lines.findIndex((l) => l.includes('"runId":"b"'));
    lines[target] = lines[target]!.replace('"wf-b"', '"wf-X"'); // checksum no longer matches
    writeFileSync(file, Buffer.from(lines.join('\n'), 'latin1'));
    const warnings: string[] = [];
    const ids = await openIds(file, warnings);
    expect(ids).toContain('a');
    expect(ids).toContain('c');
    expect(ids).not.toContain('b');
    expect(warnings.join('\n')).toMatch(/damaged record at byte \d+ was skipped/);
  });

  it('compacts while running: only live records stay, and they read back the same', async () => {
    const file = fresh();
    const store = openFileStore(file, { compactMinBytes: 4_096, compactRatio: 2 });
    await store.write(batch([row('keep')], [{ runId: 'keep', firstEventId: 1, data: events(2) }]));
    for (let i = 0; i < 200; i++) await store.write(batch([row('busy', { historyCount: i })]));
    const size = statSync(file).size;
    expect(size).toBeLessThan(20_000); // 200 states of ~300 bytes each would be ~60 kB without compaction
    const [keep] = await runsOf(store, 'wf-keep');
    expect(keep!.history!.equals(events(2))).toBe(true);
    const [busy] = await runsOf(store, 'wf-busy');
    expect(busy!.row.historyCount).toBe(199);
    await store.close();
    expect(await openIds(file)).toEqual(['busy', 'keep']);
  });

  it('retention deletes closed runs past the cutoff, and a restart does not bring them back', async () => {
    const file = fresh();
    const store = openFileStore(file);
    await store.write(batch([row('old', { status: 'COMPLETED', closeTime: 5_000 }), row('new', { status: 'COMPLETED', closeTime: 50_000 }), row('open')]));
    expect(await store.deleteClosedBefore('default', 10_000)).toEqual(['old']);
    await store.close();
    const again = openFileStore(file);
    expect((await again.closedRuns('default')).map((r) => r.runId)).toEqual(['new']);
    expect(await runsOf(again, 'wf-old')).toEqual([]);
    await again.close();
  });

  it('a --db-filename of the earlier journal format is imported into the new file at start', async () => {
    const file = fresh();
    const dir = path.dirname(file);
    await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }));
    copyFileSync(path.join(here, 'fixtures/legacy-journal.jsonl'), file);
    const server = await startTemporalServer({ port: 0, dbFilename: file });
    try {
      expect(server.imported?.runs).toBe(2);
      expect(server.stats().openRuns).toBe(1);
      expect(readdirSync(dir).some((f) => /^dev\.db\.imported-\d{8}T\d{6}\.bak$/.test(f))).toBe(true);
      expect(existsSync(`${file}.legacy-import`)).toBe(false);
    } finally {
      await server.stop();
    }
    expect(readFileSync(file, 'latin1').slice(0, 9)).toMatch(/^[0-9a-f]{8} $/);
  });
});

async function runsOf(store: ReturnType<typeof openFileStore>, workflowId: string) {
  return store.runsOfWorkflow('default', workflowId);
}
