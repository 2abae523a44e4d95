// The activities on their own against PostgreSQL: every one is idempotent by key, notificeer only writes
// the outbox (the mail relay sends, tests/workflows/mail-relay.test.ts), and an older projection never
// overwrites a newer one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMeldingActivities } from '../../activities/melding';
import type { Mailer, MailBericht } from '../../activities/mailer';
import { auditLog, contactpersonen, medewerkers, meldingen, outbox, OUTBOX_KANAAL, werkgevers } from '../../db/schema';
import { waitFor } from '../helpers/temporal';
import { nieuweMelding, projectieVan } from '../../domain/melding';
import { fromAmsterdam, standaardKalender } from '../../domain/werkdagen';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { versleutel, volglinkSleutel, volgTokenHash } from '../../security/volglink';

let t: TestDatabase;
let meldingId: string;
let teamId: string;
const env = new MockActivityEnvironment();

function mailer(faalEerst = 0): Mailer & { verzonden: MailBericht[] } {
  let fouten = faalEerst;
  const verzonden: MailBericht[] = [];
  return {
    verzonden,
    async send(b) {
      if (fouten > 0) {
        fouten -= 1;
        throw new Error('ECONNREFUSED 127.0.0.1:25');
      }
      verzonden.push(b);
    },
    close() {},
  };
}

const VOLG_SLEUTEL = volglinkSleutel(randomBytes(32));
const VOLG_TOKEN = randomBytes(32).toString('base64url');

beforeAll(async () => {
  t = await createTestDatabase('wf_activities');
  const w = await t.db.insert(werkgevers).values({ kvkNummer: '11223344', naam: 'BV Test' }).returning({ id: werkgevers.id });
  const c = await t.db.insert(contactpersonen).values({ werkgeverId: w[0]!.id, naam: 'C', email: 'c@werkgever.test' }).returning({ id: contactpersonen.id });
  meldingId = randomUUID();
  await t.db.insert(meldingen).values({
    id: meldingId,
    soort: 'vraag',
    werkgeverId: w[0]!.id,
    contactpersoonId: c[0]!.id,
    volgTokenHash: volgTokenHash(VOLG_TOKEN),
    volgTokenVersleuteld: versleutel(VOLG_SLEUTEL, meldingId, VOLG_TOKEN),
  });
  teamId = String((await t.db.insert(medewerkers).values({ naam: 'T', email: 't@team.test', rol: 'team' }).returning({ id: medewerkers.id }))[0]!.id);
});
afterAll(async () => {
  await t?.drop();
});

const opdracht = (sleutel: string) => ({
  sleutel,
  meldingId,
  sjabloon: 'nieuwe_melding' as const,
  ontvangers: [{ soort: 'werkgever' as const }, { soort: 'medewerker' as const, medewerkerId: teamId }],
  gegevens: { soort: 'vraag', deadline: '2027-01-18T17:00:00+01:00' },
});

