// A national-size commune sheet as real .xlsx bytes (ExcelJS): a title, the
// commune header, `n` unit rows and a total row whose households total is
// `off` too high — so checking it always finds at least that one error.
import ExcelJS from 'exceljs';
import { COMMUNE_HEADER, prng, randomUnits, totalOf, unitRow } from '../helpers';

export async function bigWorkbookBytes(n: number, off = 100, seed = 13): Promise<Uint8Array> {
  const units = randomUnits(n, prng(seed));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Toàn quốc');
  ws.addRow(['BIỂU PHÂN BỔ CHỈ TIÊU GIẢM NGHÈO']);
  ws.addRow([]);
  ws.addRow(COMMUNE_HEADER);
  units.forEach((u, i) => ws.addRow(unitRow(i + 1, u)));
  const total = unitRow('', totalOf(units));
  total[0] = null;
  total[2] = (total[2] as number) + off;
  ws.addRow(total);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
