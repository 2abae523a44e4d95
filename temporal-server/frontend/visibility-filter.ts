import type { Engine } from '../state/engine';
import { STATUS_NAME, type Run } from '../state/run';
import { parseVisibilityQuery, decodeSearchAttributeValue, type SearchAttributeValue } from '../visibility';
import { currentSearchAttributes } from './describe';
import type { VisibilityFilter } from './visibility-service';

/** The values a visibility query sees for one run (Datetime as epoch ms). */
function record(engine: Engine, run: Run): Record<string, SearchAttributeValue> {
  const rec: Record<string, SearchAttributeValue> = {
    WorkflowId: run.workflowId,
    RunId: run.runId,
    WorkflowType: run.typeName,
    TaskQueue: run.taskQueue,
    ExecutionStatus: STATUS_NAME[run.status],
    StartTime: run.startTime,
    ExecutionTime: run.executionTime,
    CloseTime: run.closeTime ?? null,
    HistoryLength: run.history.count,
  };
  const sa = currentSearchAttributes(run);
  for (const [name, p] of Object.entries(sa ?? {})) {
    const type = engine.searchAttributes.typeOf(run.ns, name);
    if (!type) continue;
    try {
      rec[name] = decodeSearchAttributeValue(p, type);
    } catch {
      // A value that no longer fits a re-registered type is invisible to queries.
    }
  }
  return rec;
}

export function visibilityFilter(engine: Engine): VisibilityFilter {
  return (ns, query) => {
    const parsed = parseVisibilityQuery(query, engine.searchAttributes.of(ns));
    const order = parsed.orderBy;
    return {
      groupBy: parsed.groupBy,
      match: (run) => parsed.matches(record(engine, run)),
      orderBy:
        order.length === 0
          ? undefined
          : (a, b) => {
              const ra = record(engine, a);
              const rb = record(engine, b);
              for (const { field, direction } of order) {
                const va = ra[field];
                const vb = rb[field];
                if (va === vb) continue;
                const c = va === null || va === undefined ? -1 : vb === null || vb === undefined ? 1 : va < vb ? -1 : 1;
                return direction === 'desc' ? -c : c;
              }
              return 0;
            },
    };
  };
}
