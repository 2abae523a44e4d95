// Every status view the API gets from a workflow (a step's result, a query) also refreshes the read model
// `melding_live`, so the next read of that melding needs no workflow at all.
import { liveBewaren, liveLezen } from '../db/repositories/melding-live';
import { isBevestiging, type MeldingStatusView } from '../workflows/melding.messages';
import type { Db } from '../db/client';
import type { Logger } from '../app/logger';
import type { MeldingTemporal } from './temporal';

export function metLeesmodel(temporal: MeldingTemporal, db: Db, logger: Logger): MeldingTemporal {
  const bewaar = async (meldingId: string, view: { versie: number } | null) => {
    if (!view) return;
    // The answer is already in hand: a failed write costs freshness, never the request.
    await liveBewaren(db, meldingId, view).catch((err: unknown) =>
      logger.warn('read model not updated', { meldingId, err }),
    );
  };
  return {
    start: (input) => temporal.start(input),
    async stap(meldingId, update, input, updateId) {
      if (!temporal.stapAntwoord) {
        const view = await temporal.stap(meldingId, update, input, updateId);
        await bewaar(meldingId, view);
        return view;
      }
      const antwoord = await temporal.stapAntwoord(meldingId, update, input, updateId);
      if (!isBevestiging(antwoord)) {
        await bewaar(meldingId, antwoord);
        return antwoord;
      }
      // The step's own transaction wrote the view before the workflow answered; older only when a later
      // writer raced ahead (then it is newer, which is as good) or the write was refused (anonymised melding).
      const opgeslagen = await liveLezen<MeldingStatusView>(db, meldingId).catch(() => undefined);
      if (opgeslagen && opgeslagen.versie >= antwoord.versie) return opgeslagen.weergave;
      const view = await temporal.status(meldingId);
      if (view) await bewaar(meldingId, view);
      if (!view) throw new Error(`melding ${meldingId}: no view after step`);
      return view;
    },
    stapAntwoord: temporal.stapAntwoord?.bind(temporal),
    async status(meldingId, opties) {
      const view = await temporal.status(meldingId, opties);
      await bewaar(meldingId, view);
      return view;
    },
  };
}
