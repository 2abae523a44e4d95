// One workflow per melding along the werkroute (docs/werkroute-workflow.md). Which code carries a melding is
// decided once, at its start: one started before one-transaction-per-step keeps the v1 route to its end.
import * as wf from '@temporalio/workflow';
import { meldingRouteV1 } from './melding-v1';
import { meldingRouteV2 } from './melding-v2';
import type { MeldingWorkflowInput, MeldingWorkflowResultaat } from './melding.messages';
import { PATCH_EEN_TRANSACTIE } from './melding-versies';

export { KLOKREGEL_PATCHES, PATCH_EEN_TRANSACTIE, PATCH_PARALLELLE_EFFECTEN, PATCH_REGELS_V2, PATCH_STAP_HANDTEKENING } from './melding-versies';

/**
 * meldingWorkflow: id `melding-<meldingId>`; input carries ids only. Messages: the step updates of
 * melding.messages.ts (validated before they reach history), the `koppeling` signal from a connected
 * melding, and the `meldingStatus` query.
 */
export function meldingWorkflow(input: MeldingWorkflowInput): Promise<MeldingWorkflowResultaat> {
  // Synchronous and before any handler: v1 registers its handlers before its first await, and must still.
  return wf.patched(PATCH_EEN_TRANSACTIE) ? meldingRouteV2(input) : meldingRouteV1(input);
}
