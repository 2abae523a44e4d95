import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, writeSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryJournal, openJournal, type Journal } from '../../temporal-server/persistence';

const dir = mkdtempSync(join(tmpdir(), 'journal-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `j${n++}`, 'nested', 'state.jsonl');

interface Rec {
  kind: string;
  data?: unknown;
}

const sample: Rec[] = [
  { kind: 'start', data: { payload: { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"hi"') } } },
  { kind: 'bytes', data: [new Uint8Array([0, 1, 255]), Buffer.alloc(0)] },
  { kind: 'plain', data: { n: 1.5, s: 'ünïcødé ✓', b: false, nil: null, arr: [1, 'x'] } },
];

describe.each<[string, () => Journal<Rec>]>([
  ['file', () => openJournal<Rec>(freshPath())],
  ['memory', () => memoryJournal<Rec>()],
])('%s journal', (_name, make) => {
  it('round-trips records, reviving byte arrays as Buffers', () => {
    const j = make();
    for (const r of sample) j.append(r);
    const back = j.readAll();
    expect(back).toHaveLength(3);
    const payload = (back[0]!.data as any).payload;
    expect(Buffer.isBuffer(payload.data)).toBe(true);
    expect(payload.data.toString()).toBe('"hi"');
    expect(payload.metadata.encoding.toString()).toBe('json/plain');
    const [u8, empty] = back[1]!.data as Buffer[];
    expect(Buffer.isBuffer(u8)).toBe(true);
    expect([...u8!]).toEqual([0, 1, 255]);
    expect(empty!.length).toBe(0);
    expect(back[2]).toEqual(sample[2]);
    j.close();
  });

  it('returns copies, not the appended objects', () => {
    const j = make();
    const r: Rec = { kind: 'x', data: { v: 1 } };
    j.append(r);
    (r.data as any).v = 2;
    expect(j.readAll()[0]!.data).toEqual({ v: 1 });
    j.close();
  });

  it('rewrite replaces everything and later appends follow it', () => {
    const j = make();
    for (let i = 0; i < 10; i++) j.append({ kind: `old${i}` });
    j.rewrite([{ kind: 'snapshot' }]);
    j.append({ kind: 'after' });
    expect(j.readAll().map((r) => r.kind)).toEqual(['snapshot', 'after']);
    j.close();
  });

  it('refuses use after close', () => {
    const j = make();
    j.close();
    expect(() => j.append({ kind: 'late' })).toThrow(/closed/);
  });
});

describe('file journal on disk', () => {
  it('creates the file and its parent directories at open, even with no records', () => {
    const path = freshPath();
    const j = openJournal(path);
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).size).toBe(0);
    expect(j.readAll()).toEqual([]);
    j.close();
  });

  it('reopens an existing journal and keeps appending to it', () => {
    const path = freshPath();
    const a = openJournal<Rec>(path);
    a.append({ kind: 'one' });
    a.close();
    const b = openJournal<Rec>(path);
    b.append({ kind: 'two' });
    expect(b.readAll().map((r) => r.kind)).toEqual(['one', 'two']);
    b.close();
  });

  it('drops a torn last line, truncates the file there, and appends cleanly after it', () => {
    const path = freshPath();
    const j = openJournal<Rec>(path);
    j.append({ kind: 'ok1' });
    j.append({ kind: 'ok2' });
    const goodSize = statSync(path).size;
    appendFileSync(path, '{"kind":"tor');
    expect(j.readAll().map((r) => r.kind)).toEqual(['ok1', 'ok2']);
    expect(statSync(path).size).toBe(goodSize);
    j.append({ kind: 'ok3' });
    j.close();
    expect(openJournal<Rec>(path).readAll().map((r) => r.kind)).toEqual(['ok1', 'ok2', 'ok3']);
  });

  it('reports a corrupt complete line instead of silently skipping it', () => {
    const path = freshPath();
    const j = openJournal<Rec>(path);
    j.append({ kind: 'ok' });
    appendFileSync(path, 'garbage\n');
    j.append({ kind: 'later' });
    expect(() => j.readAll()).toThrow(/line 2 is not valid JSON/);
    j.close();
  });

  it('leaves no temp file after rewrite', () => {
    const path = freshPath();
    const j = openJournal<Rec>(path);
    j.rewrite([{ kind: 'a' }, { kind: 'b' }]);
    expect(readdirSync(join(path, '..'))).toEqual(['state.jsonl']);
    expect(readFileSync(path, 'utf8')).toBe('{"kind":"a"}\n{"kind":"b"}\n');
    j.close();
  });

  it('keeps every appended record when the process is killed with SIGKILL', () => {
    const path = freshPath();
    const root = resolve(import.meta.dirname, '../..');
    const script = join(dir, 'killer.ts');
    writeFileSync(
      script,
      `import { openJournal } from ${JSON.stringify(join(root, 'temporal-server/persistence'))};
const j = openJournal(${JSON.stringify(path)});
for (let i = 0; i < 500; i++) j.append({ kind: 'k' + i, data: Buffer.from([i & 255]) });
process.kill(process.pid, 'SIGKILL');
`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBe('SIGKILL');
    const recs = openJournal<Rec>(path).readAll();
    expect(recs).toHaveLength(500);
    expect(recs[499]).toEqual({ kind: 'k499', data: Buffer.from([499 & 255]) });
  });

  it('appends 100k small records at close to the cost of the raw write(2) calls', () => {
    const path = freshPath();
    const j = openJournal<Rec>(path);
    const count = 100_000;
    const record = (i: number): Rec => ({ kind: 'timer-fired', data: { id: i, token: Buffer.from([i & 255, 7]) } });
    const t0 = performance.now();
    for (let i = 0; i < count; i++) j.append(record(i));
    const appendMs = performance.now() - t0;
    const t1 = performance.now();
    const back = j.readAll();
    const readMs = performance.now() - t1;
    expect(back).toHaveLength(count);
    expect(Buffer.isBuffer((back[count - 1]!.data as any).token)).toBe(true);
    // Baseline at the same moment: the same number of one-line writes with no encoding. Keeps the
    // test meaningful on a busy CI disk while still catching an fsync or an open per append.
    const rawPath = freshPath();
    mkdirSync(join(rawPath, '..'), { recursive: true });
    const raw = openSync(rawPath, 'a');
    const line = `${JSON.stringify({ kind: 'timer-fired', data: { id: 1, token: { $b64: 'AQc=' } } })}\n`;
    const b0 = performance.now();
    for (let i = 0; i < count; i++) writeSync(raw, line);
    const baselineMs = performance.now() - b0;
    closeSync(raw);
    // Loose on purpose (speed belongs to the bench): an fsync or an open per append costs 100× or more.
    expect(appendMs).toBeLessThan(Math.max(3_000, 10 * baselineMs));
    console.info(
      `[journal] 100k appends in ${appendMs.toFixed(0)} ms (${Math.round(count / (appendMs / 1000))}/s; raw writes ${baselineMs.toFixed(0)} ms), readAll ${readMs.toFixed(0)} ms`,
    );
    j.close();
  });
});
