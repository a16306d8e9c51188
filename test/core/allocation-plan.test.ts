// The allocation sheet plan: seed 001's column reproduced from the sample,
// the engine's verdict on the plan, bases, policy floors and infeasible targets.
import * as path from 'path';
import * as D from '../../src/core/decimal';
import { percent, rateOf, SEED_004_RULES } from '../../src/core/allocate';
import { AllocationInputError, allocationPlan, allocationSheetName } from '../../src/core/allocation-plan';
import { appendixSheet } from '../../src/core/appendix-sheet';
import { ownSheetPurpose, ownSheetPurposeOf } from '../../src/core/correct';
import { checkWorkbook } from '../../src/core/engine';
import { a1 } from '../../src/core/grid';
import { planToSheet, type SheetPlan } from '../../src/core/plan';
import { findTables } from '../../src/core/tables';
import { readXlsxFile } from '../../src/hosts/xlsx';
import { communeSheet, sheet, type Unit } from '../helpers';

// Seed 001's plan column "Hộ giảm" (8), CAM TUYỀN … CAM CHÍNH.
const SEED_001_REDUCTION = [14, 16, 13, 5, 14, 7, 4, 7, 2];
const NOW = new Date(2026, 10, 21);

const cell = (plan: SheetPlan, ref: string) => plan.cells.find((c) => a1(c.row, c.col) === ref);
const errors = (plan: SheetPlan) => checkWorkbook({ sheets: [planToSheet(plan)] }).issues.filter((i) => i.severity === 'error');

