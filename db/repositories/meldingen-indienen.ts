// Storing submitted meldingen (the API batches them: meldingen-bundel.ts): employer (upserted on KvK
// number), locations, contact person, the melding with its functies and the audit entry, atomically. The
// Idempotency-Key row is claimed in the same statement: a concurrent retry with the same key waits on its
// primary key until this one commits and then reads the stored response, so a key never yields two meldingen.
//
// The workflow is started after the commit (its activities read these rows). Until the start has
// succeeded the key's row has no status code, so a retry with the same key finds the melding id and
// starts the workflow again (the start is idempotent on the workflow id) instead of creating a new melding.
import { and, eq } from 'drizzle-orm';
import type { Db, Sql } from '../client';
import { idempotencyKeys, meldingen } from '../schema';

export interface NieuweMelding {
  id: string;
  /** Of the follow link's secret (security/volglink.ts); the secret itself is never stored. */
  volgTokenHash: string;
  volgTokenVersleuteld: string;
  soort: 'vraag' | 'aanbod';
  werkgever: {
    naam: string;
    kvkNummer: string;
    vestigingen: { postcode: string; huisnummer: string; plaats: string }[];
  };
  contactpersoon: { naam: string; email: string; telefoon?: string | undefined };
  sector: string;
  functies: { omschrijving: string; aantal: number }[];
  periode?: { van: string; tot: string } | undefined;
  toelichting?: string | undefined;
}

export interface OpgeslagenMelding {
  id: string;
  nummer: number;
  ontvangenOp: Date;
  werkgeverId: number;
  /** Regio's of the employer's locations whose plaats matched a gemeente: routing suggestions for the team. */
  regioSuggesties: string[];
}

export interface IdempotentieSleutel {
  scope: string;
  key: string;
  requestHash: string;
  /** Stored responses older than this are forgotten and the key may be used again. */
  maxAgeMs: number;
}

export type IndienResultaat<R> =
  | { soort: 'nieuw'; melding: OpgeslagenMelding; response: R }
  /** statusCode null: the first attempt stored the melding but did not confirm the workflow start. */
  | { soort: 'herhaling'; statusCode: number | null; response: R }
  | { soort: 'andere-inhoud' };

const SBI_VERSIE_NIEUW = '2025' as const;

/** "12a" → { huisnummer: 12, toevoeging: 'a' } (the schema has validated the form). */
export function splitHuisnummer(v: string): { huisnummer: number; toevoeging: string | null } {
  const m = /^([0-9]+)[ -]?(.*)$/.exec(v.trim());
  const nummer = Number(m?.[1] ?? v);
  const rest = (m?.[2] ?? '').trim();
  return { huisnummer: nummer, toevoeging: rest === '' ? null : rest };
}

/** What an idempotent replay needs; the follow link is rebuilt from the melding, never kept here. */
export interface IndienAntwoord {
  id: string;
  nummer: number;
}

export interface Indiening {
  melding: NieuweMelding;
  idem?: IdempotentieSleutel | undefined;
}

/** One submission as the batch statement reads it (jsonb_to_recordset). */
function alsRij(i: number, { melding: m, idem }: Indiening) {
  // The same address twice (also across one batch) is folded by the statement's DISTINCT ON.
  const vestigingen = m.werkgever.vestigingen.map((v) => ({ postcode: v.postcode, ...splitHuisnummer(v.huisnummer), plaats: v.plaats }));
  return {
    i,
    id: m.id,
    volg_token: m.volgTokenHash,
    volg_token_versleuteld: m.volgTokenVersleuteld,
    soort: m.soort,
    kvk: m.werkgever.kvkNummer,
    wg_naam: m.werkgever.naam,
    cp_naam: m.contactpersoon.naam,
    cp_email: m.contactpersoon.email,
    cp_telefoon: m.contactpersoon.telefoon ?? null,
    sector: m.sector,
    van: m.periode?.van ?? null,
    tot: m.periode?.tot ?? null,
    toelichting: m.toelichting ?? null,
    vestigingen,
    functies: m.functies,
    idem_scope: idem?.scope ?? null,
    idem_key: idem?.key ?? null,
    idem_hash: idem?.requestHash ?? null,
    idem_response: idem ? { id: m.id } : null,
  };
}

