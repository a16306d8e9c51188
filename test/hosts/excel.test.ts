// office-addin-mock imports office-addin-manifest only for its OfficeApp enum,
// and that package pulls in an ES-module-only dependency jest (CommonJS) cannot
// load. The enum is all the mock needs, so it gets just that.
jest.mock('office-addin-manifest', () => ({
  OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' },
}));
import { OfficeMockObject } from 'office-addin-mock';
import { type Cell, type Sheet, type Workbook, a1, cellAt, rangeA1 } from '../../src/core/grid';
import { checkWorkbook } from '../../src/core/engine';
import type { Issue } from '../../src/core/report';
import { HostError } from '../../src/hosts/types';
import { PaneError } from '../../src/backend/contract';
import {
  BYTES_PER_CELL_ESTIMATE,
  CELL_BUDGET,
  ExcelBackend,
  ExcelHost,
  PAYLOAD_LIMIT_BYTES,
  SyncLog,
  chunkCells,
  convertCell,
  isDateFormat,
  jsonBytes,
  missingFeatures,
  parseAreasAddress,
  planChunks,
  serialToDate,
} from '../../src/hosts/excel';
import { communeSheet, randomUnits, prng, type Unit } from '../helpers';
import { FakeBook, FakeRig, type FakeSheet, excelApiUpTo } from './excel-fake';

const ALL = excelApiUpTo('1.18');

function code(e: unknown): string | undefined {
  return e instanceof PaneError ? e.code : undefined;
}

async function paneErrorOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return code(e) ?? `not a PaneError: ${String(e)}`;
  }
  return undefined;
}

/** Puts a grid (as the engine sees it) into a fake sheet, moved down/right by `dr`/`dc`. */
function fillFake(fs: FakeSheet, sheet: Sheet, dr = 0, dc = 0): FakeSheet {
  sheet.rows.forEach((row, r) =>
    row.forEach((c, col) => {
      if (!c) return;
      const addr = a1(r + dr, col + dc);
      const v = c.value;
      const value = v.kind === 'empty' ? undefined : (v.value as string | number | boolean);
      fs.set(addr, {
        ...(value !== undefined ? { value } : {}),
        ...(v.kind === 'error' ? { error: true } : {}),
        ...(c.formula ? { formula: `=${c.formula}` } : {}),
        ...(c.numFmt ? { format: c.numFmt } : {}),
      });
    }),
  );
  for (const m of sheet.merges) fs.merges.push(rangeA1({ top: m.top + dr, left: m.left + dc, bottom: m.bottom + dr, right: m.right + dc }));
  return fs;
}

/** The same grid moved down/right, as the engine would read it from a table starting there. */
function shifted(sheet: Sheet, dr: number, dc: number): Sheet {
  const rows: (Cell | undefined)[][] = [];
  for (let r = 0; r < dr; r++) rows.push([]);
  for (const row of sheet.rows) {
    const out: (Cell | undefined)[] = [];
    row.forEach((c, i) => {
      if (c) out[i + dc] = c;
    });
    rows.push(out);
  }
  return {
    name: sheet.name,
    rows,
    merges: sheet.merges.map((m) => ({ top: m.top + dr, left: m.left + dc, bottom: m.bottom + dr, right: m.right + dc })),
  };
}

const UNITS: Unit[] = [
  { name: 'Thôn 1', households: 312, poor: 21, unable: 4, reduction: 6, nearPoor: 18 },
  { name: 'Thôn 2', households: 254, poor: 17, unable: 2, reduction: 5, nearPoor: 11 },
  { name: 'Thôn 3', households: 401, poor: 30, unable: 7, reduction: 9, nearPoor: 25 },
];

/** The commune table with a wrong households total (C8 says 1,067; the rows add up to 967). */
function wrongTotalSheet(name = 'Xã'): Sheet {
  const s = communeSheet(UNITS, name);
  const total = s.rows[s.rows.length - 1];
  total[2] = { value: { kind: 'number', value: 1067 } };
  return s;
}

// ---------------------------------------------------------------------------
// Pure helpers

