// Reference data (CBS) and demo data: complete, consistent and idempotent.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemoData, DEMO_PASSWORD } from '../../db/demo-seed';
import { verifyPassword } from '../../db/password';
import { seedReferenceData } from '../../db/seed';
import { ROLLEN } from '../../db/schema';
import { standaardKalender } from '../../domain/werkdagen';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('seed');
});
afterAll(() => t?.drop());

const count = async (table: string) => Number((await t.sql`select count(*)::int as n from ${t.sql(table)}`)[0]!.n);

describe('reference data', () => {
  test('35 regios and 342 gemeenten, every gemeente in an existing regio', async () => {
    expect(await count('regios')).toBe(35);
    expect(await count('gemeenten')).toBe(342);
    const [orphans] = await t.sql`select count(*)::int as n from gemeenten g left join regios r on r.code = g.regio_code where r.code is null`;
    expect(orphans!.n).toBe(0);
    const [empty] = await t.sql`select count(*)::int as n from regios r where not exists (select 1 from gemeenten g where g.regio_code = r.code)`;
    expect(empty!.n).toBe(0);
  });

  test('codes and spot checks from CBS', async () => {
    const codes = (await t.sql`select code from regios order by code`).map((r) => r.code as string);
    expect(codes).not.toContain('AM04');
    expect(codes).toContain('AM38');
    const rows = await t.sql`select code, naam, regio_code from gemeenten where code in ('GM0363', 'GM0599', 'GM0820') order by code`;
    expect(rows.map((r) => [r.code, r.regio_code])).toEqual([
      ['GM0363', 'AM18'],
      ['GM0599', 'AM22'],
      ['GM0820', 'AM28'],
    ]);
    expect(rows.find((r) => r.code === 'GM0820')!.naam).toBe('Nuenen, Gerwen en Nederwetten'); // quoted CSV field
  });

  test('SBI sections: 21 for SBI 2008, 22 for SBI 2025', async () => {
    const rows = await t.sql`select versie, count(*)::int as n from sbi_secties group by versie order by versie`;
    expect(rows.map((r) => [r.versie, r.n])).toEqual([
      ['2008', 21],
      ['2025', 22],
    ]);
  });

  test('seeding again changes nothing', async () => {
    const before = await t.sql`select code, naam, regio_code from gemeenten order by code`;
    const counts = await seedReferenceData(t.db);
    expect(counts).toEqual({ regios: 35, gemeenten: 342, sbiSecties: 43 });
    expect(await t.sql`select code, naam, regio_code from gemeenten order by code`).toEqual(before);
  });
});

describe('demo data', () => {
  const now = new Date('2026-04-24T13:00:00Z'); // Friday; Monday 27 April is Koningsdag

  beforeAll(async () => {
    await seedDemoData(t.db, { now });
  });

  test('every role has an account that logs in with the demo password', async () => {
    const rows = await t.sql`select distinct on (rol) rol, password_hash from medewerkers order by rol, id`;
    expect(rows.map((r) => r.rol).sort()).toEqual([...ROLLEN].sort());
    for (const r of rows) expect(await verifyPassword(DEMO_PASSWORD, r.password_hash)).toBe(true);
  });

  test('every regio has a WSP, a contact and a different achtervang', async () => {
    const [wsp] = await t.sql`select count(distinct regio_code)::int as n from wsps`;
    expect(wsp!.n).toBe(35);
    const contacts = await t.sql`
      select rc.regio_code, m.rol as contact_rol, a.rol as achtervang_rol
      from regio_contacten rc join medewerkers m on m.id = rc.medewerker_id join medewerkers a on a.id = rc.achtervang_id`;
    expect(contacts).toHaveLength(35);
    expect(contacts.every((c) => c.contact_rol === 'regio-contact' && c.achtervang_rol === 'regio-contact')).toBe(true);
  });

  test('the roster covers the coming working days only', async () => {
    const dagen = (await t.sql`select datum::text as d from rooster order by datum`).map((r) => r.d as string);
    expect(dagen[0]).toBe('2026-04-24');
    expect(dagen).not.toContain('2026-04-27'); // Koningsdag
    expect(dagen.every((d) => standaardKalender.isWerkdag(d))).toBe(true);
    expect(new Set(dagen).size).toBe(dagen.length); // one team member per day
  });

  test('seeding again adds nothing; a later day extends the roster', async () => {
    const tables = ['wsps', 'medewerkers', 'regio_contacten', 'rooster'];
    const before = await Promise.all(tables.map(count));
    await seedDemoData(t.db, { now });
    expect(await Promise.all(tables.map(count))).toEqual(before);
    await seedDemoData(t.db, { now: new Date('2026-04-28T08:00:00Z') });
    const [last] = await t.sql`select max(datum)::text as d, count(*)::int as n from rooster`;
    expect(last!.n).toBeGreaterThan(before[3]!);
    const [perDag] = await t.sql`select max(n)::int as n from (select count(*) as n from rooster group by datum) x`;
    expect(perDag!.n).toBe(1);
  });
});
