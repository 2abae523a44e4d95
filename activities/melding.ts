// Side effects of the melding workflow, as a factory over injected dependencies. Every activity is
// idempotent by the key the workflow derives from its state version: a retry after an SMTP or database
// outage writes no second row and sends no second e-mail.
import { VRIJE_TEKST_VELDEN } from '../domain/melding/vrije-tekst';
import { VOLGLINK_PLEK } from '../security/volglink';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { liveBewaren } from '../db/repositories/melding-live';
import type { Db } from '../db/client';
import {
  auditLog,
  contactpersonen,
  medewerkers,
  meldingen,
  meldingTrajecten,
  outbox,
  OUTBOX_KANAAL,
  regioContacten,
  rooster,
  taken,
  termijnen,
  uitkomsten,
  regioPartners,
  wsps,
} from '../db/schema';
import type { ActorRef, Effect, MeldingProjectie, MeldingStatusView, Ontvanger, RegioContacten } from '../domain/melding';
import { meldingStatusQuery, meldingWorkflowId } from '../workflows/melding.messages';
import { fromAmsterdam, standaardKalender, toAmsterdam } from '../domain/werkdagen';
import type { Mailer } from './mailer';
import { renderSjabloon } from './sjablonen';
import { controleerStap, type StapControle, type StapGegevens } from '../security/stap-handtekening';
import { verwerkStap, type StapTransactie } from './stap-transactie';

export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface MeldingActivityDeps {
  db: Db;
  /** @deprecated Ignored: notificeer only writes the outbox; the mail relay (activities/mail-relay.ts) sends. */
  mailer?: Mailer | null;
  clock?: { now(): number };
  log?: Logger;
  /** Client for the read model (the workflow's status view after each projection); absent = not kept. */
  temporal?: Client;
  /** Base URL of the web app for the links in e-mails (default http://localhost:3000); a function when known only after listen. */
  appUrl?: string | (() => string);
  /**
   * Key the API signs steps with (security/stap-handtekening.ts `stapSleutel`). Absent: every signed step
   * is refused (fail closed), so a worker without the app secret cannot be talked into anything.
   */
  stapSleutel?: Buffer;
  /** @deprecated Ignored here: the mail relay fills in the follow link when it sends. */
  volglinkSleutel?: Buffer;
}

/** The pool or an open transaction: every writer below runs in either, so one step can write all of itself at once. */
export type Uitvoerder = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

type Met<E extends Effect['soort']> = Omit<Extract<Effect, { soort: E }>, 'soort'> & { soort?: E; meldingId: string };

export type NotificatieOpdracht = Met<'notificeer'>;
export type TaakOpdracht = Met<'taak'> & { op: number };
export type TaakSluitenOpdracht = Met<'taak_sluiten'> & { op: number };
export type AuditOpdracht = Met<'audit'> & { op: number };
export type UitkomstOpdracht = Met<'uitkomst'> & { ontvangenOp: number };

/** Calendar days between two local (Europe/Amsterdam) dates, as people count a lead time. */
function kalenderdagenTussen(van: number, tot: number): number {
  const noon = (ms: number) => fromAmsterdam(toAmsterdam(ms).datum, 12, 0);
  return Math.max(0, Math.round((noon(tot) - noon(van)) / 86_400_000));
}

const stil: Logger = { info: () => {}, warn: () => {}, error: () => {} };

function alsId(id: string | null | undefined): number | null {
  if (id === null || id === undefined) return null;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : null;
}

interface Adres {
  deel: string;
  email: string | null;
  medewerkerId?: number;
  contactpersoonId?: number;
  adres?: string;
  /** A regional partner outside the application: no link into it. */
  partner?: boolean;
}