describe('chunk planning', () => {
  test('the budget keeps a request under 5 MB at the estimated bytes per cell', () => {
    expect(CELL_BUDGET).toBe(20000);
    expect(CELL_BUDGET * BYTES_PER_CELL_ESTIMATE).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
  });

  test('row chunks cover every row once, each request within the budget', () => {
    const extents = [
      { rowCount: 10000, columnCount: 10 },
      { rowCount: 0, columnCount: 0 },
      { rowCount: 35, columnCount: 16 },
      { rowCount: 3, columnCount: 20000 },
    ];
    const reqs = planChunks(extents, 2000);
    for (const r of reqs) {
      // A single row wider than the budget is the only allowed overflow.
      if (r.length > 1 || r[0].rowCount > 1) expect(chunkCells(r, extents)).toBeLessThanOrEqual(2000);
    }
    extents.forEach((e, sheet) => {
      const parts = reqs.flat().filter((p) => p.sheet === sheet);
      const rows = parts.flatMap((p) => Array.from({ length: p.rowCount }, (_, i) => p.firstRow + i));
      expect(rows).toEqual(Array.from({ length: e.rowCount }, (_, i) => i));
    });
    expect(reqs.filter((r) => r.some((p) => p.sheet === 0))).toHaveLength(50); // 200 rows of 10 per request
    // Sheet 0 fills its requests exactly, sheet 2 takes one, each over-wide row of sheet 3 is alone.
    expect(reqs.length).toBe(50 + 1 + 3);
  });

  test('small sheets share one request', () => {
    expect(planChunks([{ rowCount: 20, columnCount: 10 }, { rowCount: 30, columnCount: 10 }], 1000)).toEqual([
      [
        { sheet: 0, firstRow: 0, rowCount: 20 },
        { sheet: 1, firstRow: 0, rowCount: 30 },
      ],
    ]);
  });
});

describe('cell conversion (same semantics as the .xlsx host)', () => {
  test('kinds, formulas, formats', () => {
    expect(convertCell(42, 42, 'General', 'Double')).toEqual({ value: { kind: 'number', value: 42 } });
    expect(convertCell(1234.5, 1234.5, '#,##0.00', 'Double')).toEqual({ value: { kind: 'number', value: 1234.5 }, numFmt: '#,##0.00' });
    expect(convertCell('#DIV/0!', '=1/0', 'General', 'Error')).toEqual({ value: { kind: 'error', value: '#DIV/0!' }, formula: '1/0' });
    // The same text typed by a user is text, not an error.
    expect(convertCell('#N/A', '#N/A', 'General', 'String')).toEqual({ value: { kind: 'text', value: '#N/A' } });
    expect(convertCell(true, true, 'General', 'Boolean')).toEqual({ value: { kind: 'boolean', value: true } });
    expect(convertCell('', '', '0.00', 'Empty')).toBeUndefined();
    expect(convertCell('', '=IF(A1>0,"","x")', 'General', 'String')).toEqual({ value: { kind: 'text', value: '' }, formula: 'IF(A1>0,"","x")' });
    expect(convertCell(0, '=C2-1', 'General', 'Double')).toEqual({ value: { kind: 'number', value: 0 }, formula: 'C2-1' });
    // A text constant that starts with "=" (typed with an apostrophe) is not a formula.
    expect(convertCell('=abc', '=abc', '@', 'String')).toEqual({ value: { kind: 'text', value: '=abc' }, numFmt: '@' });
  });

  test('dates: serial numbers under a date format, like ExcelJS', () => {
    expect(isDateFormat('dd/mm/yyyy')).toBe(true);
    expect(isDateFormat('[$-42A]d mmmm yyyy')).toBe(true);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat('#,##0 "hộ"')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
    expect(serialToDate(45366)).toEqual({ kind: 'date', value: '2024-03-15' });
    expect(convertCell(45366.5, 45366.5, 'm/d/yyyy h:mm', 'Double')).toEqual({
      value: { kind: 'date', value: '2024-03-15T12:00:00.000Z' },
      numFmt: 'm/d/yyyy h:mm',
    });
    expect(convertCell(45366, '=DATE(2024,3,15)', 'dd/mm/yyyy', 'Double')!.value).toEqual({ kind: 'date', value: '2024-03-15' });
  });

  test('merged areas address, quoted sheet names with commas', () => {
    expect(parseAreasAddress("'Phân bổ, 2022'!$A$1:$J$1, 'Phân bổ, 2022'!B4:B6")).toEqual([
      { top: 0, left: 0, bottom: 0, right: 9 },
      { top: 3, left: 1, bottom: 5, right: 1 },
    ]);
    expect(parseAreasAddress("Sheet1!C3:F3,'It''s'!A1:B2")).toEqual([
      { top: 2, left: 2, bottom: 2, right: 5 },
      { top: 0, left: 0, bottom: 1, right: 1 },
    ]);
  });
});

