// Regio names for exports and mails; the reference table changes only with a release, so one read per database.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';

const cache = new WeakMap<Db, Promise<Map<string, string>>>();

export function regioNamen(db: Db): Promise<Map<string, string>> {
  let p = cache.get(db);
  if (!p) {
    p = db
      .execute<{ code: string; naam: string }>(sql`select code, naam from regios`)
      .then((rows) => new Map([...rows].map((r) => [r.code, r.naam])))
      .catch((err: unknown) => {
        cache.delete(db);
        throw err;
      });
    cache.set(db, p);
  }
  return p;
}
