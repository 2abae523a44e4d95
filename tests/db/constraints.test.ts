// The schema rejects bad data by itself: checks, foreign keys, unique keys and the append-only audit log.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
let werkgeverId: number;

beforeAll(async () => {
  t = await createTestDatabase('constraints');
  [{ id: werkgeverId }] = (await t.sql`insert into werkgevers (kvk_nummer, naam) values ('12345678', 'Bakkerij De Korf') returning id`) as unknown as [
    { id: number },
  ];
});
afterAll(() => t?.drop());

const token = () => randomBytes(16).toString('base64url');

async function pgError(statement: Promise<unknown>): Promise<{ code: string; constraint_name?: string; message: string }> {
  try {
    await statement;
  } catch (err) {
    return err as { code: string; constraint_name?: string; message: string };
  }
  throw new Error('statement was accepted, expected a database error');
}

async function insertMelding(fields: Record<string, unknown> = {}) {
  const row = { soort: 'vraag', werkgever_id: werkgeverId, volg_token: token(), ...fields };
  const [m] = await t.sql`insert into meldingen ${t.sql(row)} returning id`;
  return m!.id as string;
}

describe('check constraints reject bad data', () => {
  const CHECK_VIOLATION = '23514';
  test.each([
    { name: 'kvk_nummer with 7 digits', constraint: 'werkgevers_kvk_nummer_check', run: () => t.sql`insert into werkgevers (kvk_nummer, naam) values ('1234567', 'X')` },
    { name: 'kvk_nummer with 9 digits', constraint: 'werkgevers_kvk_nummer_check', run: () => t.sql`insert into werkgevers (kvk_nummer, naam) values ('123456789', 'X')` },
    { name: 'kvk_nummer with a letter', constraint: 'werkgevers_kvk_nummer_check', run: () => t.sql`insert into werkgevers (kvk_nummer, naam) values ('1234567a', 'X')` },
    { name: 'kvk_nummer with a space', constraint: 'werkgevers_kvk_nummer_check', run: () => t.sql`insert into werkgevers (kvk_nummer, naam) values ('1234 5678', 'X')` },
    { name: 'soort not vraag/aanbod', constraint: 'meldingen_soort_check', run: () => insertMelding({ soort: 'klacht' }) },
    { name: 'periode_van after periode_tot', constraint: 'meldingen_periode_check', run: () => insertMelding({ periode_van: '2026-06-02', periode_tot: '2026-06-01' }) },
    { name: 'unknown melding status', constraint: 'meldingen_status_check', run: () => insertMelding({ status: 'klaar' }) },
    { name: 'sector letter without SBI version', constraint: 'meldingen_sector_check', run: () => insertMelding({ sector_letter: 'C' }) },
    { name: 'short volg_token', constraint: 'meldingen_volg_token_check', run: () => insertMelding({ volg_token: 'abc' }) },
    { name: 'unknown rol', constraint: 'medewerkers_rol_check', run: () => t.sql`insert into medewerkers (naam, email, rol) values ('X', 'x@example.org', 'admin')` },
    { name: 'wsp medewerker without wsp', constraint: 'medewerkers_wsp_check', run: () => t.sql`insert into medewerkers (naam, email, rol) values ('X', 'x@example.org', 'wsp')` },
    { name: 'postcode without space', constraint: 'vestigingen_postcode_check', run: () => t.sql`insert into vestigingen (werkgever_id, postcode, huisnummer, plaats) values (${werkgeverId}, '1234AB', 1, 'X')` },
    { name: 'postcode starting with 0', constraint: 'vestigingen_postcode_check', run: () => t.sql`insert into vestigingen (werkgever_id, postcode, huisnummer, plaats) values (${werkgeverId}, '0123 AB', 1, 'X')` },
    { name: 'postcode letters SS', constraint: 'vestigingen_postcode_check', run: () => t.sql`insert into vestigingen (werkgever_id, postcode, huisnummer, plaats) values (${werkgeverId}, '1234 SS', 1, 'X')` },
  ])('$name', async ({ run, constraint }) => {
    const err = await pgError(run());
    expect(err.code, err.message).toBe(CHECK_VIOLATION);
    expect(err.constraint_name).toBe(constraint);
  });

  test('functie aantal must be at least 1', async () => {
    const meldingId = await insertMelding();
    const err = await pgError(t.sql`insert into melding_functies (melding_id, omschrijving, aantal) values (${meldingId}, 'Bakker', 0)`);
    expect(err.constraint_name).toBe('melding_functies_aantal_check');
  });

  test('uitkomst oplossing and resultaat are enumerations', async () => {
    const meldingId = await insertMelding();
    const base = { melding_id: meldingId, regio_code: 'AM01', resultaat: 'vervuld', oplossing: 'scholing', doorlooptijd_dagen: 12 };
    expect((await pgError(t.sql`insert into uitkomsten ${t.sql({ ...base, oplossing: 'toverij' })}`)).constraint_name).toBe('uitkomsten_oplossing_check');
    expect((await pgError(t.sql`insert into uitkomsten ${t.sql({ ...base, resultaat: 'gelukt' })}`)).constraint_name).toBe('uitkomsten_resultaat_check');
    await t.sql`insert into uitkomsten ${t.sql(base)}`;
    const dup = await pgError(t.sql`insert into uitkomsten ${t.sql(base)}`);
    expect(dup.constraint_name).toBe('uitkomsten_melding_regio_ronde_key');
  });

  test('valid rows are accepted', async () => {
    const meldingId = await insertMelding({ soort: 'aanbod', periode_van: '2026-06-01', periode_tot: '2026-06-01', sbi_versie: '2025', sector_letter: 'C' });
    await t.sql`insert into melding_functies (melding_id, omschrijving, aantal) values (${meldingId}, 'Operator', 3)`;
    await t.sql`insert into vestigingen (werkgever_id, postcode, huisnummer, plaats, gemeente_code, regio_code) values (${werkgeverId}, '1012 AB', 5, 'Amsterdam', 'GM0363', 'AM18')`;
    const [m] = await t.sql`select status, stap, regio_codes, te_laat, nummer from meldingen where id = ${meldingId}`;
    expect(m).toMatchObject({ status: 'ontvangen', stap: 'ontvangen', regio_codes: [], te_laat: false });
  });
});

