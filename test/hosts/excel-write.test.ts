// Writing back through Office.js: PovCheck's own sheets from a SheetPlan,
// logged in-place edits and undo, all-or-nothing. Mostly on the stateful
// double (test/hosts/excel-fake.ts); sync counts also on office-addin-mock.
jest.mock('office-addin-manifest', () => ({
  OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' },
}));
import { OfficeMockObject } from 'office-addin-mock';
import { a1 } from '../../src/core/grid';
import { LOG_HEADER, CORRECTED_MARKER } from '../../src/core/correct';
import { type CellEdit, type PlannedCell, type SheetPlan, LOG_SHEET, REPORT_SHEET } from '../../src/core/plan';
import type { Issue } from '../../src/core/report';
import { PaneError } from '../../src/backend/contract';
import { ExcelBackend, ExcelWriter, SHEETS_KEY, SKIPPED_NOTE, SyncLog, charsToPoints, planWriteChunks, suggestionTargets } from '../../src/hosts/excel';
import { FakeBook, FakeRig, type FakeSheet, excelApiUpTo } from './excel-fake';

const ALL = excelApiUpTo('1.18');
const WHEN = new Date(2026, 10, 21, 9, 30, 0);

async function paneErrorOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof PaneError ? e.code : `not a PaneError: ${String(e)}`;
  }
  return undefined;
}

/** A book with the source sheet "Xã" (a small table with a wrong total in C7) between two others. */
function makeBook(): FakeBook {
  const book = new FakeBook();
  book.addSheet('Bìa').put([['Trang bìa']]);
  book.addSheet('Xã').put([
    ['BIỂU PHÂN BỔ'],
    [],
    ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo'],
    [1, 'Thôn 1', 312, 21],
    [2, 'Thôn 2', 254, 17],
    [3, 'Thôn 3', 401, 30],
    ['', 'Tổng cộng', 1067, '=SUM(D4:D6)'],
  ]);
  book.addSheet('Ghi chú').put([['Ghi chú của xã']]);
  return book;
}

function setup(api = ALL) {
  const book = makeBook();
  const rig = new FakeRig(book);
  const meter = new SyncLog();
  const writer = new ExcelWriter({ run: rig.run, caps: capsOf(api), meter });
  return { book, rig, meter, writer, xa: book.sheet('Xã')! };
}

function capsOf(api: (n: string, v: string) => boolean) {
  // The same derivation the backend uses.
  return require('../../src/hosts/excel').capabilities(api);
}

/** A corrected-table-like plan of `n` data rows: marker, bold header with fill, numbers, formulas, a note, a link, a merge. */
function bigPlan(n = 50, name = 'Xã – đã sửa', marker = `${CORRECTED_MARKER} từ trang 'Xã' — ngày 21/11/2026`): SheetPlan {
  const cells: PlannedCell[] = [{ row: 0, col: 0, value: marker, bold: true }];
  ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo', 'Tỷ lệ (%)'].forEach((h, col) => cells.push({ row: 1, col, value: h, bold: true, fill: 'D9E1F2' }));
  for (let i = 0; i < n; i++) {
    const r = i + 2;
    cells.push({ row: r, col: 0, value: i + 1 });
    cells.push({ row: r, col: 1, value: `Thôn ${i + 1}` });
    cells.push({ row: r, col: 2, value: 200 + i, numFmt: '#,##0' });
    cells.push({ row: r, col: 3, value: 10 + (i % 7) });
    cells.push({ row: r, col: 4, formula: `ROUND(D${r + 1}/C${r + 1}*100,2)`, result: 5, numFmt: '0.00' });
  }
  const total = n + 2;
  cells.push({ row: total, col: 1, value: 'Tổng cộng', bold: true });
  cells.push({ row: total, col: 2, formula: `SUM(C3:C${total})`, bold: true, fill: 'C6EFCE', note: 'Giá trị cũ 1.067; nay tính bằng công thức.' });
  cells.push({ row: total, col: 3, value: '1.411', link: { sheet: 'Xã', cell: 'D7' } });
  return {
    name,
    purpose: 'corrected',
    source: 'Xã',
    cells,
    merges: [{ top: 0, left: 0, bottom: 0, right: 4 }],
    widths: [5, 20, 12],
    heights: [undefined, 45],
    freeze: { rows: 2, cols: 2 },
  };
}

