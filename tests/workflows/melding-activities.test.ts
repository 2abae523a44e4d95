// The activities on their own against PostgreSQL: every one is idempotent by key, a failed delivery is
// retried without doubling, and an older projection never overwrites a newer one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMeldingActivities } from '../../activities/melding';
import type { Mailer, MailBericht } from '../../activities/mailer';
import { auditLog, contactpersonen, medewerkers, meldingen, outbox, werkgevers } from '../../db/schema';
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
  it('notificeer: a repeated call sends nothing twice', async () => {
    const m = mailer();
    const acts = createMeldingActivities({ db: t.db, mailer: m });
    expect(await env.run(acts.notificeer, opdracht('k1'))).toEqual({ rijen: 2, verzonden: 2 });
    expect(await env.run(acts.notificeer, opdracht('k1'))).toEqual({ rijen: 2, verzonden: 0 });
    expect(m.verzonden.map((b) => b.to).sort()).toEqual(['c@werkgever.test', 't@team.test']);
    expect(m.verzonden[0]?.messageId).toMatch(/^<k1:.+@werkroute>$/);
    const rijen = await t.db.select().from(outbox).where(eq(outbox.meldingId, meldingId));
    expect(rijen.filter((r) => r.idempotencyKey.startsWith('k1:')).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('notificeer: staff get a link to the melding in the app, the employer the private follow link', async () => {
    const m = mailer();
    const acts = createMeldingActivities({ db: t.db, mailer: m, appUrl: 'https://werkroute.example.nl/', volglinkSleutel: VOLG_SLEUTEL });
    await env.run(acts.notificeer, { ...opdracht('links'), regioCode: 'AM01' });
    const volgToken = VOLG_TOKEN;
    const aan = (adres: string) => m.verzonden.find((b) => b.to === adres)!.text;
    expect(aan('t@team.test')).toContain(`Openen in Werkroute: https://werkroute.example.nl/meldingen/${meldingId}/trajecten/AM01\n`);
    expect(aan('c@werkgever.test')).toContain(`Volg uw melding: https://werkroute.example.nl/volg/${volgToken}\n`);
    expect(aan('c@werkgever.test')).not.toContain('/meldingen/');
    // The outbox keeps a placeholder, never the link's secret.
    const rijen = await t.db.select({ body: outbox.body }).from(outbox).where(eq(outbox.meldingId, meldingId));
    expect(rijen.some((r) => r.body.includes('Volg uw melding: {{volglink}}'))).toBe(true);
    expect(rijen.map((r) => r.body).join()).not.toContain(VOLG_TOKEN);
  });

  it('notificeer: without the key that reads the link (another app secret) the mail goes without the link line', async () => {
    const m = mailer();
    const acts = createMeldingActivities({ db: t.db, mailer: m, appUrl: 'https://werkroute.example.nl/', volglinkSleutel: volglinkSleutel(randomBytes(32)) });
    await env.run(acts.notificeer, opdracht('andere-sleutel'));
    const tekst = m.verzonden.find((b) => b.to === 'c@werkgever.test')!.text;
    expect(tekst).not.toContain('Volg uw melding');
    expect(tekst).not.toContain('{{volglink}}');
  });

  it('notificeer: a cc to the regio\'s PoW regio-regisseur goes to the address beheer recorded, without a link into the app', async () => {
    await t.sql`insert into regio_partners (regio_code, soort, naam, email) values ('AM01', 'pow_regisseur', 'R. Regisseur', 'regisseur@pow.test')`;
    const m = mailer();
    const acts = createMeldingActivities({ db: t.db, mailer: m });
    const cc = (wie: 'pow_regisseur' | 'vno_ncw_mkb') => ({ ...opdracht(`cc-${wie}`), sjabloon: 'wsp_cc' as const, regioCode: 'AM01', ontvangers: [{ soort: 'cc' as const, wie, regioCode: 'AM01' }] });
    expect(await env.run(acts.notificeer, cc('pow_regisseur'))).toEqual({ rijen: 1, verzonden: 1 });
    expect(m.verzonden.map((b) => b.to)).toEqual(['regisseur@pow.test']);
    expect(m.verzonden[0]!.text).not.toContain('Werkroute:');
    // None recorded for VNO-NCW/MKB-NL in this regio: nobody to send to, nothing fails.
    expect(await env.run(acts.notificeer, cc('vno_ncw_mkb'))).toEqual({ rijen: 0, verzonden: 0 });
  });

  it('notificeer: SMTP failure leaves the row pending with the error; the retry delivers the rest once', async () => {
    const m = mailer(1);
    const acts = createMeldingActivities({ db: t.db, mailer: m });
    await expect(env.run(acts.notificeer, opdracht('k2'))).rejects.toThrow(/ECONNREFUSED/);
    const na = await t.db.select().from(outbox).where(eq(outbox.meldingId, meldingId));
    const k2 = na.filter((r) => r.idempotencyKey.startsWith('k2:'));
    expect(k2.map((r) => [r.status, r.attempts])).toEqual([['pending', 1], ['pending', 0]]);
    expect(k2[0]?.lastError).toContain('ECONNREFUSED');
    expect(await env.run(acts.notificeer, opdracht('k2'))).toEqual({ rijen: 2, verzonden: 2 });
    expect(m.verzonden).toHaveLength(2);
  });

  it('notificeer without SMTP keeps rows pending in the outbox', async () => {
    const acts = createMeldingActivities({ db: t.db, mailer: null });
    expect(await env.run(acts.notificeer, opdracht('k3'))).toEqual({ rijen: 2, verzonden: 0 });
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
