/** Small helpers shared by benchmark scenario modules: stats, bounded concurrency, table output. */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import os from 'node:os';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Asks a bench child (bench/server-child.ts) over IPC and resolves with its answer. */
export function askerOf(child: ChildProcess): <T>(type: 'mem' | 'cpu') => Promise<T> {
  let nextId = 1;
  return <T>(type: 'mem' | 'cpu') =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      const onMsg = (m: { id?: number }) => {
        if (m?.id === id) {
          child.off('message', onMsg);
          resolve(m as T);
        }
      };
      child.on('message', onMsg);
      child.send({ type, id });
    });
}

export interface Row {
  scenario: string;
  metric: string;
  subject: string;
  baseline: string;
  ratio?: number;
  target?: string;
  pass?: boolean;
  notes?: string;
}

export interface ScenarioContext {
  /** Extra facts a scenario wants in the machine section (e.g. server pinning). */
  facts: Record<string, unknown>;
  log(msg: string): void;
}

export interface Scenario {
  name: string;
  title: string;
  run(ctx: ScenarioContext): Promise<Row[]>;
}

/** A module of scenarios with a shared setup (e.g. one server for all Temporal scenarios). */
export interface ScenarioModule {
  name: string;
  setup?(ctx: ScenarioContext): Promise<void>;
  scenarios: Scenario[];
  teardown?(): Promise<void>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export function latencyStats(latenciesMs: number[]): { p50: number; p99: number; mean: number; n: number } {
  const s = [...latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length), n: s.length };
}

/** Runs `count` calls of `fn` with at most `concurrency` in flight; returns wall time and per-call latencies. */
export async function runConcurrently(count: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<{ elapsedMs: number; latenciesMs: number[]; perSecond: number }> {
  const latenciesMs: number[] = new Array(count);
  let next = 0;
  const t0 = performance.now();
  async function lane() {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const s = performance.now();
      await fn(i);
      latenciesMs[i] = performance.now() - s;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const elapsedMs = performance.now() - t0;
  return { elapsedMs, latenciesMs, perSecond: (count / elapsedMs) * 1000 };
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(n));

export function machineFacts(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model,
    cpuCount: cpus.length,
    cpuMHz: cpus[0]?.speed,
    totalMemGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

export function printTable(rows: Row[]): void {
  const headers = ['scenario', 'metric', 'subject', 'baseline', 'ratio', 'target', 'ok'];
  const data = rows.map((r) => [
    r.scenario,
    r.metric,
    r.subject,
    r.baseline,
    r.ratio === undefined ? '' : fmt(r.ratio, 2),
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...data.map((d) => d[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(line(headers));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const d of data) console.log(line(d));
  const notes = rows.filter((r) => r.notes);
  if (notes.length) {
    console.log('');
    for (const r of notes) console.log(`- ${r.scenario} / ${r.metric}: ${r.notes}`);
  }
}
