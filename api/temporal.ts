// The API's only door to Temporal: start a melding workflow, send a step (update), read the live state
// (query). Failures come back as HttpProblems so route handlers stay free of SDK error types. Every call has a
// deadline: a stopped worker or server must give 503, never a hanging request.
import {
  QueryNotRegisteredError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { HttpProblem } from './errors';
import {
  MELDING_TASK_QUEUE,
  meldingStatusQuery,
  meldingWorkflowId,
  isBevestiging,
  type MeldingStatusView,
  type MeldingWorkflowInput,
  type StapAntwoord,
} from '../workflows/melding.messages';

export interface MeldingTemporal {
  start(input: MeldingWorkflowInput): Promise<void>;
  /** Sends a step and answers with the melding's view after it. */
  stap<A>(meldingId: string, update: UpdateDefinition<StapAntwoord, [A]>, input: A, updateId?: string): Promise<MeldingStatusView>;
  /**
   * The workflow's own answer to a step: the whole view (meldingen of the v1 route) or a confirmation with the
   * version (v2: the view is in the read model by then; api/leesmodel.ts reads it there).
   */
  stapAntwoord?<A>(meldingId: string, update: UpdateDefinition<StapAntwoord, [A]>, input: A, updateId?: string): Promise<StapAntwoord>;
  /** `timeoutMs` bounds this one call (default: the facade's timeout). */
  status(meldingId: string, opties?: { timeoutMs?: number }): Promise<MeldingStatusView | null>;
}

export interface MeldingTemporalOptions {
  taskQueue?: string;
  /** Upper bound for one call (start, update, query); default 10 s. */
  timeoutMs?: number;
}

/** Workflow type name; a string so the API never imports the workflow implementation. */
export const MELDING_WORKFLOW_TYPE = 'meldingWorkflow';

function isGrpcStatus(err: unknown, ...codes: number[]): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' && codes.includes(code);
}

/** gRPC DEADLINE_EXCEEDED (4), UNAVAILABLE (14), CANCELLED (1), RESOURCE_EXHAUSTED (8). */
const TIJDELIJK = [1, 4, 8, 14];

function alsProbleem(err: unknown): never {
  if (err instanceof HttpProblem) throw err;
  if (err instanceof WorkflowNotFoundError || isGrpcStatus(err, 5)) throw new HttpProblem('not-found', 'Melding niet gevonden');
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) {
      if (cause.type === 'NOG_NIET_GESTART') throw new HttpProblem('service-unavailable', cause.message);
      // The API signs every step; a refusal means the worker has another secret (or none), or clocks drifted.
      if (cause.type === 'ONGELDIGE_HANDTEKENING') throw new HttpProblem('service-unavailable', 'De workflowdienst kon de stap niet controleren; probeer het later opnieuw');
      // The workflow's reason is written for people (Dutch) and holds ids only, so it can go to the client.
      throw new HttpProblem('conflict', cause.message);
    }
    throw new HttpProblem('conflict', 'De workflow weigerde deze stap');
  }
  if (err instanceof QueryNotRegisteredError) throw new HttpProblem('service-unavailable', 'De melding is nog niet klaar; probeer het zo opnieuw');
  const cause = (err as { cause?: unknown })?.cause;
  if (isGrpcStatus(err, ...TIJDELIJK) || isGrpcStatus(cause, ...TIJDELIJK) || (err as Error)?.name === 'ServiceError') {
    throw new HttpProblem('service-unavailable', 'De workflowdienst is tijdelijk niet bereikbaar');
  }
  throw err;
}

export function createMeldingTemporal(client: Client, options: MeldingTemporalOptions = {}): MeldingTemporal & Required<Pick<MeldingTemporal, 'stapAntwoord'>> {
  const taskQueue = options.taskQueue ?? MELDING_TASK_QUEUE;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const metDeadline = <T>(fn: () => Promise<T>, ms = timeoutMs): Promise<T> => client.connection.withDeadline(Date.now() + ms, fn);

  return {
    async start(input) {
      try {
        await metDeadline(() =>
          client.workflow.start(MELDING_WORKFLOW_TYPE, { workflowId: meldingWorkflowId(input.meldingId), taskQueue, args: [input] }),
        );
      } catch (err) {
        // Same id = same melding: a retried start after a lost reply is a success.
        if (err instanceof WorkflowExecutionAlreadyStartedError) return;
        alsProbleem(err);
      }
    },
    async stap(meldingId, update, input, updateId) {
      const antwoord = await this.stapAntwoord!(meldingId, update, input, updateId);
      if (!isBevestiging(antwoord)) return antwoord;
      // Without a read model at hand: the workflow has committed the step, so its query shows it.
      const view = await this.status(meldingId);
      if (!view) throw new HttpProblem('service-unavailable', 'De melding is nog niet klaar; probeer het zo opnieuw');
      return view;
    },
    async stapAntwoord(meldingId, update, input, updateId) {
      try {
        const handle = client.workflow.getHandle(meldingWorkflowId(meldingId));
        return await metDeadline(() => handle.executeUpdate(update, { args: [input], ...(updateId ? { updateId } : {}) }));
      } catch (err) {
        if (err instanceof WorkflowNotFoundError || isGrpcStatus(err, 5)) {
          // A closed melding's workflow refuses updates as "not found"; the melding itself still exists.
          const gesloten = await metDeadline(() => client.workflow.getHandle(meldingWorkflowId(meldingId)).describe()).then(
            (d) => d.status.name !== 'RUNNING',
            () => false,
          );
          if (gesloten) throw new HttpProblem('conflict', 'Deze melding is al afgesloten; er kan geen stap meer bij');
        }
        return alsProbleem(err);
      }
    },
    async status(meldingId, opties) {
      try {
        return await metDeadline(() => client.workflow.getHandle(meldingWorkflowId(meldingId)).query(meldingStatusQuery), opties?.timeoutMs);
      } catch (err) {
        return alsProbleem(err);
      }
    },
  };
}
