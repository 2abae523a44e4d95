import { closeSync, fdatasync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { decodeRecord, encodeRecord } from './json-codec';
import type { NamespaceRow, RunRow, StartState, StoreBatch, StoredRun, TemporalStore } from './store';
import type { SaType } from '../state/search-attributes';
import { countFramedEvents } from '../history/history-log';

/**
 * The store of `bin/embedded-temporal server start-dev --db-filename FILE`: one append-only file,
 * one record per line as `<crc32 hex> <json>`. A batch is one write and one fdatasync before it is
 * acknowledged. Reading streams the file in chunks (it may be far larger than a string can be);
 * a torn or garbled tail is cut off, a bad record with good ones after it is skipped with a warning.
 * Memory keeps an index (where each run's latest state and history nodes are), not the records;
 * the file is rewritten with only live records once dead ones make up most of it.
 */
type FileRecord =
  | { k: 'ns'; n: NamespaceRow }
  | { k: 'sa'; ns: string; custom: Record<string, SaType> }
  | { k: 'run'; r: RunRow }
  | { k: 'h'; id: string; f: number; d: Buffer }
  | { k: 'del'; id: string }
  /** Ends a batch: records after the last of these were never acknowledged. */
  | { k: 'c' };

/** Where a record sits in the file. */
interface Span {
  at: number;
  len: number;
}

/** A history node's place in the file and the id of its first event. */
interface NodeSpan extends Span {
  first: number;
}

interface RunEntry {
  ns: string;
  workflowId: string;
  startTime: number;
  closeTime: number | null;
  open: boolean;
  state: Span;
  history: NodeSpan[];
  /** Id of the event the next history node must start with. */
  next: number;
  /** A node is missing (a damaged record): the run is not loaded. */
  broken?: boolean;
}

export interface FileStoreOptions {
  /** Compact once the file is this many times its live size (default 2) … */
  compactRatio?: number;
  /** … and at least this large (default 16 MiB). */
  compactMinBytes?: number;
  /** Told about skipped or cut records (default: process warnings). */
  warn?: (message: string) => void;
}

const READ_CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

function frame(record: FileRecord): Buffer {
  const json = Buffer.from(encodeRecord(record), 'utf8');
  const head = Buffer.from(`${crc32(json).toString(16).padStart(8, '0')} `, 'latin1');
  return Buffer.concat([head, json, Buffer.from('\n')]);
}

/** The record of one line (without its newline), or undefined when its checksum or JSON is bad. */
function unframe(line: Buffer): FileRecord | undefined {
  if (line.length < 10 || line[8] !== 0x20) return undefined;
  const json = line.subarray(9);
  const sum = Number.parseInt(line.subarray(0, 8).toString('latin1'), 16);
  if (!Number.isFinite(sum) || crc32(json) !== sum) return undefined;
  try {
    return decodeRecord<FileRecord>(json.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Calls `onLine` for every line of the file, streamed in chunks; returns the offset after the last newline. */
function scanLines(fd: number, onLine: (line: Buffer, at: number) => void): number {
  let buf = Buffer.allocUnsafe(READ_CHUNK);
  let filled = 0;
  let base = 0;
  for (;;) {
    if (filled === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    const n = readSync(fd, buf, filled, buf.length - filled, base + filled);
    if (n === 0) return base;
    filled += n;
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE, start); nl !== -1 && nl < filled; nl = buf.indexOf(NEWLINE, start)) {
      onLine(buf.subarray(start, nl), base + start);
      start = nl + 1;
    }
    buf.copy(buf, 0, start, filled);
    filled -= start;
    base += start;
  }
}

class FileStore implements TemporalStore {
  readonly describe: string;
  private fd: number;
  private size = 0;
  private liveBytes = 0;
  private readonly namespaces = new Map<string, { row: NamespaceRow; span: Span }>();
  private readonly registries = new Map<string, { custom: Record<string, SaType>; span: Span }>();
  private readonly runs = new Map<string, RunEntry>();
  private readonly byWorkflow = new Map<string, string[]>();
  private readonly warn: (message: string) => void;
  private readonly compactRatio: number;
  private readonly compactMinBytes: number;
  private closed = false;

  constructor(private readonly path: string, opts: FileStoreOptions) {
    this.describe = `file ${path}`;
    this.warn = opts.warn ?? ((m) => process.emitWarning(m));
    this.compactRatio = opts.compactRatio ?? 2;
    this.compactMinBytes = opts.compactMinBytes ?? 16 * 1024 * 1024;
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a+');
    this.readIndex();
  }

  private readIndex(): void {
    let badAt: number | undefined;
    let skipped = 0;
    /** Records of the batch being read; applied at its commit record. */
    let batch: { rec: FileRecord; span: Span }[] = [];
    let committedEnd = 0;
    scanLines(this.fd, (line, at) => {
      const rec = unframe(line);
      if (!rec) {
        if (badAt === undefined) badAt = at;
        skipped++;
        return;
      }
      if (badAt !== undefined) {
        this.warn(`${this.path}: a damaged record at byte ${badAt} was skipped (${skipped} line(s)); later records are intact`);
        badAt = undefined;
        skipped = 0;
      }
      const span = { at, len: line.length + 1 };
      if (rec.k !== 'c') {
        batch.push({ rec, span });
        return;
      }
      for (const b of batch) this.index(b.rec, b.span);
      batch = [];
      committedEnd = at + span.len;
    });
    const total = fstatSync(this.fd).size;
    // A batch without its commit record was cut short (power loss) and never acknowledged.
    if (committedEnd < total) {
      this.warn(`${this.path}: cut ${total - committedEnd} byte(s) of a write that did not complete`);
      ftruncateSync(this.fd, committedEnd);
      fsyncSync(this.fd);
    }
    this.size = committedEnd;
    for (const [id, e] of this.runs) {
      if (!e.broken) continue;
      this.warn(`${this.path}: run ${id} has a gap in its history and was not loaded`);
      this.forgetRun(id);
    }
  }

  private index(rec: FileRecord, span: Span): void {
    this.liveBytes += span.len;
    if (rec.k === 'ns') {
      const old = this.namespaces.get(rec.n.name);
      if (old) this.liveBytes -= old.span.len;
      this.namespaces.set(rec.n.name, { row: rec.n, span });
    } else if (rec.k === 'sa') {
      const old = this.registries.get(rec.ns);
      if (old) this.liveBytes -= old.span.len;
      this.registries.set(rec.ns, { custom: rec.custom, span });
    } else if (rec.k === 'run') {
      const r = rec.r;
      let e = this.runs.get(r.runId);
      if (e) {
        this.liveBytes -= e.state.len;
        e.state = span;
      } else {
        e = { ns: r.ns, workflowId: r.workflowId, startTime: r.startTime, closeTime: r.closeTime, open: true, state: span, history: [], next: 1 };
        this.runs.set(r.runId, e);
        const key = `${r.ns}\u0000${r.workflowId}`;
        const list = this.byWorkflow.get(key);
        if (list) list.push(r.runId);
        else this.byWorkflow.set(key, [r.runId]);
      }
      e.closeTime = r.closeTime;
      e.open = r.status === 'RUNNING';
    } else if (rec.k === 'h') {
      const e = this.runs.get(rec.id);
      // Orphans (a deleted run's) and repeats (a batch written again after a failed sync) are dead.
      if (!e || rec.f < e.next) {
        this.liveBytes -= span.len;
        return;
      }
      if (rec.f > e.next) e.broken = true;
      e.history.push({ ...span, first: rec.f });
      e.next = rec.f + countFramedEvents(rec.d);
    } else if (rec.k === 'del') {
      this.liveBytes -= span.len;
      this.forgetRun(rec.id);
    }
  }

  private forgetRun(id: string): void {
    const e = this.runs.get(id);
    if (!e) return;
    this.liveBytes -= e.state.len + e.history.reduce((n, s) => n + s.len, 0);
    this.runs.delete(id);
    const key = `${e.ns}\u0000${e.workflowId}`;
    const list = this.byWorkflow.get(key)?.filter((r) => r !== id);
    if (list && list.length > 0) this.byWorkflow.set(key, list);
    else this.byWorkflow.delete(key);
  }

  private readAt(span: Span): FileRecord | undefined {
    const buf = Buffer.allocUnsafe(span.len);
    readSync(this.fd, buf, 0, span.len, span.at);
    return unframe(buf.subarray(0, span.len - 1));
  }

  private rowOf(e: RunEntry): RunRow {
    const rec = this.readAt(e.state);
    if (!rec || rec.k !== 'run') throw new Error(`${this.path}: record at byte ${e.state.at} is unreadable`);
    return rec.r;
  }

  private historyOfEntry(e: RunEntry, upTo = Infinity): Buffer {
    const parts: Buffer[] = [];
    for (const span of e.history) {
      if (span.first > upTo) break;
      const rec = this.readAt(span);
      if (rec?.k === 'h') parts.push(rec.d);
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  async loadForStart(): Promise<StartState> {
    const openIds = [...this.runs].filter(([, e]) => e.open).map(([id]) => id);
    return {
      namespaces: [...this.namespaces.values()].map((n) => n.row),
      searchAttributes: [...this.registries].map(([ns, r]) => ({ ns, custom: r.custom })),
      openRuns: this.openRuns(openIds),
    };
  }

  private async *openRuns(ids: string[]): AsyncIterable<StoredRun> {
    for (const id of ids) {
      const e = this.runs.get(id);
      if (e) yield { row: this.rowOf(e) };
    }
  }

  async write(batch: StoreBatch): Promise<void> {
    if (this.closed) throw new Error(`${this.path} is closed`);
    const records: FileRecord[] = [
      ...batch.namespaces.map((n): FileRecord => ({ k: 'ns', n })),
      ...batch.searchAttributes.map((a): FileRecord => ({ k: 'sa', ns: a.ns, custom: a.custom })),
      ...batch.runs.map((r): FileRecord => ({ k: 'run', r })),
      ...batch.history.map((h): FileRecord => ({ k: 'h', id: h.runId, f: h.firstEventId, d: h.data })),
    ];
    await this.append(records);
    if (this.size > this.compactMinBytes && this.size > this.liveBytes * this.compactRatio) this.compact();
  }

  private async append(records: FileRecord[]): Promise<void> {
    if (records.length === 0) return;
    records.push({ k: 'c' });
    const frames = records.map(frame);
    const data = Buffer.concat(frames);
    let at = this.size;
    writeSync(this.fd, data, 0, data.length, this.size);
    this.size += data.length;
    for (let i = 0; i < records.length; i++) {
      const rec = records[i]!;
      if (rec.k !== 'c') this.index(rec, { at, len: frames[i]!.length });
      at += frames[i]!.length;
    }
    const fd = this.fd;
    await new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
  }

  /** Rewrites the file with only live records (synchronously: nothing else touches it meanwhile). */
  compact(): void {
    const tmp = `${this.path}.compact.tmp`;
    const out = openSync(tmp, 'w');
    let pos = 0;
    const copy = (span: Span): Span => {
      const buf = Buffer.allocUnsafe(span.len);
      readSync(this.fd, buf, 0, span.len, span.at);
      writeSync(out, buf, 0, buf.length, pos);
      const moved = { at: pos, len: span.len };
      pos += span.len;
      return moved;
    };
    try {
      for (const n of this.namespaces.values()) n.span = copy(n.span);
      for (const r of this.registries.values()) r.span = copy(r.span);
      for (const e of this.runs.values()) {
        e.state = copy(e.state);
        e.history = e.history.map((h) => ({ ...copy(h), first: h.first }));
      }
      const commit = frame({ k: 'c' });
      writeSync(out, commit, 0, commit.length, pos);
      pos += commit.length;
      fsyncSync(out);
    } finally {
      closeSync(out);
    }
    renameSync(tmp, this.path);
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a+');
    const dir = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dir); // the rename itself must survive a power loss
    } finally {
      closeSync(dir);
    }
    this.size = pos;
    this.liveBytes = pos;
  }

  async runsOfWorkflow(ns: string, workflowId: string): Promise<StoredRun[]> {
    const ids = this.byWorkflow.get(`${ns}\u0000${workflowId}`) ?? [];
    return ids
      .map((id) => this.runs.get(id)!)
      .sort((a, b) => a.startTime - b.startTime)
      .map((e) => ({ row: this.rowOf(e), history: this.historyOfEntry(e) }));
  }

  async historyOf(runId: string, upToEventId: number): Promise<Buffer> {
    const e = this.runs.get(runId);
    return e ? this.historyOfEntry(e, upToEventId) : Buffer.alloc(0);
  }

  async closedRuns(ns: string): Promise<RunRow[]> {
    const out: RunRow[] = [];
    for (const e of this.runs.values()) if (e.ns === ns && !e.open) out.push(this.rowOf(e));
    return out;
  }

  async deleteClosedBefore(ns: string, cutoffMs: number): Promise<string[]> {
    const ids: string[] = [];
    for (const [id, e] of this.runs) if (e.ns === ns && !e.open && e.closeTime !== null && e.closeTime < cutoffMs) ids.push(id);
    await this.append(ids.map((id): FileRecord => ({ k: 'del', id })));
    return ids;
  }

  async isEmpty(): Promise<boolean> {
    return this.runs.size === 0 && this.namespaces.size === 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Whether the file holds records of the earlier JSONL journal (no checksum prefix). */
export function isLegacyJournal(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const b = Buffer.alloc(1);
    return readSync(fd, b, 0, 1, 0) === 1 && b[0] === 0x7b; // '{'
  } finally {
    closeSync(fd);
  }
}

export function openFileStore(path: string, opts: FileStoreOptions = {}): TemporalStore & { compact(): void } {
  return new FileStore(path, opts);
}
