// The ExcelJS writer: PovCheck's sheets placed, replaced and never clobbering a
// user's; edits logged and undone; atomic saves. Everything is read back from
// the saved bytes, with ExcelJS and with the read host.
import { mkdtemp, readdir, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { Workbook as ExcelWorkbook } from 'exceljs';
import { XlsxWriter, readXlsxBuffer } from '../../src/hosts/xlsx';
import { LOG_SHEET, REPORT_SHEET, type SheetPlan } from '../../src/core/plan';
import { LOG_HEADER, correctedTablePlan, reportPlan } from '../../src/core/correct';
import { findTables } from '../../src/core/tables';
import { cellAt, parseA1 } from '../../src/core/grid';
import { check } from '../helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'povcheck-write-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEADER = ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo đầu kỳ', 'Chỉ tiêu giảm', 'Hộ nghèo cuối kỳ', 'Tỷ lệ hộ nghèo cuối kỳ (%)'];

/** A user's workbook: a cover sheet, the table sheet 'Xã' (C8 wrong), another sheet after it. */
async function userWorkbook(extra?: (wb: ExcelWorkbook) => void): Promise<Buffer> {
  const wb = new ExcelWorkbook();
  wb.addWorksheet('Bìa').getCell('A1').value = 'Bìa hồ sơ';
  const ws = wb.addWorksheet('Xã');
  ws.getCell('A1').value = 'BIỂU PHÂN BỔ';
  ws.mergeCells('A1:G1');
  ws.getRow(3).values = HEADER;
  const rows: [number, string, number, number, number][] = [
    [1, 'Thôn An', 219, 6, 1],
    [2, 'Thôn Bình', 209, 6, 1],
    [3, 'Thôn Cường', 198, 2, 0],
  ];
  rows.forEach(([n, name, hh, poor, red], i) => {
    const r = 4 + i;
    ws.getRow(r).values = [n, name, hh, poor, red];
    ws.getCell(r, 6).value = { formula: `D${r}-E${r}`, result: poor - red };
    ws.getCell(r, 7).value = Math.round(((poor - red) / hh) * 10000) / 100;
    ws.getCell(r, 7).numFmt = '0.00';
  });
  ws.getRow(7).values = [null, 'Tổng cộng', 726, 14, 2, 12, 1.65];
  ws.getCell('G7').numFmt = '0.00';
  ws.getColumn(2).width = 30;
  ws.getCell('C4').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  ws.getCell('C4').dataValidation = { type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], allowBlank: true };
  wb.addWorksheet('Khác').getCell('B2').value = 42;
  extra?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function reopen(w: XlsxWriter): Promise<ExcelWorkbook> {
  const wb = new ExcelWorkbook();
  await wb.xlsx.load((await w.toBuffer()) as never);
  return wb;
}

async function correctedPlanOf(buf: Buffer) {
  const grid = await readXlsxBuffer(buf);
  const sheet = grid.sheets.find((s) => s.name === 'Xã')!;
  const report = check(sheet);
  return { plan: correctedTablePlan(sheet, findTables(sheet)[0], report.issues, { lang: 'vi', apply: 'safe', date: new Date(2026, 0, 2) }), report };
}

describe('writeSheet', () => {
  test('a corrected sheet lands right after its source, with values, formulas, formats, notes, merges, widths and freeze', async () => {
    const buf = await userWorkbook();
    const w = await XlsxWriter.load(buf);
    const { plan } = await correctedPlanOf(buf);
    expect(await w.writeSheet(plan)).toBe('Xã – đã sửa');
    const wb = await reopen(w);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Bìa', 'Xã', 'Xã – đã sửa', 'Khác']);
    const ws = wb.getWorksheet('Xã – đã sửa')!;
    expect(String(ws.getCell('A1').value)).toMatch(/^Bảng đã sửa bởi PovCheck từ trang 'Xã'/);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    // Title row 1 → 3 (merged A:G), header row 3 → 5, units 4–6 → 6–8, total 7 → 9.
    expect(ws.getCell('A3').value).toBe('BIỂU PHÂN BỔ');
    expect(ws.getCell('A3').isMerged && ws.getCell('G3').isMerged).toBe(true);
    expect(ws.getCell('C6').value).toBe(219);
    expect(ws.getCell('F6').value).toEqual({ formula: 'D6-E6', result: 5 });
    expect(ws.getCell('G6').value).toEqual({ formula: 'ROUND(F6/C6*100,2)', result: 2.28 });
    expect(ws.getCell('G6').numFmt).toBe('0.00');
    const total = ws.getCell('C9');
    expect(total.value).toEqual({ formula: 'SUM(C6:C8)', result: 626 });
    expect(total.font?.bold).toBe(true);
    expect((total.fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFEB9C');
    expect(JSON.stringify(total.note)).toContain('726');
    expect(ws.getColumn(2).width).toBe(plan.widths![1]);
    // The wrapped header row (5) is tall enough for its longest header; other rows keep the default.
    expect(plan.heights![4]).toBeGreaterThanOrEqual(30);
    expect(ws.getRow(5).height).toBe(plan.heights![4]);
    expect(ws.getRow(6).height).toBeUndefined();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5, xSplit: 2 });
    // The read host sees the same table, and the source sheet as it was.
    const grid = await readXlsxBuffer(await w.toBuffer());
    const src = (await readXlsxBuffer(buf)).sheets.find((s) => s.name === 'Xã')!;
    expect(grid.sheets.find((s) => s.name === 'Xã')).toEqual(src);
    expect(check(grid.sheets.find((s) => s.name === 'Xã – đã sửa')!).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  test("the user's formatting, validations and other sheets survive", async () => {
    const w = await XlsxWriter.load(await userWorkbook());
    const { plan } = await correctedPlanOf(await userWorkbook());
    await w.writeSheet(plan);
    const wb = await reopen(w);
    const ws = wb.getWorksheet('Xã')!;
    expect((ws.getCell('C4').fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFFF00');
    expect(ws.getCell('C4').dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual' });
    expect(ws.getColumn(2).width).toBe(30);
    expect(ws.getCell('F4').value).toEqual({ formula: 'D4-E4', result: 5 });
    expect(wb.getWorksheet('Khác')!.getCell('B2').value).toBe(42);
  });

  test("a user's sheet with the same name (any case) is never touched: a free name is used", async () => {
    const buf = await userWorkbook((wb) => (wb.addWorksheet('XÃ – ĐÃ SỬA').getCell('A1').value = 'của tôi'));
    const w = await XlsxWriter.load(buf);
    const { plan } = await correctedPlanOf(buf);
    expect(await w.writeSheet(plan)).toBe('Xã – đã sửa (2)');
    const wb = await reopen(w);
    expect(wb.getWorksheet('XÃ – ĐÃ SỬA')!.getCell('A1').value).toBe('của tôi');
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Bìa', 'Xã', 'Xã – đã sửa (2)', 'Khác', 'XÃ – ĐÃ SỬA']);
  });

  test('an earlier PovCheck sheet is replaced in place; within one session a second plan of the same name gets a free one', async () => {
    const buf = await userWorkbook();
    const first = await XlsxWriter.load(buf);
    const { plan, report } = await correctedPlanOf(buf);
    await first.writeSheet(plan);
    await first.writeSheet(reportPlan(report, 'vi'));
    const once = await first.toBuffer();
    const second = await XlsxWriter.load(once);
    expect(await second.writeSheet(plan)).toBe('Xã – đã sửa');
    expect(await second.writeSheet(reportPlan(report, 'vi'))).toBe(REPORT_SHEET);
    expect(second.sheetNames()).toEqual(['Bìa', 'Xã', 'Xã – đã sửa', 'Khác', REPORT_SHEET]);
    // Same session: never replaces what it just wrote.
    expect(await second.writeSheet(plan)).toBe('Xã – đã sửa (2)');
    expect(second.removeStaleSheets()).toEqual([]);
  });

  test('a PovCheck corrected sheet of another source is not replaced', async () => {
    const buf = await userWorkbook();
    const w = await XlsxWriter.load(buf);
    const { plan } = await correctedPlanOf(buf);
    await w.writeSheet(plan);
    const again = await XlsxWriter.load(await w.toBuffer());
    const other: SheetPlan = { ...plan, source: 'Khác', cells: plan.cells.map((c) => (c.row === 0 && c.col === 0 ? { ...c, value: String(c.value).replace("'Xã'", "'Khác'") } : c)) };
    expect(await again.writeSheet(other)).toBe('Xã – đã sửa (2)');
  });

  test('stale PovCheck sheets are removed, user sheets never', async () => {
    const buf = await userWorkbook();
    const w = await XlsxWriter.load(buf);
    const { plan, report } = await correctedPlanOf(buf);
    await w.writeSheet(plan);
    await w.writeSheet(reportPlan(report, 'en'));
    const next = await XlsxWriter.load(await w.toBuffer());
    expect(next.removeStaleSheets().sort()).toEqual([REPORT_SHEET, 'Xã – đã sửa'].sort());
    expect(next.sheetNames()).toEqual(['Bìa', 'Xã', 'Khác']);
  });

  test('report links are HYPERLINK formulas to the cell', async () => {
    const buf = await userWorkbook();
    const w = await XlsxWriter.load(buf);
    const { report } = await correctedPlanOf(buf);
    await w.writeSheet(reportPlan(report, 'vi'));
    const ws = (await reopen(w)).getWorksheet(REPORT_SHEET)!;
    expect(ws.getCell('B3').value).toEqual({ formula: `HYPERLINK("#'Xã'!C7","C7")`, result: 'C7' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });
});

describe('applyEdits and undoLast', () => {
  test('edits are applied, logged, and undone batch by batch, formulas restored', async () => {
    const w = await XlsxWriter.load(await userWorkbook());
    const t1 = new Date(2026, 0, 2, 8, 0, 0);
    await w.applyEdits([{ sheet: 'Xã', cell: 'C7', old: 726, value: 626, rule: 'sum-mismatch', reason: 'Tổng đúng là 626.' }], t1);
    await w.applyEdits(
      [
        { sheet: 'Xã', cell: 'F4', old: 5, oldFormula: 'D4-E4', value: 6, rule: 'balance-mismatch', reason: 'thử' },
        { sheet: 'Xã', cell: 'C5', old: 209, value: 210, rule: 'sum-mismatch', reason: 'thử' },
      ],
      t1,
    );
    let wb = await reopen(w);
    const ws = wb.getWorksheet('Xã')!;
    expect(ws.getCell('C7').value).toBe(626);
    expect(ws.getCell('F4').value).toBe(6);
    const log = wb.getWorksheet(LOG_SHEET)!;
    expect((log.getRow(1).values as unknown[]).slice(1)).toEqual([...LOG_HEADER]);
    expect(log.getCell('C2').value).toBe('C7');
    expect(log.getCell('H4').value).toBe(2);
    expect(log.getCell('J3').value).toBe('D4-E4');
    expect(wb.worksheets[wb.worksheets.length - 1].name).toBe(LOG_SHEET);

    expect(await w.undoLast()).toBe(2);
    wb = await reopen(w);
    expect(wb.getWorksheet('Xã')!.getCell('F4').value).toEqual({ formula: 'D4-E4', result: 5 });
    expect(wb.getWorksheet('Xã')!.getCell('C5').value).toBe(209);
    expect(wb.getWorksheet('Xã')!.getCell('C7').value).toBe(626);
    expect(await w.undoLast()).toBe(1);
    expect((await reopen(w)).getWorksheet('Xã')!.getCell('C7').value).toBe(726);
    expect(await w.undoLast()).toBe(0);
    // The log survives a reload and keeps counting batches.
    const again = await XlsxWriter.load(await w.toBuffer());
    await again.applyEdits([{ sheet: 'Xã', cell: 'C4', old: 219, value: 220, rule: 'sum-mismatch', reason: 'x' }], t1);
    expect((await reopen(again)).getWorksheet(LOG_SHEET)!.getCell('H5').value).toBe(3);
  });

  test('an edit of a missing sheet changes nothing', async () => {
    const w = await XlsxWriter.load(await userWorkbook());
    await expect(
      w.applyEdits(
        [
          { sheet: 'Xã', cell: 'C7', old: 726, value: 626, rule: 'sum-mismatch', reason: '' },
          { sheet: 'Không có', cell: 'A1', old: null, value: 1, rule: 'sum-mismatch', reason: '' },
        ],
        new Date(),
      ),
    ).rejects.toThrow();
    const wb = await reopen(w);
    expect(wb.getWorksheet('Xã')!.getCell('C7').value).toBe(726);
    expect(wb.getWorksheet(LOG_SHEET)).toBeUndefined();
  });
});

describe('save', () => {
  test('writes atomically and leaves no temporary file, also when it fails', async () => {
    const w = await XlsxWriter.load(await userWorkbook());
    const out = join(dir, 'out.xlsx');
    await w.save(out);
    const grid = await readXlsxBuffer(await (await import('fs/promises')).readFile(out));
    expect(grid.sheets.map((s) => s.name)).toEqual(['Bìa', 'Xã', 'Khác']);
    expect(cellAt(grid.sheets[1], parseA1('C7')!.row, 2).value).toEqual({ kind: 'number', value: 726 });
    await expect(w.save(join(dir, 'no-such-dir', 'out.xlsx'))).rejects.toThrow();
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test("packed with Node's zlib: the same parts, byte for byte, as ExcelJS's own writer makes", async () => {
    // Pictures (media read from the file, and one added as base64) and a note (comments and VML parts).
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const buf = await userWorkbook((wb) => {
      wb.getWorksheet('Khác')!.addImage(wb.addImage({ base64: png, extension: 'png' }), 'D2:E3');
      wb.getWorksheet('Khác')!.getCell('B2').note = 'Ghi chú có dấu';
    });
    const w = await XlsxWriter.load(buf);
    w.workbook.getWorksheet('Bìa')!.addImage(w.workbook.addImage({ base64: png, extension: 'png' }), 'C3:D4');
    const { plan, report } = await correctedPlanOf(buf);
    await w.writeSheet(plan);
    await w.writeSheet(reportPlan(report, 'vi', { date: new Date(2026, 0, 2) }));
    const JSZip = (await import('jszip')).default;
    const parts = async (bytes: Uint8Array) => {
      const zip = await JSZip.loadAsync(bytes);
      const out: Record<string, string> = {};
      for (const f of Object.values(zip.files)) if (!f.dir) out[f.name] = (await f.async('nodebuffer')).toString('base64');
      return { out, dirs: Object.values(zip.files).filter((f) => f.dir).length };
    };
    const mine = await parts(await w.toBuffer());
    const theirs = await parts(new Uint8Array(await w.workbook.xlsx.writeBuffer()));
    expect(mine.dirs).toBe(0); // JSZip adds folder entries: these bytes are not its
    expect(theirs.dirs).toBeGreaterThan(0);
    expect(Object.keys(mine.out).sort()).toEqual(Object.keys(theirs.out).sort());
    expect(Object.keys(mine.out)).toEqual(expect.arrayContaining(['xl/media/image1.png', 'xl/media/image2.png', 'xl/comments4.xml', 'xl/drawings/vmlDrawing4.vml']));
    for (const name of Object.keys(theirs.out)) expect([name, mine.out[name]]).toEqual([name, theirs.out[name]]);
    // And the read host reads it.
    expect((await readXlsxBuffer(await w.toBuffer())).sheets.map((s) => s.name)).toEqual(['Bìa', 'Xã', 'Xã – đã sửa', 'Khác', REPORT_SHEET]);
  });

  test('refuses what is not an xlsx', async () => {
    await expect(XlsxWriter.load(Buffer.from('not a zip at all'))).rejects.toMatchObject({ code: 'not-xlsx' });
  });
});
