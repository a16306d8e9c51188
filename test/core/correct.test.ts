// The pure planners: corrected tables, the report sheet, the log helpers.
// Suggestions are set by hand here, so these tests don't depend on how the
// checks come to them.
import { a1, type Sheet } from '../../src/core/grid';
import { findTables } from '../../src/core/tables';
import { checkWorkbook } from '../../src/core/engine';
import type { Issue, Report, Suggestion } from '../../src/core/report';
import { LOG_SHEET, REPORT_SHEET, type CellEdit, type PlannedCell, type SheetPlan } from '../../src/core/plan';
import {
  CORRECTED_MARKER,
  FILL_APPLIED,
  FILL_RECOMPUTED,
  LOG_COL,
  LOG_HEADER,
  correctedSheetName,
  correctedSheetPlans,
  correctedTablePlan,
  latestBatchToUndo,
  logRow,
  logSheetPlan,
  markerSource,
  nextBatch,
  numberedName,
  ownSheetPurpose,
  ownSheetPurposeOf,
  parseLog,
  planToSheet,
  reportPlan,
  safeSheetName,
  sumArgs,
  undoneMark,
} from '../../src/core/correct';
import { check, communeSheet, sheet, type Unit } from '../helpers';

const units: Unit[] = [
  { name: 'Thôn An', households: 219, poor: 6, unable: 2, reduction: 1, nearPoor: 4 },
  { name: 'Thôn Bình', households: 209, poor: 6, unable: 4, reduction: 1, nearPoor: 1 },
  { name: 'Thôn Cường', households: 198, poor: 2, unable: 1, reduction: 0, nearPoor: 3 },
  { name: 'Thôn Đông', households: 182, poor: 4, unable: 2, reduction: 1, nearPoor: 2 },
];
// communeSheet: title A1, header row 3, units rows 4–7, total row 8 (columns A–J).
const DATE = new Date(2026, 10, 21);

function setNumber(s: Sheet, addr: string, value: number) {
  const m = /^([A-Z])(\d+)$/.exec(addr)!;
  const r = parseInt(m[2], 10) - 1;
  const c = m[1].charCodeAt(0) - 65;
  s.rows[r][c] = { ...(s.rows[r][c] ?? {}), value: { kind: 'number', value } };
}

function at(plan: SheetPlan, addr: string): PlannedCell | undefined {
  return plan.cells.find((c) => a1(c.row, c.col) === addr);
}

function suggest(cell: string, value: number, confidence: Suggestion['confidence'], reason = 'Gõ nhầm một chữ số.'): Suggestion {
  return { cell, value, kind: 'typo-digit', reason, confidence };
}

/** The issues of a sheet with a wrong member C5 (209 typed as 309), suggestion set by hand. */
function wrongMember(confidence: Suggestion['confidence'] = 'high', extra: Partial<Issue> = {}) {
  const s = communeSheet(units);
  setNumber(s, 'C5', 309);
  const report = check(s);
  const issues = report.issues.map((i) => ({ ...i }));
  // The checks see C8 against its members, and C5's rates; attach the suggestion to the first error.
  const first = issues.find((i) => i.severity === 'error')!;
  first.suggestion = suggest('C5', 209, confidence);
  Object.assign(first, extra);
  return { s, issues, table: findTables(s)[0] };
}

