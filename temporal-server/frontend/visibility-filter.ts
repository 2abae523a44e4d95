import type { Engine } from '../state/engine';
import type { VisibilityFilter } from './visibility-service';

// TODO(integration): swap for the periphery's parseVisibilityQuery; this handles `Field = 'x'` AND-chains only.
export function visibilityFilter(_engine: Engine): VisibilityFilter {
  return (_ns, query) => {
    let q = query.trim();
    let groupBy: string[] | undefined;
    const g = /\s*GROUP\s+BY\s+(\w+)\s*$/i.exec(q);
    if (g) {
      groupBy = [g[1]!];
      q = q.slice(0, g.index);
    }
    const preds: [string, string][] = [];
    for (const part of q.split(/\s+AND\s+/i).filter((p) => p.trim())) {
      const m = /^\s*`?(\w+)`?\s*=\s*['"](.*)['"]\s*$/.exec(part);
      if (!m) throw new TypeError(`invalid query: ${query}`);
      preds.push([m[1]!, m[2]!]);
    }
    return {
      groupBy,
      match: (run) =>
        preds.every(([f, v]) =>
          f === 'WorkflowId' ? run.workflowId === v : f === 'TaskQueue' ? run.taskQueue === v : f === 'WorkflowType' ? run.typeName === v : f === 'RunId' ? run.runId === v : true,
        ),
    };
  };
}
