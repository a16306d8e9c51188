/** @jest-environment jsdom */
// "Phân bổ chỉ tiêu": seed 001 (Cam Lộ 2019) read from the sample file, the
// real engine and allocator behind a test-double backend.
import './stubs';
import * as React from 'react';
import { readFileSync } from 'fs';
import { join } from 'path';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../src/ui/App';
import { checkWorkbook } from '../../src/core/engine';
import type { Workbook } from '../../src/core/grid';
import { planToSheet } from '../../src/core/plan';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';
import { FakeBackend } from './fake-backend';
import { SheetWritingBackend } from './panel-backends';

const CAM_LO: [string, number][] = [
  ['CAM TUYỀN', 14],
  ['CAM THUY', 16],
  ['CAM HIẾU', 13],
  ['CAM AN', 5],
  ['CAM THÀNH', 14],
  ['TT CAM LỘ', 7],
  ['CAM THANH', 4],
  ['CAM NGHĨA', 7],
  ['CAM CHÍNH', 2],
];

let seed001: Workbook;
beforeAll(async () => {
  seed001 = await readXlsxBuffer(readFileSync(join(__dirname, '..', '..', 'samples', '001-cam-lo.xlsx')));
});

async function setup(backend: FakeBackend = new SheetWritingBackend(seed001), lang: 'vi' | 'en' = 'vi') {
  await act(async () => {
    render(<App backend={backend} initialLang={lang} />);
  });
  fireEvent.click(screen.getByTestId('check'));
  await screen.findByTestId('summary');
  fireEvent.click(screen.getByTestId('tab-allocate'));
  return backend;
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const rows = () => screen.getAllByTestId('allocation-row').map((r) => [r.dataset.unit, Number(r.dataset.reduction)] as [string, number]);

describe('allocation panel', () => {
  test('before any check, the panel says to check first', async () => {
    await act(async () => {
      render(<App backend={new SheetWritingBackend(seed001)} initialLang="vi" />);
    });
    fireEvent.click(screen.getByTestId('tab-allocate'));
    expect(screen.getByTestId('panel-allocate').textContent).toContain('Hãy bấm “Kiểm tra”');
    expect(screen.queryByTestId('write-allocation')).toBeNull();
  });

  test('seed 001: 82 households by the able-to-work poor give the plan’s column, summing to 82, with the arithmetic', async () => {
    await setup();
    expect(within(screen.getByTestId('panel-allocate')).getByTestId('allocation-table').textContent).toContain('Chỉ tiêu GN 2019');
    expect((screen.getByTestId('basis') as HTMLSelectElement).value).toBe('able');
    type('target-households', '82');
    expect(rows()).toEqual(CAM_LO);
    expect(rows().reduce((a, [, r]) => a + r, 0)).toBe(82);
    expect(screen.getByTestId('allocation-total').dataset.reduction).toBe('82');
    const steps = screen.getByTestId('allocation-steps').textContent!;
    expect(steps).toContain('609 hộ nghèo / 14.653 hộ = 4,16 %');
    expect(steps).toContain('609 − 82 = 527');
    expect(steps).toContain('3,60 %');
    // End figures of one unit: 140 − 14 = 126, 126 / 1.411 = 8,93 %.
    const tuyen = screen.getAllByTestId('allocation-row')[0];
    expect(within(tuyen).getAllByRole('cell').map((c) => c.textContent)).toEqual(['CAM TUYỀN', '140', '14', '14', '126', '8,93']);
    expect(screen.queryByTestId('allocation-error')).toBeNull();
  });

  test('expected new poor add to the households that must leave poverty', async () => {
    await setup();
    type('target-households', '82');
    type('new-poor', '35');
    expect(screen.getByTestId('allocation-steps').textContent).toContain('82 + 35 = 117');
    expect(rows()).toEqual(CAM_LO);
  });

  test('a rate with a Vietnamese decimal comma: 3,60 % allows 528 poor, so 81 are allocated', async () => {
    await setup();
    type('target-rate', '3,60');
    expect(screen.getByTestId('allocation-steps').textContent).toContain('tối đa là 528');
    expect(screen.getByTestId('allocation-total').dataset.reduction).toBe('81');
    expect(rows().reduce((a, [, r]) => a + r, 0)).toBe(81);
    rows().forEach(([name, r]) => expect(r).toBeLessThanOrEqual(CAM_LO.find((u) => u[0] === name)![1]));
    // The same with a point gives the same answer.
    type('target-rate', '3.60 %');
    expect(screen.getByTestId('allocation-total').dataset.reduction).toBe('81');
    // Typed with one decimal, the rate is rounded to one decimal (3,6 % allows up to 3,649…): fewer households.
    type('target-rate', '3,6');
    expect(screen.getByTestId('allocation-steps').textContent).toContain('làm tròn 1 chữ số');
    expect(Number(screen.getByTestId('allocation-total').dataset.reduction)).toBeLessThan(81);
  });

  test('infeasible: 90 households but only 82 able to leave poverty — short by 8, every unit named, nothing to write', async () => {
    await setup();
    type('target-households', '90');
    const err = screen.getByTestId('allocation-error');
    expect(err.textContent).toContain('còn thiếu 8 hộ');
    expect(err.textContent).toContain('tổng cộng 82 hộ');
    for (const [name] of CAM_LO) expect(err.textContent).toContain(name);
    expect((screen.getByTestId('write-allocation') as HTMLButtonElement).disabled).toBe(true);
    // Back to a feasible target: writing is possible again.
    type('target-households', '82');
    expect(screen.queryByTestId('allocation-error')).toBeNull();
    expect((screen.getByTestId('write-allocation') as HTMLButtonElement).disabled).toBe(false);
  });

  test('a target that is not a number, and one above all the poor, are explained', async () => {
    await setup();
    type('target-rate', 'abc');
    expect(screen.getByTestId('allocation-error').textContent).toContain('Chỉ tiêu chưa hợp lệ');
    type('target-households', '700');
    expect(screen.getByTestId('allocation-error').textContent).toBe('Không thể giảm 700 hộ: toàn bộ chỉ có 609 hộ nghèo.');
  });

  test('by all poor households: still 82 within the caps; at 60 the big communes get more than by the able-to-work basis', async () => {
    await setup();
    type('target-households', '60');
    const byAble = new Map(rows());
    type('basis', 'poor');
    const byPoor = new Map(rows());
    expect([...byPoor.values()].reduce((a, b) => a + b, 0)).toBe(60);
    expect(byPoor.get('CAM TUYỀN')!).toBeGreaterThanOrEqual(byAble.get('CAM TUYỀN')!);
    expect(byPoor).not.toEqual(byAble);
    for (const [name, cap] of CAM_LO) expect(byPoor.get(name)!).toBeLessThanOrEqual(cap);
  });

  test('seed 004 rules are shown by their labels', async () => {
    await setup();
    type('rules', 'seed004');
    const labels = screen.getByTestId('rule-labels').textContent!;
    expect(labels).toContain('Xã có tỷ lệ hộ nghèo trên 25% giảm từ 4% trở lên');
    expect(labels).toContain('Tỷ lệ hộ nghèo đồng bào DTTS giảm từ 3% trở lên');
    type('target-households', '82');
    // No Cam Lộ commune is above 25 %: no floor, same allocation.
    expect(screen.getAllByTestId('allocation-row').every((r) => r.dataset.floor === '0')).toBe(true);
    expect(rows()).toEqual(CAM_LO);
  });

  test('"Ghi bảng phân bổ" hands the backend the planner’s allocation plan next to the source, which the engine finds clean', async () => {
    const backend = (await setup()) as SheetWritingBackend;
    type('target-households', '82');
    fireEvent.click(screen.getByTestId('write-allocation'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('Đã ghi bảng phân bổ vào trang “Chỉ tiêu GN 2019 – phân bổ”.'));
    expect(backend.allocations).toHaveLength(1);
    const plan = backend.allocations[0];
    expect(plan).toMatchObject({ purpose: 'allocation', source: 'Chỉ tiêu GN 2019' });
    // The planner's layout: names in B, reductions in I, rows 5–13, then a live total in row 14.
    const at = (row: number, col: number) => plan.cells.find((c) => c.row === row && c.col === col);
    expect(CAM_LO.map((_, i) => [at(4 + i, 1)?.value, at(4 + i, 8)?.value])).toEqual(CAM_LO);
    expect(at(13, 8)).toMatchObject({ formula: 'SUM(I5:I13)', result: 82 });
    expect(at(4, 9)).toMatchObject({ formula: 'D5-I5', result: 126 });
    // What the panel previewed is what is written.
    expect(rows()).toEqual(CAM_LO);
    const report = checkWorkbook({ sheets: [planToSheet(plan)] });
    expect(report.sheets[0].tables).toHaveLength(1);
    expect(report.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  test('in English the panel and its arithmetic follow the language', async () => {
    await setup(new SheetWritingBackend(seed001), 'en');
    type('target-households', '82');
    expect(screen.getByTestId('allocation-steps').textContent).toContain('609 − 82 = 527');
    expect(screen.getByTestId('write-allocation').textContent).toBe('Write allocation table');
    type('target-households', '90');
    expect(screen.getByTestId('allocation-error').textContent).toContain('8 households short');
  });

  test('a backend that cannot write has no write button', async () => {
    await setup(new FakeBackend(seed001));
    type('target-households', '82');
    expect(screen.getAllByTestId('allocation-row')).toHaveLength(9);
    expect(screen.queryByTestId('write-allocation')).toBeNull();
  });
});
