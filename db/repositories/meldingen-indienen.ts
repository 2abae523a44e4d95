// Storing a submitted melding: employer (upserted on KvK number), locations, contact person, the melding
// with its functies and the audit entry, atomically. The Idempotency-Key row is claimed in the same
// statement: a concurrent retry with the same key waits on its primary key until this one commits and then
// reads the stored response, so a key never yields two meldingen.
//
// The workflow is started after the commit (its activities read these rows). Until the start has
// succeeded the key's row has no status code, so a retry with the same key finds the melding id and
// starts the workflow again (the start is idempotent on the workflow id) instead of creating a new melding.
import { and, eq, lt } from 'drizzle-orm';
import type { Db, Sql } from '../client';
import { idempotencyKeys, meldingen } from '../schema';

export interface NieuweMelding {
  id: string;
  volgToken: string;
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

export interface IndienAntwoord {
  id: string;
  nummer: number;
  volgLink: string;
}

/**
 * One SQL statement (data-modifying CTEs) writes everything: a single round trip and a single commit, so
 * a submission costs the database about what one INSERT costs. With an Idempotency-Key the statement first
 * claims the key; if another request holds it, nothing else is written and the stored answer is returned.
 */
export async function meldingIndienen(
  db: Db,
  m: NieuweMelding,
  idem: IdempotentieSleutel | undefined,
  volgLink: string,
): Promise<IndienResultaat<IndienAntwoord>> {
  if (idem) {
    await db
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, idem.scope), eq(idempotencyKeys.key, idem.key), lt(idempotencyKeys.createdAt, new Date(Date.now() - idem.maxAgeMs))));
  }
  const vestigingenInvoer: { postcode: string; huisnummer: number; toevoeging: string | null; plaats: string }[] = [];
  const gezien = new Set<string>();
  for (const v of m.werkgever.vestigingen) {
    const { huisnummer, toevoeging } = splitHuisnummer(v.huisnummer);
    const k = `${v.postcode}|${huisnummer}|${(toevoeging ?? '').toLowerCase()}`;
    if (gezien.has(k)) continue;
    gezien.add(k);
    vestigingenInvoer.push({ postcode: v.postcode, huisnummer, toevoeging, plaats: v.plaats });
  }
  const plaatsen = [...new Set(m.werkgever.vestigingen.map((v) => v.plaats.toLowerCase()))];
  // postgres.js directly: its tagged templates are prepared statements, so this large statement is planned once
  // per connection instead of on every submission.
  const pg = (db as unknown as { $client: Sql }).$client;
  const claim = idem
    ? pg`insert into idempotency_keys (scope, key, request_hash, response)
          values (${idem.scope}, ${idem.key}, ${idem.requestHash}, ${JSON.stringify({ id: m.id, volgLink })}::jsonb)
          on conflict do nothing returning 1 as ok`
    : pg`select 1 as ok`;

  const rows = await pg<{ id: string; nummer: number; created_at: string | Date; werkgever_id: number; regio_suggesties: string[] }[]>`
    with claim as (${claim}),
    wg as (
      insert into werkgevers (kvk_nummer, naam)
      select ${m.werkgever.kvkNummer}, ${m.werkgever.naam} from claim
      -- A KvK number is the employer's identity; a public form must not rename employers.
      on conflict (kvk_nummer) do update set updated_at = now()
      returning id
    ),
    gm as (select lower(naam) as lnaam, code, regio_code from gemeenten where lower(naam) = any(${plaatsen}::text[])),
    vin as (select * from jsonb_to_recordset(${JSON.stringify(vestigingenInvoer)}::jsonb) as v(postcode text, huisnummer int, toevoeging text, plaats text)),
    ves as (
      insert into vestigingen (werkgever_id, postcode, huisnummer, toevoeging, plaats, gemeente_code, regio_code)
      select wg.id, vin.postcode, vin.huisnummer, vin.toevoeging, vin.plaats, gm.code, gm.regio_code
        from wg cross join vin left join gm on gm.lnaam = lower(vin.plaats)
      -- A resubmission adds only the employer's new addresses (also when two race: the unique index decides).
      on conflict (werkgever_id, postcode, huisnummer, (coalesce(lower(toevoeging), ''))) do nothing
    ),
    cp as (
      insert into contactpersonen (werkgever_id, naam, email, telefoon)
      select id, ${m.contactpersoon.naam}, ${m.contactpersoon.email}, ${m.contactpersoon.telefoon ?? null} from wg
      returning id
    ),
    sug as (select coalesce(array_agg(distinct regio_code order by regio_code), '{}') as codes from gm),
    ml as (
      insert into meldingen (id, soort, werkgever_id, contactpersoon_id, sbi_versie, sector_letter, periode_van, periode_tot, toelichting, volg_token)
      select ${m.id}::uuid, ${m.soort}, wg.id, cp.id, ${SBI_VERSIE_NIEUW}, ${m.sector}, ${m.periode?.van ?? null}::date, ${m.periode?.tot ?? null}::date,
             ${m.toelichting ?? null}, ${m.volgToken}
        from wg, cp
      returning id, nummer, created_at
    ),
    fu as (
      insert into melding_functies (melding_id, omschrijving, aantal)
      select ml.id, f.omschrijving, f.aantal from ml, jsonb_to_recordset(${JSON.stringify(m.functies)}::jsonb) as f(omschrijving text, aantal int)
    ),
    au as (
      insert into audit_log (actor_soort, actie, melding_id, na)
      select 'werkgever', 'melding.ingediend', ml.id, jsonb_build_object('soort', ${m.soort}::text, 'sector', ${m.sector}::text, 'regioSuggesties', to_jsonb(sug.codes))
        from ml, sug
    )
    select ml.id, ml.nummer, ml.created_at, wg.id as werkgever_id, sug.codes as regio_suggesties from ml, wg, sug`;
  const [r] = [...rows];
  if (r) {
    return {
      soort: 'nieuw',
      melding: { id: r.id, nummer: Number(r.nummer), ontvangenOp: new Date(r.created_at), werkgeverId: r.werkgever_id, regioSuggesties: r.regio_suggesties },
      response: { id: r.id, nummer: Number(r.nummer), volgLink },
    };
  }
  if (!idem) throw new Error('submission statement inserted nothing');
  // The key was taken: by now the other request has committed (the claim waited for it) or rolled back.
  const [bestaand] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, idem.scope), eq(idempotencyKeys.key, idem.key)));
  if (!bestaand || bestaand.requestHash !== idem.requestHash || bestaand.response === null) return { soort: 'andere-inhoud' };
  const stored = bestaand.response as Partial<IndienAntwoord>;
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
