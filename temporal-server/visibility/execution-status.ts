/** Visibility names of `WorkflowExecutionStatus`, in enum-code order (code = index + 1). */
export const EXECUTION_STATUS_NAMES = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
  'Paused',
] as const;

export type ExecutionStatusName = (typeof EXECUTION_STATUS_NAMES)[number] | 'Unspecified';

const PREFIX = 'WORKFLOW_EXECUTION_STATUS_';
const byEnum = new Map<string, ExecutionStatusName>(
  EXECUTION_STATUS_NAMES.map((name) => [PREFIX + name.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toUpperCase(), name]),
);
const byLowerName = new Map<string, ExecutionStatusName>(EXECUTION_STATUS_NAMES.map((n) => [n.toLowerCase(), n]));

/**
 * `WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW` (or its code 6) → `ContinuedAsNew`, the form used
 * by visibility queries and `GROUP BY ExecutionStatus` results.
 */
export function statusName(status: string | number | null | undefined): ExecutionStatusName {
  if (typeof status === 'number') return EXECUTION_STATUS_NAMES[status - 1] ?? 'Unspecified';
  if (!status) return 'Unspecified';
  return byEnum.get(status) ?? byLowerName.get(status.toLowerCase()) ?? 'Unspecified';
}

/** Inverse of `statusName`, for sorting groups by status code. */
export function statusCode(name: string): number {
  return EXECUTION_STATUS_NAMES.indexOf(name as (typeof EXECUTION_STATUS_NAMES)[number]) + 1;
}

/** Query literal → canonical name; accepts `'Running'`, `'running'` and the enum spelling. */
export function parseStatusLiteral(literal: string): ExecutionStatusName | undefined {
  const name = statusName(literal);
  return name === 'Unspecified' ? undefined : name;
}
