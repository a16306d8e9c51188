// Seed 004 (Thừa Thiên Huế 2024) as per-district workbooks: each district's
// own table (two communes and its total row, households of 2023 and 2024),
// consistent by construction, with households chosen so that every district's
// rates and the province's (2,27 % → 1,76 %) round as published.
import * as fs from 'fs';
import * as path from 'path';
import { Workbook as ExcelWorkbook } from 'exceljs';
import * as D from '../src/core/decimal';
import { rateOf } from '../src/core/allocate';

// Poor 2023, rate 2023, reduction 2024, remaining 2024, rate 2024.
export const HUE: [string, number, string, number, number, string][] = [
  ['Thành phố Huế', 859, '0.65', 103, 756, '0.56'],
  ['Thị xã Hương Thủy', 166, '0.64', 16, 150, '0.57'],
  ['Thị xã Hương Trà', 277, '1.50', 28, 249, '1.33'],
  ['Huyện Phong Điền', 615, '2.05', 54, 561, '1.85'],
  ['Huyện Quảng Điền', 445, '1.70', 33, 412, '1.56'],
  ['Huyện Phú Lộc', 692, '1.66', 67, 625, '1.48'],
  ['Huyện Phú Vang', 811, '2.27', 67, 744, '2.05'],
  ['Huyện Nam Đông', 190, '2.62', 31, 159, '2.16'],
  ['Huyện A Lưới', 3485, '24.40', 1196, 2289, '15.83'],
];

/** Households for which count ÷ households × 100 rounds to `rate`: [lo, hi]. */
export function householdsFor(count: number, rate: string): [number, number] {
  const r = D.fromPlain(rate);
  const ok = (h: number) => D.eq(rateOf(count, h, 2), r);
  let h = Math.round((count * 100) / Number(rate));
  while (!ok(h)) h++;
  let lo = h;
  while (ok(lo - 1)) lo--;
  let hi = h;
  while (ok(hi + 1)) hi++;
  return [lo, hi];
}

/** Units' households inside their intervals, the sum inside the province's interval. */
export function pick(intervals: [number, number][], total: [number, number]): number[] {
  const out = intervals.map(([lo]) => lo);
  let need = Math.ceil((total[0] + total[1]) / 2) - out.reduce((a, b) => a + b, 0);
  intervals.forEach(([lo, hi], i) => {
    const take = Math.max(0, Math.min(need, hi - lo));
    out[i] += take;
    need -= take;
  });
  if (need !== 0) throw new Error('no households fit the published rates');
  return out;
}

export const HEADER = ['STT', 'Đơn vị', 'Tổng số hộ năm 2023', 'Tổng số hộ năm 2024', 'Tổng số hộ nghèo năm 2023', 'Tỷ lệ hộ nghèo năm 2023 (%)', 'Số hộ nghèo giảm năm 2024', 'Tổng số hộ nghèo còn lại năm 2024', 'Tỷ lệ hộ nghèo năm 2024 (%)'];

export type Row = [number | null, string, number, number, number, number];

/** A district's own table: title, header, its communes, its total row. */
export function districtRows(name: string, hh23: number, hh24: number, poor: number, reduction: number): { title: string; rows: Row[] } {
  const a = Math.floor(hh23 / 2);
  const b = Math.floor(hh24 / 2);
  const p = Math.floor(poor / 2);
  const red = Math.min(p, Math.floor(reduction / 2));
  return {
    title: `UBND ${name.toUpperCase()}`,
    rows: [
      [1, 'Xã Một', a, b, p, red],
      [2, 'Xã Hai', hh23 - a, hh24 - b, poor - p, reduction - red],
      [null, 'Toàn huyện', hh23, hh24, poor, reduction],
    ],
  };
}

/** Households of 2023 and 2024 per district (HUE order) that give every published rate, the province's included. */
export function seed004Households(): { hh23: number[]; hh24: number[] } {
  return {
    hh23: pick(HUE.map((u) => householdsFor(u[1], u[2])), householdsFor(7540, '2.27')),
    hh24: pick(HUE.map((u) => householdsFor(u[4], u[5])), householdsFor(5945, '1.76')),
  };
}

/** Three districts (name, households 2023, 2024, poor 2023, reduction 2024) for the smaller tests. */
export const THREE_DISTRICTS: [string, number, number, number, number][] = [
  ['Thành phố Huế', 132154, 135000, 859, 103],
  ['Huyện Nam Đông', 7252, 7360, 190, 31],
  ['Huyện A Lưới', 14283, 14460, 3485, 1196],
];

/** A row of the table with its rates and end count computed exactly. */
export function tableRow([stt, label, a, b, p, red]: Row): unknown[] {
  return [stt, label, a, b, p, D.toNumber(rateOf(p, a, 2)), red, p - red, D.toNumber(rateOf(p - red, b, 2))];
}

/** The district's own table as plain values: title, header, communes, total. */
export function districtValues(name: string, hh23: number, hh24: number, poor: number, reduction: number): unknown[][] {
  const { title, rows } = districtRows(name, hh23, hh24, poor, reduction);
  return [[title], HEADER, ...rows.map(tableRow)];
}

/** Writes a workbook with one sheet holding the table, rates and end counts as plain numbers (as officers type them). */
export async function writeTable(file: string, sheetName: string, title: string, rows: Row[]): Promise<void> {
  const wb = new ExcelWorkbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow([title]);
  ws.addRow(HEADER);
  for (const row of rows) {
    const r = ws.addRow(tableRow(row));
    r.getCell(6).numFmt = '0.00';
    r.getCell(9).numFmt = '0.00';
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await wb.xlsx.writeFile(file);
}

/** The nine district workbooks in `dir`, each named after its district; returns their paths. */
export async function writeSeed004Districts(dir: string): Promise<string[]> {
  const { hh23, hh24 } = seed004Households();
  const files: string[] = [];
  for (const [i, u] of HUE.entries()) {
    const { title, rows } = districtRows(u[0], hh23[i], hh24[i], u[1], u[3]);
    const file = path.join(dir, `${u[0]}.xlsx`);
    await writeTable(file, 'Phân bổ 2024', title, rows);
    files.push(file);
  }
  return files;
}