describe('requirement sets', () => {
  test('what an older Excel lacks', () => {
    expect(missingFeatures(ALL)).toEqual([]);
    expect(missingFeatures(excelApiUpTo('1.17')).map((m) => m.feature)).toEqual(['notes']);
    expect(missingFeatures(excelApiUpTo('1.12')).map((m) => `${m.feature}@${m.needs}`)).toEqual(['merges@1.13', 'notes@1.18']);
    expect(missingFeatures(excelApiUpTo('1.4')).map((m) => m.feature)).toEqual([
      'merges',
      'notes',
      'comments',
      'fill-pattern',
      'hidden-rows',
      'workbook-name',
      'hyperlinks',
    ]);
  });

  test('below ExcelApi 1.4 nothing is read', async () => {
    const book = new FakeBook();
    fillFake(book.addSheet('Xã'), wrongTotalSheet());
    const rig = new FakeRig(book);
    const backend = new ExcelBackend({ run: rig.run, isSetSupported: excelApiUpTo('1.3') });
    expect(await paneErrorOf(backend.check('active', { lang: 'vi' }))).toBe('unsupported');
    expect(await paneErrorOf(backend.mark([], 'vi'))).toBe('unsupported');
    expect(await paneErrorOf(new ExcelHost({ run: rig.run, isSetSupported: excelApiUpTo('1.3') }).readWorkbook())).toBe('unsupported');
    expect(rig.syncCount).toBe(0);
  });
});

describe('sync meter', () => {
  test('jsonBytes counts UTF-8 bytes of the loaded JSON', () => {
    expect(jsonBytes([{ a: 'hộ' }])).toBe('{"a":"hộ"}'.length + 2); // "ộ" is 3 bytes in UTF-8
    expect(jsonBytes([{ toJSON: () => [1, 2] }])).toBe(5);
  });
});

// ---------------------------------------------------------------------------
// Reading through office-addin-mock (Excel's own load/sync discipline)

describe('ExcelHost on office-addin-mock', () => {
  // A small hand-written table at C3:F7 with a merged title, a #DIV/0! error
  // from a formula, "#N/A" typed as text, a 0.00 rate and a wrong SUM total.
  const values = [
    ['BIỂU PHÂN BỔ', '', '', ''],
    ['TT', 'Tên thôn', 'Tổng số hộ', 'Tỷ lệ hộ nghèo (%)'],
    [1, 'Thôn 1', 120, 12.5],
    [2, 'Thôn 2', 80, '#DIV/0!'],
    ['', 'Cộng', 210, '#N/A'],
  ];
  const formulas = values.map((r) => [...r]);
  formulas[3][3] = '=1/0';
  formulas[4][2] = '=SUM(E5:E6)';
  const numberFormat = values.map((r) => r.map(() => 'General'));
  numberFormat[2][3] = '0.00';
  const valueTypes: string[][] = values.map((r) => r.map((v) => (v === '' ? 'Empty' : typeof v === 'number' ? 'Double' : 'String')));
  valueTypes[3][3] = 'Error';

  function mockContext(requested: string[]) {
    const data = {
      workbook: {
        worksheets: {
          active: {
            name: 'Xã Thịnh Đức',
            used: { isNullObject: false, rowIndex: 2, columnIndex: 2, rowCount: 5, columnCount: 4 },
            cells: {
              values,
              formulas,
              numberFormat,
              valueTypes,
              merged: { isNullObject: false, address: "'Xã Thịnh Đức'!C3:F3" },
              getMergedAreasOrNullObject() {
                return this.merged;
              },
              visible: { isNullObject: false, address: "'Xã Thịnh Đức'!C3:F5,'Xã Thịnh Đức'!C7:F7" },
              getSpecialCellsOrNullObject() {
                return this.visible;
              },
            },
            getUsedRangeOrNullObject() {
              return this.used;
            },
            getRange(address: string) {
              requested.push(address);
              return this.cells;
            },
          },
          getActiveWorksheet() {
            return this.active;
          },
        },
      },
    };
    const ctx = new OfficeMockObject(data);
    let syncs = 0;
    const realSync = ctx.sync.bind(ctx);
    ctx.sync = async () => {
      syncs++;
      await realSync();
    };
    return { ctx, syncs: () => syncs };
  }

  test('reads the active sheet in 2 syncs, at its real addresses', async () => {
    const requested: string[] = [];
    const { ctx, syncs } = mockContext(requested);
    const log = new SyncLog();
    const host = new ExcelHost({ run: (batch) => batch(ctx as unknown as Excel.RequestContext), isSetSupported: ALL, meter: log });
    const sheet = await host.readActiveSheet();

    expect(syncs()).toBe(2);
    expect(log.syncs.map((s) => s.label)).toEqual(['read:dimensions', 'read:chunk']);
    expect(log.syncs[1].bytes).toBeGreaterThan(200);
    expect(requested).toEqual(['C3:F7']);

    expect(sheet.name).toBe('Xã Thịnh Đức');
    expect(sheet.rows.length).toBe(7);
    expect(sheet.rows[0]).toEqual([]);
    expect(cellAt(sheet, 2, 2).value).toEqual({ kind: 'text', value: 'BIỂU PHÂN BỔ' }); // C3
    expect(cellAt(sheet, 4, 4).value).toEqual({ kind: 'number', value: 120 }); // E5
    expect(cellAt(sheet, 4, 5)).toEqual({ value: { kind: 'number', value: 12.5 }, numFmt: '0.00' }); // F5
    expect(cellAt(sheet, 5, 5)).toEqual({ value: { kind: 'error', value: '#DIV/0!' }, formula: '1/0' }); // F6
    expect(cellAt(sheet, 6, 5)).toEqual({ value: { kind: 'text', value: '#N/A' } }); // F7 typed text
    expect(cellAt(sheet, 6, 4)).toEqual({ value: { kind: 'number', value: 210 }, formula: 'SUM(E5:E6)' }); // E7
    expect(cellAt(sheet, 6, 2).value.kind).toBe('empty');
    expect(sheet.merges).toEqual([{ top: 2, left: 2, bottom: 2, right: 5 }]);
    expect(sheet.hiddenRows).toEqual([5]); // row 6 is not among the visible cells
  });

  test('without ExcelApi 1.13 there are no merges and no merge request', async () => {
    const { ctx } = mockContext([]);
    const host = new ExcelHost({ run: (batch) => batch(ctx as unknown as Excel.RequestContext), isSetSupported: excelApiUpTo('1.12') });
    const sheet = await host.readActiveSheet();
    expect(sheet.merges).toEqual([]);
    expect(sheet.hiddenRows).toEqual([5]);
    expect(cellAt(sheet, 4, 4).value).toEqual({ kind: 'number', value: 120 });
  });

  test('before ExcelApi 1.9 hidden rows are not known', async () => {
    const { ctx } = mockContext([]);
    const host = new ExcelHost({ run: (batch) => batch(ctx as unknown as Excel.RequestContext), isSetSupported: excelApiUpTo('1.8') });
    const sheet = await host.readActiveSheet();
    expect(sheet.hiddenRows).toBeUndefined();
    expect(cellAt(sheet, 5, 5).value).toEqual({ kind: 'error', value: '#DIV/0!' });
  });
});

