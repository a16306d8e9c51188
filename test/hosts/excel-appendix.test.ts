// The pane's allocation and appendix writes through Office.js, on the stateful
// fake Excel: the sheet and its native chart in the round trips of one sheet
// write, and a failure anywhere leaves neither.
import { readFileSync } from 'fs';
import { join } from 'path';
import { a1 } from '../../src/core/grid';
import { findTables } from '../../src/core/tables';
import { PaneError } from '../../src/backend/contract';
import { ExcelBackend, SyncLog, chartPlacement } from '../../src/hosts/excel';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';
import { buildAppendix, sourcesOf } from '../../src/ui/appendix-model';
import { computeAllocation } from '../../src/ui/allocation-model';
import { FakeBook, FakeRig, type FakeSheet, excelApiUpTo } from './excel-fake';
import { THREE_DISTRICTS, districtValues } from '../seed004-districts';

const ALL = excelApiUpTo('1.18');

const DISTRICTS = THREE_DISTRICTS;

function putDistrict(s: FakeSheet, [name, hh23, hh24, poor, reduction]: (typeof DISTRICTS)[number]) {
  s.put(districtValues(name, hh23, hh24, poor, reduction).map((r) => r.map((v) => (v === null ? '' : v))) as (string | number)[][]);
}

function setup() {
  const book = new FakeBook();
  for (const d of DISTRICTS) putDistrict(book.addSheet(d[0]), d);
  const rig = new FakeRig(book);
  const meter = new SyncLog();
  const backend = new ExcelBackend({ run: rig.run, isSetSupported: ALL, meter });
  return { book, rig, backend };
}

async function appendixOf(backend: ExcelBackend) {
  const wb = await backend.readAllSheets();
  const state = buildAppendix(sourcesOf(wb), 'total', new Set(), { lang: 'vi', year: 2024, totalAt: 'top' }, new Date(2026, 10, 21));
  expect(state.errors).toEqual([]);
  return state.sheet!;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof PaneError ? e.code : `not a PaneError: ${String(e)}`;
  }
  return undefined;
}

describe('Ghi phụ lục in Excel', () => {
  test('reading every sheet gives one unit per district sheet', async () => {
    const { backend } = setup();
    const sheet = await appendixOf(backend);
    expect(sheet.chart?.names).toEqual(['Thành phố Huế', 'Huyện Nam Đông', 'Huyện A Lưới']);
  });

  test('the sheet and a clustered bar chart over the sorted rate range, in at most 3 round trips', async () => {
    const { book, rig, backend } = setup();
    const sheet = await appendixOf(backend);
    const before = rig.syncCount;
    const name = await backend.writeAppendix(sheet);
    expect(rig.syncCount - before).toBeLessThanOrEqual(3);
    expect(name).toBe(sheet.plan.name);
    const ws = book.sheet(name)!;
    expect(book.sheets.map((s) => s.name)).toEqual([...DISTRICTS.map((d) => d[0]), name]);
    // The table: total first, live formulas.
    expect(ws.cell('B5').value).toBe('Toàn tỉnh');
    expect(ws.cell('E5').formula).toMatch(/^=SUM\(E6:E8\)$/);
    // The chart's range as the planner placed it, and the chart over exactly that range.
    const c = sheet.chart!;
    expect(ws.cell(a1(c.firstRow, c.nameCol)).value).toBe('Thành phố Huế');
    expect(ws.cell(a1(c.lastRow, c.nameCol)).value).toBe('Huyện A Lưới');
    expect(ws.cell(a1(c.lastRow, c.endCol)).formula).toMatch(/^=I\d+$/);
    const place = chartPlacement(c);
    expect(ws.charts).toEqual([{ type: 'BarClustered', source: place.source, seriesBy: 'Columns', title: c.title, position: { start: place.topLeft, end: place.bottomRight } }]);
    expect(place.source).toBe(`B${c.headerRow + 1}:D${c.lastRow + 1}`);
  });

  test('the chart failing removes the new sheet too: the workbook is as it was', async () => {
    for (const op of ['charts.add', 'chart.title', 'chart.setPosition']) {
      const { book, rig, backend } = setup();
      const sheet = await appendixOf(backend);
      const snap = book.snapshot();
      rig.failOn = (label) => label === op;
      expect(await codeOf(backend.writeAppendix(sheet))).toBe('write-failed');
      expect(book.snapshot()).toEqual(snap);
    }
  });

  test('writing again replaces PovCheck’s appendix and its chart; a failure then keeps the old one whole', async () => {
    const { book, rig, backend } = setup();
    const sheet = await appendixOf(backend);
    const name = await backend.writeAppendix(sheet);
    expect(await backend.writeAppendix(sheet)).toBe(name);
    expect(book.sheets.filter((s) => s.name.startsWith(name))).toHaveLength(1);
    expect(book.sheet(name)!.charts).toHaveLength(1);
    const snap = book.snapshot();
    rig.failOn = (label) => label === 'charts.add';
    expect(await codeOf(backend.writeAppendix(sheet))).toBe('write-failed');
    expect(book.snapshot()).toEqual(snap);
  });

  test('a user’s sheet with the appendix’s name is never replaced: the appendix goes to “… (2)”', async () => {
    const { book, backend } = setup();
    const sheet = await appendixOf(backend);
    book.addSheet(sheet.plan.name).put([['Phụ lục của tôi']]);
    const name = await backend.writeAppendix(sheet);
    expect(name).toBe(`${sheet.plan.name} (2)`);
    expect(book.sheet(sheet.plan.name)!.cell('A1').value).toBe('Phụ lục của tôi');
    expect(book.sheet(sheet.plan.name)!.charts).toEqual([]);
  });
});

describe('Ghi bảng phân bổ in Excel', () => {
  test('seed 001: the allocation sheet lands right after its source with the planned reductions', async () => {
    const wb = await readXlsxBuffer(readFileSync(join(__dirname, '..', '..', 'samples', '001-cam-lo.xlsx')));
    const src = wb.sheets[0];
    const book = new FakeBook();
    book.addSheet('Bìa').put([['Trang bìa']]);
    const fs = book.addSheet(src.name);
    src.rows.forEach((row, r) =>
      row.forEach((c, col) => {
        if (c && c.value.kind !== 'empty' && 'value' in c.value) fs.set(a1(r, col), { value: c.value.value as string | number });
      }),
    );
    book.addSheet('Ghi chú').put([['x']]);
    const rig = new FakeRig(book);
    const backend = new ExcelBackend({ run: rig.run, isSetSupported: ALL });
    const out = computeAllocation({ sheet: src, table: findTables(src)[0] }, { target: { kind: 'households', text: '82' }, basis: 'able', newPoorText: '', rules: 'none' }, 'vi');
    expect(out.problems).toEqual([]);
    const before = rig.syncCount;
    const name = await backend.writeAllocation(out.result!.plan);
    expect(rig.syncCount - before).toBeLessThanOrEqual(3);
    expect(book.sheets.map((s) => s.name)).toEqual(['Bìa', src.name, name, 'Ghi chú']);
    const ws = book.sheet(name)!;
    expect([5, 6, 7, 8, 9, 10, 11, 12, 13].map((r) => ws.cell(`I${r}`).value)).toEqual([14, 16, 13, 5, 14, 7, 4, 7, 2]);
    expect(ws.cell('I14').formula).toBe('=SUM(I5:I13)');
    // Writing again replaces it (recognised by its A1 marker), never a copy beside it.
    expect(await backend.writeAllocation(out.result!.plan)).toBe(name);
    expect(book.sheets).toHaveLength(4);
  });
});
