// The bad inputs of docs/bad-input.md that the engine and the .xlsx host see:
// each one is a real .xlsx written with ExcelJS, read back by the host, checked
// by the engine, and its outcome asserted the way the user meets it.
import ExcelJS from 'exceljs';
import { readXlsxBuffer } from '../src/hosts/xlsx';
import { checkWorkbook } from '../src/core/engine';
import { circularCells, scanRefs } from '../src/core/cycles';
import { colIndex, type Sheet } from '../src/core/grid';
import fc from 'fast-check';
import type { Report } from '../src/core/report';
import { writeBenchWorkbook } from '../src/bench/bench';
import { COMMUNE_HEADER, sheet } from './helpers';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROW1 = [1, 'Thôn 1', 100, 10, 2, 3, 7, 7, 5, 5];
const ROW2 = [2, 'Thôn 2', 200, 10, 2, 3, 7, 3.5, 5, 2.5];
const TOTAL = [null, 'Tổng cộng', 300, 20, 4, 6, 14, 4.67, 10, 3.33];

async function checkBuilt(build: (wb: ExcelJS.Workbook) => void): Promise<Report> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const grid = await readXlsxBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
  return checkWorkbook(grid, { lang: 'vi' });
}

function table(wb: ExcelJS.Workbook, rows: unknown[][], name = 'Xã'): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(COMMUNE_HEADER);
  for (const r of rows) ws.addRow(r);
  return ws;
}

const brief = (r: Report) => r.issues.map((i) => `${i.sheet}!${i.cell} ${i.rule} ${i.severity}`);

test('empty workbook: one note that there is nothing to check', async () => {
  const r = await checkBuilt(() => undefined);
  expect(brief(r)).toEqual(['!A1 no-table info']);
  expect(r.issues[0].message).toMatch(/không có trang tính/);
});

test('a sheet with no table: no-table at A1', async () => {
  const r = await checkBuilt((wb) => wb.addWorksheet('Ghi chú').addRow(['Kế hoạch giảm nghèo', 'xem trang sau']));
  expect(brief(r)).toEqual(['Ghi chú!A1 no-table info']);
});

test('header only: the table is found and said to have no data', async () => {
  const r = await checkBuilt((wb) => table(wb, []));
  expect(brief(r)).toEqual(['Xã!A1 not-checked info']);
  expect(r.issues[0].message).toMatch(/chưa có dòng số liệu/);
});

test('totals only: a note that sums cannot be checked, the total row still is', async () => {
  const ok = await checkBuilt((wb) => table(wb, [TOTAL]));
  expect(brief(ok)).toEqual(['Xã!A1 not-checked info']);
  const wrongRate = await checkBuilt((wb) => table(wb, [[null, 'Tổng cộng', 300, 20, 4, 6, 14, 4.76, 10, 3.33]]));
  expect(brief(wrongRate)).toContain('Xã!H2 rate-mismatch error');
});

test('a cell merged across data rows: a warning at the merge, not a silent half sum', async () => {
  const r = await checkBuilt((wb) => {
    const ws = table(wb, [ROW1, [2, 'Thôn 2', 100, 10, 2, 3, 7, 7, 5, 5], [null, 'Tổng cộng', 200, 20, 4, 6, 14, 7, 10, 5]]);
    ws.mergeCells('C2:C3');
  });
  expect(brief(r)).toEqual(['Xã!C2 merged-cells warning', 'Xã!C4 sum-mismatch error']);
  expect(r.issues[0].message).toMatch(/C2:C3 được gộp qua 2 dòng/);
});

test('hidden and filtered rows are checked like the others and say so', async () => {
  const r = await checkBuilt((wb) => {
    const ws = table(wb, [ROW1, [2, 'Thôn 2', 200, 10, 2, 3, 7, 4, 5, 2.5], TOTAL]);
    ws.getRow(3).hidden = true;
  });
  const g3 = r.issues.filter((i) => i.cell.endsWith('3') && i.severity === 'error');
  expect(g3.length).toBeGreaterThan(0);
  expect(g3.every((i) => i.hiddenRow === true)).toBe(true);
  expect(r.issues.filter((i) => !i.cell.endsWith('3')).every((i) => i.hiddenRow === undefined)).toBe(true);
});

test('formulas returning errors: invalid-value naming the error, the checks around it skipped', async () => {
  const r = await checkBuilt((wb) => table(wb, [ROW1, [2, 'Thôn 2', 200, 10, 2, 3, 7, { formula: 'G3/0', result: { error: '#DIV/0!' } }, 5, 2.5], TOTAL]));
  expect(brief(r)).toEqual(['Xã!H3 invalid-value error']);
  expect(r.issues[0].message).toContain('#DIV/0!');
});

