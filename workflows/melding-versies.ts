// Every patch of the melding workflow (docs/werkroute-workflow.md "Versioning"). A marker name is forever:
// never rename or reuse one; retire a branch with deprecatePatch once no history that lacks it is open.
import * as wf from '@temporalio/workflow';
import type { KlokRegelVersie } from '../domain/melding';

/**
 * One transaction per change (workflows/melding-v2.ts): each step, clock round and received koppeling is
 * written whole by one local activity, updates answer with a confirmation and the read model holds the view.
 * Asked first thing at the start, so a melding keeps the route it started under; implies rules version 2 and
 * signed steps.
 */
export const PATCH_EEN_TRANSACTIE = 'werkroute-een-transactie';

/**
 * v1 only: the effects of one step used to run one after the other; they now run concurrently (tasks stay in
 * order among themselves). Histories recorded before the change have no marker and replay the sequential branch.
 */
export const PATCH_PARALLELLE_EFFECTEN = 'werkroute-parallelle-effecten';

/**
 * v1 only. Rules version 2 (domain/melding/transities.ts): managers coordinate instead of doing the team's
 * steps, beheerders no longer withdraw or reassign. Asked once, at the start.
 */
export const PATCH_REGELS_V2 = 'werkroute-regels-v2';

/**
 * v1 only: every step handler first has the worker check the API's signature over the step (actor and input;
 * security/stap-handtekening.ts). Histories recorded before have no marker and replay without the check.
 */
export const PATCH_STAP_HANDTEKENING = 'werkroute-stap-handtekening';

/**
 * One patch per clock-rule version after the first (domain/melding/klokken.ts KLOK_REGELSETS). Asked when a
 * step creates clocks, so each clock gets the rules of its moment: a step recorded before a rule change
 * replays with the rules it ran under, a step after it records the marker and gets the new rules. Add
 * `2: 'werkroute-klokregels-v2'` together with version 2 of the rules.
 */
export const KLOKREGEL_PATCHES: Readonly<Partial<Record<KlokRegelVersie, string>>> = {};

export function klokRegelVersie(): KlokRegelVersie {
  const versies = (Object.keys(KLOKREGEL_PATCHES).map(Number) as KlokRegelVersie[]).sort((a, b) => b - a);
  for (const v of versies) if (wf.patched(KLOKREGEL_PATCHES[v]!)) return v;
  return 1;
}
