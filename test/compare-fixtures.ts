// Workbooks for the compare tests, written with ExcelJS as officers lay them
// out: seed 003's commune plan (a poor table and a near-poor table on one
// sheet, each with the hamlets' households) for a later year, a district's
// communes before and after the 2025 merger, and the merger's map.
import { Workbook as ExcelWorkbook } from 'exceljs';
import { findTables } from '../src/core/tables';
import { countAt } from '../src/core/tables';
import { readXlsxFile } from '../src/hosts/xlsx';

export interface Hamlet {
  name: string;
  households: number;
  poorStart: number;
  unable: number;
  poorDecrease: number;
  nearStart: number;
  nearDecrease: number;
  /** The near-poor table's households when it differs (a retyping slip). */
  nearHouseholds?: number;
  /** The near-poor table's name when it differs. */
  nearName?: string;
}

const rate = (count: number, households: number) => Math.round((count / households) * 10000) / 100;

/** Seed 003's layout for year `year`: two tables on one sheet, rows as given, totals as sums. */
export async function writeCommunePlan(file: string, year: number, hamlets: Hamlet[]): Promise<void> {
  const wb = new ExcelWorkbook();
  const ws = wb.addWorksheet(`Phân bổ ${year}`);
  const sum = (f: (h: Hamlet) => number) => hamlets.reduce((a, h) => a + f(h), 0);
  ws.addRow([`BIỂU PHÂN BỐ CHỈ TIÊU GIẢM HỘ NGHÈO NĂM ${year}`]);
  ws.addRow([]);
  const h1 = ws.addRow(['TT', 'Tên xóm', `Tổng số hộ năm ${year}`, `Giảm hộ nghèo năm ${year}`]).number;
  ws.addRow(['', '', '', `Hộ nghèo sau rà soát năm ${year - 1}`, 'Hộ nghèo không còn khả năng lao động', `Kế hoạch giảm năm ${year}`, `Hộ nghèo cuối kỳ năm ${year}`, 'Tỷ lệ %']);
  ws.mergeCells(h1, 4, h1, 8);
  for (const c of [1, 2, 3]) ws.mergeCells(h1, c, h1 + 1, c);
  hamlets.forEach((h, i) => {
    const end = h.poorStart - h.poorDecrease;
    ws.addRow([i + 1, h.name, h.households, h.poorStart, h.unable, h.poorDecrease, end, rate(end, h.households)]);
  });
  const hh = sum((h) => h.households);
  const end = sum((h) => h.poorStart - h.poorDecrease);
  ws.addRow(['CỘNG', '', hh, sum((h) => h.poorStart), sum((h) => h.unable), sum((h) => h.poorDecrease), end, rate(end, hh)]);
  ws.addRow([]);
  ws.addRow([`BIỂU PHÂN BỐ CHỈ TIÊU GIẢM HỘ CẬN NGHÈO NĂM ${year}`]);
  ws.addRow([]);
  const h2 = ws.addRow(['TT', 'Tên xóm', `Tổng số hộ dân ${year}`, `Giảm hộ cận nghèo năm ${year}`]).number;
  ws.addRow(['', '', '', `Hộ cận nghèo sau rà soát năm ${year - 1}`, `Kế hoạch giảm năm ${year}`, `hộ cận nghèo cuối kỳ năm ${year}`, 'Tỷ lệ %']);
  ws.mergeCells(h2, 4, h2, 7);
  for (const c of [1, 2, 3]) ws.mergeCells(h2, c, h2 + 1, c);
  hamlets.forEach((h, i) => {
    const end = h.nearStart - h.nearDecrease;
    const base = h.nearHouseholds ?? h.households;
    ws.addRow([i + 1, h.nearName ?? h.name, base, h.nearStart, h.nearDecrease, end, rate(end, base)]);
  });
  const hh2 = sum((h) => h.nearHouseholds ?? h.households);
  const end2 = sum((h) => h.nearStart - h.nearDecrease);
  ws.addRow(['', 'CỘNG', hh2, sum((h) => h.nearStart), sum((h) => h.nearDecrease), end2, rate(end2, hh2)]);
  await wb.xlsx.writeFile(file);
}

/** Each hamlet's end-of-year figures as a workbook states them: poor and near-poor ends, households. */
export async function endsOf(file: string): Promise<Map<string, { households: number; poorEnd?: number; nearEnd?: number }>> {
  const wb = await readXlsxFile(file);
  const out = new Map<string, { households: number; poorEnd?: number; nearEnd?: number }>();
  for (const sheet of wb.sheets) {
    for (const t of findTables(sheet)) {
      const col = (code: string) => t.columns.find((c) => c.role.code === code)?.col;
      for (const r of t.rows.filter((x) => x.kind === 'unit')) {
        const e = out.get(r.label) ?? { households: countAt(sheet, r.row, col('households')) ?? NaN };
        const poor = countAt(sheet, r.row, col('poor.end'));
        const near = countAt(sheet, r.row, col('nearPoor.end'));
        if (poor !== undefined) e.poorEnd = poor;
        if (near !== undefined) e.nearEnd = near;
        out.set(r.label, e);
      }
    }
  }
  return out;
}

