// Whether a regio-scoped medewerker may see a melding, decided by the workflow's own state when the stored
// projection has not caught up yet. Unknown and not-yours both come back as undefined (the caller's 404).
import { meldingBestaat } from '../../db/repositories/meldingen-lezen';
import type { MeldingStatusView } from '../../workflows/melding.messages';
import { HttpProblem } from '../errors';
import type { ApiDeps } from './deps';

export async function liveZicht(deps: ApiDeps, meldingId: string, regioCodes: string[]): Promise<MeldingStatusView | undefined> {
  if (regioCodes.length === 0 || !(await meldingBestaat(deps.db, meldingId))) return undefined;
  try {
    const live = await deps.temporal.status(meldingId);
    return live && live.trajecten.some((t) => regioCodes.includes(t.regioCode)) ? live : undefined;
  } catch (err) {
    // Also when the workflow service is down: answering 503 here but 404 for an unknown id would tell a
    // stranger that the melding exists.
    if (err instanceof HttpProblem && (err.status === 404 || err.status >= 500)) return undefined;
    throw err;
  }
}