// ---------------------------------------------------------------------------
// Reading through the stateful test double (test/hosts/excel-fake.ts)

function bookWith(sheets: { sheet: Sheet; dr?: number; dc?: number }[]): FakeBook {
  const book = new FakeBook();
  for (const { sheet, dr, dc } of sheets) fillFake(book.addSheet(sheet.name), sheet, dr, dc);
  return book;
}

describe('ExcelHost reading', () => {
  test('a table at C3 reads back as the same grid at the same addresses', async () => {
    const grid = wrongTotalSheet();
    const rig = new FakeRig(bookWith([{ sheet: grid, dr: 2, dc: 2 }]));
    const sheet = await new ExcelHost({ run: rig.run, isSetSupported: ALL }).readActiveSheet();
    expect(rig.syncCount).toBe(2);
    expect(sheet).toEqual(shifted(grid, 2, 2));
    expect(sheet.merges).toEqual([{ top: 2, left: 2, bottom: 2, right: 11 }]); // A1:J1 moved to C3:L3
  });

  test('a large sheet is read in row chunks under the budget: 1 + chunks syncs', async () => {
    const units = randomUnits(2000, prng(7));
    const grid = communeSheet(units);
    grid.merges.push({ top: 10, left: 1, bottom: 14, right: 1 }); // a merge across chunk boundaries
    const rig = new FakeRig(bookWith([{ sheet: grid }]));
    const log = new SyncLog();
    const progress: number[] = [];
    const budget = 3000; // 300 rows of 10 columns
    const host = new ExcelHost({ run: rig.run, isSetSupported: ALL, budget, meter: log });
    const sheet = await host.readActiveSheet({ onProgress: (f) => progress.push(f) });

    const rows = grid.rows.length; // 2,004
    const chunks = Math.ceil(rows / 300);
    expect(rig.syncCount).toBe(1 + chunks);
    expect(log.count).toBe(1 + chunks);
    for (const s of rig.syncLog.slice(1)) expect(s.cells).toBeLessThanOrEqual(budget);
    expect(rig.syncLog.slice(1).reduce((a, s) => a + s.cells, 0)).toBe(rows * 10);
    expect(progress).toHaveLength(chunks);
    expect(progress[progress.length - 1]).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(sheet.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 9 }, { top: 10, left: 1, bottom: 14, right: 1 }]);
    expect(cellAt(sheet, 11, 1).value.kind).toBe('empty'); // slave of the merge
    const expected = shifted(grid, 0, 0);
    for (let r = 11; r <= 14; r++) expected.rows[r][1] = undefined;
    expect(sheet).toEqual(expected);
  });

  test('bytes per request at the default budget stay far under 5 MB (10,000-row table)', async () => {
    const grid = communeSheet(randomUnits(10000, prng(3)));
    const rig = new FakeRig(bookWith([{ sheet: grid }]));
    const log = new SyncLog();
    await new ExcelHost({ run: rig.run, isSetSupported: ALL, meter: log }).readActiveSheet();
    const cells = grid.rows.length * 10;
    expect(log.count).toBe(1 + Math.ceil(cells / CELL_BUDGET));
    expect(log.maxBytes).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    // The estimate is conservative: real bytes per cell well under 250.
    expect(log.bytes / cells).toBeLessThan(BYTES_PER_CELL_ESTIMATE / 2);
  });

  test('hidden rows are found per chunk, and issues in them say so', async () => {
    const grid = wrongTotalSheet();
    const book = bookWith([{ sheet: grid }]);
    book.sheets[0].hiddenRows = new Set([4, 6]); // Thôn 2 and the total row
    const rig = new FakeRig(book);
    const sheet = await new ExcelHost({ run: rig.run, isSetSupported: ALL, budget: 30 }).readActiveSheet();
    expect(rig.syncCount).toBe(1 + 3); // 7 rows of 10 cells, 3 rows a chunk
    expect(sheet.hiddenRows).toEqual([4, 6]);
    const direct = { ...shifted(grid, 0, 0), hiddenRows: [4, 6] };
    expect(sheet).toEqual(direct);
    const report = checkWorkbook({ sheets: [sheet] });
    expect(report.issues.find((i) => i.cell === 'C7')).toMatchObject({ rule: 'sum-mismatch', hiddenRow: true });
    expect(report.issues).toEqual(checkWorkbook({ sheets: [direct] }).issues);
  });

  test('aborting between chunks stops with cancelled and no further round trip', async () => {
    const grid = communeSheet(randomUnits(1000, prng(5)));
    const rig = new FakeRig(bookWith([{ sheet: grid }]));
    const ac = new AbortController();
    const host = new ExcelHost({ run: rig.run, isSetSupported: ALL, budget: 1000 });
    const err = await paneErrorOf(
      host.readActiveSheet({
        signal: ac.signal,
        onProgress: (f) => {
          if (f > 0.25) ac.abort();
        },
      }),
    );
    expect(err).toBe('cancelled');
    // 1 dimensions + chunks until just past a quarter of ~1,004 rows at 100 rows a chunk.
    expect(rig.syncCount).toBe(1 + 3);
  });

  test('a request Excel still finds too large is halved and retried', async () => {
    const grid = communeSheet(randomUnits(100, prng(9)));
    const rig = new FakeRig(bookWith([{ sheet: grid }]));
    rig.maxCellsPerSync = 400;
    const sheet = await new ExcelHost({ run: rig.run, isSetSupported: ALL, budget: 2000 }).readActiveSheet();
    expect(sheet).toEqual(shifted(grid, 0, 0));
    // 1,040 cells: one failed request of 1,040, two of 520 failed, four of 260 served.
    expect(rig.syncLog.slice(1).map((s) => s.cells)).toEqual([1040, 520, 260, 260, 520, 260, 260]);
  });

  test('readWorkbook: every sheet, or one by name; an unknown name lists the sheets', async () => {
    const a = wrongTotalSheet('Xã A');
    const b = communeSheet(UNITS, 'Xã B');
    const book = bookWith([{ sheet: a }, { sheet: b, dr: 4, dc: 1 }]);
    book.addSheet('Trống');
    const rig = new FakeRig(book);
    const host = new ExcelHost({ run: rig.run, isSetSupported: ALL });
    const wb = await host.readWorkbook();
    expect(rig.syncCount).toBe(3); // sheet list, used ranges, one request for both small tables
    expect(wb.sheets.map((s) => s.name)).toEqual(['Xã A', 'Xã B', 'Trống']);
    expect(wb.sheets[0]).toEqual(shifted(a, 0, 0));
    expect(wb.sheets[1]).toEqual(shifted(b, 4, 1));
    expect(wb.sheets[2]).toEqual({ name: 'Trống', rows: [], merges: [] });

    const one = await host.readWorkbook({ sheet: 'Xã B' });
    expect(one.sheets).toEqual([shifted(b, 4, 1)]);
    await expect(host.readWorkbook({ sheet: 'Xã C' })).rejects.toEqual(new HostError('no-such-sheet', 'Xã A, Xã B, Trống'));
  });
});

