// Reference data (idempotent, run at every start after migrating): the 35 arbeidsmarktregio's,
// 342 gemeenten and the SBI sections from data/*.csv. Rows are upserted on their codes, so a new
// CBS release is loaded by replacing the CSV files. Demo data lives in db/demo-seed.ts.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { parseCsv } from './csv';
import { gemeenten, regios, sbiSecties, SBI_VERSIES, type SbiVersie } from './schema';

export const dataFolder = fileURLToPath(new URL('../data/', import.meta.url));

function readCsv(name: string): Record<string, string>[] {
  return parseCsv(fs.readFileSync(dataFolder + name, 'utf8'));
}

/** The codes of the arbeidsmarktregio's in the reference data (data/regions.csv), as the `regios` table holds them. */
export function regioCodesUitReferentie(): string[] {
  return readCsv('regions.csv').map((r) => r.code!);
}

const orNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

export interface ReferenceCounts {
  regios: number;
  gemeenten: number;
  sbiSecties: number;
}

export async function seedReferenceData(db: Db): Promise<ReferenceCounts> {
  const regioRows = readCsv('regions.csv').map((r) => ({
    code: r.code!,
    naam: r.name!,
    centrumgemeente: orNull(r.centrumgemeente),
  }));
  const gemeenteRows = readCsv('gemeenten.csv').map((r) => ({
    code: r.gemeentecode!,
    naam: r.gemeentenaam!,
    regioCode: r.region_code!,
    provincieCode: r.provincie_code!,
    provincie: r.provincie!,
  }));
  const sbiRows = readCsv('sbi-sections.csv').map((r, i) => {
    const versie = r.sbi_version!.replace(/^SBI\s*/, '') as SbiVersie;
    if (!SBI_VERSIES.includes(versie)) throw new Error(`unknown SBI version in sbi-sections.csv: ${r.sbi_version}`);
    return { versie, letter: r.section!, naam: r.name_nl!, naamEn: orNull(r.name_en), divisies: orNull(r.divisions), volgorde: i };
  });

  await db.transaction(async (tx) => {
    await tx
      .insert(regios)
      .values(regioRows)
      .onConflictDoUpdate({
        target: regios.code,
        set: { naam: sql`excluded.naam`, centrumgemeente: sql`excluded.centrumgemeente` },
      });
    await tx
      .insert(gemeenten)
      .values(gemeenteRows)
      .onConflictDoUpdate({
        target: gemeenten.code,
        set: {
          naam: sql`excluded.naam`,
          regioCode: sql`excluded.regio_code`,
          provincieCode: sql`excluded.provincie_code`,
          provincie: sql`excluded.provincie`,
        },
      });
    await tx
      .insert(sbiSecties)
      .values(sbiRows)
      .onConflictDoUpdate({
        target: [sbiSecties.versie, sbiSecties.letter],
        set: {
          naam: sql`excluded.naam`,
          naamEn: sql`excluded.naam_en`,
          divisies: sql`excluded.divisies`,
          volgorde: sql`excluded.volgorde`,
        },
      });
  });
  return { regios: regioRows.length, gemeenten: gemeenteRows.length, sbiSecties: sbiRows.length };
}
