// The browser page's appendix download, built by the same code the page runs
// (planWorkbookBytes through BrowserBackend.exportXlsx: a new ExcelJS
// workbook, XlsxWriter, writeBuffer), read back with the .xlsx host.
import { checkWorkbook } from '../../src/core/engine';
import { a1, cellAt } from '../../src/core/grid';
import { BrowserBackend } from '../../src/ui/browser-backend';
import { buildAppendix, sourcesOf } from '../../src/ui/appendix-model';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';
import { sheet } from '../helpers';
import { THREE_DISTRICTS, districtValues } from '../seed004-districts';

const districtSheet = (hh23: number, hh24: number, poor: number, reduction: number) => sheet('Biểu 01', districtValues('Toàn huyện', hh23, hh24, poor, reduction));

// Seed 004's districts, each one file.
const FILES = THREE_DISTRICTS.map(([name, ...n]) => [`${name}.xlsx`, ...n] as [string, number, number, number, number]);

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
