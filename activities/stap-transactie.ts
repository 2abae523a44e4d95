// One change of a melding applied whole: the workflow hands over the new state's projection, its status view
// and the change's effects, and this writes all of them in one PostgreSQL transaction. A crash leaves the
// change either fully applied or not at all; a retry finds its batch row and writes nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import { and, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { liveBewaren } from '../db/repositories/melding-live';
import { auditLog, meldingBatches, OUTBOX_KANAAL, outbox } from '../db/schema';
import type { Effect, MeldingProjectie, MeldingStatusView } from '../domain/melding';
import type { StapControle, StapGegevens } from '../security/stap-handtekening';
import type { Logger, Uitvoerder } from './melding';

export interface StapTransactie {
  meldingId: string;
  /** Identity of the change: the update id of a step, `start`, `klok:<moment>`, `koppeling:<id>`, `incident:<id>`. */
  batch: string;
  /** State version the change produced; the effects' keys carry it. */
  versie: number;
  op: number;
  ontvangenOp: number;
  projectie?: MeldingProjectie;
  weergave?: MeldingStatusView;
  effecten: Effect[];
  /** Writes no batch row and no projection: the incident notice beside a refused change of this version. */
  zonderClaim?: boolean;
  /** A staff or employer step: checked before anything is written, so a forged step changes nothing. */
  controle?: StapGegevens & { handtekening?: unknown };
}

export type StapUitkomst = { geldig: true; mails: number; alVerwerkt: boolean } | { geldig: false; reden: string };

/** Error type of a change that cannot succeed by retrying (bad data, a violated constraint): an incident. */
export const PERMANENTE_FOUT = 'PERMANENT';

export interface StapTransactieDeps {
  db: Db;
  controleer(g: StapGegevens & { handtekening?: unknown }): StapControle;
  projectie(tx: Uitvoerder, v: MeldingProjectie, forceer: boolean): Promise<unknown>;
  schrijf(tx: Uitvoerder, e: Effect, c: { meldingId: string; op: number; ontvangenOp: number }): Promise<{ mails: number }>;
  log: Logger;
}

/**
 * SQLSTATE classes that no retry can fix: 22 data exception (e.g. a NUL in text), 23 integrity constraint
 * violation, 42 syntax or access rule. Everything else (connection loss, 40001 serialisation, 53 resources,
 * 57 operator intervention) is retried by Temporal.
 */
function permanenteDbFout(err: unknown): { code: string; message: string } | undefined {
  // drizzle wraps the driver's error (DrizzleQueryError); its message holds the SQL, the cause's does not.
  for (let e: unknown = err, diepte = 0; e && diepte < 3; e = (e as { cause?: unknown }).cause, diepte += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(22|23|42)/.test(code)) return { code, message: String((e as Error).message) };
  }
  return undefined;
}

export async function verwerkStap(t: StapTransactie, deps: StapTransactieDeps): Promise<StapUitkomst> {
  if (t.controle) {
    const c = deps.controleer(t.controle);
    if (!c.geldig) {
      deps.log.warn('step refused: signature invalid', { workflowId: t.controle.workflowId, update: t.controle.updateName, reden: c.reden });
      return { geldig: false, reden: c.reden };
    }
  }
  try {
    return await deps.db.transaction(async (tx) => {
      if (t.zonderClaim) {
        if (t.weergave) await liveBewaren(tx, t.meldingId, t.weergave);
        let mails = 0;
        for (const e of t.effecten) mails += (await deps.schrijf(tx, e, { meldingId: t.meldingId, op: t.op, ontvangenOp: t.ontvangenOp })).mails;
        if (mails > 0) await tx.execute(sql`select pg_notify(${OUTBOX_KANAAL}, '')`);
        return { geldig: true as const, mails, alVerwerkt: false };
      }
      const claim = await tx
        .insert(meldingBatches)
        .values({ meldingId: t.meldingId, versie: t.versie, batch: t.batch })
        .onConflictDoNothing()
        .returning({ batch: meldingBatches.batch });
      let forceer = false;
      if (claim.length === 0) {
        const [bestaand] = await tx
          .select({ batch: meldingBatches.batch })
          .from(meldingBatches)
          .where(and(eq(meldingBatches.meldingId, t.meldingId), eq(meldingBatches.versie, t.versie)));
        if (bestaand?.batch === t.batch) return { geldig: true as const, mails: 0, alVerwerkt: true };
        // A ghost: committed by a worker that died before Temporal recorded the change, then another change got
        // this version. Its unsent mails and audit rows go; tasks and projection are overwritten below.
        await verwijderSpook(tx, t.meldingId, t.versie);
        await tx
          .update(meldingBatches)
          .set({ batch: t.batch, at: new Date(t.op) })
          .where(and(eq(meldingBatches.meldingId, t.meldingId), eq(meldingBatches.versie, t.versie)));
        deps.log.warn('replaced a change committed by a lost workflow task', { meldingId: t.meldingId, versie: t.versie });
        forceer = true;
      }
      // Projection first: tasks and outcomes refer to the track rows it creates.
      if (t.projectie) await deps.projectie(tx, t.projectie, forceer);
      if (t.weergave) await liveBewaren(tx, t.meldingId, t.weergave, forceer);
      let mails = 0;
      for (const e of t.effecten) mails += (await deps.schrijf(tx, e, { meldingId: t.meldingId, op: t.op, ontvangenOp: t.ontvangenOp })).mails;
      // Delivered on commit: the mail relay wakes within a moment instead of at its next poll.
      if (mails > 0) await tx.execute(sql`select pg_notify(${OUTBOX_KANAAL}, '')`);
      return { geldig: true as const, mails, alVerwerkt: false };
    });
  } catch (err) {
    const fout = permanenteDbFout(err);
    if (fout) {
      // The database's message names tables and constraints, never row values (those are in `detail`).
      throw ApplicationFailure.create({ type: PERMANENTE_FOUT, message: `${fout.code}: ${fout.message}`, nonRetryable: true });
    }
    throw err;
  }
}

async function verwijderSpook(tx: Uitvoerder, meldingId: string, versie: number): Promise<void> {
  const prefix = `${meldingId}:v${versie}:%`;
  await tx.delete(outbox).where(and(like(outbox.idempotencyKey, prefix), eq(outbox.status, 'pending'), sql`${outbox.attempts} = 0`));
  await tx.delete(auditLog).where(like(auditLog.idempotencyKey, prefix));
}