describe('seed 001 (Cam Lộ): 82 households by the able-to-work column', () => {
  let camLo: Awaited<ReturnType<typeof readXlsxFile>>['sheets'][number];
  beforeAll(async () => {
    camLo = (await readXlsxFile(path.join(__dirname, '../../samples/001-cam-lo.xlsx'))).sheets[0];
  });

  test('the engine reads "Hộ CS GN" as poor.able, so it is the basis and the cap', () => {
    const t = findTables(camLo)[0];
    const f = t.columns.find((c) => c.col === 5)!;
    expect(f.header).toContain('Hộ CS GN');
    expect(f.role.code).toBe('poor.able');
  });

  test("the allocation is exactly the plan's column, sums to 82, and the sheet checks clean", () => {
    const r = allocationPlan(camLo, findTables(camLo)[0], { lang: 'vi', target: { kind: 'households', reduction: 82 }, basis: 'able', newPoor: 35, rules: SEED_004_RULES, date: NOW });
    expect(r.basisFrom).toBe('poor.able');
    expect(r.units.map((u) => u.reduction)).toEqual(SEED_001_REDUCTION);
    expect(r.units.reduce((a, u) => a + u.reduction, 0)).toBe(82);
    expect(r.feasible).toBe(true);
    expect(r.target).toMatchObject({ reduction: 82, exits: 117, poorEnd: 527 });
    expect(r.totals).toEqual({ households: 14653, householdsEnd: undefined, poorStart: 609 });
    expect(errors(r.plan)).toEqual([]);
    // Placed after its source, recognised as PovCheck's by A1.
    expect(r.plan).toMatchObject({ purpose: 'allocation', source: 'Chỉ tiêu GN 2019', name: 'Chỉ tiêu GN 2019 – phân bổ' });
    expect(ownSheetPurposeOf(planToSheet(r.plan))).toBe('allocation');
    // Row 5 is CAM TUYỀN; columns: A STT, B unit, C hh, D poor, E rate, F cap, G basis, H floor, I reduction, J end, K end rate.
    expect(cell(r.plan, 'B5')?.value).toBe('CAM TUYỀN');
    expect(cell(r.plan, 'I5')?.value).toBe(14);
    expect(cell(r.plan, 'J5')).toMatchObject({ formula: 'D5-I5', result: 126 });
    expect(cell(r.plan, 'K5')).toMatchObject({ formula: 'ROUND(J5/C5*100,2)', result: 8.93 });
    expect(cell(r.plan, 'G5')).toMatchObject({ formula: 'F5', result: 14 });
    // Total row 14: sums, and the rate as the ratio of the sums (3,60, not the seed's truncated 3,59).
    expect(cell(r.plan, 'B14')?.value).toBe('Tổng cộng');
    expect(cell(r.plan, 'I14')).toMatchObject({ formula: 'SUM(I5:I13)', result: 82 });
    expect(cell(r.plan, 'J14')).toMatchObject({ formula: 'SUM(J5:J13)', result: 527 });
    expect(cell(r.plan, 'K14')).toMatchObject({ formula: 'ROUND(J14/C14*100,2)', result: 3.6 });
    // The explanation: the arithmetic and the method.
    const text = r.plan.cells.filter((c) => c.row > 14).map((c) => String(c.value)).join('\n');
    expect(text).toContain('609 − 82 = 527');
    expect(text).toContain('82 + 35 = 117');
    expect(text).toContain('số dư lớn nhất');
  });

  test('a rate target beyond the able-to-work poor is infeasible: short by 87, every unit binds', () => {
    const r = allocationPlan(camLo, findTables(camLo)[0], { lang: 'en', target: { kind: 'rate', rate: percent('3.00') }, basis: 'able', rules: [], date: NOW });
    expect(r.target.reduction).toBe(169);
    expect(r.feasible).toBe(false);
    expect(r.allocation).toMatchObject({ allocated: 82, shortfall: 87 });
    expect(r.allocation.binding).toHaveLength(9);
    expect(r.explanation.join('\n')).toMatch(/INFEASIBLE: .*87 short of the target 169/);
    expect(r.explanation.join('\n')).toContain('With this allocation 527 poor households / 14,653 = 3.60 % remain, not the target\'s 440.');
    // English headers keep the Vietnamese words, so the engine still recognises the roles.
    expect(errors(r.plan)).toEqual([]);
    const roles = checkWorkbook({ sheets: [planToSheet(r.plan)] }).sheets[0].tables[0].columns.map((c) => c.role);
    expect(roles).toEqual(expect.arrayContaining(['poor.able', 'poor.decrease', 'poor.end', 'poor.end.rate']));
    expect(r.plan.name).toBe('Chỉ tiêu GN 2019 – allocation');
  });

  test('a rate target the caps allow: the rounded end rate meets it and the shares sum to the reduction', () => {
    const r = allocationPlan(camLo, findTables(camLo)[0], { lang: 'vi', target: { kind: 'rate', rate: percent('3,80') }, basis: 'poor', rules: [], date: NOW });
    expect(r.target.poorEnd).toBe(557);
    expect(r.units.reduce((a, u) => a + u.reduction, 0)).toBe(52);
    expect(r.feasible).toBe(true);
    r.units.forEach((u) => expect(u.reduction).toBeLessThanOrEqual(u.cap));
    expect(D.format(rateOf(557, 14653, 2), 2, 'vi')).toBe('3,80');
    // Basis "poor": the basis column copies the poor column.
    expect(cell(r.plan, 'G5')).toMatchObject({ formula: 'D5', result: 140 });
    expect(errors(r.plan)).toEqual([]);
  });
});

