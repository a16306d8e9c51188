// A small workbook with one certain correction, for the corrections tests (unit and end to end).
import { Workbook as ExcelWorkbook } from 'exceljs';

/** A commune table with one wrong member (C5 typed 309 for 209: the total and G5's rate say so), as an officer would send it. */
export async function wrongMemberFile(file: string, extra?: (wb: ExcelWorkbook) => void): Promise<void> {
  const wb = new ExcelWorkbook();
  const ws = wb.addWorksheet('Xã');
  ws.getCell('A1').value = 'BIỂU PHÂN BỔ CHỈ TIÊU GIẢM NGHÈO';
  ws.getRow(3).values = ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo đầu kỳ', 'Chỉ tiêu giảm', 'Hộ nghèo cuối kỳ', 'Tỷ lệ hộ nghèo cuối kỳ (%)'];
  const data: [number, string, number, number, number][] = [
    [1, 'Thôn An', 219, 6, 1],
    [2, 'Thôn Bình', 309, 6, 1],
    [3, 'Thôn Cường', 198, 2, 0],
  ];
  data.forEach(([no, name, hh, poor, red], i) => {
    ws.getRow(4 + i).values = [no, name, hh, poor, red, poor - red, [2.28, 2.39, 1.01][i]];
    ws.getCell(4 + i, 7).numFmt = '0.00';
  });
  ws.getRow(7).values = [null, 'Tổng cộng', 626, 14, 2, 12, 1.92];
  ws.getCell('G7').numFmt = '0.00';
  extra?.(wb);
  await wb.xlsx.writeFile(file);
}
