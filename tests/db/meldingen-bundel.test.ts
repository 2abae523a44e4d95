// Group commit of submissions: submissions that arrive together are written by one statement, and each
// caller still gets exactly its own result.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createIndienBundel } from '../../db/repositories/meldingen-bundel';
import type { Indiening, NieuweMelding } from '../../db/repositories/meldingen-indienen';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('bundel');
});
afterAll(() => t?.drop());

let kvk = 30_000_000;
function melding(over: Partial<NieuweMelding> = {}): NieuweMelding {
  kvk++;
  return {
    id: randomUUID(),
    volgTokenHash: randomUUID() + randomUUID(),
    volgTokenVersleuteld: 'v1.test.test',
    soort: 'vraag',
    werkgever: { naam: `Bundel BV ${kvk}`, kvkNummer: String(kvk), vestigingen: [{ postcode: '1621 AB', huisnummer: '12', plaats: 'Hoorn' }] },
    contactpersoon: { naam: `Contact ${kvk}`, email: `c${kvk}@example.nl` },
    sector: 'C',
    functies: [{ omschrijving: 'monteur', aantal: 2 }],
    ...over,
  };
}
const indiening = (m: NieuweMelding, idem?: Indiening['idem']): Indiening => ({ melding: m, idem });

/** Counts the statements that wrote meldingen, by the rows' transaction ids. */
async function transacties(ids: string[]): Promise<number> {
  const [{ n }] = (await t.sql`select count(distinct xmin::text)::int as n from meldingen where id = any(${ids}::uuid[])`) as unknown as [{ n: number }];
  return n;
}