test('circular references: the cells in the cycle are not trusted', async () => {
  const r = await checkBuilt((wb) =>
    table(wb, [ROW1, ROW2, [null, 'Tổng cộng', { formula: 'SUM(C2:C4)', result: 0 }, 20, 4, 6, 14, 4.67, 10, 3.33]]),
  );
  expect(brief(r)).toEqual(['Xã!C4 invalid-value error']);
  expect(r.issues[0].message).toMatch(/tham chiếu vòng/);
});

test('text in number columns: numbers as text are read and flagged, words are invalid', async () => {
  const r = await checkBuilt((wb) => table(wb, [[1, 'Thôn 1', '100', '10', 2, 3, 7, '7,00', 5, 5], [2, 'Thôn 2', 'hai trăm', 10, 2, 3, 7, 3.5, 5, 2.5], TOTAL]));
  const b = brief(r);
  expect(b).toEqual(expect.arrayContaining(['Xã!C2 number-as-text warning', 'Xã!C3 invalid-value error']));
  expect(r.issues.find((i) => i.cell === 'C3')!.message).toContain('hai trăm');
});

test('a date where a number belongs: invalid-value that says Excel may have turned it into a date', async () => {
  const r = await checkBuilt((wb) => table(wb, [[1, 'Thôn 1', new Date(Date.UTC(2022, 0, 5)), 10, 2, 3, 7, 7, 5, 5], ROW2, TOTAL]));
  expect(brief(r)).toEqual(['Xã!C2 invalid-value error']);
  expect(r.issues[0].message).toMatch(/ngày tháng/);
});

