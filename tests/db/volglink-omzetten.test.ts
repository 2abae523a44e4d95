// Upgrade: a database of an earlier version kept the follow link's secret itself. The first start converts
// each such row to its hash and encrypted copy, so the links employers hold keep working.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meldingVoorVolgLink } from '../../db/repositories/meldingen-lezen';
import { volgTokensOmzetten, volgTokenVan } from '../../db/repositories/volglink';
import { volglinkSleutel } from '../../security/volglink';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('volglink');
});
afterAll(() => t?.drop());

it('converts secrets stored in the clear to hash + encrypted copy, once; the old link still opens the melding', async () => {
  const [w] = await t.sql<{ id: number }[]>`insert into werkgevers (kvk_nummer, naam) values ('55667788', 'Oud BV') returning id`;
  const token = randomBytes(32).toString('base64url');
  const [m] = await t.sql<{ id: string }[]>`insert into meldingen (soort, werkgever_id, volg_token) values ('vraag', ${w!.id}, ${token}) returning id`;
  const sleutel = volglinkSleutel(randomBytes(32));
  expect(await volgTokensOmzetten(t.db, sleutel)).toBe(1);
  expect(await volgTokensOmzetten(t.db, sleutel)).toBe(0);
  const [rij] = await t.sql`select volg_token, volg_token_versleuteld from meldingen where id = ${m!.id}`;
  expect(rij!.volg_token).not.toBe(token);
  expect(rij!.volg_token).toMatch(/^[0-9a-f]{64}$/);
  expect((await meldingVoorVolgLink(t.db, token))?.id).toBe(m!.id);
  expect(await volgTokenVan(t.db, sleutel, m!.id)).toBe(token);
  expect(await volgTokenVan(t.db, volglinkSleutel(randomBytes(32)), m!.id)).toBeUndefined();
});