/**
 * Stores submissions with one SQL statement (data-modifying CTEs): one round trip, one plan, one commit for
 * all of them, so a batch of submissions costs the database little more than one. Each submission with an
 * Idempotency-Key first claims its key; one whose key another request holds writes nothing, and gets the
 * stored answer instead. The keys in one call must differ (the batcher sees to that).
 *
 * Rows are claimed in key and KvK order, so two statements never wait on each other in a cycle.
 */
export async function meldingenOpslaan(db: Db, indieningen: Indiening[]): Promise<IndienResultaat<IndienAntwoord>[]> {
  const pg = (db as unknown as { $client: Sql }).$client;
  const sleutels = indieningen.flatMap((x) => (x.idem ? [x.idem] : []));
  if (sleutels.length > 0) {
    // Keys whose stored answer is older than their lifetime are forgotten first, so they can be claimed again.
    const nu = Date.now();
    const grenzen = sleutels.map((k) => ({ scope: k.scope, key: k.key, grens: new Date(nu - k.maxAgeMs).toISOString() }));
    await pg`delete from idempotency_keys k
              using jsonb_to_recordset(${JSON.stringify(grenzen)}::jsonb) as x(scope text, key text, grens timestamptz)
              where k.scope = x.scope and k.key = x.key and k.created_at < x.grens`;
  }
  const rijen = indieningen.map((x, i) => alsRij(i, x));
  const plaatsen = [...new Set(indieningen.flatMap((x) => x.melding.werkgever.vestigingen.map((v) => v.plaats.toLowerCase())))];
  // postgres.js directly: its tagged templates are prepared statements, so this large statement is planned once
  // per connection instead of on every call.
  const rows = await pg<{ i: number; id: string; nummer: number; created_at: string | Date; werkgever_id: number; regio_suggesties: string[] }[]>`
    with inv as (
      select * from jsonb_to_recordset(${JSON.stringify(rijen)}::jsonb) as s(
        i int, id uuid, volg_token text, volg_token_versleuteld text, soort text, kvk text, wg_naam text, cp_naam text, cp_email text, cp_telefoon text,
        sector text, van date, tot date, toelichting text, vestigingen jsonb, functies jsonb,
        idem_scope text, idem_key text, idem_hash text, idem_response jsonb)
    ),
    claim as (
      insert into idempotency_keys (scope, key, request_hash, response)
      select idem_scope, idem_key, idem_hash, idem_response from inv where idem_key is not null order by idem_scope, idem_key
      on conflict do nothing
      returning scope, key
    ),
    ok as (
      select inv.* from inv where inv.idem_key is null
      union all
      select inv.* from inv join claim on claim.scope = inv.idem_scope and claim.key = inv.idem_key
    ),
    wg as (
      insert into werkgevers (kvk_nummer, naam)
      select distinct on (kvk) kvk, wg_naam from ok order by kvk, i
      -- A KvK number is the employer's identity; a public form must not rename employers.
      on conflict (kvk_nummer) do update set updated_at = now()
      returning id, kvk_nummer
    ),
    gm as (select lower(naam) as lnaam, code, regio_code from gemeenten where lower(naam) = any(${plaatsen}::text[])),
    vin as (
      select ok.i, wg.id as werkgever_id, v.postcode, v.huisnummer, v.toevoeging, v.plaats
        from ok join wg on wg.kvk_nummer = ok.kvk,
             jsonb_to_recordset(ok.vestigingen) as v(postcode text, huisnummer int, toevoeging text, plaats text)
    ),
    ves as (
      insert into vestigingen (werkgever_id, postcode, huisnummer, toevoeging, plaats, gemeente_code, regio_code)
      select distinct on (vin.werkgever_id, vin.postcode, vin.huisnummer, coalesce(lower(vin.toevoeging), ''))
             vin.werkgever_id, vin.postcode, vin.huisnummer, vin.toevoeging, vin.plaats, gm.code, gm.regio_code
        from vin left join gm on gm.lnaam = lower(vin.plaats)
       order by vin.werkgever_id, vin.postcode, vin.huisnummer, coalesce(lower(vin.toevoeging), ''), vin.i
      -- A resubmission adds only the employer's new addresses (also when two race: the unique index decides).
      on conflict (werkgever_id, postcode, huisnummer, (coalesce(lower(toevoeging), ''))) do nothing
    ),
    -- Ids drawn up front tie each contact person to its own melding, also when one employer submits twice in a batch.
    cpid as materialized (select i, nextval(pg_get_serial_sequence('contactpersonen', 'id')) as cp_id from ok),
    cp as (
      insert into contactpersonen (id, werkgever_id, naam, email, telefoon)
      select cpid.cp_id, wg.id, ok.cp_naam, ok.cp_email, ok.cp_telefoon from ok join cpid using (i) join wg on wg.kvk_nummer = ok.kvk
    ),
    sug as (
      select ok.i, coalesce((select array_agg(distinct gm.regio_code order by gm.regio_code)
                               from jsonb_array_elements(ok.vestigingen) v join gm on gm.lnaam = lower(v->>'plaats')), '{}') as codes
        from ok
    ),
    ml as (
      insert into meldingen (id, soort, werkgever_id, contactpersoon_id, sbi_versie, sector_letter, periode_van, periode_tot, toelichting, volg_token, volg_token_versleuteld)
      select ok.id, ok.soort, wg.id, cpid.cp_id, ${SBI_VERSIE_NIEUW}, ok.sector, ok.van, ok.tot, ok.toelichting, ok.volg_token, ok.volg_token_versleuteld
        from ok join wg on wg.kvk_nummer = ok.kvk join cpid using (i)
       order by ok.i
      returning id, nummer, created_at, werkgever_id
    ),
    fu as (
      insert into melding_functies (melding_id, omschrijving, aantal)
      select ml.id, f.omschrijving, f.aantal
        from ml join ok on ok.id = ml.id, jsonb_to_recordset(ok.functies) as f(omschrijving text, aantal int)
    ),
    au as (
      insert into audit_log (actor_soort, actie, melding_id, na)
      select 'werkgever', 'melding.ingediend', ml.id, jsonb_build_object('soort', ok.soort, 'sector', ok.sector, 'regioSuggesties', to_jsonb(sug.codes))
        from ml join ok on ok.id = ml.id join sug using (i)
    )
    select ok.i, ml.id, ml.nummer, ml.created_at, ml.werkgever_id, sug.codes as regio_suggesties
      from ml join ok on ok.id = ml.id join sug using (i)`;

  const opgeslagen = new Map<number, (typeof rows)[number]>();
  for (const r of rows) opgeslagen.set(r.i, r);
  return Promise.all(
    indieningen.map(async ({ idem }, i): Promise<IndienResultaat<IndienAntwoord>> => {
      const r = opgeslagen.get(i);
      if (r) {
        return {
          soort: 'nieuw',
          melding: { id: r.id, nummer: Number(r.nummer), ontvangenOp: new Date(r.created_at), werkgeverId: r.werkgever_id, regioSuggesties: r.regio_suggesties },
          response: { id: r.id, nummer: Number(r.nummer) },
        };
      }
      if (!idem) throw new Error('submission statement inserted nothing');
      return eerderAntwoord(db, idem);
    }),
  );
}

