// Demo data for a local run without configuration (embedded PostgreSQL): one WSP per regio, demo
// medewerkers for every role sharing one documented password, a regio contact + achtervang for every
// regio, and a duty roster for the coming working days. Idempotent: existing rows are left alone
// (changes made through the application survive restarts); the roster is extended on every start.
import { inArray, sql } from 'drizzle-orm';
import { standaardKalender, toAmsterdam, type WerkdagKalender } from '../domain/werkdagen';
import type { Db } from './client';
import { hashPassword } from './password';
import { medewerkers, regioContacten, regios, rooster, wsps, type Rol } from './schema';

export const DEMO_PASSWORD = 'werkroute-demo';
export const DEMO_DOMAIN = 'werkroute.example';
/** Working days ahead covered by the demo roster. */
const ROOSTER_WERKDAGEN = 20;

export interface DemoAccount {
  email: string;
  rol: Rol;
  naam: string;
}

export interface DemoSeedResult {
  password: string;
  /** The accounts to show on start (one per role; regio and WSP accounts follow the same pattern). */
  accounts: DemoAccount[];
}

const TEAM: DemoAccount[] = [
  { naam: 'Team Demo 1', email: `team1@${DEMO_DOMAIN}`, rol: 'team' },
  { naam: 'Team Demo 2', email: `team2@${DEMO_DOMAIN}`, rol: 'team' },
  { naam: 'Team Demo 3', email: `team3@${DEMO_DOMAIN}`, rol: 'team' },
];
const STAF: DemoAccount[] = [
  { naam: 'Manager Demo', email: `manager@${DEMO_DOMAIN}`, rol: 'manager' },
  { naam: 'Beheerder Demo', email: `beheer@${DEMO_DOMAIN}`, rol: 'beheerder' },
];
const regioEmail = (code: string) => `regio.${code.toLowerCase()}@${DEMO_DOMAIN}`;
const wspEmail = (code: string) => `wsp.${code.toLowerCase()}@${DEMO_DOMAIN}`;

export async function seedDemoData(
  db: Db,
  options: { now?: Date; kalender?: WerkdagKalender } = {},
): Promise<DemoSeedResult> {
  const now = options.now ?? new Date();
  const kalender = options.kalender ?? standaardKalender;
  const passwordHash = await hashPassword(DEMO_PASSWORD); // one hash: every demo account shares the password

  await db.transaction(async (tx) => {
    const alleRegios = await tx.select({ code: regios.code, naam: regios.naam }).from(regios).orderBy(regios.code);

    await tx
      .insert(wsps)
      .values(alleRegios.map((r) => ({ regioCode: r.code, naam: `WSP ${r.naam}`, email: wspEmail(r.code) })))
      .onConflictDoNothing();
    const wspPerRegio = new Map(
      (await tx.select({ id: wsps.id, regioCode: wsps.regioCode }).from(wsps).orderBy(wsps.id)).map((w) => [w.regioCode, w.id]),
    );

    const mensen = [
      ...TEAM.map((a) => ({ ...a, wspId: null as number | null })),
      ...STAF.map((a) => ({ ...a, wspId: null as number | null })),
      ...alleRegios.map((r) => ({ naam: `Regiocontact ${r.naam}`, email: regioEmail(r.code), rol: 'regio-contact' as const, wspId: null })),
      ...alleRegios.map((r) => ({ naam: `WSP-medewerker ${r.naam}`, email: wspEmail(r.code), rol: 'wsp' as const, wspId: wspPerRegio.get(r.code) ?? null })),
    ];
    await tx
      .insert(medewerkers)
      .values(mensen.map((m) => ({ ...m, passwordHash })))
      .onConflictDoNothing();
    const idPerEmail = new Map(
      (
        await tx
          .select({ id: medewerkers.id, email: medewerkers.email })
          .from(medewerkers)
          .where(inArray(sql`lower(${medewerkers.email})`, mensen.map((m) => m.email.toLowerCase())))
      ).map((m) => [m.email.toLowerCase(), m.id]),
    );
    const id = (email: string) => {
      const v = idPerEmail.get(email.toLowerCase());
      if (v === undefined) throw new Error(`demo medewerker missing: ${email}`);
      return v;
    };

    // The contact of the next regio (in code order) is the achtervang.
    await tx
      .insert(regioContacten)
      .values(
        alleRegios.map((r, i) => ({
          regioCode: r.code,
          medewerkerId: id(regioEmail(r.code)),
          achtervangId: id(regioEmail(alleRegios[(i + 1) % alleRegios.length]!.code)),
        })),
      )
      .onConflictDoNothing();

    // Roster: the coming working days, one team member per day, chosen by the date so reruns agree.
    const dagen: string[] = [];
    let dag = toAmsterdam(now.getTime()).datum;
    if (!kalender.isWerkdag(dag)) dag = kalender.volgendeWerkdag(dag);
    while (dagen.length < ROOSTER_WERKDAGEN) {
      dagen.push(dag);
      dag = kalender.volgendeWerkdag(dag);
    }
    await tx
      .insert(rooster)
      .values(dagen.map((datum) => ({ datum, medewerkerId: id(TEAM[Math.floor(Date.parse(datum) / 86_400_000) % TEAM.length]!.email) })))
      .onConflictDoNothing();
  });

  return {
    password: DEMO_PASSWORD,
    accounts: [
      ...TEAM.slice(0, 1),
      { naam: 'Regiocontact Groningen', email: regioEmail('AM01'), rol: 'regio-contact' },
      { naam: 'WSP-medewerker Groningen', email: wspEmail('AM01'), rol: 'wsp' },
      ...STAF,
    ],
  };
}
