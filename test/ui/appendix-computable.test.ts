// "Tạo phụ lục" never shows a wrong number (issue 13): a total rate the
// sources cannot give (some lack households) is left blank with the reason,
// missing data stays blank (never 0 or 0,00 %), and the preview is exactly
// what the downloaded file holds once LibreOffice — an engine independent of
// PovCheck — has recalculated every formula in it (cached results zeroed first).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { Workbook as ExcelWorkbook } from 'exceljs';
import type { Workbook } from '../../src/core/grid';
import { a1 } from '../../src/core/grid';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';
import { type AppendixState, buildAppendix, planTable, sourcesOf } from '../../src/ui/appendix-model';
import { planWorkbookBytes } from '../../src/ui/xlsx-export';
import { LO_TIMEOUT, makeProfile, recalc, soffice } from '../libreoffice';
import { HEADER, type Row, tableRow } from '../seed004-districts';

jest.setTimeout(LO_TIMEOUT + 60_000);

const NOW = new Date(2026, 11, 2, 9, 0, 0);
let tmp: string;

beforeAll(() => {
  soffice();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-appx-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes a one-sheet .xlsx and reads it back as the page does. */
async function xlsx(name: string, values: unknown[][]): Promise<Workbook> {
  const wb = new ExcelWorkbook();
  const ws = wb.addWorksheet('Phân bổ 2024');
  for (const v of values) ws.addRow(v);
  const file = path.join(tmp, name);
  await wb.xlsx.writeFile(file);
  return readXlsxBuffer(fs.readFileSync(file));
}

const district = (name: string, rows: Row[]) => xlsx(`${name}.xlsx`, [[`UBND ${name.toUpperCase()}`], HEADER, ...rows.map(tableRow)]);

/** A district whose table has no households column: only counts and the rates it states. */
const NO_HH_HEADER = ['STT', 'Đơn vị', 'Tổng số hộ nghèo năm 2023', 'Tỷ lệ hộ nghèo năm 2023 (%)', 'Số hộ nghèo giảm năm 2024', 'Tổng số hộ nghèo còn lại năm 2024', 'Tỷ lệ hộ nghèo năm 2024 (%)'];
const noHouseholds = (name: string) =>
  xlsx(`${name}.xlsx`, [
    [`UBND ${name.toUpperCase()}`],
    NO_HH_HEADER,
    [1, 'Xã Một', 100, 2.5, 20, 80, 2],
    [2, 'Xã Hai', 50, 2.5, 10, 40, 2],
    [null, 'Toàn huyện', 150, 2.5, 30, 120, 2],
  ]);

async function appendixOf(files: Record<string, Workbook>, mode: 'total' | 'units' = 'total'): Promise<AppendixState> {
  const sources = Object.entries(files).flatMap(([name, wb]) => sourcesOf(wb, name));
  return buildAppendix(sources, mode, new Set(), { lang: 'vi', year: 2024, totalAt: 'top' }, NOW);
}

const col = (state: AppendixState, header: string) => planTable(state.sheet!.plan).headers.indexOf(header);
const rowOf = (state: AppendixState, unit: string) => planTable(state.sheet!.plan).rows.find((r) => r.values[1] === unit)!;
const total = (state: AppendixState) => planTable(state.sheet!.plan).rows.find((r) => r.isTotal)!;

const RATE_23 = 'Tỷ lệ hộ nghèo năm 2023 (%)';
const RATE_24 = 'Tỷ lệ hộ nghèo năm 2024 (%)';

test('a source without households: the province rates are not computable, with the unit named; no number is made up', async () => {
  const state = await appendixOf({
    'Huyện Nam Đông.xlsx': await district('Huyện Nam Đông', [[1, 'Xã Một', 3600, 3650, 95, 15], [2, 'Xã Hai', 3652, 3710, 95, 16], [null, 'Toàn huyện', 7252, 7360, 190, 31]]),
    'Huyện A Lưới.xlsx': await district('Huyện A Lưới', [[1, 'Xã Một', 7000, 7100, 1700, 600], [2, 'Xã Hai', 7283, 7360, 1785, 596], [null, 'Toàn huyện', 14283, 14460, 3485, 1196]]),
    'Huyện Không Hộ.xlsx': await noHouseholds('Huyện Không Hộ'),
  });
  expect(state.errors).toEqual([]);
  const t = total(state);
  for (const [h, year] of [[RATE_23, 2023], [RATE_24, 2024]] as const) {
    expect(t.values[col(state, h)]).toBeNull();
    expect(t.notes[col(state, h)]).toBe(`Không tính được tỷ lệ chung (tổng số hộ nghèo / tổng số hộ): thiếu tổng số hộ năm ${year} của Huyện Không Hộ.`);
  }
  // Counts still add up: every unit gives them.
  expect(t.values[col(state, 'Tổng số hộ nghèo năm 2023')]).toBe(190 + 3485 + 150);
  // The units that have households get their own rates; the one without keeps the rates its file states.
  expect(rowOf(state, 'Huyện Nam Đông').values[col(state, RATE_23)]).toBe(2.62);
  expect(rowOf(state, 'Huyện Không Hộ').values[col(state, RATE_23)]).toBe(2.5);
  expect(rowOf(state, 'Huyện Không Hộ').values[col(state, 'Tổng số hộ năm 2023')]).toBeNull();
  await expectFileMatchesPreview(state, 'khong-ho');
});

test('households of year N for some units only: each unit’s end rate uses the households it has; the total end rate is not computable', async () => {
  const withBoth = await district('Huyện Nam Đông', [[1, 'Xã Một', 3600, 3650, 95, 15], [2, 'Xã Hai', 3652, 3710, 95, 16], [null, 'Toàn huyện', 7252, 7360, 190, 31]]);
  // Only 2023 households: the 2024 column left out of its header and rows.
  const only23 = await xlsx('Huyện Một Năm.xlsx', [
    ['UBND HUYỆN MỘT NĂM'],
    HEADER.filter((h) => h !== 'Tổng số hộ năm 2024'),
    [1, 'Xã Một', 1000, 40, 4, 10, 30, 3],
    [2, 'Xã Hai', 1000, 20, 2, 5, 15, 1.5],
    [null, 'Toàn huyện', 2000, 60, 3, 15, 45, 2.25],
  ]);
  const state = await appendixOf({ 'Huyện Nam Đông.xlsx': withBoth, 'Huyện Một Năm.xlsx': only23 });
  expect(state.errors).toEqual([]);
  const u = rowOf(state, 'Huyện Một Năm');
  // 45 / 2000 households of 2023: 2,25 %, not 45 / blank.
  expect(u.values[col(state, RATE_24)]).toBe(2.25);
  const t = total(state);
  expect(t.values[col(state, RATE_23)]).toBe(Number(((190 + 60) / (7252 + 2000) * 100).toFixed(2)));
  expect(t.values[col(state, RATE_24)]).toBeNull();
  expect(t.notes[col(state, RATE_24)]).toContain('thiếu tổng số hộ năm 2024 của Huyện Một Năm');
  const endFormula = state.sheet!.plan.cells.find((c) => c.row === u.row && c.col === col(state, RATE_24))!.formula;
  // Over column C (households 2023), the one this unit fills — not the blank 2024 column D.
  expect(endFormula).toMatch(/^ROUND\([E-Z](\d+)\/C\1\*100,2\)$/);
  await expectFileMatchesPreview(state, 'mot-nam');
});

test('units without near-poor figures stay blank (not 0 or 0,00 %); the near-poor total says which units lack them', async () => {
  const header = [...HEADER, 'Tổng số hộ cận nghèo năm 2023', 'Số hộ cận nghèo giảm năm 2024'];
  const withNear = await xlsx('Có cận nghèo.xlsx', [
    ['UBND HUYỆN'],
    header,
    [...tableRow([1, 'Xã Một', 1000, 1010, 40, 10]), 30, 5],
    [...tableRow([2, 'Xã Hai', 2000, 2020, 40, 8]), 50, 10],
    [...tableRow([null, 'Toàn huyện', 3000, 3030, 80, 18]), 80, 15],
  ]);
  const without = await district('Không cận nghèo', [[1, 'Xã Ba', 1500, 1510, 30, 6], [2, 'Xã Bốn', 500, 505, 10, 2], [null, 'Toàn huyện', 2000, 2015, 40, 8]]);
  const state = await appendixOf({ 'Có cận nghèo.xlsx': withNear, 'Không cận nghèo.xlsx': without }, 'units');
  expect(state.errors).toEqual([]);
  const nearCols = planTable(state.sheet!.plan).headers.map((h, i) => (h.includes('cận nghèo') ? i : -1)).filter((i) => i >= 0);
  expect(nearCols).toHaveLength(5);
  for (const unit of ['Xã Ba', 'Xã Bốn']) for (const c of nearCols) expect([unit, c, rowOf(state, unit).values[c]]).toEqual([unit, c, null]);
  expect(rowOf(state, 'Xã Một').values[nearCols[1]]).toBe(3);
  const t = total(state);
  for (const c of nearCols) {
    expect(t.values[c]).toBeNull();
    expect(t.notes[c]).toMatch(/Xã Ba, Xã Bốn/);
  }
  await expectFileMatchesPreview(state, 'can-ngheo');
});

/** Copies an .xlsx with every cached formula result set to 0, so what is read back after LibreOffice is LibreOffice's. */
async function zeroCachedResults(bytes: Uint8Array): Promise<{ bytes: Buffer; zeroed: number }> {
  const zip = await JSZip.loadAsync(bytes);
  let zeroed = 0;
  for (const name of Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))) {
    const xml = await zip.file(name)!.async('string');
    zip.file(
      name,
      xml.replace(/<c ([^>]*?)(?: t="[^"]*")?([^>]*)><f>([^<]*)<\/f><v>[^<]*<\/v><\/c>/g, (_m, a: string, b: string, f: string) => {
        zeroed++;
        return `<c ${a}${b}><f>${f}</f><v>0</v></c>`;
      }),
    );
  }
  return { bytes: await zip.generateAsync({ type: 'nodebuffer' }), zeroed };
}