/** The key was taken: by now the other request has committed (the claim waited for it) or rolled back. */
async function eerderAntwoord(db: Db, idem: IdempotentieSleutel): Promise<IndienResultaat<IndienAntwoord>> {
  const [bestaand] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, idem.scope), eq(idempotencyKeys.key, idem.key)));
  if (!bestaand || bestaand.requestHash !== idem.requestHash || bestaand.response === null) return { soort: 'andere-inhoud' };
  // Answers stored by earlier versions also held the follow link; it is rebuilt instead.
  const { volgLink: _oud, ...stored } = bestaand.response as Partial<IndienAntwoord> & { volgLink?: string };
  if (stored.nummer === undefined && stored.id) {
    const [n] = await db.select({ nummer: meldingen.nummer }).from(meldingen).where(eq(meldingen.id, stored.id));
    if (!n) return { soort: 'andere-inhoud' };
    stored.nummer = n.nummer;
  }
  return { soort: 'herhaling', statusCode: bestaand.statusCode, response: stored as IndienAntwoord };
}

/** Records that the request behind an Idempotency-Key completed with `statusCode`. */
export async function idempotentieAfronden(db: Db, scope: string, key: string, statusCode: number, response: IndienAntwoord): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ statusCode, response })
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
}

/** What the workflow start needs for a melding stored earlier (retry after a failed start). */
export async function meldingStartGegevens(db: Db, id: string): Promise<{ soort: 'vraag' | 'aanbod'; ontvangenOp: Date } | undefined> {
  const [m] = await db.select({ soort: meldingen.soort, ontvangenOp: meldingen.createdAt }).from(meldingen).where(eq(meldingen.id, id));
  return m;
}
