// The cross-role matrix, generated from the OpenAPI document: for every staff operation, every role the
// document does not list gets 403, and every role it lists gets past the role check (whatever the request
// then gets for its dummy input). So code, OpenAPI and README cannot drift apart without a test failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../db/repositories/toegang';
import { ROLLEN, type Rol } from '../../db/schema';
import { ACCOUNTS, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

const ACCOUNT_PER_ROL: Record<Rol, string> = {
  team: ACCOUNTS.team,
  'regio-contact': ACCOUNTS.regioAM01,
  wsp: ACCOUNTS.wspAM01,
  manager: ACCOUNTS.manager,
  beheerder: ACCOUNTS.beheerder,
};

interface Operatie {
  method: string;
  pad: string;
  rollen: Rol[];
}

let n = 0;
/** A fresh session per request: some operations (sign-out) end the one they are called with. */
async function sessie(rol: Rol): Promise<string> {
  const token = `wrs_${(++n).toString(36).padStart(43, 'R')}`;
  await h.db.sql`insert into sessies (token_hash, medewerker_id, expires_at)
    select ${hashToken(token)}, id, now() + interval '1 hour' from medewerkers where email = ${ACCOUNT_PER_ROL[rol]}`;
  return token;
}

/** Dummy but well-formed path parameters: the role check comes before the lookup. */
const invullen = (pad: string) =>
  pad.replace(/\{(\w+)\}/g, (_, naam: string) => (naam === 'code' || naam === 'regio' ? 'AM01' : naam === 'soort' ? 'vno_ncw_mkb' : naam === 'id' && /meldingen/.test(pad) ? '00000000-0000-4000-8000-000000000000' : '999999'));

describe('cross-role matrix from the OpenAPI document', () => {
  it('lists roles for every staff operation, and the API enforces exactly those', async () => {
    const doc = (await h.req('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[]; 'x-rollen'?: Rol[] }>> };
    const ops: Operatie[] = [];
    for (const [pad, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (op.security?.length === 0) continue;
        expect(op['x-rollen'], `${method} ${pad}`).toBeDefined();
        ops.push({ method: method.toUpperCase(), pad, rollen: op['x-rollen']! });
      }
    }
    expect(ops.length).toBeGreaterThan(30);
    const fouten: string[] = [];
    for (const op of ops) {
      for (const rol of ROLLEN) {
        const r = await h.req(op.method, invullen(op.pad), { token: await sessie(rol), body: op.method === 'GET' || op.method === 'DELETE' ? undefined : {} });
        const mag = op.rollen.includes(rol);
        if (mag && (r.status === 401 || r.status === 403)) fouten.push(`${rol} refused (${r.status}) at ${op.method} ${op.pad}: ${r.body?.detail}`);
        if (!mag && r.status !== 403) fouten.push(`${rol} not refused (${r.status}) at ${op.method} ${op.pad}`);
      }
    }
    expect(fouten).toEqual([]);
  });

  it('managers coordinate: they read everything and reassign, but do no team steps; beheerders do no case steps', async () => {
    const doc = (await h.req('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string; 'x-rollen'?: Rol[] }>> };
    const rollen = new Map(Object.values(doc.paths).flatMap((m) => Object.values(m)).map((op) => [op.operationId, op['x-rollen'] ?? []]));
    for (const stap of ['inBehandelingNemen', 'intakeVastleggen', 'vervolgBesluiten', 'intrekken']) {
      const id = [...rollen.keys()].find((k) => k.toLowerCase() === stap.toLowerCase());
      expect(id, stap).toBeDefined();
      expect(rollen.get(id!)).toEqual(['team']);
    }
    const her = [...rollen.keys()].find((k) => k.toLowerCase() === 'hertoewijzen');
    expect(rollen.get(her!)?.sort()).toEqual(['manager', 'team']);
  });
});
