// The province appendix from the units' own tables (seed 004's form), and
// matching unit names across sources (seed 003's near-miss).
import { appendixPlan, mergeUnits, nameKeys, totalOfTable, unitsOfTable, type UnitFigures } from '../../src/core/appendix';
import { checkWorkbook } from '../../src/core/engine';
import { planToSheet } from '../../src/core/plan';
import { findTables } from '../../src/core/tables';
import { readXlsxFile } from '../../src/hosts/xlsx';
import { sheet } from '../helpers';
import { HUE, districtValues, seed004Households } from '../seed004-districts';
import * as path from 'path';

/** One district's own sheet (see test/seed004-districts.ts). */
const districtSheet = (name: string, hh23: number, hh24: number, poor: number, reduction: number) => sheet(name, districtValues(name, hh23, hh24, poor, reduction));

describe("seed 004: the appendix rebuilt from the districts' own sheets", () => {
  const { hh23, hh24 } = seed004Households();
  const sources = HUE.map((u, i) => districtSheet(u[0], hh23[i], hh24[i], u[1], u[3]));
  const units = sources.map((s) => totalOfTable(s, findTables(s)[0], s.name, `${s.name}.xlsx`) as UnitFigures);
  const plan = appendixPlan(units, { lang: 'vi', year: 2024, totalAt: 'top' });
  const grid = planToSheet(plan);
  const at = (a1: string) => {
    const c = plan.cells.find((x) => `${String.fromCharCode(65 + x.col)}${x.row + 1}` === a1);
    return c?.formula !== undefined ? c.result : c?.value;
  };

  test('each district sheet is itself consistent', () => {
    for (const s of sources) expect(checkWorkbook({ sheets: [s] }).issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  test('totals first, "Toàn tỉnh": 7.540 → 5.945 poor, 2,27 % → 1,76 %', () => {
    // Columns: A STT, B Đơn vị, C hh 2023, D hh 2024, E poor 2023, F rate, G reduction, H remaining, I rate 2024.
    expect(at('B5')).toBe('Toàn tỉnh');
    expect([at('E5'), at('G5'), at('H5')]).toEqual([7540, 1595, 5945]);
    expect([at('F5'), at('I5')]).toEqual([2.27, 1.76]);
    expect(plan.cells.find((c) => c.row === 4 && c.col === 5)!.formula).toBe('ROUND(E5/C5*100,2)');
    expect(plan.cells.find((c) => c.row === 4 && c.col === 4)!.formula).toBe('SUM(E6:E14)');
  });

  test('every unit row reproduces the seed', () => {
    HUE.forEach((u, i) => {
      const r = 6 + i;
      expect([at(`B${r}`), at(`E${r}`), at(`F${r}`), at(`G${r}`), at(`H${r}`), at(`I${r}`)]).toEqual([u[0], u[1], Number(u[2]), u[3], u[4], Number(u[5])]);
    });
  });

  test('the engine finds no error in the appendix before it is written', () => {
    const r = checkWorkbook({ sheets: [grid] });
    expect(r.sheets[0].tables).toHaveLength(1);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('totals at the bottom when asked', () => {
    const bottom = appendixPlan(units, { lang: 'en', year: 2024, totalAt: 'bottom' });
    const total = bottom.cells.find((c) => c.col === 1 && c.value === 'Province total')!;
    expect(total.row).toBe(4 + HUE.length);
  });
});

describe('matching unit names across sources', () => {
  const u = (name: string, source: string, start?: number): UnitFigures => ({ name, source, poor: { start }, nearPoor: {} });

  test('case, spacing, unit-type prefixes and missing accents do not matter', () => {
    expect(nameKeys('Huyện A Lưới').exact).toBe(nameKeys('A  lưới').exact);
    const m = mergeUnits([[u('Huyện A Lưới', 'a.xlsx', 10)], [u('a luoi', 'b.xlsx', 10)]]);
    expect(m.units).toHaveLength(1);
    expect(m.nearMisses).toEqual([]);
  });

  test('an exact match wins over one without accents (Cam Lộ has both CAM THÀNH and CAM THANH)', () => {
    const m = mergeUnits([[u('CAM THÀNH', 'x', 76), u('CAM THANH', 'x', 41)], [u('Cam Thanh', 'y', 41)]]);
    expect(m.units.map((x) => x.name)).toEqual(['CAM THÀNH', 'CAM THANH']);
    expect(m.conflicts).toEqual([]);
  });

  test('the same unit with different numbers in two sources is a conflict, not an average', () => {
    const m = mergeUnits([[u('Xã Hồng Hạ', 'a', 10)], [u('Hồng Hạ', 'b', 12)]]);
    expect(m.conflicts).toEqual([{ name: 'Xã Hồng Hạ', field: 'poor.start', values: [10, 12], sources: ['a', 'b'] }]);
  });

  test('seed 003: ĐẦU PHẦN and ĐẦU PHÂN are reported to confirm, never merged', async () => {
    const wb = await readXlsxFile(path.join(__dirname, '../../samples/003-thinh-duc.xlsx'));
    const s = wb.sheets[0];
    const [poorTable, nearTable] = findTables(s);
    const m = mergeUnits([unitsOfTable(s, poorTable, 'poor'), unitsOfTable(s, nearTable, 'near-poor')]);
    expect(m.nearMisses).toEqual([{ names: ['ĐẦU PHẦN', 'ĐẦU PHÂN'], sources: ['poor', 'near-poor'], why: 'diacritics' }]);
    expect(m.units).toHaveLength(13);
    const nhanHoa = m.units.find((x) => x.name === 'NHÂN HÒA')!;
    expect([nhanHoa.households, nhanHoa.poor.start, nhanHoa.nearPoor.start]).toEqual([219, 3, 4]);
    // Poor and near-poor side by side in one appendix.
    const plan = appendixPlan(m.units, { lang: 'vi', year: 2022, totalAt: 'bottom', totalLabel: 'Toàn xã' });
    const headers = plan.cells.filter((c) => c.row === 3).map((c) => c.value);
    expect(headers).toEqual(expect.arrayContaining(['Tổng số hộ cận nghèo năm 2021', 'Tỷ lệ hộ nghèo năm 2022 (%)']));
  });

  test('one letter apart is a near-miss too', () => {
    const m = mergeUnits([[u('Thôn Đông', 'a', 1)], [u('Thôn Động', 'b', 1), u('Thôn Dong A', 'b', 1)]]);
    expect(m.nearMisses.map((n) => n.why).sort()).toEqual(['diacritics']);
    const n = mergeUnits([[u('Xóm Lượt', 'a', 1)], [u('Xóm Lược', 'b', 1)]]);
    expect(n.nearMisses.map((x) => x.why)).toEqual(['letter']);
  });
});