describe('circularCells', () => {
  const s = (cells: Record<string, string>) => {
    const values: unknown[][] = [];
    const grid = sheet('S', values);
    for (const [addr, formula] of Object.entries(cells)) {
      const col = addr.charCodeAt(0) - 65;
      const row = parseInt(addr.slice(1), 10) - 1;
      (grid.rows[row] ??= [])[col] = { value: { kind: 'number', value: 0 }, formula };
    }
    return grid;
  };
  const names = (m: Map<number, string[]>) => [...new Set([...m.values()].flat())].sort();

  test('self reference, two-cell and three-cell loops; chains are not loops', () => {
    expect(names(circularCells(s({ C4: 'SUM(C2:C4)' })))).toEqual(['C4']);
    expect(names(circularCells(s({ A1: 'B1+1', B1: 'A1*2' })))).toEqual(['A1', 'B1']);
    expect(names(circularCells(s({ A1: 'B1', B1: 'C1', C1: 'A1', D1: 'A1' })))).toEqual(['A1', 'B1', 'C1']);
    expect(names(circularCells(s({ A1: 'B1', B1: 'C1', C1: '5' })))).toEqual([]);
  });

  test('function names, strings and other sheets are not references; whole columns are', () => {
    expect(names(circularCells(s({ A1: 'LOG10(100)+LEN("A1")+Sheet2!A1+\'Trang 2\'!A1' })))).toEqual([]);
    expect(names(circularCells(s({ B5: 'SUM(B:B)' })))).toEqual(['B5']);
    expect(names(circularCells(s({ B5: 'SUM($B$1:$B$9)' })))).toEqual(['B5']);
  });

  /** A sheet of `rows` rows whose column `col` holds the given formula per row (0-based). */
  const formulaColumn = (rows: number, formula: (r: number) => string, col = 0): Sheet => {
    const grid = sheet('S', []);
    for (let r = 0; r < rows; r++) (grid.rows[r] ??= [])[col] = { value: { kind: 'number', value: 0 }, formula: formula(r) };
    return grid;
  };

  // Its speed is part of the engine's figure in `npm run bench`, not a timed assertion here.
  test('a 10,000-row formula table (the benchmark shapes) has no cycle', () => {
    const grid = sheet('S', []);
    const n = 10_000;
    for (let r = 1; r <= n; r++) {
      const x = r + 1; // 1-based row
      grid.rows[r] = [];
      for (let c = 0; c < 6; c++) grid.rows[r][c] = { value: { kind: 'number', value: r + c } };
      grid.rows[r][6] = { value: { kind: 'number', value: 1 }, formula: `D${x}-F${x}` };
      grid.rows[r][7] = { value: { kind: 'number', value: 1 }, formula: `ROUND(G${x}/C${x}*100,2)` };
      grid.rows[r][9] = { value: { kind: 'number', value: 1 }, formula: `ROUND(I${x}/C${x}*100,2)` };
    }
    grid.rows[n + 1] = [];
    for (const [c, L] of [[2, 'C'], [6, 'G']] as const) {
      grid.rows[n + 1][c] = { value: { kind: 'number', value: 1 }, formula: `SUM(${L}2:${L}${n + 1})` };
    }
    expect(circularCells(grid).size).toBe(0);
    // The same table with the total summing itself: exactly that one cell.
    grid.rows[n + 1][6]!.formula = `SUM(G2:G${n + 2})`;
    expect(names(circularCells(grid))).toEqual([`G${n + 2}`]);
  });

  test('a 5,000-cell chain closed into a loop (A1→A2→…→A5000→A1): the iterative search goes that deep', () => {
    const n = 5000;
    const loop = circularCells(formulaColumn(n, (r) => `A${r === n - 1 ? 1 : r + 2}+1`));
    expect(loop.size).toBe(n);
    const cells = loop.get(0)!;
    expect(cells).toHaveLength(n);
    expect([cells[0], cells[1], cells[n - 1]]).toEqual(['A1', 'A2', `A${n}`]);
    // Open the chain at the end: no loop is left.
    expect(circularCells(formulaColumn(n, (r) => (r === n - 1 ? '1' : `A${r + 2}+1`))).size).toBe(0);
  });

  // The regex this scanner replaced, kept as the reference the scanner must agree with.
  const REF = /(?<![A-Za-z0-9_.!'$])(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?|\$?[A-Z]{1,3}:\$?[A-Z]{1,3}|\$?\d+:\$?\d+)(?![A-Za-z0-9_(!])/g;
  const regexAreas = (formula: string, maxRow: number): number[] => {
    const out: number[] = [];
    for (const m of formula.replace(/"[^"]*"/g, '""').matchAll(REF)) {
      const [a, b = a] = m[1].replace(/\$/g, '').split(':');
      const pa = /^([A-Z]*)(\d*)$/.exec(a)!;
      const pb = /^([A-Z]*)(\d*)$/.exec(b)!;
      const c1 = pa[1] ? colIndex(pa[1]) : 0;
      const c2 = pb[1] ? colIndex(pb[1]) : 16383;
      const r1 = pa[2] ? parseInt(pa[2], 10) - 1 : 0;
      const r2 = pb[2] ? parseInt(pb[2], 10) - 1 : maxRow;
      out.push(Math.min(r1, r2), Math.min(c1, c2), Math.max(r1, r2), Math.max(c1, c2));
    }
    return out;
  };
  const scanned = (formula: string, maxRow: number) => {
    const out: number[] = [99, 99, 99, 99, 99]; // left-overs from an earlier formula are not read
    return out.slice(0, scanRefs(formula, maxRow, out));
  };

  test('the reference scanner finds exactly what the old regex found', () => {
    for (const f of [
      'SUM(C2:C4)',
      'LOG10(100)+LEN("A1")+Sheet2!A1+\'Trang 2\'!A1',
      '$B$1:$B$9*B:B+3:3+$4:$5+A:$C',
      'A1:B2(+A:A1+ABCD1+AB$1+"x""A1"&C3+A0',
      'R1C1+XFD1048576+_A1+a1+.A1+A1.5+A1_+"unclosed A1',
      'Ā1+ÂB2+A1:B+A$1:$B2',
    ]) {
      expect([f, scanned(f, 99)]).toEqual([f, regexAreas(f, 99)]);
    }
    const alphabet = fc.constantFrom(...'AB$XZ019:_(!."\' +-a,ĂƠ'.split(''), 'SUM(', 'C1', 'AB12', 'XFD', '$C$3');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), (parts) => {
        const f = parts.join('');
        expect(scanned(f, 500)).toEqual(regexAreas(f, 500));
      }),
      { numRuns: 3000 },
    );
  });
});

test('a 100,000-row sheet is read and checked, and one wrong cell in it is found', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-big-'));
  try {
    const file = path.join(dir, 'big.xlsx');
    await writeBenchWorkbook(file, 100_000);
    const grid = await readXlsxBuffer(fs.readFileSync(file));
    const clean = checkWorkbook(grid);
    expect(clean.sheets[0].tables[0].rows).toEqual({ units: 100_000, groups: 0, totals: 1 });
    expect(clean.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    // Row 50,004: poor households typed one too many.
    // A new cell in its place: the reader shares one cell among equal plain values.
    const row = grid.sheets[0].rows[50_003];
    const cell = row[3]!;
    row[3] = { ...cell, value: { kind: 'number', value: (cell.value as { value: number }).value + 1 }, formula: undefined };
    const bad = checkWorkbook(grid);
    expect(bad.issues.filter((i) => i.severity === 'error').map((i) => i.cell)).toEqual(['D50004']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
