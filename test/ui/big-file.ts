// A national-size commune sheet as real .xlsx bytes (ExcelJS): a title, the
// commune header, `n` unit rows and a total row whose households total is
// `off` too high — so checking it always finds at least that one error.
import ExcelJS from 'exceljs';
import { COMMUNE_HEADER, prng, randomUnits, totalOf, unitRow, type Unit } from '../helpers';

/** A commune sheet in an ExcelJS workbook: title, blank row, header, units, total (its households `off` too high). */
export function addCommuneSheet(wb: ExcelJS.Workbook, name: string, units: Unit[], off = 0): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(['BIỂU PHÂN BỔ CHỈ TIÊU GIẢM NGHÈO']);
  ws.addRow([]);
  ws.addRow(COMMUNE_HEADER);
  units.forEach((u, i) => ws.addRow(unitRow(i + 1, u)));
  const total = unitRow('', totalOf(units));
  total[0] = null;
  total[2] = (total[2] as number) + off;
  ws.addRow(total);
  return ws;
}

export async function bigWorkbookBytes(n: number, off = 100, seed = 13): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  addCommuneSheet(wb, 'Toàn quốc', randomUnits(n, prng(seed)), off);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
