// Response times per regio from the clock records (termijnen): how long each role took, per clock, and how
// often the deadline was missed. Clocks that are still running count as breached once past their deadline,
// so a regio that never answers does not look fast.
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export interface ReactietijdRij {
  /** null: clocks without a regio (the team's intake). */
  regioCode: string | null;
  soort: string;
  aantal: number;
  afgerond: number;
  /** Hours from start to stop, over stopped clocks. */
  mediaanUren: number | null;
  p90Uren: number | null;
  overschreden: number;
  overschrijdingsPercentage: number;
}

export async function reactietijden(db: Db, f: { van?: string | undefined; tot?: string | undefined; regio?: string | undefined }, nu = new Date()): Promise<ReactietijdRij[]> {
  const van = f.van ? sql`and t.gestart_at >= (${f.van}::date)::timestamp at time zone 'Europe/Amsterdam'` : sql``;
  const tot = f.tot ? sql`and t.gestart_at < (${f.tot}::date + 1)::timestamp at time zone 'Europe/Amsterdam'` : sql``;
  const regio = f.regio ? sql`and tr.regio_code = ${f.regio}` : sql``;
  const rows = await db.execute<{
    regio_code: string | null;
    soort: string;
    aantal: number;
    afgerond: number;
    mediaan_ms: number | null;
    p90_ms: number | null;
    overschreden: number;
  }>(sql`
    select tr.regio_code,
           t.soort,
           count(*)::int as aantal,
           count(*) filter (where t.status = 'gestopt')::int as afgerond,
           percentile_cont(0.5) within group (order by extract(epoch from t.gestopt_at - t.gestart_at) * 1000)
             filter (where t.status = 'gestopt') as mediaan_ms,
           percentile_cont(0.9) within group (order by extract(epoch from t.gestopt_at - t.gestart_at) * 1000)
             filter (where t.status = 'gestopt') as p90_ms,
           count(*) filter (where coalesce(t.te_laat_ms, 0) > 0 or (t.status = 'lopend' and t.deadline < ${nu.toISOString()}::timestamptz))::int as overschreden
      from termijnen t
      left join melding_trajecten tr on tr.id = t.traject_id
     where t.status <> 'vervallen' ${van} ${tot} ${regio}
     group by tr.regio_code, t.soort
     order by tr.regio_code nulls first, t.soort`);
  const uren = (ms: number | null) => (ms === null ? null : Math.round((Number(ms) / 3_600_000) * 10) / 10);
  return [...rows].map((r) => ({
    regioCode: r.regio_code,
    soort: r.soort,
    aantal: r.aantal,
    afgerond: r.afgerond,
    mediaanUren: uren(r.mediaan_ms),
    p90Uren: uren(r.p90_ms),
    overschreden: r.overschreden,
    overschrijdingsPercentage: r.aantal === 0 ? 0 : Math.round((r.overschreden / r.aantal) * 1000) / 10,
  }));
}