/** A district's communes, one table: households, poor start, reduction, poor end; near-poor the same. */
export interface Commune {
  name: string;
  households: number;
  poorStart: number;
  poorDecrease: number;
  nearStart: number;
  nearDecrease: number;
}

export async function writeDistrict(file: string, year: number, communes: Commune[]): Promise<void> {
  const wb = new ExcelWorkbook();
  const ws = wb.addWorksheet(`Chỉ tiêu ${year}`);
  ws.addRow([`CHỈ TIÊU GIẢM NGHÈO CÁC XÃ NĂM ${year}`]);
  ws.addRow([
    'STT',
    'Đơn vị',
    `Tổng số hộ năm ${year}`,
    `Hộ nghèo đầu kỳ năm ${year}`,
    `Kế hoạch giảm hộ nghèo năm ${year}`,
    `Hộ nghèo cuối kỳ năm ${year}`,
    `Hộ cận nghèo đầu kỳ năm ${year}`,
    `Kế hoạch giảm hộ cận nghèo năm ${year}`,
    `Hộ cận nghèo cuối kỳ năm ${year}`,
  ]);
  communes.forEach((c, i) =>
    ws.addRow([i + 1, c.name, c.households, c.poorStart, c.poorDecrease, c.poorStart - c.poorDecrease, c.nearStart, c.nearDecrease, c.nearStart - c.nearDecrease]),
  );
  const sum = (f: (c: Commune) => number) => communes.reduce((a, c) => a + f(c), 0);
  ws.addRow([
    '',
    'Tổng cộng',
    sum((c) => c.households),
    sum((c) => c.poorStart),
    sum((c) => c.poorDecrease),
    sum((c) => c.poorStart - c.poorDecrease),
    sum((c) => c.nearStart),
    sum((c) => c.nearDecrease),
    sum((c) => c.nearStart - c.nearDecrease),
  ]);
  await wb.xlsx.writeFile(file);
}

/**
 * The map as provinces publish it: STT, former unit, new unit; the new unit
 * typed once and merged over its former units' rows.
 */
export async function writeMap(file: string, groups: [string, string[]][]): Promise<void> {
  const wb = new ExcelWorkbook();
  const ws = wb.addWorksheet('Sáp nhập');
  ws.addRow(['STT', 'Đơn vị hành chính cũ', 'Đơn vị hành chính mới']);
  let n = 0;
  for (const [current, formers] of groups) {
    const first = ws.rowCount + 1;
    formers.forEach((f, i) => ws.addRow([++n, f, i === 0 ? current : null]));
    if (formers.length > 1) ws.mergeCells(first, 3, first + formers.length - 1, 3);
  }
  await wb.xlsx.writeFile(file);
}

export const SEED_003_HAMLETS = ['NHÂN HÒA', 'PHÚC HÒA', 'ĐỨC HÒA', 'XÓM PHÚ', 'XÓM CƯỜNG', 'XÓM THỊNH', 'CƯỜNG LĂNG', 'ĐẦU PHẦN', 'KHÁNH HÒA', 'TÂN ĐỨC', 'XÓM LƯỢT', 'LÀNG MƠN'];

/**
 * Seed 003's hamlets one year on, starting from the sample's ends: rows
 * reversed, KHÁNH HÒA typed without accents, PHÚC HÒA's poor start 5 retyped
 * as 7, TÂN ĐỨC's near-poor start 4 as 3, LÀNG MƠN's households 130 → 150.
 * The sample's near-poor table spells ĐẦU PHẦN as ĐẦU PHÂN; this year both tables say ĐẦU PHẦN.
 */
export async function seed003NextYear(sample: string): Promise<Hamlet[]> {
  const ends = await endsOf(sample);
  const hamlets: Hamlet[] = SEED_003_HAMLETS.map((name) => {
    const e = ends.get(name)!;
    const poorStart = e.poorEnd!;
    const nearStart = (e.nearEnd ?? ends.get('ĐẦU PHÂN')!.nearEnd)!;
    return { name, households: e.households + 3, poorStart, unable: Math.min(1, poorStart), poorDecrease: poorStart > 1 ? 1 : 0, nearStart, nearDecrease: nearStart > 0 ? 1 : 0 };
  });
  const at = (n: string) => hamlets.find((h) => h.name === n)!;
  at('PHÚC HÒA').poorStart += 2;
  at('TÂN ĐỨC').nearStart -= 1;
  at('LÀNG MƠN').households = 150;
  at('KHÁNH HÒA').name = 'KHANH HOA';
  return hamlets.reverse();
}