describe('keys', () => {
  test('kvk_nummer is unique', async () => {
    const err = await pgError(t.sql`insert into werkgevers (kvk_nummer, naam) values ('12345678', 'Dubbel')`);
    expect(err.constraint_name).toBe('werkgevers_kvk_nummer_key');
  });

  test('an employer has one location per address (toevoeging regardless of case)', async () => {
    await t.sql`insert into vestigingen (werkgever_id, postcode, huisnummer, toevoeging, plaats) values (${werkgeverId}, '1621 AB', 12, 'A', 'Hoorn')`;
    const err = await pgError(t.sql`insert into vestigingen (werkgever_id, postcode, huisnummer, toevoeging, plaats) values (${werkgeverId}, '1621 AB', 12, 'a', 'Hoorn')`);
    expect(err.constraint_name).toBe('vestigingen_adres_key');
    await t.sql`insert into vestigingen (werkgever_id, postcode, huisnummer, plaats) values (${werkgeverId}, '1621 AB', 12, 'Hoorn')`;
  });

  test('medewerker e-mail is unique regardless of case', async () => {
    await t.sql`insert into medewerkers (naam, email, rol) values ('A', 'Anna@Example.org', 'team')`;
    const err = await pgError(t.sql`insert into medewerkers (naam, email, rol) values ('B', 'anna@example.org', 'manager')`);
    expect(err.code).toBe('23505');
  });

  test('a traject is unique per melding, regio and ronde', async () => {
    const meldingId = await insertMelding();
    await t.sql`insert into melding_trajecten (melding_id, regio_code) values (${meldingId}, 'AM05')`;
    await t.sql`insert into melding_trajecten (melding_id, regio_code, ronde) values (${meldingId}, 'AM05', 2)`;
    const err = await pgError(t.sql`insert into melding_trajecten (melding_id, regio_code) values (${meldingId}, 'AM05')`);
    expect(err.constraint_name).toBe('melding_trajecten_melding_regio_ronde_key');
  });

  test('foreign keys: unknown regio, gemeente and SBI section are rejected', async () => {
    const FK_VIOLATION = '23503';
    expect((await pgError(t.sql`insert into wsps (regio_code, naam) values ('AM04', 'Bestaat niet')`)).code).toBe(FK_VIOLATION);
    expect(
      (await pgError(t.sql`insert into vestigingen (werkgever_id, postcode, huisnummer, plaats, gemeente_code) values (${werkgeverId}, '1012 AB', 1, 'X', 'GM9999')`)).code,
    ).toBe(FK_VIOLATION);
    expect((await pgError(insertMelding({ sbi_versie: '2008', sector_letter: 'V' }))).constraint_name).toBe('meldingen_sector_fk');
  });

  test('idempotency keys of taken and outbox are unique', async () => {
    const meldingId = await insertMelding();
    await t.sql`insert into taken (melding_id, rol, soort, idempotency_key) values (${meldingId}, 'team', 'intake', 'k1')`;
    expect((await pgError(t.sql`insert into taken (melding_id, rol, soort, idempotency_key) values (${meldingId}, 'team', 'intake', 'k1')`)).constraint_name).toBe(
      'taken_idempotency_key_key',
    );
    await t.sql`insert into outbox (idempotency_key, ontvanger_adres, onderwerp, body) values ('o1', 'wsp@example.org', 'S', 'B')`;
    expect((await pgError(t.sql`insert into outbox (idempotency_key, ontvanger_adres, onderwerp, body) values ('o1', 'wsp@example.org', 'S', 'B')`)).code).toBe('23505');
  });
});

describe('audit_log is append-only', () => {
  let id: number;
  beforeAll(async () => {
    [{ id }] = (await t.sql`insert into audit_log (actor_soort, actie, na) values ('systeem', 'melding.ontvangen', ${JSON.stringify({ status: 'ontvangen' })}::jsonb) returning id`) as unknown as [
      { id: number },
    ];
  });

  test.each([
    { name: 'UPDATE', run: () => t.sql`update audit_log set actie = 'vervalst' where id = ${id}` },
    { name: 'DELETE', run: () => t.sql`delete from audit_log where id = ${id}` },
    { name: 'TRUNCATE', run: () => t.sql`truncate audit_log` },
  ])('$name is rejected', async ({ name, run }) => {
    const err = await pgError(run());
    expect(err.code).toBe('42501');
    expect(err.message).toContain(`append-only: ${name}`);
    const [row] = await t.sql`select actie from audit_log where id = ${id}`;
    expect(row?.actie).toBe('melding.ontvangen');
  });

  test('a medewerker action needs the actor id', async () => {
    const err = await pgError(t.sql`insert into audit_log (actor_soort, actie) values ('medewerker', 'x')`);
    expect(err.constraint_name).toBe('audit_log_actor_check');
  });
});