describe('createIndienBundel', () => {
  test('writes concurrent submissions in fewer statements, each with its own melding, contact and functies', async () => {
    const bundel = createIndienBundel(t.db, { maxGelijktijdig: 1 });
    const gedeeld = melding();
    // The same employer three times in one batch: one werkgever row, three contact persons, each on its own melding.
    const ms = [gedeeld, { ...melding(), werkgever: gedeeld.werkgever }, { ...melding(), werkgever: gedeeld.werkgever }, ...Array.from({ length: 17 }, () => melding())];
    ms.forEach((m, i) => (m.contactpersoon = { naam: `Persoon ${i}`, email: `p${i}@example.nl` }));
    ms[5]!.functies = [{ omschrijving: 'lasser', aantal: 3 }, { omschrijving: 'planner', aantal: 1 }];
    const rs = await Promise.all(ms.map((m) => bundel.indienen(indiening(m))));

    expect(rs.map((r) => r.soort)).toEqual(ms.map(() => 'nieuw'));
    const ids = rs.map((r) => (r.soort === 'nieuw' ? r.melding.id : ''));
    expect(ids).toEqual(ms.map((m) => m.id));
    expect(await transacties(ids)).toBeLessThan(ms.length);

    const rows = await t.sql`select m.id, c.naam, (select count(*)::int from werkgevers w where w.kvk_nummer = ${gedeeld.werkgever.kvkNummer}) as werkgevers
                               from meldingen m join contactpersonen c on c.id = m.contactpersoon_id where m.id = any(${ids}::uuid[])`;
    const naamVan = new Map(rows.map((r) => [r.id as string, r.naam as string]));
    ms.forEach((m, i) => expect(naamVan.get(m.id)).toBe(`Persoon ${i}`));
    expect(rows[0]!.werkgevers).toBe(1);
    const functies = await t.sql`select omschrijving, aantal from melding_functies where melding_id = ${ms[5]!.id} order by omschrijving`;
    expect(functies).toEqual([{ omschrijving: 'lasser', aantal: 3 }, { omschrijving: 'planner', aantal: 1 }]);
    const vestigingen = await t.sql`select count(*)::int as n from vestigingen v join werkgevers w on w.id = v.werkgever_id where w.kvk_nummer = ${gedeeld.werkgever.kvkNummer}`;
    expect(vestigingen[0]!.n).toBe(1);
    const audit = await t.sql`select count(*)::int as n from audit_log where actie = 'melding.ingediend' and melding_id = any(${ids}::uuid[])`;
    expect(audit[0]!.n).toBe(ms.length);
    // Every melding gets its own nummer.
    const nummers = rs.map((r) => (r.soort === 'nieuw' ? r.melding.nummer : 0));
    expect(new Set(nummers).size).toBe(nummers.length);
  });

  test('one Idempotency-Key in a burst gives one melding; the others replay it', async () => {
    const bundel = createIndienBundel(t.db, { maxGelijktijdig: 1 });
    const m = melding();
    const idem = { scope: 'test', key: `k-${randomUUID()}`, requestHash: 'h1', maxAgeMs: 60_000 };
    const rs = await Promise.all([
      bundel.indienen(indiening(melding())),
      ...[1, 2, 3].map(() => bundel.indienen(indiening({ ...m, id: randomUUID(), volgTokenHash: randomUUID() + randomUUID() }, idem))),
      bundel.indienen(indiening(melding())),
    ]);
    const metSleutel = rs.slice(1, 4);
    expect(metSleutel.filter((r) => r.soort === 'nieuw')).toHaveLength(1);
    expect(metSleutel.filter((r) => r.soort === 'herhaling')).toHaveLength(2);
    const id = metSleutel.map((r) => (r.soort === 'andere-inhoud' ? '' : r.response.id));
    expect(new Set(id).size).toBe(1);
    const [{ n }] = (await t.sql`select count(*)::int as n from meldingen m join werkgevers w on w.id = m.werkgever_id where w.kvk_nummer = ${m.werkgever.kvkNummer}`) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });

  test('an Idempotency-Key past its lifetime is claimed again; a fresh one replays', async () => {
    const bundel = createIndienBundel(t.db);
    const oud = { scope: 'test', key: `oud-${randomUUID()}`, requestHash: 'h', maxAgeMs: 60_000 };
    const vers = { ...oud, key: `vers-${randomUUID()}` };
    const [eerstOud, eerstVers] = await Promise.all([bundel.indienen(indiening(melding(), oud)), bundel.indienen(indiening(melding(), vers))]);
    await t.sql`update idempotency_keys set created_at = now() - interval '2 minutes' where key = ${oud.key}`;
    const [weerOud, weerVers] = await Promise.all([bundel.indienen(indiening(melding(), oud)), bundel.indienen(indiening(melding(), vers))]);
    expect(weerOud.soort).toBe('nieuw');
    expect(weerOud.soort === 'nieuw' && eerstOud.soort === 'nieuw' && weerOud.melding.id !== eerstOud.melding.id).toBe(true);
    expect(weerVers).toMatchObject({ soort: 'herhaling', response: { id: eerstVers.soort === 'nieuw' ? eerstVers.melding.id : '' } });
  });

  test('a submission the database refuses fails alone; the rest of its batch is stored', async () => {
    const bundel = createIndienBundel(t.db, { maxGelijktijdig: 1 });
    const goed = Array.from({ length: 6 }, () => melding());
    const fout = melding({ werkgever: { naam: 'Fout BV', kvkNummer: '123', vestigingen: [{ postcode: '1621 AB', huisnummer: '1', plaats: 'Hoorn' }] } });
    const rs = await Promise.allSettled([...goed.slice(0, 3), fout, ...goed.slice(3)].map((m) => bundel.indienen(indiening(m))));
    expect(rs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(((rs[3] as PromiseRejectedResult).reason as { constraint_name?: string }).constraint_name).toBe('werkgevers_kvk_nummer_check');
    const [{ n }] = (await t.sql`select count(*)::int as n from meldingen where id = any(${goed.map((m) => m.id)}::uuid[])`) as unknown as [{ n: number }];
    expect(n).toBe(goed.length);
  });
});
