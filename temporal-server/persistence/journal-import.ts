import { createReadStream, existsSync, renameSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { decodeRecord } from './json-codec';
import type { NamespaceRow, StoreBatch, TemporalStore } from './store';
import { DEFAULT_RETENTION_MS } from './store';
import type { RunSnapshot } from '../state/snapshot';
import { rowOf } from '../state/snapshot';
import type { SaType } from '../state/search-attributes';
import { countFramedEvents } from '../history/history-log';

/** The records of the JSONL journal written before the store existed (one line each). */
type LegacyRecord =
  | { k: 'ns'; name: string; id: string }
  | { k: 'sa'; ns: string; custom: Record<string, SaType> }
  | { k: 'run'; id: string; h?: Buffer; s: RunSnapshot };

export interface ImportResult {
  runs: number;
  /** Where the journal was moved to; it is kept as a backup. */
  backup: string;
}

const BATCH_RUNS = 200;

/**
 * Moves a legacy journal into the store once: streamed line by line (a journal can be larger than
 * the biggest string V8 makes), one record per run kept (its history chunks joined, its last state),
 * written in batches, and then renamed to `<file>.imported-<time>.bak`. Writing the same run twice
 * is harmless, so a crash midway simply imports again at the next start.
 */
export async function importLegacyJournal(path: string, store: TemporalStore, backupOf: string, now: Date): Promise<ImportResult | undefined> {
  if (!existsSync(path)) return undefined;
  const namespaces = new Map<string, NamespaceRow>();
  const registries = new Map<string, Record<string, SaType>>();
  const runs = new Map<string, { chunks: Buffer[]; s: RunSnapshot }>();
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line === '') continue;
    let r: LegacyRecord;
    try {
      r = decodeRecord<LegacyRecord>(line);
    } catch {
      // A torn last line is what a crash leaves; anything else is reported, and the rest still imported.
      process.emitWarning(`${path}: line ${lineNo} is not valid JSON; skipped`);
      continue;
    }
    if (r.k === 'ns') namespaces.set(r.name, { name: r.name, id: r.id, retentionMs: DEFAULT_RETENTION_MS });
    else if (r.k === 'sa') registries.set(r.ns, r.custom);
    else if (r.k === 'run') {
      let e = runs.get(r.id);
      if (!e) runs.set(r.id, (e = { chunks: [], s: r.s }));
      if (r.h && r.h.length) e.chunks.push(r.h);
      e.s = r.s;
    }
  }
  const first: StoreBatch = {
    namespaces: [...namespaces.values()],
    searchAttributes: [...registries].map(([ns, custom]) => ({ ns, custom })),
    runs: [],
    history: [],
  };
  let batch = first;
  for (const [runId, { chunks, s }] of runs) {
    const data = Buffer.concat(chunks);
    batch.runs.push(rowOf(s, countFramedEvents(data), data.length));
    if (data.length > 0) batch.history.push({ runId, firstEventId: 1, data });
    if (batch.runs.length >= BATCH_RUNS) {
      await store.write(batch);
      batch = { namespaces: [], searchAttributes: [], runs: [], history: [] };
    }
  }
  await store.write(batch);
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const backup = `${backupOf}.imported-${stamp}.bak`;
  renameSync(path, backup);
  return { runs: runs.size, backup };
}