/** The file the page offers for download, recalculated by LibreOffice: every preview cell must hold exactly what the preview shows. */
async function expectFileMatchesPreview(state: AppendixState, base: string): Promise<void> {
  const sheet = state.sheet!;
  const bytes = await planWorkbookBytes([sheet.plan], sheet.chart);
  // The notes saying why a cell is blank are in the file too.
  const ours = new ExcelWorkbook();
  await ours.xlsx.load(bytes as unknown as ArrayBuffer);
  const preview = planTable(sheet.plan);
  for (const r of preview.rows)
    r.notes.forEach((n, c) => {
      if (!n) return;
      const note = ours.worksheets[0].getCell(a1(r.row, c)).note;
      expect(typeof note === 'string' ? note : JSON.stringify(note)).toContain(n.slice(0, 30));
    });
  const { bytes: zeroedBytes, zeroed } = await zeroCachedResults(bytes);
  expect(zeroed).toBeGreaterThan(0);
  const src = path.join(tmp, `${base}.xlsx`);
  fs.writeFileSync(src, zeroedBytes);
  const out = path.join(tmp, `lo-${base}`);
  await recalc(makeProfile(path.join(tmp, `profile-${base}`)), [src], out);
  const lo = (await readXlsxBuffer(fs.readFileSync(path.join(out, `${base}.xlsx`)))).sheets[0];
  const shown: string[] = [];
  const inFile: string[] = [];
  for (const r of preview.rows) {
    r.values.forEach((v, c) => {
      const cell = lo.rows[r.row]?.[c]?.value ?? { kind: 'empty' as const };
      const fileValue = cell.kind === 'number' ? Math.round(cell.value * 1e9) / 1e9 : cell.kind === 'empty' ? null : String((cell as { value: unknown }).value);
      shown.push(`${a1(r.row, c)} ${v === null ? '' : v}`);
      inFile.push(`${a1(r.row, c)} ${fileValue === null ? '' : fileValue}`);
    });
  }
  expect(inFile).toEqual(shown);
}