describe('correctedTablePlan', () => {
  test('copies the header, keeps inputs, and writes derived cells as formulas with results', () => {
    const s = communeSheet(units);
    const t = findTables(s)[0];
    const plan = correctedTablePlan(s, t, [], { lang: 'vi', apply: 'safe', date: DATE });
    expect(plan.purpose).toBe('corrected');
    expect(plan.source).toBe('Xã');
    expect(plan.name).toBe('Xã – đã sửa');
    expect(at(plan, 'A1')!.value).toBe(`${CORRECTED_MARKER} từ trang 'Xã' — ngày 21/11/2026`);
    expect(markerSource(at(plan, 'A1')!.value)).toBe('Xã');
    // Title (row 1) copied two rows down with its merge; header row 3 → row 5.
    expect(at(plan, 'A3')!.value).toBe('BIỂU PHÂN BỔ CHỈ TIÊU GIẢM NGHÈO');
    expect(plan.merges).toContainEqual({ top: 2, left: 0, bottom: 2, right: 9 });
    expect(at(plan, 'C5')).toMatchObject({ value: 'Tổng số hộ', bold: true });
    expect(plan.freeze).toEqual({ rows: 5, cols: 2 });
    expect(plan.range).toEqual({ top: 4, left: 0, bottom: 9, right: 9 });
    // Unit row 4 → 6: inputs as values, end and rates as formulas.
    expect(at(plan, 'C6')).toMatchObject({ value: 219, numFmt: '#,##0' });
    expect(at(plan, 'G6')).toMatchObject({ formula: 'D6-F6', result: 5 });
    expect(at(plan, 'H6')).toMatchObject({ formula: 'ROUND(G6/C6*100,2)', result: 2.28, numFmt: '0.00' });
    expect(at(plan, 'J6')).toMatchObject({ formula: 'ROUND(I6/C6*100,2)', result: 1.83 });
    // Total row 8 → 10: sums over the members, its rate on its own counts.
    expect(at(plan, 'C10')).toMatchObject({ formula: 'SUM(C6:C9)', result: 808, bold: true });
    expect(at(plan, 'G10')).toMatchObject({ formula: 'SUM(G6:G9)', result: 15 });
    expect(at(plan, 'H10')).toMatchObject({ formula: 'ROUND(G10/C10*100,2)', result: 1.86 });
    // Nothing changed: no fill, no note.
    expect(plan.cells.filter((c) => c.fill || c.note)).toEqual([]);
    expect(plan.applied).toEqual([]);
    expect(plan.recomputed).toEqual([]);
    expect(plan.widths![1]).toBeGreaterThan(plan.widths![0]);
  });

  test('the planned sheet checks clean and finds the same table', () => {
    const s = communeSheet(units);
    const plan = correctedTablePlan(s, findTables(s)[0], [], { lang: 'vi', apply: 'safe' });
    const r = checkWorkbook({ sheets: [planToSheet(plan)] });
    expect(r.issues).toEqual([]);
    expect(r.sheets[0].tables[0].columns.map((c) => c.role)).toEqual(check(s).sheets[0].tables[0].columns.map((c) => c.role));
  });

  test('a wrong total is replaced by its SUM, filled and noted with the old value', () => {
    const s = communeSheet(units);
    setNumber(s, 'C8', 908);
    const report = check(s);
    const plan = correctedTablePlan(s, findTables(s)[0], report.issues, { lang: 'vi', apply: 'none' });
    const c = at(plan, 'C10')!;
    expect(c).toMatchObject({ formula: 'SUM(C6:C9)', result: 808, fill: FILL_RECOMPUTED });
    expect(c.note).toContain('C8');
    expect(c.note).toContain('908');
    expect(plan.recomputed.map((x) => x.sourceCell)).toContain('C8');
    expect(checkWorkbook({ sheets: [planToSheet(plan)] }).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('a high-confidence suggestion is applied with a green fill and a note', () => {
    const { s, issues, table } = wrongMember('high');
    const plan = correctedTablePlan(s, table, issues, { lang: 'vi', apply: 'safe' });
    expect(at(plan, 'C7')).toMatchObject({ value: 209, fill: FILL_APPLIED });
    expect(at(plan, 'C7')!.note).toContain('309');
    expect(at(plan, 'C7')!.note).toContain('Gõ nhầm một chữ số.');
    expect(plan.applied).toEqual([expect.objectContaining({ sourceCell: 'C5', cell: 'C7', old: 309, value: 209, confidence: 'high' })]);
    // The member's rates follow from the corrected count; the total is consistent again.
    expect(at(plan, 'H7')!.result).toBe(2.39);
    expect(at(plan, 'C10')!.result).toBe(808);
    expect(checkWorkbook({ sheets: [planToSheet(plan)] }).issues).toEqual([]);
  });

  test('apply none keeps the typed value; the total follows it', () => {
    const { s, issues, table } = wrongMember('high');
    const plan = correctedTablePlan(s, table, issues, { lang: 'en', apply: 'none' });
    expect(at(plan, 'C7')).toMatchObject({ value: 309 });
    expect(at(plan, 'C7')!.fill).toBeUndefined();
    expect(at(plan, 'C10')!.result).toBe(908);
    expect(plan.applied).toEqual([]);
  });

  test('medium is applied only with all; low and tied suggestions never', () => {
    const cases: [Suggestion['confidence'], Partial<Issue>, 'safe' | 'all', boolean][] = [
      ['medium', {}, 'safe', false],
      ['medium', {}, 'all', true],
      ['low', {}, 'all', false],
      ['high', { alternatives: [suggest('C8', 908, 'low')] }, 'all', false],
    ];
    for (const [confidence, extra, apply, applied] of cases) {
      const { s, issues, table } = wrongMember(confidence, extra);
      const plan = correctedTablePlan(s, table, issues, { lang: 'vi', apply });
      expect([confidence, apply, plan.applied.length]).toEqual([confidence, apply, applied ? 1 : 0]);
    }
  });

  test('two issues suggesting different values for one cell apply neither', () => {
    const { s, issues, table } = wrongMember('high');
    const second = issues.find((i) => i.severity === 'error' && !i.suggestion) ?? { ...issues[0], cell: 'H5' };
    second.suggestion = suggest('C5', 210, 'high');
    if (!issues.includes(second)) issues.push(second);
    const plan = correctedTablePlan(s, table, issues, { lang: 'vi', apply: 'all' });
    expect(plan.applied).toEqual([]);
  });

  test('a suggestion outside the table or on another sheet is ignored', () => {
    const { s, issues, table } = wrongMember('high');
    issues[0].suggestion!.cell = 'Z99';
    expect(correctedTablePlan(s, table, issues, { lang: 'vi', apply: 'all' }).applied).toEqual([]);
    const other = wrongMember('high');
    for (const i of other.issues) i.sheet = 'Khác';
    expect(correctedTablePlan(other.s, other.table, other.issues, { lang: 'vi', apply: 'all' }).applied).toEqual([]);
  });

  test('numbers stored as text become numbers; rates keep the decimals typed', () => {
    const s = sheet('Dán', [
      ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ hộ nghèo (%)'],
      ['1', 'Thôn A', '1.411', '140', '9,92'],
      ['2', 'Thôn B', '1.446', '66', '4,56'],
      ['', 'Tổng cộng', '2.857', '206', '7,21'],
    ]);
    const plan = correctedTablePlan(s, findTables(s)[0], check(s).issues, { lang: 'vi', apply: 'safe' });
    // No title: the header lands on row 3, under the marker and a blank row.
    expect(at(plan, 'C3')!.value).toBe('Tổng số hộ');
    expect(at(plan, 'C4')).toMatchObject({ value: 1411, numFmt: '#,##0' });
    expect(at(plan, 'E4')).toMatchObject({ formula: 'ROUND(D4/C4*100,2)', result: 9.92, numFmt: '0.00' });
    expect(at(plan, 'C6')).toMatchObject({ formula: 'SUM(C4:C5)', result: 2857 });
    expect(at(plan, 'E6')).toMatchObject({ result: 7.21 });
    expect(checkWorkbook({ sheets: [planToSheet(plan)] }).issues).toEqual([]);
  });

  test('groups sum their members, as a list when they are not contiguous', () => {
    const s = sheet('Huyện', [
      ['STT', 'Đơn vị', 'Tổng số hộ', 'Hộ nghèo'],
      ['', 'Toàn huyện', 60, 6],
      ['I', 'Thành thị', 30, 3],
      ['1', 'Thị trấn A', 10, 1],
      ['2', 'Thị trấn B', 20, 2],
      ['II', 'Nông thôn', 30, 3],
      ['1', 'Xã C', 30, 3],
    ]);
    const plan = correctedTablePlan(s, findTables(s)[0], [], { lang: 'vi', apply: 'safe' });
    expect(at(plan, 'C4')).toMatchObject({ formula: 'SUM(C5,C8)', result: 60 });
    expect(at(plan, 'C5')).toMatchObject({ formula: 'SUM(C6:C7)', result: 30 });
    expect(at(plan, 'C8')).toMatchObject({ formula: 'SUM(C9)', result: 30 });
    expect(at(plan, 'C9')).toMatchObject({ value: 30 });
  });

  test('an end column derived from start − decreases + increases, empty terms as 0', () => {
    const s = sheet('Biến động', [
      ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo đầu kỳ', 'Thoát nghèo', 'Tái nghèo', 'Phát sinh mới', 'Hộ nghèo cuối kỳ'],
      [1, 'Thôn A', 100, 10, 3, null, 1, 8],
      [2, 'Thôn B', 100, 5, 1, 1, null, 5],
    ]);
    const plan = correctedTablePlan(s, findTables(s)[0], [], { lang: 'vi', apply: 'safe' });
    expect(at(plan, 'H4')).toMatchObject({ formula: 'D4-E4+F4+G4', result: 8 });
    expect(at(plan, 'H5')).toMatchObject({ formula: 'D5-E5+F5+G5', result: 5 });
  });

  test('a rate whose base is zero or unusable keeps its typed value', () => {
    const s = sheet('Lỗi', [
      ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ hộ nghèo (%)'],
      [1, 'Thôn A', 0, 0, 1.5],
      [2, 'Thôn B', 'abc', 3, 2.5],
    ]);
    const plan = correctedTablePlan(s, findTables(s)[0], [], { lang: 'vi', apply: 'safe' });
    expect(at(plan, 'E4')).toMatchObject({ value: 1.5 });
    expect(at(plan, 'E4')!.formula).toBeUndefined();
    expect(at(plan, 'C5')).toMatchObject({ value: 'abc' });
    expect(at(plan, 'E5')!.formula).toBeUndefined();
  });

  test('percent-formatted rates stay fractions', () => {
    const s = sheet('Phần trăm', [
      ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ hộ nghèo (%)'],
      [1, 'Thôn A', 300, 9, 0.03],
    ]);
    s.rows[1][4]!.numFmt = '0.00%';
    const plan = correctedTablePlan(s, findTables(s)[0], [], { lang: 'vi', apply: 'safe' });
    expect(at(plan, 'E4')).toMatchObject({ formula: 'ROUND(D4/C4,4)', result: 0.03, numFmt: '0.00%' });
    expect(checkWorkbook({ sheets: [planToSheet(plan)] }).issues).toEqual([]);
  });

  test('source widths are used where given', () => {
    const s = communeSheet(units);
    const plan = correctedTablePlan(s, findTables(s)[0], [], { lang: 'vi', apply: 'safe', widths: [5, 33] });
    expect(plan.widths!.slice(0, 3)).toEqual([5, 33, 12]);
  });
});

/** Errors on the planned sheet that sit at a cell the plan wrote as a formula. */
function formulaErrors(plan: SheetPlan): string[] {
  const formulas = new Set(plan.cells.filter((c) => c.formula).map((c) => a1(c.row, c.col)));
  return checkWorkbook({ sheets: [planToSheet(plan)] })
    .issues.filter((i) => i.severity === 'error' && formulas.has(i.cell))
    .map((i) => `${i.cell} ${i.rule}`);
}

describe('correctedTablePlan: no formula that contradicts the row (mutation classes)', () => {
  // communeSheet columns: C households, D poor at start, E unable, F reduction, G end = D − F, H rate, I near-poor, J rate.
  const planOf = (s: Sheet) => correctedTablePlan(s, findTables(s)[0], check(s).issues, { lang: 'vi', apply: 'none' });

  test('a total over a member holding text keeps its stated value; the rest stay formulas', () => {
    const s = communeSheet(units);
    s.rows[4][3] = { value: { kind: 'text', value: '=C5/B5*100' } };
    const plan = planOf(s);
    expect(at(plan, 'D10')).toMatchObject({ value: 18 });
    expect(at(plan, 'D10')!.formula).toBeUndefined();
    expect(at(plan, 'C10')).toMatchObject({ formula: 'SUM(C6:C9)', result: 808 });
    expect(formulaErrors(plan)).toEqual([]);
  });

  test('an empty member a relation needs, under a total that says otherwise, is missing, not 0', () => {
    const s = communeSheet(units);
    s.rows[4][3] = undefined;
    const plan = planOf(s);
    expect(at(plan, 'D10')).toMatchObject({ value: 18 });
    expect(at(plan, 'D10')!.formula).toBeUndefined();
    expect(formulaErrors(plan)).toEqual([]);
  });

  test('totals of a row relation keep their stated values when only those satisfy it', () => {
    const s = communeSheet(units);
    s.rows[4][3] = { value: { kind: 'text', value: 'x' } }; // D5: its end G5 keeps its stated 5
    setNumber(s, 'F5', 2); // the reduction, 1 before: SUM(F) would be 4 and D10 − F10 ≠ G10
    const plan = planOf(s);
    for (const [cell, v] of [['D10', 18], ['F10', 3], ['G10', 15]] as const) {
      expect(at(plan, cell)).toMatchObject({ value: v });
      expect(at(plan, cell)!.formula).toBeUndefined();
    }
    expect(at(plan, 'H10')).toMatchObject({ formula: 'ROUND(G10/C10*100,2)' });
    expect(formulaErrors(plan)).toEqual([]);
  });

  test('a derived count that would be negative keeps its stated value', () => {
    const s = communeSheet(units);
    setNumber(s, 'F4', 20); // reduction 20 of 6 poor: D4 − F4 = −14
    const plan = planOf(s);
    expect(at(plan, 'G6')).toMatchObject({ value: 5 });
    expect(at(plan, 'G6')!.formula).toBeUndefined();
    expect(formulaErrors(plan)).toEqual([]);
  });

  test('a total that would reach 10^15 keeps its stated value', () => {
    const s = communeSheet(units);
    setNumber(s, 'C4', 999999999999999); // valid alone; the SUM of the column would be no count
    const plan = planOf(s);
    expect(at(plan, 'C10')).toMatchObject({ value: 808 });
    expect(at(plan, 'C10')!.formula).toBeUndefined();
    expect(formulaErrors(plan)).toEqual([]);
  });

  test('a count formatted as a percentage is written as the number typed, noted, without the %', () => {
    const s = communeSheet(units);
    s.rows[3][2] = { value: { kind: 'number', value: 219 }, numFmt: '0.00%' };
    const plan = planOf(s);
    expect(at(plan, 'C6')).toMatchObject({ value: 219, numFmt: '#,##0', fill: FILL_APPLIED });
    expect(at(plan, 'C6')!.note).toContain('C4');
    expect(at(plan, 'C10')).toMatchObject({ formula: 'SUM(C6:C9)', result: 808 });
    expect(at(plan, 'H6')).toMatchObject({ formula: 'ROUND(G6/C6*100,2)', result: 2.28 });
    expect(formulaErrors(plan)).toEqual([]);
  });
});

describe('correctedSheetPlans', () => {
  test('one plan per table, names unique, titles of the second table only from after the first', () => {
    const values: unknown[][] = [['BẢNG 1'], ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo'], [1, 'Thôn A', 10, 1], ['', 'Cộng', 10, 1], [], ['BẢNG 2'], ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ cận nghèo'], [1, 'Thôn A', 10, 2], ['', 'Cộng', 10, 2]];
    const s = sheet('Hai bảng', values);
    const plans = correctedSheetPlans(s, [], { lang: 'vi', apply: 'safe' });
    expect(plans.map((p) => p.name)).toEqual(['Hai bảng – đã sửa', 'Hai bảng – đã sửa 2']);
    expect(at(plans[1], 'A3')!.value).toBe('BẢNG 2');
    expect(plans[1].cells.some((c) => c.value === 'BẢNG 1')).toBe(false);
  });
});

describe('sheet names', () => {
  test('derived names fit 31 characters and carry no forbidden character', () => {
    expect(correctedSheetName('Phân bổ 2022', 0, 'vi')).toBe('Phân bổ 2022 – đã sửa');
    expect(correctedSheetName('Phân bổ 2022', 1, 'en')).toBe('Phân bổ 2022 – corrected 2');
    const long = correctedSheetName('Biểu phân bổ chỉ tiêu giảm nghèo năm 2024', 0, 'vi');
    expect([...long].length).toBeLessThanOrEqual(31);
    expect(long.endsWith(' – đã sửa')).toBe(true);
    expect(correctedSheetName("a[b]:c*d?e/f\\g", 0, 'vi')).not.toMatch(/[[\]:*?/\\]/);
    expect(safeSheetName("'quoted'")).toBe('quoted');
    expect(numberedName('x'.repeat(31), 2)).toBe('x'.repeat(27) + ' (2)');
  });
});

describe('sumArgs', () => {
  test('runs become ranges', () => {
    expect(sumArgs([5, 6, 7, 9, 11, 12], 2)).toBe('C6:C8,C10,C12:C13');
  });
});

describe('reportPlan', () => {
  const report: Report = {
    file: '/tmp/x/003.xlsx',
    sheets: [],
    issues: [
      {
        sheet: 'Phân bổ 2022',
        cell: 'C18',
        rule: 'sum-mismatch',
        severity: 'error',
        message: 'C18 (CỘNG) ghi 2.211 nhưng tổng là 2.111.',
        stated: 2211,
        expected: 2111,
        suggestion: suggest('C18', 2111, 'high', 'Một chữ số gõ nhầm.'),
      },
      { sheet: 'Phụ lục', cell: 'D5', rule: 'not-checked', severity: 'info', message: 'Không có cột số hộ.', stated: null, expected: null },
      { sheet: 'X', cell: 'G12', rule: 'rate-mismatch', severity: 'warning', message: 'cắt bớt', stated: 1.1, expected: 1.11, decimals: 2 },
    ],
  };

  test('one row per issue with a link, a bold frozen header, Vietnamese by default', () => {
    const plan = reportPlan(report, 'vi', { date: DATE });
    expect(plan.name).toBe(REPORT_SHEET);
    expect(plan.purpose).toBe('report');
    expect(ownSheetPurpose(plan.name, at(plan, 'A1')!.value)).toBe('report');
    expect(at(plan, 'A1')!.value).toContain("'003.xlsx'");
    expect(plan.freeze).toEqual({ rows: 2, cols: 0 });
    expect(plan.cells.filter((c) => c.row === 1).map((c) => c.value)).toEqual(['Trang', 'Ô', 'Mức độ', 'Quy tắc', 'Nội dung', 'Giá trị ghi', 'Giá trị đúng', 'Đề xuất sửa']);
    expect(plan.cells.filter((c) => c.row === 1).every((c) => c.bold)).toBe(true);
    expect(at(plan, 'B3')).toMatchObject({ value: 'C18', link: { sheet: 'Phân bổ 2022', cell: 'C18' } });
    expect(at(plan, 'C3')!.value).toBe('Lỗi');
    expect(at(plan, 'D3')!.value).toBe('sum-mismatch');
    expect(at(plan, 'F3')).toMatchObject({ value: 2211 });
    expect(at(plan, 'G3')).toMatchObject({ value: 2111 });
    expect(at(plan, 'H3')!.value).toBe('C18 = 2.111 (chắc chắn): Một chữ số gõ nhầm.');
    expect(at(plan, 'F4')).toBeUndefined();
    expect(at(plan, 'F5')).toMatchObject({ value: 1.1, numFmt: '0.00' });
    expect(new Set(plan.cells.filter((c) => c.row >= 2).map((c) => c.row)).size).toBe(3);
  });

  test('English headers and words with lang en; an empty report says so', () => {
    const plan = reportPlan(report, 'en');
    expect(at(plan, 'A2')!.value).toBe('Sheet');
    expect(at(plan, 'C3')!.value).toBe('Error');
    expect(at(plan, 'H3')!.value).toBe('C18 = 2,111 (certain): Một chữ số gõ nhầm.');
    expect(ownSheetPurpose(plan.name, at(plan, 'A1')!.value)).toBe('report');
    const empty = reportPlan({ file: 'a.xlsx', sheets: [], issues: [] }, 'vi');
    expect(at(empty, 'A3')!.value).toBe('Không có vấn đề nào.');
  });
});

describe('own sheets', () => {
  test('recognised by marker and name, never a user sheet', () => {
    expect(ownSheetPurpose('Xã – đã sửa', `${CORRECTED_MARKER} từ trang 'Xã' — ngày 01/01/2026`)).toBe('corrected');
    expect(ownSheetPurpose('Xã – đã sửa', 'Bảng của tôi')).toBeNull();
    expect(ownSheetPurpose(REPORT_SHEET, 'Trang')).toBeNull();
    expect(ownSheetPurpose(LOG_SHEET, 'Thời gian', [...LOG_HEADER])).toBe('log');
    expect(ownSheetPurpose('Nhật ký', 'Thời gian', [...LOG_HEADER])).toBeNull();
    const s = communeSheet(units);
    expect(ownSheetPurposeOf(s)).toBeNull();
    expect(ownSheetPurposeOf(planToSheet(correctedTablePlan(s, findTables(s)[0], [], { lang: 'vi', apply: 'safe' })))).toBe('corrected');
    expect(ownSheetPurposeOf(planToSheet(logSheetPlan()))).toBe('log');
  });
});

describe('log helpers', () => {
  const edit = (cell: string, old: CellEdit['old'], value: number, oldFormula?: string): CellEdit => ({
    sheet: 'Phân bổ 2022',
    cell,
    old,
    value,
    rule: 'sum-mismatch',
    reason: 'Tổng đúng là 2.111.',
    ...(oldFormula ? { oldFormula } : {}),
  });
  const t1 = new Date(2026, 10, 21, 9, 5, 7);

  test('logRow follows LOG_HEADER', () => {
    const row = logRow(edit('C18', 2211, 2111, 'SUM(C6:C16)'), t1, 3);
    expect(row).toHaveLength(LOG_HEADER.length);
    expect(row[LOG_COL.when]).toBe('2026-11-21 09:05:07');
    expect(row[LOG_COL.cell]).toBe('C18');
    expect(row[LOG_COL.old]).toBe(2211);
    expect(row[LOG_COL.value]).toBe(2111);
    expect(row[LOG_COL.batch]).toBe(3);
    expect(row[LOG_COL.undone]).toBeNull();
    expect(row[LOG_COL.oldFormula]).toBe('SUM(C6:C16)');
    expect(logSheetPlan().cells.map((c) => c.value)).toEqual([...LOG_HEADER]);
  });

  test('parseLog reads rows back; the latest open batch is undone newest first', () => {
    const rows: unknown[][] = [
      [...LOG_HEADER],
      logRow(edit('C18', 2211, 2111), t1, 1),
      logRow(edit('C10', '1.411', 1411), t1, 2),
      logRow(edit('C11', null, 5, 'C9+1'), t1, 2),
      ['rác', 'không phải', 'dòng nhật ký'],
    ];
    const entries = parseLog(rows);
    expect(entries).toHaveLength(3);
    expect(entries[1]).toMatchObject({ row: 2, cell: 'C10', old: '1.411', value: 1411, batch: 2, undone: false });
    expect(entries[2]).toMatchObject({ old: null, oldFormula: 'C9+1' });
    expect(nextBatch(entries)).toBe(3);
    const u = latestBatchToUndo(entries)!;
    expect(u.batch).toBe(2);
    expect(u.entries.map((e) => e.cell)).toEqual(['C11', 'C10']);
    // Mark batch 2 undone: batch 1 is next.
    rows[2][LOG_COL.undone] = undoneMark(t1);
    rows[3][LOG_COL.undone] = undoneMark(t1);
    expect(latestBatchToUndo(parseLog(rows))!.batch).toBe(1);
    rows[1][LOG_COL.undone] = undoneMark(t1);
    expect(latestBatchToUndo(parseLog(rows))).toBeNull();
    expect(nextBatch([])).toBe(1);
  });
});
