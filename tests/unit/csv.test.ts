import { describe, expect, test } from 'vitest';
import { parseCsv } from '../../db/csv';

describe('parseCsv', () => {
  test('header row, quoted fields with commas, escaped quotes and line breaks', () => {
    const text = 'code,naam,noot\r\nGM0820,"Nuenen, Gerwen en Nederwetten",\r\nX1,"zegt ""hoi""","twee\nregels"\n';
    expect(parseCsv(text)).toEqual([
      { code: 'GM0820', naam: 'Nuenen, Gerwen en Nederwetten', noot: '' },
      { code: 'X1', naam: 'zegt "hoi"', noot: 'twee\nregels' },
    ]);
  });

  test('no trailing newline, BOM, empty input', () => {
    expect(parseCsv('\uFEFFa,b\n1,2')).toEqual([{ a: '1', b: '2' }]);
    expect(parseCsv('')).toEqual([]);
  });

  test('rejects ragged rows and unterminated quotes', () => {
    expect(() => parseCsv('a,b\n1\n')).toThrow(/row 2 has 1 fields/);
    expect(() => parseCsv('a\n"open\n')).toThrow(/inside a quoted field/);
  });
});
