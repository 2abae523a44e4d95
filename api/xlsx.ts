// Every export is a real .xlsx (exceljs): Excel shows numbers, decimal commas and dates in the reader's
// own locale, which no CSV dialect manages for every Excel setting. One helper so all exports look alike.
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { offsetMinutenOp } from '../domain/werkdagen';

export type XlsxWaarde = string | number | boolean | Date | null | undefined | readonly string[];

export interface XlsxKolom<T> {
  kop: string;
  soort?: 'tekst' | 'getal' | 'datum' | 'datumtijd';
  breedte?: number;
  waarde(rij: T): XlsxWaarde;
}

export interface XlsxBlad<T> {
  naam: string;
  kolommen: readonly XlsxKolom<T>[];
  rijen: Iterable<T>;
}

/**
 * Text a spreadsheet could read as a formula (also after someone edits the cell and presses Enter) keeps a
 * leading apostrophe, as OWASP advises for CSV injection.
 */
export function veiligeTekst(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Excel dates have no time zone; people expect Amsterdam wall-clock time. */
function alsAmsterdam(d: Date): Date {
  return new Date(d.getTime() + offsetMinutenOp(d.getTime()) * 60_000);
}

function cel<T>(k: XlsxKolom<T>, rij: T): string | number | Date | null {
  const v = k.waarde(rij);
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return alsAmsterdam(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 'ja' : 'nee';
  if (Array.isArray(v)) return veiligeTekst(v.join(', '));
  return veiligeTekst(String(v));
}

const FORMAAT = { datum: 'dd-mm-yyyy', datumtijd: 'dd-mm-yyyy hh:mm', getal: '0.##########', tekst: '@' } as const;

/** A sheet with its row type erased, so one workbook can hold sheets of different rows. */
export interface Blad {
  naam: string;
  kolommen: { kop: string; breedte: number; numFmt: string }[];
  cellen(): Iterable<(string | number | Date | null)[]>;
}

export function blad<T>(b: XlsxBlad<T>): Blad {
  return {
    naam: b.naam,
    kolommen: b.kolommen.map((k) => ({ kop: k.kop, breedte: k.breedte ?? Math.max(12, k.kop.length + 2), numFmt: FORMAAT[k.soort ?? 'tekst'] })),
    *cellen() {
      for (const rij of b.rijen) yield b.kolommen.map((k) => cel(k, rij));
    },
  };
}

export async function xlsxBuffer(bladen: readonly Blad[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Werkroute';
  for (const b of bladen) {
    const ws = wb.addWorksheet(b.naam.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = b.kolommen.map((k) => ({ header: k.kop, width: k.breedte, style: { numFmt: k.numFmt } }));
    ws.getRow(1).font = { bold: true };
    for (const rij of b.cellen()) ws.addRow(rij);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function stuurXlsx(res: Response, bestandsnaam: string, bladen: readonly Blad[]): Promise<void> {
  const buf = await xlsxBuffer(bladen);
  res
    .status(200)
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .set('Content-Disposition', `attachment; filename="${bestandsnaam}"`)
    .set('Cache-Control', 'no-store')
    .send(buf);
}

export const XLSX_MEDIA = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
