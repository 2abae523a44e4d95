// The follow link's secret at rest (security/volglink.ts): lookups by hash, the encrypted copy for mails.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { meldingen } from '../schema';
import { ontsleutel, versleutel, volgTokenHash } from '../../security/volglink';

/** The link's secret of a melding, when it can still be read. */
export async function volgTokenVan(db: Db, sleutel: Buffer | undefined, meldingId: string): Promise<string | undefined> {
  if (!sleutel) return undefined;
  const [m] = await db.select({ v: meldingen.volgTokenVersleuteld }).from(meldingen).where(eq(meldingen.id, meldingId));
  return m?.v ? ontsleutel(sleutel, meldingId, m.v) : undefined;
}

/**
 * Versions before 2026-12 stored the secret itself (43 characters of base64url). At start each such row gets
 * its hash and its encrypted copy, so every link handed out keeps working and later mails still carry it.
 */
export async function volgTokensOmzetten(db: Db, sleutel: Buffer): Promise<number> {
  let omgezet = 0;
  for (;;) {
    const rijen = await db
      .select({ id: meldingen.id, token: meldingen.volgTokenHash })
      .from(meldingen)
      .where(and(isNull(meldingen.volgTokenVersleuteld), isNull(meldingen.geanonimiseerdOp), sql`length(${meldingen.volgTokenHash}) = 43`))
      .limit(500);
    if (rijen.length === 0) return omgezet;
    for (const r of rijen) {
      await db
        .update(meldingen)
        .set({ volgTokenHash: volgTokenHash(r.token), volgTokenVersleuteld: versleutel(sleutel, r.id, r.token) })
        .where(and(eq(meldingen.id, r.id), eq(meldingen.volgTokenHash, r.token)));
    }
    omgezet += rijen.length;
  }
}