export function createMeldingActivities(deps: MeldingActivityDeps) {
  const { db } = deps;
  const log = deps.log ?? stil;

  async function trajectId(q: Uitvoerder, meldingId: string, regioCode: string | undefined): Promise<string | null> {
    if (regioCode === undefined) return null;
    const rij = await q
      .select({ id: meldingTrajecten.id })
      .from(meldingTrajecten)
      .where(and(eq(meldingTrajecten.meldingId, meldingId), eq(meldingTrajecten.regioCode, regioCode)))
      .orderBy(sql`${meldingTrajecten.ronde} desc`)
      .limit(1);
    return rij[0]?.id ?? null;
  }

  async function adressen(q: Uitvoerder, meldingId: string, o: Ontvanger): Promise<Adres[]> {
    switch (o.soort) {
      case 'medewerker': {
        const id = alsId(o.medewerkerId);
        if (id === null) return [];
        const r = await q.select({ id: medewerkers.id, email: medewerkers.email }).from(medewerkers).where(eq(medewerkers.id, id));
        return r.map((x) => ({ deel: `m${x.id}`, email: x.email, medewerkerId: x.id }));
      }
      case 'rol': {
        const r = await q
          .select({ id: medewerkers.id, email: medewerkers.email })
          .from(medewerkers)
          .where(and(eq(medewerkers.rol, o.rol), eq(medewerkers.actief, true)))
          .orderBy(medewerkers.id);
        return r.map((x) => ({ deel: `m${x.id}`, email: x.email, medewerkerId: x.id }));
      }
      case 'werkgever': {
        const r = await q
          .select({ id: contactpersonen.id, email: contactpersonen.email })
          .from(meldingen)
          .innerJoin(contactpersonen, eq(contactpersonen.id, meldingen.contactpersoonId))
          .where(eq(meldingen.id, meldingId));
        return r.map((x) => ({ deel: `c${x.id}`, email: x.email, contactpersoonId: x.id }));
      }
      case 'wsp': {
        const id = alsId(o.wspId);
        const r = await q
          .select({ id: wsps.id, email: wsps.email })
          .from(wsps)
          .where(id !== null ? eq(wsps.id, id) : and(eq(wsps.regioCode, o.regioCode), eq(wsps.actief, true)))
          .orderBy(wsps.id);
        return r.filter((x) => x.email).map((x) => ({ deel: `w${x.id}`, email: x.email, adres: x.email as string }));
      }
      case 'cc': {
        if (o.wie !== 'wsp_managers') {
          // VNO-NCW/MKB-NL representative or PoW regio-regisseur, kept by beheer per regio.
          const r = await q
            .select({ email: regioPartners.email })
            .from(regioPartners)
            .where(and(eq(regioPartners.regioCode, o.regioCode), eq(regioPartners.soort, o.wie)));
          if (r.length === 0) log.warn('cc-ontvanger zonder adres', { meldingId, wie: o.wie, regioCode: o.regioCode });
          return r.map((x) => ({ deel: `p${o.regioCode}:${o.wie}`, email: x.email, adres: x.email, partner: true }));
        }
        const r = await q
          .select({ id: medewerkers.id, email: medewerkers.email })
          .from(medewerkers)
          .innerJoin(wsps, eq(wsps.id, medewerkers.wspId))
          .where(and(eq(medewerkers.rol, 'wsp'), eq(medewerkers.actief, true), eq(wsps.regioCode, o.regioCode)))
          .orderBy(medewerkers.id);
        return r.map((x) => ({ deel: `m${x.id}`, email: x.email, medewerkerId: x.id }));
      }
    }
  }

  let zonderSleutelGemeld = false;

  return {
    /**
     * Local activity at the start of every step handler: did the API sign this step (actor and input, for
     * this workflow, update name and id, recently)? Pure CPU, no I/O; its answer is recorded in the history
     * (one marker), so a replay never checks again and a later key rotation cannot change the past.
     */
    async verifieerStap(g: StapGegevens & { handtekening?: unknown }): Promise<StapControle> {
      const uitkomst = controleerStap(deps.stapSleutel, g);
      if (!uitkomst.geldig) {
        if (!deps.stapSleutel && !zonderSleutelGemeld) {
          zonderSleutelGemeld = true;
          log.error('worker has no step-signing key: every step is refused (configure WERKROUTE_SECRET or DATA_DIR as for the API)');
        }
        log.warn('step refused: signature invalid', { workflowId: g.workflowId, update: g.updateName, updateId: g.updateId, reden: uitkomst.reden });
      }
      return uitkomst;
    },

    /** The team member on duty on the (next) working day of receipt; null = team pool. */
    async bepaalIntakeMedewerker(input: { meldingId: string; op: number }): Promise<{ medewerkerId: string | null }> {
      const dag = toAmsterdam(input.op).datum;
      const datum = standaardKalender.isWerkdag(dag) ? dag : standaardKalender.volgendeWerkdag(dag);
      const r = await db
        .select({ id: rooster.medewerkerId })
        .from(rooster)
        .innerJoin(medewerkers, eq(medewerkers.id, rooster.medewerkerId))
        .where(and(eq(rooster.datum, datum), eq(medewerkers.actief, true)))
        .orderBy(rooster.id)
        .limit(1);
      return { medewerkerId: r[0] ? String(r[0].id) : null };
    },

    async bepaalRegioContacten(input: { regioCodes: string[] }): Promise<Record<string, RegioContacten>> {
      const uit: Record<string, RegioContacten> = {};
      for (const code of input.regioCodes) uit[code] = { primairId: null, achtervangId: null };
      if (input.regioCodes.length === 0) return uit;
      const r = await db.select().from(regioContacten).where(inArray(regioContacten.regioCode, input.regioCodes));
      for (const x of r) uit[x.regioCode] = { primairId: String(x.medewerkerId), achtervangId: x.achtervangId === null ? null : String(x.achtervangId) };
      return uit;
    },

    /** Writes the outbox rows of one mail (see schrijfNotificatie) and NOTIFYs the relay on commit. Never sends. */
    async notificeer(o: NotificatieOpdracht): Promise<{ rijen: number }> {
      return db.transaction(async (tx) => {
        const r = await schrijfNotificatie(tx, o);
        // Delivered on commit: the relay wakes within a moment instead of at its next poll.
        if (r.nieuw > 0) await tx.execute(sql`select pg_notify(${OUTBOX_KANAAL}, '')`);
        return { rijen: r.rijen };
      });
    },

    async bewaarTaak(t: TaakOpdracht): Promise<void> {
      await schrijfTaak(db, t);
    },

    async sluitTaak(t: TaakSluitenOpdracht): Promise<void> {
      await schrijfTaakSluiten(db, t);
    },

    async registreerAudit(a: AuditOpdracht): Promise<void> {
      await schrijfAudit(db, a);
    },

    async registreerUitkomst(u: UitkomstOpdracht): Promise<void> {
      await schrijfUitkomst(db, u);
    },

    /**
     * Upserts the live state into meldingen / melding_trajecten / termijnen (an older version never overwrites
     * a newer one), then keeps the workflow's full status view as the read model `melding_live`.
     */
    async projecteer(v: MeldingProjectie): Promise<{ toegepast: boolean }> {
      const r = await db.transaction((tx) => projectieSchrijven(tx, v, false));
      await leesmodelBijwerken(v.meldingId);
      return r;
    },

    /**
     * Local activity: one change of a melding (a step, a clock round, a received koppeling) applied whole, in
     * one transaction: batch claim, projection, read model, tasks, audit, outcomes and outbox rows (activities/
     * stap-transactie.ts). Its input never reaches Temporal's history, only its small answer does.
     */
    verwerkStap: (t: StapTransactie) =>
      verwerkStap(t, {
        db,
        controleer: (g) => controleerStap(deps.stapSleutel, g),
        projectie: (tx, v, forceer) => projectieSchrijven(tx, v, forceer),
        schrijf: (tx, e, ctx) => schrijfEffect(tx, e, ctx),
        log,
      }),
  };

  /**
   * One outbox row per recipient (key `<sleutel>:<recipient>`, a retry adds none), each with the link that
   * works for them: staff open the melding in the app (at their regio's track), the employer its private
   * follow page. `nieuw` = rows actually inserted (the caller NOTIFYs when > 0).
   */
  async function schrijfNotificatie(q: Uitvoerder, o: NotificatieOpdracht): Promise<{ rijen: number; nieuw: number }> {
    const melding = await q.select({ nummer: meldingen.nummer, volgToken: meldingen.volgTokenVersleuteld }).from(meldingen).where(eq(meldingen.id, o.meldingId));
    const basis = ((typeof deps.appUrl === 'function' ? deps.appUrl() : deps.appUrl) ?? 'http://localhost:3000').replace(/\/+$/, '');
    const link = (a: Adres) =>
      a.partner
        ? undefined
        : a.contactpersoonId !== undefined
        ? melding[0]?.volgToken
          ? // The outbox keeps a placeholder: the link's secret is written only into the mail that goes out.
            `Volg uw melding: ${VOLGLINK_PLEK}`
          : undefined
        : `Openen in Werkroute: ${basis}/meldingen/${o.meldingId}${o.regioCode ? `/trajecten/${encodeURIComponent(o.regioCode)}` : ''}`;
    const tekst = (a: Adres) => renderSjabloon(o.sjabloon, o.gegevens, melding[0]?.nummer ?? o.meldingId, o.regioCode, link(a));
    const lijst = (await Promise.all(o.ontvangers.map((x) => adressen(q, o.meldingId, x)))).flat();
    const uniek = new Map(lijst.map((a) => [a.deel, a]));
    if (uniek.size === 0) return { rijen: 0, nieuw: 0 };
    const rijen = [...uniek.values()].map((a) => {
      const { onderwerp, body } = tekst(a);
      return {
        idempotencyKey: `${o.sleutel}:${a.deel}`,
        ontvangerMedewerkerId: a.medewerkerId ?? null,
        ontvangerContactpersoonId: a.contactpersoonId ?? null,
        ontvangerAdres: a.adres ?? null,
        meldingId: o.meldingId,
        onderwerp,
        body,
      };
    });
    const nieuw = await q.insert(outbox).values(rijen).onConflictDoNothing({ target: outbox.idempotencyKey }).returning({ id: outbox.id });
    return { rijen: uniek.size, nieuw: nieuw.length };
  }

  /** Creates the task, or moves an open one to a new assignee (reassignment, backup takeover). */
  async function schrijfTaak(q: Uitvoerder, t: TaakOpdracht): Promise<void> {
    const traject = await trajectId(q, t.meldingId, t.regioCode);
    await q
      .insert(taken)
      .values({
        meldingId: t.meldingId,
        trajectId: traject,
        rol: t.rol,
        medewerkerId: alsId(t.toegewezenAan),
        soort: t.taakSoort,
        due: t.deadline === undefined ? null : new Date(t.deadline),
        idempotencyKey: t.sleutel,
        createdAt: new Date(t.op),
      })
      .onConflictDoUpdate({
        target: taken.idempotencyKey,
        set: { medewerkerId: alsId(t.toegewezenAan) },
        setWhere: sql`${taken.status} = 'open'`,
      });
  }

  async function schrijfTaakSluiten(q: Uitvoerder, t: TaakSluitenOpdracht): Promise<void> {
    await q
      .update(taken)
      .set({ status: t.status, afgerondAt: new Date(t.op) })
      .where(and(eq(taken.idempotencyKey, t.sleutel), eq(taken.status, 'open')));
  }

  async function schrijfAudit(q: Uitvoerder, a: AuditOpdracht): Promise<void> {
    const door: ActorRef = a.door;
    const actorId = alsId(door.medewerkerId);
    // Free text goes to the one column the retention rule blanks; `na` keeps ids, codes and states.
    const details: Record<string, unknown> = {};
    const teksten: string[] = [];
    for (const [k, v] of Object.entries(a.details)) {
      if (!(VRIJE_TEKST_VELDEN as readonly string[]).includes(k)) details[k] = v;
      else if (typeof v === 'string' && v !== '') teksten.push(v);
    }
    const tekst = teksten.join('\n') || null;
    if (a.regioCode !== undefined) details.regioCode = a.regioCode;
    if (door.soort === 'medewerker' && actorId === null) details.actorId = door.medewerkerId;
    await q
      .insert(auditLog)
      .values({
        at: new Date(a.op),
        actorSoort: door.soort === 'medewerker' && actorId === null ? 'systeem' : door.soort,
        actorId,
        namensId: alsId(door.namensMedewerkerId),
        actie: a.actie,
        meldingId: a.meldingId,
        reden: tekst,
        na: details,
        idempotencyKey: a.sleutel,
      })
      .onConflictDoNothing({ target: auditLog.idempotencyKey });
  }

  async function schrijfUitkomst(q: Uitvoerder, u: UitkomstOpdracht): Promise<void> {
    const melding = await q
      .select({ sbiVersie: meldingen.sbiVersie, sectorLetter: meldingen.sectorLetter, geanonimiseerdOp: meldingen.geanonimiseerdOp })
      .from(meldingen)
      .where(eq(meldingen.id, u.meldingId));
    await q
      .insert(uitkomsten)
      .values({
        meldingId: u.meldingId,
        trajectId: await trajectId(q, u.meldingId, u.regioCode),
        regioCode: u.regioCode,
        ronde: u.ronde,
        sbiVersie: melding[0]?.sbiVersie ?? null,
        sectorLetter: melding[0]?.sectorLetter ?? null,
        resultaat: u.uitkomst.resultaat,
        aantalGeplaatst: u.uitkomst.aantalGeplaatst,
        oplossing: u.uitkomst.oplossing,
        doorlooptijdDagen: kalenderdagenTussen(u.ontvangenOp, u.teruggemeldOp),
        toelichting: melding[0]?.geanonimiseerdOp ? null : (u.uitkomst.toelichting ?? null),
        geregistreerdDoor: alsId(u.doorMedewerkerId),
        createdAt: new Date(u.teruggemeldOp),
      })
      .onConflictDoNothing();
  }

  /** One effect of a step inside its transaction; `koppel` is the workflow's own (a signal), never here. */
  async function schrijfEffect(q: Uitvoerder, e: Effect, c: { meldingId: string; op: number; ontvangenOp: number }): Promise<{ mails: number }> {
    const meldingId = c.meldingId;
    switch (e.soort) {
      case 'notificeer':
        return { mails: (await schrijfNotificatie(q, { ...e, meldingId })).nieuw };
      case 'taak':
        await schrijfTaak(q, { ...e, meldingId, op: c.op });
        return { mails: 0 };
      case 'taak_sluiten':
        await schrijfTaakSluiten(q, { ...e, meldingId, op: c.op });
        return { mails: 0 };
      case 'audit':
        await schrijfAudit(q, { ...e, meldingId, op: c.op });
        return { mails: 0 };
      case 'uitkomst':
        await schrijfUitkomst(q, { ...e, meldingId, ontvangenOp: c.ontvangenOp });
        return { mails: 0 };
      case 'koppel':
        return { mails: 0 };
    }
  }

  /**
   * Asks the calling workflow for its status view (a query: the workflow is cached on this worker, so no
   * replay) and stores it. Best effort: without it the API asks the workflow itself.
   */
  async function leesmodelBijwerken(meldingId: string): Promise<void> {
    const client = deps.temporal;
    if (!client) return;
    try {
      const workflowId = Context.current().info.workflowExecution?.workflowId ?? meldingWorkflowId(meldingId);
      const view = await client.connection.withDeadline(Date.now() + 20_000, () =>
        client.workflow.getHandle(workflowId).query<MeldingStatusView | null>(meldingStatusQuery),
      );
      if (view) await liveBewaren(db, meldingId, view);
    } catch (err) {
      log.warn('status view not stored; the API will ask the workflow', { meldingId, err });
    }
  }

  /** `forceer`: write this version also when it is already stored (a ghost batch of that version is replaced). */
  async function projectieSchrijven(tx: Uitvoerder, v: MeldingProjectie, forceer: boolean): Promise<{ toegepast: boolean }> {
      {
        const klaar = v.status === 'afgesloten' || v.status === 'ingetrokken';
        const bijgewerkt = await tx
          .update(meldingen)
          .set({
            status: v.status,
            stap: v.stap,
            regioCodes: [...new Set(v.trajecten.map((t) => t.regioCode))].sort(),
            volgendeDeadline: v.volgendeDeadline === null ? null : new Date(v.volgendeDeadline),
            teLaat: v.teLaat,
            toegewezenAan: alsId(v.toegewezenAan),
            updatedAt: new Date(v.peilmoment),
            geslotenAt: klaar ? sql`coalesce(${meldingen.geslotenAt}, ${new Date(v.peilmoment).toISOString()}::timestamptz)` : null,
            projectieVersie: v.versie,
          })
          .where(and(eq(meldingen.id, v.meldingId), forceer ? sql`${meldingen.projectieVersie} <= ${v.versie}` : sql`${meldingen.projectieVersie} < ${v.versie}`))
          .returning({ id: meldingen.id, geanonimiseerdOp: meldingen.geanonimiseerdOp });
        if (bijgewerkt.length === 0) return { toegepast: false };
        // An erased melding (AVG art. 17) that is still open keeps its facts up to date, not its texts.
        const gewist = bijgewerkt[0]!.geanonimiseerdOp !== null;

        const datum = (ms: number | null) => (ms === null ? null : new Date(ms));
        const trajectIds = new Map<string, string>();
        for (const t of v.trajecten) {
          const gesloten = t.status === 'afgesloten' || t.status === 'ingetrokken';
          const waarden = {
            status: t.status,
            stap: t.stap,
            contactId: alsId(t.toegewezenAan),
            wspId: alsId(t.wspId),
            toelichting: gewist ? null : t.toelichting,
            bevestigdAt: datum(t.bevestigdOp),
            wspDoorgestuurdAt: datum(t.wspDoorgestuurdOp),
            statusGemeldAt: datum(t.statusGemeldOp),
            teruggemeldAt: datum(t.teruggemeldOp),
            geslotenAt: gesloten ? new Date(v.peilmoment) : null,
            updatedAt: new Date(v.peilmoment),
          };
          const r = await tx
            .insert(meldingTrajecten)
            .values({ meldingId: v.meldingId, regioCode: t.regioCode, ronde: 1, doorgezetAt: new Date(t.doorgezetOp), ...waarden })
            .onConflictDoUpdate({
              target: [meldingTrajecten.meldingId, meldingTrajecten.regioCode, meldingTrajecten.ronde],
              set: { ...waarden, geslotenAt: gesloten ? sql`coalesce(${meldingTrajecten.geslotenAt}, ${new Date(v.peilmoment).toISOString()}::timestamptz)` : null },
            })
            .returning({ id: meldingTrajecten.id });
          if (r[0]) trajectIds.set(t.regioCode, r[0].id);
        }
        for (const k of v.klokken) {
          const waarden = {
            status: k.status,
            deadline: new Date(k.deadline),
            kalenderVersie: k.kalenderVersie,
            uitleg: k.uitleg,
            gestoptAt: k.gestoptOp === undefined ? null : new Date(k.gestoptOp),
            teLaatMs: k.overschrijding?.teLaatMs ?? null,
            teLaatWerkdagen: k.overschrijding?.teLaatWerkdagen ?? null,
            overschredenAt: k.overschrijding ? new Date(k.overschrijding.vanaf) : null,
            escalaties: k.escalaties,
          };
          await tx
            .insert(termijnen)
            .values({
              meldingId: v.meldingId,
              trajectId: k.regioCode === undefined ? null : (trajectIds.get(k.regioCode) ?? null),
              soort: k.soort,
              eigenaarRol: k.eigenaarRol,
              gestartAt: new Date(k.start),
              sleutel: `${v.meldingId}:${k.id}`,
              ...waarden,
            })
            .onConflictDoUpdate({ target: termijnen.sleutel, set: waarden });
        }
        return { toegepast: true };
      }
  }
}

export type MeldingActivities = ReturnType<typeof createMeldingActivities>;

const E_MAILADRES = /[^\s<>"'@]+@[^\s<>"'@]+\.[^\s<>"'@]+/g;

/** Replaces e-mail addresses in a (mail server's) message, so errors carry no personal data. */
export function zonderAdressen(tekst: string): string {
  return tekst.replace(E_MAILADRES, '<adres>');
}