// ---------------------------------------------------------------------------
// ExcelBackend

describe('ExcelBackend.check', () => {
  test('same issues as the engine on the grid itself; 2 syncs for the active sheet', async () => {
    const grid = wrongTotalSheet();
    const rig = new FakeRig(bookWith([{ sheet: grid, dr: 2, dc: 2 }]));
    const backend = new ExcelBackend({ run: rig.run, isSetSupported: ALL });
    const progress: number[] = [];
    const { report, workbook } = await backend.check('active', { lang: 'en', onProgress: (f) => progress.push(f) });
    expect(rig.syncCount).toBe(2);
    expect(progress[progress.length - 1]).toBe(1);

    const direct = checkWorkbook({ sheets: [shifted(grid, 2, 2)] }, { lang: 'en' });
    expect(report.issues).toEqual(direct.issues);
    expect(report.issues.some((i) => i.rule === 'sum-mismatch' && i.cell === 'E9' && i.stated === 1067)).toBe(true);
    expect(report.file).toBe('Thịnh Đức.xlsx');
    expect(report.sheets).toEqual(direct.sheets);
    expect(workbook.sheets).toHaveLength(1);
  });

  test('all sheets; the file name is left out before ExcelApi 1.7', async () => {
    const a = wrongTotalSheet('A');
    const b = communeSheet(UNITS, 'B');
    const rig = new FakeRig(bookWith([{ sheet: a }, { sheet: b }]));
    const { report } = await new ExcelBackend({ run: rig.run, isSetSupported: excelApiUpTo('1.6') }).check('all', { lang: 'vi' });
    const wb: Workbook = { sheets: [shifted(a, 0, 0), shifted(b, 0, 0)] };
    wb.sheets.forEach((s) => (s.merges = [])); // no merges before ExcelApi 1.13
    expect(report.issues).toEqual(checkWorkbook(wb, { lang: 'vi' }).issues);
    expect(report.file).toBe('');
  });

  test('an empty active sheet is refused', async () => {
    const book = new FakeBook();
    book.addSheet('Trống');
    fillFake(book.addSheet('Xã'), wrongTotalSheet());
    const rig = new FakeRig(book);
    expect(await paneErrorOf(new ExcelBackend({ run: rig.run, isSetSupported: ALL }).check('active', { lang: 'vi' }))).toBe('empty-sheet');
    // A sheet holding only blank text counts as empty too.
    book.sheets[0].set('B2', { value: '   ' });
    expect(await paneErrorOf(new ExcelBackend({ run: rig.run, isSetSupported: ALL }).check('active', { lang: 'vi' }))).toBe('empty-sheet');
  });

  test('role overrides round-trip through workbook settings and reach the engine', async () => {
    const grid = wrongTotalSheet();
    const book = bookWith([{ sheet: grid }]);
    const rig = new FakeRig(book);
    const backend = new ExcelBackend({ run: rig.run, isSetSupported: ALL });
    expect(await backend.loadRoleOverrides()).toEqual({});

    const roles = { Xã: { I: 'unknown' } };
    await backend.saveRoleOverrides(roles);
    expect(JSON.parse(book.settings.get('povcheck.roles') as string)).toEqual(roles);
    expect(await backend.loadRoleOverrides()).toEqual(roles);

    const before = rig.syncCount;
    const { report } = await backend.check('active', { lang: 'vi' });
    expect(rig.syncCount - before).toBe(2); // the roles ride along with the first read
    expect(report.sheets[0].tables[0].columns.find((c) => c.column === 'I')!.role).toBe('unknown');
    expect(report.issues).toEqual(checkWorkbook({ sheets: [shifted(grid, 0, 0)] }, { lang: 'vi', roles }).issues);

    // Whatever else sits under the key is dropped, not trusted.
    book.settings.set('povcheck.roles', JSON.stringify({ Xã: { I: 'unknown', 'not a column': 'x', J: 5 }, Bad: 'x' }));
    expect(await backend.loadRoleOverrides()).toEqual({ Xã: { I: 'unknown' } });
  });

  test('selectCell activates the sheet and selects the cell in one sync', async () => {
    const book = bookWith([{ sheet: wrongTotalSheet('A') }, { sheet: communeSheet(UNITS, 'B') }]);
    const rig = new FakeRig(book);
    await new ExcelBackend({ run: rig.run, isSetSupported: ALL }).selectCell('B', 'C7');
    expect(rig.syncCount).toBe(1);
    expect(book.active).toBe(1);
    expect(book.selection).toEqual({ sheet: 'B', address: 'C7' });
  });
});

