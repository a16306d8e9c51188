// The bad inputs of docs/bad-input.md that the engine and the .xlsx host see:
// each one is a real .xlsx written with ExcelJS, read back by the host, checked
// by the engine, and its outcome asserted the way the user meets it.
import ExcelJS from 'exceljs';
import { readXlsxBuffer } from '../src/hosts/xlsx';
import { checkWorkbook } from '../src/core/engine';
import { circularCells } from '../src/core/cycles';
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
    const cell = grid.sheets[0].rows[50_003][3]!;
    cell.value = { kind: 'number', value: (cell.value as { value: number }).value + 1 };
    cell.formula = undefined;
    const bad = checkWorkbook(grid);
    expect(bad.issues.filter((i) => i.severity === 'error').map((i) => i.cell)).toEqual(['D50004']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
