import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, ftruncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeRecord, encodeRecord } from './json-codec';

/** An append-only log of JSON records, one per line. */
export interface Journal<T> {
  /** Written synchronously: once this returns the record survives `kill -9` (not a power cut). */
  append(record: T): void;
  /** Every complete record; a torn last line from a crash is dropped and cut off the file. */
  readAll(): T[];
  /** Replaces the whole log atomically (compaction). */
  rewrite(records: T[]): void;
  close(): void;
}

const NEWLINE = 0x0a;

function decodeLines<T>(text: string, where: string): T[] {
  const records: T[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    try {
      records.push(decodeRecord<T>(line));
    } catch (error) {
      throw new Error(`${where}: line ${i + 1} is not valid JSON (${(error as Error).message})`);
    }
  }
  return records;
}

class FileJournal<T> implements Journal<T> {
  private fd: number | undefined;

  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    // Created right away: the dev server's --db-filename contract is that the file exists.
    this.fd = openSync(path, 'a+');
  }

  append(record: T): void {
    writeSync(this.openFd(), encodeRecord(record) + '\n');
  }

  readAll(): T[] {
    const fd = this.openFd();
    const bytes = readFileSync(this.path);
    const end = bytes.lastIndexOf(NEWLINE) + 1;
    // Each append is one write(2) of a whole line, so only the final line can be partial.
    if (end < bytes.length) ftruncateSync(fd, end);
    return decodeLines<T>(bytes.subarray(0, end).toString('utf8'), this.path);
  }

  rewrite(records: T[]): void {
    this.openFd();
    const tmp = `${this.path}.${process.pid}.tmp`;
    const out = openSync(tmp, 'w');
    try {
      let chunk = '';
      for (const r of records) {
        chunk += encodeRecord(r) + '\n';
        if (chunk.length > 1 << 20) {
          writeSync(out, chunk);
          chunk = '';
        }
      }
      if (chunk) writeSync(out, chunk);
      fsyncSync(out);
    } finally {
      closeSync(out);
    }
    renameSync(tmp, this.path);
    // The old descriptor points at the replaced inode; appends must go to the new file.
    closeSync(this.fd!);
    this.fd = openSync(this.path, 'a+');
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
    return this.fd;
  }
}

/** Same encoding as the file journal, so tests of callers see the same Buffer revival and copies. */
class MemoryJournal<T> implements Journal<T> {
  private lines: string[] = [];
  private closed = false;

  append(record: T): void {
    this.check();
    this.lines.push(encodeRecord(record));
  }

  readAll(): T[] {
    this.check();
    return this.lines.map((l) => decodeRecord<T>(l));
  }

  rewrite(records: T[]): void {
    this.check();
    this.lines = records.map((r) => encodeRecord(r));
  }

  close(): void {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) throw new Error('journal is closed');
  }
}

export function openJournal<T>(path: string): Journal<T> {
  return new FileJournal<T>(path);
}

export function memoryJournal<T>(): Journal<T> {
  return new MemoryJournal<T>();
}
