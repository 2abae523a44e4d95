import type { Engine } from '../state/engine';
import type { WorkflowServiceMethods } from '../proto/wire';
import { STATUS_NAME, type Run } from '../state/run';
import { jsonPayload } from '../proto/codec';
import { executionInfo } from './describe';

/** Filters runs of a namespace; returns the predicate, sort and group-by of a visibility query. */
export type VisibilityFilter = (ns: string, query: string) => { match: (run: Run) => boolean; groupBy?: string[]; orderBy?: (a: Run, b: Run) => number };

const STATUS_ORDER = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'CONTINUED_AS_NEW', 'TIMED_OUT'];

export type VisibilityHandlers = Pick<WorkflowServiceMethods, 'ListWorkflowExecutions' | 'CountWorkflowExecutions'>;

/** Closed runs that are only in the store (not in memory). */
export type StoredRuns = (ns: string) => Promise<Run[]>;

export function createVisibilityHandlers(engine: Engine, filter: VisibilityFilter, stored?: StoredRuns): VisibilityHandlers {
  const runsOf = async (ns: string) => {
    const n = engine.namespace(ns);
    const out: Run[] = [];
    for (const ids of n.executions.values()) for (const id of typeof ids === 'string' ? [ids] : ids) {
      const r = engine.runs.get(id);
      if (r) out.push(r);
    }
    if (stored) for (const r of await stored(ns)) if (!engine.runs.has(r.runId)) out.push(r);
    return out;
  };
  return {
    async ListWorkflowExecutions(req) {
      const ns = req.namespace || 'default';
      const f = filter(ns, req.query ?? '');
      const all = (await runsOf(ns)).filter(f.match);
      all.sort(f.orderBy ?? ((a, b) => b.startTime - a.startTime || (a.runId < b.runId ? 1 : -1)));
      const offset = req.nextPageToken?.length ? Number(Buffer.from(req.nextPageToken).toString()) || 0 : 0;
      const size = req.pageSize !== undefined && req.pageSize > 0 ? req.pageSize : 1000;
      const page = all.slice(offset, offset + size);
      const next = offset + size < all.length ? Buffer.from(String(offset + size)) : undefined;
      return { executions: page.map((r) => executionInfo(engine, r)), nextPageToken: next };
    },
    async CountWorkflowExecutions(req) {
      const ns = req.namespace || 'default';
      const f = filter(ns, req.query ?? '');
      const all = (await runsOf(ns)).filter(f.match);
      if (!f.groupBy || f.groupBy.length === 0) return { count: all.length };
      const counts = new Map<string, number>();
      for (const r of all) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      const groups = STATUS_ORDER.filter((s) => counts.has(s)).map((s) => ({
        groupValues: [jsonPayload(STATUS_NAME[s as Run['status']], 'Keyword')],
        count: counts.get(s),
      }));
      return { count: all.length, groups };
    },
  };
}