describe('bases, floors and bad input on synthetic tables', () => {
  const units: Unit[] = [
    { name: 'Thôn Một', households: 200, poor: 60, unable: 10, reduction: 0, nearPoor: 5 }, // 30 %: the >25 % rule applies
    { name: 'Thôn Hai', households: 400, poor: 20, unable: 5, reduction: 0, nearPoor: 5 },
    { name: 'Thôn Ba', households: 300, poor: 12, unable: 2, reduction: 0, nearPoor: 5 },
  ];
  const s = communeSheet(units, 'Xã Thử');
  const t = () => findTables(s)[0];

  test('without a poor.able column the basis is poor − unable to work', () => {
    const r = allocationPlan(s, t(), { lang: 'vi', target: { kind: 'households', reduction: 20 }, basis: 'able', rules: [], date: NOW });
    expect(r.basisFrom).toBe('poor.start-poor.unable');
    expect(r.units.map((u) => u.basis)).toEqual([50, 15, 10]);
    expect(r.units.map((u) => u.reduction)).toEqual([13, 4, 3]);
    expect(errors(r.plan)).toEqual([]);
  });

  test('seed 004 floor: a unit above 25 % must lose at least 4 points (60/200 = 30 % → at most 26 % = 52 poor, so ≥ 8)', () => {
    const r = allocationPlan(s, t(), { lang: 'vi', target: { kind: 'households', reduction: 10 }, basis: 'able', rules: SEED_004_RULES, date: NOW });
    expect(r.units.map((u) => u.floor)).toEqual([8, 0, 0]);
    expect(r.units[0].floorRules).toEqual(['high-rate']);
    expect(r.units[0].reduction).toBeGreaterThanOrEqual(8);
    expect(r.units.reduce((a, u) => a + u.reduction, 0)).toBe(10);
    expect(r.explanation.join('\n')).toContain('Thôn Một ≥ 8');
    expect(errors(r.plan)).toEqual([]);
  });

  test('floors above the target: infeasible by the excess, the floored unit named', () => {
    const r = allocationPlan(s, t(), { lang: 'vi', target: { kind: 'households', reduction: 5 }, basis: 'able', rules: SEED_004_RULES, date: NOW });
    expect(r.feasible).toBe(false);
    expect(r.allocation.excess).toBe(3);
    expect(r.explanation.join('\n')).toMatch(/KHÔNG ĐẠT: .*vượt chỉ tiêu 5 là 3 hộ.*Thôn Một/);
  });

  test('basis able with neither an able nor an unable column is bad input', () => {
    const plain = sheet('X', [
      ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo đầu kỳ'],
      [1, 'A', 100, 10],
      [2, 'B', 100, 5],
    ]);
    expect(() => allocationPlan(plain, findTables(plain)[0], { lang: 'vi', target: { kind: 'households', reduction: 3 }, basis: 'able', rules: [] })).toThrow(AllocationInputError);
    const r = allocationPlan(plain, findTables(plain)[0], { lang: 'vi', target: { kind: 'households', reduction: 3 }, basis: 'poor', rules: [], date: NOW });
    expect(r.units.map((u) => u.reduction)).toEqual([2, 1]);
  });
});

describe("PovCheck's own sheets", () => {
  test('allocation and appendix markers are recognised; a look-alike user sheet is not', () => {
    expect(ownSheetPurpose('X – phân bổ', "Bảng phân bổ bởi PovCheck từ trang 'X' — ngày 21/11/2026")).toBe('allocation');
    expect(ownSheetPurpose('Phụ lục', 'Phụ lục lập bởi PovCheck — ngày 21/11/2026')).toBe('appendix');
    expect(ownSheetPurpose('Phụ lục', 'Phụ lục')).toBeNull();
    expect(ownSheetPurpose('X – phân bổ', 'Bảng phân bổ chỉ tiêu')).toBeNull();
  });

  test('sheet names fit in 31 characters', () => {
    expect([...allocationSheetName('Biểu phân bổ chỉ tiêu giảm nghèo năm 2024', 'vi')].length).toBeLessThanOrEqual(31);
  });

  test('the appendix sheet carries the marker and a chart range sorted by the end rate, pointing at the rows', () => {
    const u = (name: string, hh: number, poor: number, red: number) => ({ name, source: 's', households: hh, poor: { start: poor, reduction: red }, nearPoor: {} });
    const a = appendixSheet([u('A', 1000, 50, 10), u('B', 1000, 20, 2), u('C', 1000, 80, 40)], { lang: 'vi', year: 2024, totalAt: 'top', date: NOW });
    expect(ownSheetPurposeOf(planToSheet(a.plan))).toBe('appendix');
    expect(a.chart?.names).toEqual(['B', 'A', 'C']); // end rates 1,80 < 4,00 = 4,00; the tie goes by the start rate (5,00 < 8,00)
    expect(a.chart?.endRates).toEqual([1.8, 4, 4]);
    const c = a.chart!;
    const first = a.plan.cells.find((x) => x.row === c.firstRow && x.col === c.endCol)!;
    expect(first.formula).toBe('H7'); // B is the second unit: row 7 when the total is on top (row 5); H is the 2024 rate (one households column)
    expect(first.row).toBeGreaterThan(7); // below the table
    expect(errors(a.plan)).toEqual([]);
  });
});