const names = (book: FakeBook) => book.sheets.map((s) => s.name);
const record = (book: FakeBook) => JSON.parse(book.settings.get(SHEETS_KEY) as string).sheets;

// ---------------------------------------------------------------------------

describe('planning write chunks', () => {
  test('rows stay whole and in order; a small budget gives several chunks, each within it', () => {
    const plan = bigPlan(50);
    expect(planWriteChunks(plan, Infinity)).toHaveLength(1);
    const chunks = planWriteChunks(plan, 3000);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.flat().map((g) => g.row)).toEqual([...Array(53).keys()]);
    expect(chunks.flat().reduce((a, g) => a + g.cells.length, 0)).toBe(plan.cells.length);
  });
});

describe('ExcelWriter.writeSheet', () => {
  test('a 50-row plan in 2 syncs: after its source, values, formulas, formats, styles, note, link, merge, widths, freeze, record', async () => {
    const { book, rig, meter, writer } = setup();
    const plan = bigPlan(50);
    expect(await writer.writeSheet(plan)).toBe('Xã – đã sửa');
    expect(rig.syncCount).toBe(2);
    expect(meter.syncs.map((s) => s.label)).toEqual(['write:lookup', 'write:sheet']);
    expect(names(book)).toEqual(['Bìa', 'Xã', 'Xã – đã sửa', 'Ghi chú']);
    const ws = book.sheet('Xã – đã sửa')!;
    expect(ws.cell('A1').value).toBe(plan.cells[0].value);
    expect(ws.cell('A1').bold).toBe(true);
    expect(ws.cell('C2')).toMatchObject({ value: 'Tổng số hộ', bold: true, fill: '#D9E1F2' });
    expect(ws.cell('C3')).toMatchObject({ value: 200, format: '#,##0' });
    expect(ws.cell('E3')).toMatchObject({ formula: '=ROUND(D3/C3*100,2)', format: '0.00' });
    expect(ws.cell('C53')).toMatchObject({ formula: '=SUM(C3:C52)', bold: true, fill: '#C6EFCE' });
    expect(ws.notes.get('C53')).toBe('Giá trị cũ 1.067; nay tính bằng công thức.');
    // Text stays text (Text format), even when it looks like a number.
    expect(ws.cell('D53')).toMatchObject({ value: '1.411', format: '@', link: { documentReference: "'Xã'!D7", textToDisplay: '1.411' } });
    expect(ws.merges).toEqual(['A1:E1']);
    expect([...ws.widths]).toEqual([
      [0, charsToPoints(5)],
      [1, charsToPoints(20)],
      [2, charsToPoints(12)],
    ]);
    expect([...ws.heights]).toEqual([[1, 45]]);
    expect(ws.freeze).toEqual({ rows: 2, cols: 2 });
    expect(record(book)).toEqual([{ name: 'Xã – đã sửa', purpose: 'corrected', a1: plan.cells[0].value }]);
    // The source is untouched.
    expect(book.sheet('Xã')!.cell('C7').value).toBe(1067);
  });

  test('a unit name starting with "=" is written as text, never as a formula', async () => {
    const { book, writer } = setup();
    await writer.writeSheet({ name: REPORT_SHEET, purpose: 'report', cells: [{ row: 0, col: 0, value: '=HYPERLINK("http://x")' }], merges: [] });
    expect(book.sheet(REPORT_SHEET)!.cell('A1')).toEqual({ value: '=HYPERLINK("http://x")', format: '@' });
  });

  test('writing again replaces PovCheck’s own sheet: one sheet, not two, same place, new content', async () => {
    const { book, rig, writer } = setup();
    await writer.writeSheet(bigPlan(50));
    const second = bigPlan(10);
    const before = rig.syncCount;
    expect(await writer.writeSheet(second)).toBe('Xã – đã sửa');
    expect(rig.syncCount - before).toBe(3); // lookup, owner (A1), write
    expect(names(book)).toEqual(['Bìa', 'Xã', 'Xã – đã sửa', 'Ghi chú']);
    const ws = book.sheet('Xã – đã sửa')!;
    expect(ws.cell('C13').formula).toBe('=SUM(C3:C12)');
    expect(ws.cells.has('C53')).toBe(false); // nothing left of the longer first version
    expect(record(book)).toHaveLength(1);
  });

  test('the report sheet (no source) replaces its earlier version where it was, recognised by its marker', async () => {
    const { book, writer } = setup();
    const report = (n: number): SheetPlan => ({
      name: REPORT_SHEET,
      purpose: 'report',
      cells: [{ row: 0, col: 0, value: "Báo cáo kiểm tra của PovCheck — tệp 'a.xlsx' — ngày 21/11/2026" }, { row: 1, col: 0, value: `lần ${n}` }],
      merges: [],
    });
    await writer.writeSheet(report(1));
    expect(names(book)).toEqual(['Bìa', 'Xã', 'Ghi chú', REPORT_SHEET]);
    book.sheets.push(book.sheets.splice(3, 1)[0]); // (still last)
    book.settings.delete(SHEETS_KEY); // recognised by the marker alone
    await writer.writeSheet(report(2));
    expect(names(book)).toEqual(['Bìa', 'Xã', 'Ghi chú', REPORT_SHEET]);
    expect(book.sheet(REPORT_SHEET)!.cell('A2').value).toBe('lần 2');
  });

  test('a user’s sheet with the same name is untouched; PovCheck writes "(2)", and replaces that next time', async () => {
    const { book, writer } = setup();
    const users = book.addSheet('Xã – đã sửa').put([['Bảng tôi tự sửa'], [1, 2, 3]]);
    const usersBefore = JSON.stringify([...users.cells]);
    expect(await writer.writeSheet(bigPlan(5))).toBe('Xã – đã sửa (2)');
    expect(names(book)).toEqual(['Bìa', 'Xã', 'Xã – đã sửa (2)', 'Ghi chú', 'Xã – đã sửa']);
    expect(JSON.stringify([...users.cells])).toBe(usersBefore);
    expect(await writer.writeSheet(bigPlan(6))).toBe('Xã – đã sửa (2)');
    expect(names(book)).toEqual(['Bìa', 'Xã', 'Xã – đã sửa (2)', 'Ghi chú', 'Xã – đã sửa']);
    expect(JSON.stringify([...users.cells])).toBe(usersBefore);
  });

  test('a user’s sheet that copies the record’s name but not its A1 is not PovCheck’s', async () => {
    const { book, writer } = setup();
    await writer.writeSheet({ name: 'Tóm tắt', purpose: 'report', cells: [{ row: 0, col: 0, value: 'Tóm tắt PovCheck' }], merges: [] });
    // The officer deletes it and makes their own sheet of that name.
    book.sheets.splice(book.sheets.findIndex((s) => s.name === 'Tóm tắt'), 1);
    book.addSheet('Tóm tắt').put([['Của tôi']]);
    expect(await writer.writeSheet({ name: 'Tóm tắt', purpose: 'report', cells: [{ row: 0, col: 0, value: 'Tóm tắt PovCheck' }], merges: [] })).toBe('Tóm tắt (2)');
    expect(book.sheet('Tóm tắt')!.cell('A1').value).toBe('Của tôi');
  });

  test('large plans are written in several round trips under the byte budget, with the same result', async () => {
    const one = setup();
    await one.writer.writeSheet(bigPlan(50));
    const many = setup();
    const writer = new ExcelWriter({ run: many.rig.run, caps: capsOf(ALL), meter: many.meter, budgetBytes: 3000 });
    await writer.writeSheet(bigPlan(50));
    const writes = many.meter.syncs.filter((s) => s.label.startsWith('write:rows'));
    expect(writes.length).toBe(planWriteChunks(bigPlan(50), 3000).length);
    expect(writes.length).toBeGreaterThan(2);
    expect(many.book.snapshot()).toEqual(one.book.snapshot());
  });

  test('a write failing half way leaves the workbook exactly as it was', async () => {
    const { book, rig, writer } = setup();
    const before = book.snapshot();
    rig.failOn = (label) => label === 'note.add';
    expect(await paneErrorOf(writer.writeSheet(bigPlan(50)))).toBe('write-failed');
    expect(book.snapshot()).toEqual(before);
  });

  test('a failing chunk of a multi-round-trip write removes the rows already written', async () => {
    const { book, rig, meter } = setup();
    const writer = new ExcelWriter({ run: rig.run, caps: capsOf(ALL), meter, budgetBytes: 3000 });
    const before = book.snapshot();
    let n = 0;
    rig.failOn = (label) => label === 'range.formulas' && ++n === 3; // the third chunk
    expect(await paneErrorOf(writer.writeSheet(bigPlan(50)))).toBe('write-failed');
    expect(book.snapshot()).toEqual(before);
  });

  test('a failed replacement keeps the earlier sheet: failure while writing, or at deleting the old one', async () => {
    const { book, rig, writer } = setup();
    await writer.writeSheet(bigPlan(50));
    const written = book.snapshot();
    rig.failOn = (label) => label === 'range.formulas';
    expect(await paneErrorOf(writer.writeSheet(bigPlan(8)))).toBe('write-failed');
    expect(book.snapshot()).toEqual(written);
    rig.failOn = (label) => label === 'worksheet.delete';
    expect(await paneErrorOf(writer.writeSheet(bigPlan(8)))).toBe('write-failed');
    expect(book.snapshot()).toEqual(written);
  });

  test('when only the rename after the delete fails, the complete new sheet is kept under its name', async () => {
    const { book, rig, writer } = setup();
    await writer.writeSheet(bigPlan(50));
    rig.failOn = (label) => label === 'worksheet.name';
    expect(await writer.writeSheet(bigPlan(8))).toBe('Xã – đã sửa');
    expect(names(book)).toEqual(['Bìa', 'Xã', 'Ghi chú', 'Xã – đã sửa']); // position set in the lost batch
    expect(book.sheet('Xã – đã sửa')!.cell('C11').formula).toBe('=SUM(C3:C10)');
    expect(record(book)).toHaveLength(1);
  });

  test('before ExcelApi 1.18 the note is a comment; before 1.10 there is none; before 1.7 no link, the text stays', async () => {
    const c = setup(excelApiUpTo('1.17'));
    await c.writer.writeSheet(bigPlan(3));
    expect(c.book.sheet('Xã – đã sửa')!.notes.size).toBe(0);
    expect(c.book.comments.map((x) => `${x.sheet.name}!${x.cell} ${x.content}`)).toEqual(['Xã – đã sửa!C6 Giá trị cũ 1.067; nay tính bằng công thức.']);
    const n = setup(excelApiUpTo('1.9'));
    await n.writer.writeSheet(bigPlan(3));
    expect(n.book.comments).toEqual([]);
    expect(n.book.sheet('Xã – đã sửa')!.notes.size).toBe(0);
    const old = setup(excelApiUpTo('1.6'));
    await old.writer.writeSheet(bigPlan(3));
    expect(old.book.sheet('Xã – đã sửa')!.cell('D6')).toEqual({ value: '1.411', format: '@' });
  });
});

