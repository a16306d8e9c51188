// A row left empty inside a table's data (a deleted unit, a gap between two
// districts) must not end the table: that would cut a subtotal off its
// members and raise false sum errors on a consistent sheet. Every form and
// sample gets a blank row inserted in its grid before each data row in turn;
// the findings must be those of the sheet without the gap.
import * as fs from 'fs';
import * as path from 'path';
import { readXlsxFile } from '../../src/hosts/xlsx';
import { checkWorkbook } from '../../src/core/engine';
import { findTables } from '../../src/core/tables';
import type { Cell, Sheet, Workbook } from '../../src/core/grid';
import { sheet } from '../helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const FORMS = path.resolve(ROOT, '..', 'shared', 'forms');
const files = [
  ...fs.readdirSync(FORMS).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(FORMS, f)),
  ...fs.readdirSync(path.join(ROOT, 'samples')).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(ROOT, 'samples', f)),
].sort();

/** Values only: a formula's references would not follow the inserted row. */
function valuesOnly(s: Sheet): Sheet {
  return { ...s, rows: s.rows.map((r) => (r ? r.map((c): Cell | undefined => (c ? { ...c, formula: undefined } : c)) : r)) };
}

function withBlankRow(s: Sheet, at: number): Sheet {
  const shift = (r: number) => (r >= at ? r + 1 : r);
  return {
    ...s,
    rows: [...s.rows.slice(0, at), [], ...s.rows.slice(at)],
    merges: s.merges.map((m) => ({ ...m, top: shift(m.top), bottom: shift(m.bottom) })),
    ...(s.hiddenRows ? { hiddenRows: s.hiddenRows.map(shift) } : {}),
  };
}

/** Findings as rule@column, so the same issue one row lower compares equal. */
const findings = (wb: Workbook) =>
  checkWorkbook(wb)
    .issues.filter((i) => i.severity !== 'info')
    .map((i) => `${i.sheet}!${i.rule}@${i.cell.replace(/\d+$/, '')}`)
    .sort();

describe.each(files.map((f) => [path.basename(f), f]))('%s', (_name, file) => {
  test('a blank row before any data row changes nothing', async () => {
    const wb = await readXlsxFile(file);
    const plain: Workbook = { sheets: wb.sheets.map(valuesOnly) };
    const baseline = findings(plain);
    let tried = 0;
    plain.sheets.forEach((sheet, si) => {
      for (const t of findTables(sheet)) {
        // Before each data row but the first (a gap right under the header is a different question).
        for (const r of t.rows.slice(1).map((x) => x.row)) {
          const sheets = plain.sheets.map((s, k) => (k === si ? withBlankRow(s, r) : s));
          expect([`row ${r + 1} of ${sheet.name}`, findings({ sheets })]).toEqual([`row ${r + 1} of ${sheet.name}`, baseline]);
          tried++;
        }
      }
    });
    expect(tried).toBeGreaterThan(0);
  });
});

test('a title row or a signature after the gap still ends the table', () => {
  const units = [
    ['1', 'Thôn A', 100, 5],
    ['2', 'Thôn B', 200, 8],
  ];
  const s = sheet('Xã', [['TT', 'Tên thôn', 'Tổng số hộ', 'Số hộ nghèo'], ...units, [], ['Người lập biểu'], [], ['Bảng 2. Hộ cận nghèo'], ['TT', 'Tên thôn', 'Tổng số hộ', 'Số hộ cận nghèo'], ...units]);
  const t = findTables(s);
  expect(t.map((x) => x.rows.length)).toEqual([2, 2]);
  // One blank row and then more units: one table.
  const g = sheet('Xã', [['TT', 'Tên thôn', 'Tổng số hộ', 'Số hộ nghèo'], ...units, [], ['3', 'Thôn C', 50, 2], ['', 'Tổng cộng', 350, 15]]);
  const one = findTables(g);
  expect(one).toHaveLength(1);
  expect(one[0].rows.map((r) => r.label)).toEqual(['Thôn A', 'Thôn B', 'Thôn C', 'Tổng cộng']);
  // Three blank rows: a gap that wide is the end of the table.
  const wide = sheet('Xã', [['TT', 'Tên thôn', 'Tổng số hộ', 'Số hộ nghèo'], ...units, [], [], [], ['3', 'Thôn C', 50, 2]]);
  expect(findTables(wide)[0].rows).toHaveLength(2);
});

test('a remarks column ("Ghi chú") holds words: no invalid-value, no unknown-column note, the rest checked as before', () => {
  const rows = [
    ['TT', 'Tên thôn', 'Tổng số hộ', 'Số hộ nghèo', 'Ghi chú'],
    ['1', 'Thôn A', 100, 5, 'Sáp nhập từ 01/7/2025'],
    ['2', 'Thôn B', 200, 8, null],
    ['3', 'Thôn C', 50, 2, 'Số liệu tạm tính'],
    ['', 'Tổng cộng', 350, 16, null],
  ];
  const report = checkWorkbook({ sheets: [sheet('Xã', rows)] });
  expect(report.sheets[0].tables[0].columns.map((c) => c.role)).toEqual(['ordinal', 'unit', 'households', 'poor.start', 'unknown']);
  // The one real error (16 ≠ 5 + 8 + 2) and nothing about the remarks.
  expect(report.issues.map((i) => `${i.rule}@${i.cell}`)).toEqual(['sum-mismatch@D5']);
});

describe('a total listed by two breakdowns (by area, then by district)', () => {
  const H = ['TT', 'Đơn vị', 'Tổng số hộ', 'Số hộ nghèo', 'Tỷ lệ hộ nghèo (%)'];
  const u = (o: string, n: string, hh: number, p: number) => [o, n, hh, p, Math.round((p / hh) * 10000) / 100];
  const rows = (poorB: number) => [
    H,
    u('', 'Toàn tỉnh', 2400, 120),
    u('', 'Thành thị', 1000, 50),
    u('', 'Nông thôn', 1400, 70),
    u('I', 'Huyện A', 1800, 90),
    u('II', 'Huyện B', 600, poorB),
  ];

  test('each breakdown adds up to the total: no error (it is not four members adding to twice the total)', () => {
    const report = checkWorkbook({ sheets: [sheet('Tỉnh', rows(30))] });
    expect(report.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    const t = findTables(sheet('Tỉnh', rows(30)))[0];
    expect(t.rows[0].members.map((m) => t.rows[m].label)).toEqual(['Thành thị', 'Nông thôn']);
    expect(t.rows[0].alsoMembers?.map((b) => b.map((m) => t.rows[m].label))).toEqual([['Huyện A', 'Huyện B']]);
  });

  test('a typo in one breakdown is still an error', () => {
    const report = checkWorkbook({ sheets: [sheet('Tỉnh', rows(31))] });
    expect(report.issues.filter((i) => i.severity === 'error').length).toBeGreaterThan(0);
  });
});
