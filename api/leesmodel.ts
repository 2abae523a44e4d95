// Every status view the API gets from a workflow (a step's result, a query) also refreshes the read model
// `melding_live`, so the next read of that melding needs no workflow at all.
import { liveBewaren } from '../db/repositories/melding-live';
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
      const view = await temporal.stap(meldingId, update, input, updateId);
      await bewaar(meldingId, view);
      return view;
    },
    async status(meldingId, opties) {
      const view = await temporal.status(meldingId, opties);
      await bewaar(meldingId, view);
      return view;
    },
  };
}