describe('melding activities', () => {
  it('notificeer: a repeated call writes no second row, and it never sends (the mail relay does)', async () => {
    const m = mailer();
    const acts = createMeldingActivities({ db: t.db, mailer: m });
    expect(await env.run(acts.notificeer, opdracht('k1'))).toEqual({ rijen: 2 });
    expect(await env.run(acts.notificeer, opdracht('k1'))).toEqual({ rijen: 2 });
    expect(m.verzonden).toEqual([]);
    const rijen = await t.db.select().from(outbox).where(eq(outbox.meldingId, meldingId));
    expect(rijen.filter((r) => r.idempotencyKey.startsWith('k1:')).map((r) => r.status)).toEqual(['pending', 'pending']);
  });

  it('notificeer: NOTIFYs the mail relay in the writing transaction, only when it wrote a row', async () => {
    const gehoord: string[] = [];
    const l = await t.sql.listen(OUTBOX_KANAAL, (x) => gehoord.push(x));
    try {
      const acts = createMeldingActivities({ db: t.db });
      await env.run(acts.notificeer, opdracht('notify-1'));
      await waitFor(() => gehoord.length === 1, { what: 'NOTIFY' });
      await env.run(acts.notificeer, opdracht('notify-1'));
      await env.run(acts.notificeer, opdracht('notify-2'));
      await waitFor(() => gehoord.length === 2, { what: 'second NOTIFY' });
    } finally {
      await l.unlisten();
    }
  });

  it('notificeer: staff get a link to the melding in the app, the employer a placeholder for the private follow link', async () => {
    const acts = createMeldingActivities({ db: t.db, appUrl: 'https://werkroute.example.nl/' });
    await env.run(acts.notificeer, { ...opdracht('links'), regioCode: 'AM01' });
    const rijen = await t.db
      .select({ body: outbox.body, m: outbox.ontvangerMedewerkerId, c: outbox.ontvangerContactpersoonId })
      .from(outbox)
      .where(sql`starts_with(${outbox.idempotencyKey}, 'links:')`);
    expect(rijen.find((r) => r.m !== null)!.body).toContain(`Openen in Werkroute: https://werkroute.example.nl/meldingen/${meldingId}/trajecten/AM01\n`);
    // The outbox keeps a placeholder, never the link's secret; the relay fills it in (tests/workflows/mail-relay.test.ts).
    const werkgever = rijen.find((r) => r.c !== null)!.body;
    expect(werkgever).toContain('Volg uw melding: {{volglink}}\n');
    expect(werkgever).not.toContain('/meldingen/');
    expect(rijen.map((r) => r.body).join()).not.toContain(VOLG_TOKEN);
  });

  it('notificeer: a cc to the regio\'s PoW regio-regisseur goes to the address beheer recorded, without a link into the app', async () => {
    await t.sql`insert into regio_partners (regio_code, soort, naam, email) values ('AM01', 'pow_regisseur', 'R. Regisseur', 'regisseur@pow.test')`;
    const acts = createMeldingActivities({ db: t.db });
    const cc = (wie: 'pow_regisseur' | 'vno_ncw_mkb') => ({ ...opdracht(`cc-${wie}`), sjabloon: 'wsp_cc' as const, regioCode: 'AM01', ontvangers: [{ soort: 'cc' as const, wie, regioCode: 'AM01' }] });
    expect(await env.run(acts.notificeer, cc('pow_regisseur'))).toEqual({ rijen: 1 });
    const rij = await t.db.select({ adres: outbox.ontvangerAdres, body: outbox.body }).from(outbox).where(eq(outbox.idempotencyKey, 'cc-pow_regisseur:pAM01:pow_regisseur'));
    expect(rij.map((r) => r.adres)).toEqual(['regisseur@pow.test']);
    expect(rij[0]!.body).not.toContain('Werkroute:');
    // None recorded for VNO-NCW/MKB-NL in this regio: nobody to send to, nothing fails.
    expect(await env.run(acts.notificeer, cc('vno_ncw_mkb'))).toEqual({ rijen: 0 });
  });

  it('notificeer without SMTP keeps rows pending in the outbox', async () => {
    const acts = createMeldingActivities({ db: t.db, mailer: null });
    expect(await env.run(acts.notificeer, opdracht('k3'))).toEqual({ rijen: 2 });
    const rijen = (await t.db.select().from(outbox).where(eq(outbox.meldingId, meldingId))).filter((r) => r.idempotencyKey.startsWith('k3:'));
    expect(rijen.map((r) => r.status)).toEqual(['pending', 'pending']);
  });

  it('registreerAudit is idempotent by key and records acting-for', async () => {
    const acts = createMeldingActivities({ db: t.db, mailer: null });
    const a = { sleutel: 'a1', meldingId, actie: 'regio_bevestigd', door: { soort: 'medewerker' as const, medewerkerId: teamId, rol: 'team' as const, namensMedewerkerId: teamId }, details: { x: 1 }, op: Date.now() };
    await env.run(acts.registreerAudit, a);
    await env.run(acts.registreerAudit, a);
    const rijen = await t.db.select().from(auditLog).where(eq(auditLog.idempotencyKey, 'a1'));
    expect(rijen).toEqual([expect.objectContaining({ actorSoort: 'medewerker', actorId: Number(teamId), namensId: Number(teamId), actie: 'regio_bevestigd' })]);
  });

  it('projecteer: an older version never overwrites a newer one', async () => {
    const acts = createMeldingActivities({ db: t.db, mailer: null });
    const nu = fromAmsterdam('2027-01-15', 15, 0);
    const { state } = nieuweMelding({ meldingId, soort: 'vraag', ontvangenOp: nu, intakeMedewerkerId: teamId }, { nu, kalender: standaardKalender });
    const oud = projectieVan(state, nu);
    state.versie += 1;
    state.status = 'in_behandeling';
    const nieuw = projectieVan(state, nu + 1000);
    expect(await env.run(acts.projecteer, nieuw)).toEqual({ toegepast: true });
    expect(await env.run(acts.projecteer, oud)).toEqual({ toegepast: false });
    const rij = (await t.db.select().from(meldingen).where(eq(meldingen.id, meldingId)))[0]!;
    expect(rij).toMatchObject({ status: 'in_behandeling', projectieVersie: 2, toegewezenAan: Number(teamId) });
  });
});
