// The browser page's appendix download, built by the same code the page runs
// (planWorkbookBytes through BrowserBackend.exportXlsx: a new ExcelJS
// workbook, XlsxWriter, writeBuffer), read back with the .xlsx host.
import * as D from '../../src/core/decimal';
import { rateOf } from '../../src/core/allocate';
import { checkWorkbook } from '../../src/core/engine';
import { a1, cellAt } from '../../src/core/grid';
import { BrowserBackend } from '../../src/ui/browser-backend';
import { buildAppendix, sourcesOf } from '../../src/ui/appendix-model';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';
import { sheet } from '../helpers';

function districtSheet(hh23: number, hh24: number, poor: number, reduction: number) {
  const header = ['STT', 'Đơn vị', 'Tổng số hộ năm 2023', 'Tổng số hộ năm 2024', 'Tổng số hộ nghèo năm 2023', 'Tỷ lệ hộ nghèo năm 2023 (%)', 'Số hộ nghèo giảm năm 2024', 'Tổng số hộ nghèo còn lại năm 2024', 'Tỷ lệ hộ nghèo năm 2024 (%)'];
  const row = (stt: number | null, label: string, a: number, b: number, p: number, red: number) => [stt, label, a, b, p, D.toNumber(rateOf(p, a, 2)), red, p - red, D.toNumber(rateOf(p - red, b, 2))];
  const a = Math.floor(hh23 / 2);
  const b = Math.floor(hh24 / 2);
  const p = Math.floor(poor / 2);
  const red = Math.min(p, Math.floor(reduction / 2));
  return sheet('Biểu 01', [['UBND'], header, row(1, 'Xã Một', a, b, p, red), row(2, 'Xã Hai', hh23 - a, hh24 - b, poor - p, reduction - red), row(null, 'Toàn huyện', hh23, hh24, poor, reduction)]);
}

const FILES: [string, number, number, number, number][] = [
  ['Thành phố Huế.xlsx', 132154, 135000, 859, 103],
  ['Huyện Nam Đông.xlsx', 7252, 7360, 190, 31],
  ['Huyện A Lưới.xlsx', 14283, 14460, 3485, 1196],
];

test('the appendix .xlsx made in the page reads back with every planned value, formula and the chart range', async () => {
  const sources = FILES.flatMap(([file, ...n]) => sourcesOf({ sheets: [districtSheet(...n)] }, file));
  const state = buildAppendix(sources, 'total', new Set(), { lang: 'vi', year: 2024, totalAt: 'top' }, new Date(2026, 10, 21));
  expect(state.errors).toEqual([]);
  const plan = state.sheet!.plan;
  const bytes = await new BrowserBackend({ storage: null, fetch: async () => Promise.reject(new Error('no network')) }).exportXlsx([plan]);
  expect(bytes).toBeInstanceOf(Uint8Array);
  // A zip (PK…), not some other serialisation.
  expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
  const wb = await readXlsxBuffer(bytes);
  expect(wb.sheets.map((s) => s.name)).toEqual([plan.name]);
  const s = wb.sheets[0];
  let formulas = 0;
  for (const c of plan.cells) {
    const got = cellAt(s, c.row, c.col);
    const want = c.formula !== undefined ? c.result : c.value;
    if (c.formula !== undefined) {
      formulas++;
      expect([a1(c.row, c.col), got.formula]).toEqual([a1(c.row, c.col), c.formula]);
    }
    if (want === undefined || want === null) continue;
    const v = got.value;
    expect([a1(c.row, c.col), 'value' in v ? v.value : null]).toEqual([a1(c.row, c.col), want]);
  }
  expect(formulas).toBeGreaterThan(20);
  // Seed 004's figures for A Lưới in the file: 3.485 poor, 24,40 % → 2.289, 15,83 %.
  const aLuoi = s.rows.findIndex((r) => r[1]?.value.kind === 'text' && r[1].value.value === 'Huyện A Lưới');
  expect([4, 5, 6, 7, 8].map((c) => ('value' in cellAt(s, aLuoi, c).value ? (cellAt(s, aLuoi, c).value as { value: unknown }).value : null))).toEqual([3485, 24.4, 1196, 2289, 15.83]);
  // And the engine finds no error in the file as read back.
  expect(checkWorkbook(wb).issues.filter((i) => i.severity === 'error')).toEqual([]);
});

test('with the chart range, the page download carries the native bar chart too, and still reads back', async () => {
  const JSZip = (await import('jszip')).default;
  const sources = FILES.flatMap(([file, ...n]) => sourcesOf({ sheets: [districtSheet(...n)] }, file));
  const state = buildAppendix(sources, 'total', new Set(), { lang: 'vi', year: 2024, totalAt: 'top' }, new Date(2026, 10, 21));
  const backend = new BrowserBackend({ storage: null, fetch: async () => Promise.reject(new Error('no network')) });
  const bytes = await backend.exportXlsx([state.sheet!.plan], state.sheet!.chart);
  const zip = await JSZip.loadAsync(bytes);
  const chart = await zip.file('xl/charts/chart1.xml')!.async('string');
  expect(chart).toContain('<c:barChart>');
  // Categories sorted by the 2024 rate: Huế's 0,56 % first (drawn at the bottom), A Lưới's 15,83 % last.
  expect(chart.indexOf('Thành phố Huế')).toBeLessThan(chart.indexOf('Huyện A Lưới'));
  expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('/xl/charts/chart1.xml');
  expect((await readXlsxBuffer(bytes)).sheets).toHaveLength(1);
});