// ---------------------------------------------------------------------------
// Marks

describe('ExcelBackend marks', () => {
  const issue = (cell: string, severity: Issue['severity'], message: string, cells?: string[]): Issue => ({
    sheet: 'Xã',
    cell,
    rule: 'sum-mismatch',
    severity,
    message,
    stated: null,
    expected: null,
    ...(cells ? { cells } : {}),
  });
  const ISSUES: Issue[] = [
    issue('C7', 'error', 'C7 ghi 1.067 nhưng tổng là 967.'),
    issue('D4', 'warning', 'Số lưu dạng văn bản.', ['D4', 'D5']),
    issue('E4', 'info', 'Chỉ là ghi chú.'),
    issue('F4', 'warning', 'Cảnh báo F4.'),
    issue('F4', 'error', 'Lỗi F4.'),
  ];

  function setup(api = ALL) {
    const book = bookWith([{ sheet: wrongTotalSheet() }]);
    const ws = book.sheets[0];
    ws.cell('C7').fill = '#00B0F0'; // the officer's own blue on the total
    ws.notes.set('D5', 'Kiểm tra lại với thôn'); // the officer's own note
    const rig = new FakeRig(book);
    const backend = new ExcelBackend({ run: rig.run, isSetSupported: api });
    return { book, ws, rig, backend };
  }
  const valuesOf = (ws: FakeSheet) => [...ws.cells].map(([a, c]) => [a, c.value, c.formula, c.format]);
  const record = (book: FakeBook) => JSON.parse(book.settings.get('povcheck.marks') as string).marks;

  test('mark fills and notes error/warning cells, records what it added; clear takes exactly that away', async () => {
    const { book, ws, rig, backend } = setup();
    const values = valuesOf(ws);

    expect(await backend.mark(ISSUES, 'vi')).toBe(4);
    expect(rig.syncCount).toBe(3); // record, read, write
    expect(ws.cell('C7').fill).toBe('#FFC7CE');
    expect(ws.cell('D4').fill).toBe('#FFEB9C');
    expect(ws.cell('D5').fill).toBe('#FFEB9C');
    expect(ws.cell('F4').fill).toBe('#FFC7CE'); // error beats warning
    expect(ws.cell('E4').fill).toBeUndefined(); // info is never marked
    expect(ws.notes.get('C7')).toBe('PovCheck: C7 ghi 1.067 nhưng tổng là 967.');
    expect(ws.notes.get('F4')).toBe('PovCheck: Cảnh báo F4.\nLỗi F4.');
    expect(ws.notes.get('D5')).toBe('Kiểm tra lại với thôn'); // not overwritten, no second note
    expect(record(book)).toEqual([
      { sheet: 'Xã', cell: 'C7', previous: { color: '#00B0F0' }, color: '#FFC7CE', added: 'note' },
      { sheet: 'Xã', cell: 'D4', previous: null, color: '#FFEB9C', added: 'note' },
      { sheet: 'Xã', cell: 'D5', previous: null, color: '#FFEB9C' },
      { sheet: 'Xã', cell: 'F4', previous: null, color: '#FFC7CE', added: 'note' },
    ]);

    // Afterwards the officer recolours D4, rewrites PovCheck's note on F4 and adds a note on E4.
    ws.cell('D4').fill = '#92D050';
    ws.notes.set('F4', 'Đã sửa theo biên bản');
    ws.notes.set('E4', 'Ghi chú riêng');

    const before = rig.syncCount;
    expect(await backend.clearMarks()).toBe(4);
    expect(rig.syncCount - before).toBe(3);
    expect(ws.cell('C7').fill).toBe('#00B0F0'); // previous fill back
    expect(ws.cell('D4').fill).toBe('#92D050'); // the officer's new colour stays
    expect(ws.cell('D5').fill).toBeUndefined();
    expect(ws.cell('F4').fill).toBeUndefined();
    expect([...ws.notes].sort()).toEqual([
      ['D5', 'Kiểm tra lại với thôn'],
      ['E4', 'Ghi chú riêng'],
      ['F4', 'Đã sửa theo biên bản'],
    ]);
    expect(valuesOf(ws)).toEqual(values);
    expect(record(book)).toEqual([]);

    expect(await backend.clearMarks()).toBe(0);
  });

  test('marking twice neither stacks marks nor loses the original fill', async () => {
    const { book, ws, backend } = setup();
    await backend.mark(ISSUES, 'vi');
    const once = book.snapshot();
    expect(await backend.mark(ISSUES, 'vi')).toBe(4);
    expect(book.snapshot()).toEqual(once);
    expect(record(book)[0].previous).toEqual({ color: '#00B0F0' });

    // A new check with fewer issues: the old marks that no longer apply go.
    expect(await backend.mark([ISSUES[0]], 'vi')).toBe(1);
    expect(ws.cell('D4').fill).toBeUndefined();
    expect(ws.notes.has('D4')).toBe(false);
    expect(ws.cell('C7').fill).toBe('#FFC7CE');
    expect(await backend.clearMarks()).toBe(1);
    expect(ws.cell('C7').fill).toBe('#00B0F0');
    expect([...ws.notes]).toEqual([['D5', 'Kiểm tra lại với thôn']]);
  });

  test('a protected sheet is refused before anything is written', async () => {
    const { book, ws, rig, backend } = setup();
    ws.protected = true;
    const before = book.snapshot();
    expect(await paneErrorOf(backend.mark(ISSUES, 'vi'))).toBe('protected');
    expect(book.snapshot()).toEqual(before);
    expect(rig.syncLog.every((s) => s.writes.length === 0)).toBe(true);

    ws.protected = false;
    await backend.mark(ISSUES, 'vi');
    ws.protected = true;
    const marked = book.snapshot();
    expect(await paneErrorOf(backend.clearMarks())).toBe('protected');
    expect(book.snapshot()).toEqual(marked);
  });

  test('a write failing half way leaves nothing behind', async () => {
    const { book, rig, backend } = setup();
    const before = book.snapshot();
    rig.failAtWrite = rig.writeCount + 4; // fill C7, note C7, fill D4, note D4 fails
    expect(await paneErrorOf(backend.mark(ISSUES, 'vi'))).toBe('write-failed');
    const after = book.snapshot() as { settings: [string, unknown][] };
    const { settings: _s, ...rest } = after as { settings: unknown };
    const { settings: _b, ...restBefore } = before as { settings: unknown };
    expect(rest).toEqual(restBefore);
    expect(record(book)).toEqual([]);
  });

  test('re-marking that fails half way also removes the earlier marks and restores the fills', async () => {
    const { book, ws, rig, backend } = setup();
    const before = book.snapshot() as { sheets: unknown };
    await backend.mark(ISSUES, 'vi');
    rig.failAtWrite = rig.writeCount + 6; // old notes deleted, some new fills and notes written, then a failure
    expect(await paneErrorOf(backend.mark([ISSUES[0], ISSUES[1]], 'vi'))).toBe('write-failed');
    expect((book.snapshot() as { sheets: unknown }).sheets).toEqual(before.sheets);
    expect(ws.cell('C7').fill).toBe('#00B0F0');
    expect(record(book)).toEqual([]);
  });

  test('before ExcelApi 1.18: threaded comments instead of notes, the officer’s comment survives', async () => {
    const { book, ws, rig, backend } = setup(excelApiUpTo('1.17'));
    book.comments.push({ id: 'u1', sheet: ws, cell: 'D4', content: 'Ý kiến của xã' });
    expect(await backend.mark(ISSUES, 'vi')).toBe(4);
    expect(rig.syncCount).toBe(5); // record, read, comment list, comment locations, write
    expect(ws.notes.size).toBe(1); // only the officer's own note
    const comments = () => book.comments.map((c) => `${c.cell} ${c.content}`).sort();
    expect(comments()).toEqual([
      'C7 PovCheck: C7 ghi 1.067 nhưng tổng là 967.',
      'D4 Ý kiến của xã',
      'D5 PovCheck: Số lưu dạng văn bản.',
      'F4 PovCheck: Cảnh báo F4.\nLỗi F4.',
    ]);
    expect(await backend.clearMarks()).toBe(4);
    expect(comments()).toEqual(['D4 Ý kiến của xã']);
    expect(ws.cell('C7').fill).toBe('#00B0F0');
  });

  test('before ExcelApi 1.10: fill only', async () => {
    const { book, ws, backend } = setup(excelApiUpTo('1.9'));
    expect(await backend.mark(ISSUES, 'vi')).toBe(4);
    expect(ws.notes.size).toBe(1);
    expect(book.comments).toEqual([]);
    expect(ws.cell('F4').fill).toBe('#FFC7CE');
    expect(await backend.clearMarks()).toBe(4);
    expect(ws.cell('F4').fill).toBeUndefined();
    expect(ws.cell('C7').fill).toBe('#00B0F0');
  });

  test('marks on a sheet deleted since are dropped from the record', async () => {
    const { book, backend } = setup();
    await backend.mark(ISSUES, 'vi');
    book.sheets[0].name = 'Xã (cũ)';
    expect(await backend.clearMarks()).toBe(0);
    expect(record(book)).toEqual([]);
  });
});
