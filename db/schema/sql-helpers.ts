import { sql, type SQL, type AnyColumn } from 'drizzle-orm';

/** `column IN ('a', 'b')` for CHECK constraints over one of the const arrays in ./enums. */
export function inList(column: AnyColumn, values: readonly string[]): SQL {
  for (const v of values) {
    if (!/^[a-z0-9_ -]+$/i.test(v)) throw new Error(`enum value not allowed in CHECK: ${v}`);
  }
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
}

/** `timestamptz not null default now()` in date mode. */
export const timestamps = {
  withTimezone: true,
  mode: 'date',
} as const;
