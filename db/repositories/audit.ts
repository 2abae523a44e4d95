// Audit trail writes. Kept to ids, codes and states: voor/na never hold personal data.
import type { Db } from '../client';
import { auditLog } from '../schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface AuditEntry {
  actorSoort: 'medewerker' | 'werkgever' | 'systeem';
  actorId?: number | null;
  actie: string;
  meldingId?: string | null;
  reden?: string | null;
  voor?: unknown;
  na?: unknown;
}

export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorSoort: entry.actorSoort,
    actorId: entry.actorId ?? null,
    actie: entry.actie,
    meldingId: entry.meldingId ?? null,
    reden: entry.reden ?? null,
    voor: entry.voor ?? null,
    na: entry.na ?? null,
  });
}