// ---------------------------------------------------------------------------

function edit(cell: string, old: CellEdit['old'], value: number, extra: Partial<CellEdit> = {}): CellEdit {
  return { sheet: 'Xã', cell, old, value, rule: 'sum-mismatch', reason: `${cell}: sai một chữ số`, ...extra };
}

const logRows = (book: FakeBook) => {
  const log = book.sheet(LOG_SHEET)!;
  const box = log.usedBox()!;
  const rows: unknown[][] = [];
  for (let r = 0; r <= box.bottom; r++) {
    const row: unknown[] = [];
    for (let c = 0; c < LOG_HEADER.length; c++) row.push(log.cells.get(a1(r, c))?.value ?? null);
    rows.push(row);
  }
  return rows;
};

describe('ExcelWriter.applyEdits and undoLast', () => {
  test('apply changes the cells and appends the log in the same batch; the log sheet is created with its header', async () => {
    const { book, meter, writer, xa } = setup();
    await writer.applyEdits([edit('C7', 1067, 967), edit('D4', 21, 12)], WHEN);
    expect(meter.syncs.map((s) => s.label)).toEqual(['apply:read', 'apply:write']);
    expect(xa.cell('C7').value).toBe(967);
    expect(xa.cell('D4').value).toBe(12);
    expect(names(book)).toEqual(['Bìa', 'Xã', 'Ghi chú', LOG_SHEET]);
    const rows = logRows(book);
    expect(rows[0]).toEqual([...LOG_HEADER]);
    expect(rows.slice(1)).toEqual([
      ['2026-11-21 09:30:00', 'Xã', 'C7', 1067, 967, 'sum-mismatch', 'C7: sai một chữ số', 1, null, null],
      ['2026-11-21 09:30:00', 'Xã', 'D4', 21, 12, 'sum-mismatch', 'D4: sai một chữ số', 1, null, null],
    ]);
    // The time is kept as text, not turned into a date.
    expect(book.sheet(LOG_SHEET)!.cell('A2').format).toBe('@');

    meter.syncs.length = 0;
    await writer.applyEdits([edit('C5', 254, 245)], WHEN);
    expect(meter.syncs.map((s) => s.label)).toEqual(['apply:read', 'apply:log', 'apply:write']);
    expect(logRows(book)[3].slice(1, 8)).toEqual(['Xã', 'C5', 254, 245, 'sum-mismatch', 'C5: sai một chữ số', 2]);
  });

  test('undo restores the latest batch exactly (a formula back as a formula), then the batch before; then nothing', async () => {
    const { book, meter, writer, xa } = setup();
    const original = book.snapshot();
    await writer.applyEdits([edit('C7', 1067, 967)], WHEN);
    await writer.applyEdits([edit('D7', null, 68, { oldFormula: 'SUM(D4:D6)' }), edit('C4', 312, 321)], WHEN);
    expect(xa.cell('D7')).toEqual({ value: 68 });

    meter.syncs.length = 0;
    expect(await writer.undoLast()).toBe(2);
    expect(meter.syncs.map((s) => s.label)).toEqual(['undo:log', 'undo:read', 'undo:write']);
    expect(xa.cell('D7').formula).toBe('=SUM(D4:D6)');
    expect(xa.cell('C4').value).toBe(312);
    expect(xa.cell('C7').value).toBe(967); // the earlier batch is not touched yet
    const rows = logRows(book);
    expect(rows[2][8]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(rows[3][8]).toMatch(/^\d{4}-/);
    expect(rows[1][8]).toBeNull();

    expect(await writer.undoLast()).toBe(1);
    expect(xa.cell('C7').value).toBe(1067);
    // Every user cell is as it was before the first apply.
    const sheetsOf = (s: unknown) => (s as { sheets: { name: string }[] }).sheets.filter((x) => x.name !== LOG_SHEET);
    expect(sheetsOf(book.snapshot())).toEqual(sheetsOf(original));
    expect(await writer.undoLast()).toBe(0);
  });

  test('undo leaves a cell the user changed since, says so, and still closes the batch', async () => {
    const { book, writer, xa } = setup();
    await writer.applyEdits([edit('C7', 1067, 967)], WHEN);
    await writer.applyEdits([edit('C4', 312, 321), edit('C5', 254, 245)], WHEN);
    xa.set('C5', { value: 250 }); // the officer's own correction afterwards
    const out = await writer.undoLastDetailed();
    expect(out).toEqual({ restored: 1, skipped: [{ sheet: 'Xã', cell: 'C5' }], batch: 2 });
    expect(xa.cell('C4').value).toBe(312);
    expect(xa.cell('C5').value).toBe(250);
    expect(String(logRows(book)[3][8])).toContain(SKIPPED_NOTE);
    // The next undo goes to batch 1, not to the skipped cell again.
    expect(await writer.undoLastDetailed()).toEqual({ restored: 1, skipped: [], batch: 1 });
    expect(xa.cell('C7').value).toBe(1067);
  });

  test('text stored as a number-as-text goes back as text on undo', async () => {
    const { writer, xa } = setup();
    xa.set('C5', { value: '254', format: '@' });
    await writer.applyEdits([edit('C5', '254', 254)], WHEN);
    expect(xa.cell('C5')).toEqual({ value: 254 });
    await writer.undoLast();
    expect(xa.cell('C5')).toEqual({ value: '254', format: '@' });
  });

  test('a protected sheet is refused before anything is written (apply and undo)', async () => {
    const { book, rig, writer, xa } = setup();
    xa.protected = true;
    const before = book.snapshot();
    expect(await paneErrorOf(writer.applyEdits([edit('C7', 1067, 967)], WHEN))).toBe('protected');
    expect(book.snapshot()).toEqual(before);
    expect(rig.syncLog.every((s) => s.writes.length === 0)).toBe(true);

    xa.protected = false;
    await writer.applyEdits([edit('C7', 1067, 967)], WHEN);
    book.sheet(LOG_SHEET)!.protected = true;
    const applied = book.snapshot();
    expect(await paneErrorOf(writer.applyEdits([edit('C4', 312, 321)], WHEN))).toBe('protected');
    expect(await paneErrorOf(writer.undoLast())).toBe('protected');
    expect(book.snapshot()).toEqual(applied);
  });

  test('a cell that no longer holds the expected old value is not overwritten', async () => {
    const { book, writer } = setup();
    const before = book.snapshot();
    expect(await paneErrorOf(writer.applyEdits([edit('C4', 312, 321), edit('C7', 1000, 967)], WHEN))).toBe('stale');
    expect(book.snapshot()).toEqual(before);
  });

  test('an apply failing half way restores the values and removes its log rows (or the log it created)', async () => {
    const { book, rig, writer } = setup();
    const original = book.snapshot();
    rig.failOn = (label) => label === 'worksheets.add'; // after both cells were written
    expect(await paneErrorOf(writer.applyEdits([edit('C7', 1067, 967), edit('D7', null, 68, { oldFormula: 'SUM(D4:D6)' })], WHEN))).toBe('write-failed');
    expect(book.snapshot()).toEqual(original);

    await writer.applyEdits([edit('C4', 312, 321)], WHEN);
    const applied = book.snapshot();
    let n = 0;
    rig.failOn = (label) => label === 'range.values' && ++n === 3; // both cells written, then the log rows fail
    expect(await paneErrorOf(writer.applyEdits([edit('C7', 1067, 967), edit('C5', 254, 245)], WHEN))).toBe('write-failed');
    expect(book.snapshot()).toEqual(applied);
    expect(logRows(book)).toHaveLength(2);
  });

  test('an undo failing half way leaves the cells and the log as they were', async () => {
    const { book, rig, writer } = setup();
    await writer.applyEdits([edit('C7', 1067, 967), edit('C4', 312, 321)], WHEN);
    const applied = book.snapshot();
    let n = 0;
    rig.failOn = (label) => label === 'range.values' && ++n === 3; // both cells restored, the first mark fails
    expect(await paneErrorOf(writer.undoLast())).toBe('write-failed');
    expect(book.snapshot()).toEqual(applied);
    expect(await writer.undoLast()).toBe(2);
  });
});

// ---------------------------------------------------------------------------

describe('ExcelBackend write-back', () => {
  const issue = (cell: string, suggestion?: Issue['suggestion'], extra: Partial<Issue> = {}): Issue => ({
    sheet: 'Xã',
    cell,
    rule: 'sum-mismatch',
    severity: 'error',
    message: `${cell} sai`,
    stated: 1067,
    expected: 967,
    ...(suggestion ? { suggestion } : {}),
    ...extra,
  });

  test('suggestionTargets: one edit per suggested cell, the stated value expected only for the issue’s own cell', () => {
    const s = (cell: string, value: number) => ({ cell, value, kind: 'typo-digit' as const, reason: `${cell} gõ nhầm`, confidence: 'high' as const });
    expect(
      suggestionTargets([issue('C7', s('C7', 967)), issue('C7', s('C7', 967), { rule: 'rate-mismatch' }), issue('D7', s('D4', 12), { stated: 68 }), issue('E7')]),
    ).toEqual([
      { sheet: 'Xã', cell: 'C7', value: 967, rule: 'sum-mismatch', reason: 'C7 gõ nhầm', shown: { value: 1067 } },
      { sheet: 'Xã', cell: 'D4', value: 12, rule: 'sum-mismatch', reason: 'D4 gõ nhầm' },
    ]);
  });

  test('applySuggestions writes and logs with the old value read in the batch; undo; then undoDetailed reports nothing left', async () => {
    const book = makeBook();
    const rig = new FakeRig(book);
    const backend = new ExcelBackend({ run: rig.run, isSetSupported: ALL });
    const s = { cell: 'C7', value: 967, kind: 'typo-digit' as const, reason: 'Một chữ số bị gõ nhầm.', confidence: 'high' as const };
    expect(await backend.applySuggestions([issue('C7', s)])).toBe(1);
    expect(book.sheet('Xã')!.cell('C7').value).toBe(967);
    expect(logRows(book)[1].slice(1, 8)).toEqual(['Xã', 'C7', 1067, 967, 'sum-mismatch', 'Một chữ số bị gõ nhầm.', 1]);
    expect(await backend.undo()).toBe(1);
    expect(book.sheet('Xã')!.cell('C7').value).toBe(1067);
    expect(await backend.undoDetailed()).toEqual({ restored: 0, skipped: [] });
    expect(await backend.applySuggestions([issue('E7')])).toBe(0);
  });

  test('a rate the check showed rounded (12,35 for 12.3456) is still the same cell value', async () => {
    const book = makeBook();
    book.sheet('Xã')!.set('E4', { value: 12.3456, format: '0.00' });
    const backend = new ExcelBackend({ run: new FakeRig(book).run, isSetSupported: ALL });
    const s = { cell: 'E4', value: 6.73, kind: 'implied' as const, reason: 'r', confidence: 'high' as const };
    expect(await backend.applySuggestions([issue('E4', s, { rule: 'rate-mismatch', stated: 12.35, decimals: 2 })])).toBe(1);
    expect(book.sheet('Xã')!.cell('E4').value).toBe(6.73);
  });

  test('a stale suggestion (the cell changed since the check) is refused', async () => {
    const book = makeBook();
    book.sheet('Xã')!.set('C7', { value: 1000 });
    const backend = new ExcelBackend({ run: new FakeRig(book).run, isSetSupported: ALL });
    const before = book.snapshot();
    const s = { cell: 'C7', value: 967, kind: 'implied' as const, reason: 'r', confidence: 'high' as const };
    expect(await paneErrorOf(backend.applySuggestions([issue('C7', s)]))).toBe('stale');
    expect(book.snapshot()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------

describe('writeSheet on office-addin-mock', () => {
  test('a 50-row plan: 2 syncs, one formulas grid and one format grid for all rows, the sheet after its source', async () => {
    const ops: string[] = [];
    const grids: { address: string; prop: string; rows: number }[] = [];
    const range = (address: string) => {
      const r: Record<string, unknown> = {
        format: { font: {}, fill: {} },
        merge: () => ops.push(`merge ${address}`),
      };
      for (const prop of ['formulas', 'numberFormat']) {
        Object.defineProperty(r, prop, {
          set(v: unknown[][]) {
            grids.push({ address, prop, rows: v.length });
          },
        });
      }
      Object.defineProperty(r, 'hyperlink', { set: (v: unknown) => ops.push(`link ${address} ${JSON.stringify(v)}`) });
      return r;
    };
    const newSheet = {
      getRange: range,
      notes: { add: (_r: unknown, text: string) => ops.push(`note ${text}`) },
      freezePanes: { freezeAt: (a: string) => ops.push(`freeze ${a}`), freezeRows() {}, freezeColumns() {} },
    } as Record<string, unknown>;
    Object.defineProperty(newSheet, 'position', { set: (v: number) => ops.push(`position ${v}`) });
    const ctx = new OfficeMockObject({
      workbook: {
        worksheets: {
          add: (name: string) => {
            ops.push(`add ${name}`);
            return newSheet;
          },
        },
        settings: {
          // No record yet: a null object.
          getItemOrNullObject: () => ({ isNullObject: true, load() {} }),
          add: (key: string) => ops.push(`setting ${key}`),
        },
      },
    });
    // office-addin-mock cannot load collection items: the sheet list is handed in as loaded.
    const ws = ctx.workbook.worksheets as unknown as Record<string, unknown>;
    ws.load = () => ws;
    ws.items = [
      { name: 'Bìa', position: 0 },
      { name: 'Xã', position: 1 },
    ];
    let syncs = 0;
    const realSync = ctx.sync.bind(ctx);
    ctx.sync = async () => {
      syncs++;
      await realSync();
    };
    const writer = new ExcelWriter({ run: (batch) => batch(ctx as unknown as Excel.RequestContext), caps: capsOf(ALL) });
    expect(await writer.writeSheet(bigPlan(50))).toBe('Xã – đã sửa');
    expect(syncs).toBeLessThanOrEqual(3);
    expect(syncs).toBe(2);
    expect(grids).toEqual([
      { address: 'A1:E53', prop: 'numberFormat', rows: 53 },
      { address: 'A1:E53', prop: 'formulas', rows: 53 },
    ]);
    expect(ops).toEqual([
      'add Xã – đã sửa',
      'note Giá trị cũ 1.067; nay tính bằng công thức.',
      `link D53 ${JSON.stringify({ documentReference: "'Xã'!D7", textToDisplay: '1.411' })}`,
      'merge A1:E1',
      'freeze A1:B2',
      'position 2',
      `setting ${SHEETS_KEY}`,
    ]);
  });
});

describe('ExcelBackend corrected table and report with the real planners', () => {
  test('check, then write the corrected table after its source and the report; writing again replaces both', async () => {
    const book = makeBook();
    book.active = 1; // "Xã"
    const rig = new FakeRig(book);
    const meter = new SyncLog();
    const backend = new ExcelBackend({ run: rig.run, isSetSupported: ALL, meter });
    const result = await backend.check('active', { lang: 'vi' });
    expect(result.report.issues.some((i) => i.cell === 'C7' && i.severity === 'error')).toBe(true);

    meter.syncs.length = 0;
    const written = await backend.writeCorrected(result, 'vi');
    expect(written).toEqual(['Xã – đã sửa']);
    expect(meter.count).toBeLessThanOrEqual(3); // roles, lookup, write
    expect(names(book)).toEqual(['Bìa', 'Xã', 'Xã – đã sửa', 'Ghi chú']);
    const ws = book.sheet('Xã – đã sửa')!;
    expect(String(ws.cell('A1').value)).toMatch(new RegExp(`^${CORRECTED_MARKER}`));
    // The total is a live formula in the copy; the source keeps its wrong number.
    expect([...ws.cells.values()].some((c) => /^=SUM\(/.test(c.formula ?? ''))).toBe(true);
    expect(book.sheet('Xã')!.cell('C7').value).toBe(1067);

    const name = await backend.writeReport(result, 'vi');
    expect(name).toBe(REPORT_SHEET);
    const report = book.sheet(REPORT_SHEET)!;
    const links = [...report.cells.values()].filter((c) => c.link).map((c) => c.link!.documentReference);
    expect(links).toContain("'Xã'!C7");

    await backend.writeCorrected(result, 'vi');
    await backend.writeReport(result, 'en');
    expect(names(book)).toEqual(['Bìa', 'Xã', 'Xã – đã sửa', 'Ghi chú', REPORT_SHEET]);
    expect(String(book.sheet(REPORT_SHEET)!.cell('A1').value)).toMatch(/^PovCheck report/);
    // A check of the whole workbook now skips PovCheck's own sheets when writing corrected copies.
    const all = await backend.check('all', { lang: 'vi' });
    expect(await backend.writeCorrected(all, 'vi')).toEqual(['Xã – đã sửa']);
    expect(book.sheets).toHaveLength(5);
  });
});
