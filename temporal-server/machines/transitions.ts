/**
 * Allowed state changes, checked at every transition: a bug shows up as a thrown error at the
 * faulty transition instead of a corrupted history later.
 */
export const WFT_TRANSITIONS: Record<string, readonly string[]> = {
  NONE: ['SCHEDULED'],
  SCHEDULED: ['STARTED', 'NONE'],
  STARTED: ['NONE'],
};

export const ACTIVITY_TRANSITIONS: Record<string, readonly string[]> = {
  SCHEDULED: ['STARTED', 'CLOSED'],
  STARTED: ['BACKOFF', 'CLOSED', 'SCHEDULED'],
  BACKOFF: ['SCHEDULED', 'CLOSED'],
};

export const UPDATE_TRANSITIONS: Record<string, readonly string[]> = {
  ADMITTED: ['SENT', 'COMPLETED'],
  SENT: ['ACCEPTED', 'COMPLETED', 'ADMITTED'],
  ACCEPTED: ['COMPLETED'],
  COMPLETED: [],
};

export function checkTransition(table: Record<string, readonly string[]>, from: string, to: string, what: string): void {
  if (!table[from]?.includes(to)) throw new Error(`illegal ${what} transition ${from} → ${to}`);
}
