/** @jest-environment jsdom */
// "Tạo phụ lục": from the sheets of the open workbook (Excel) or several files
// (browser page), near-misses merged only when confirmed, the plan checked by
// the engine, and the write buttons handing the backend the planned sheet.
import './stubs';
import * as React from 'react';
import { readFileSync } from 'fs';
import { join } from 'path';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../src/ui/App';
import type { Workbook } from '../../src/core/grid';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';
import { sheet } from '../helpers';
import { THREE_DISTRICTS, districtValues } from '../seed004-districts';
import { FakeBackend } from './fake-backend';
import { FilesBackend, SheetWritingBackend } from './panel-backends';
import ExcelJS from 'exceljs';
import { BrowserBackend } from '../../src/ui/browser-backend';
import { ThreadClient } from '../../src/ui/worker/client';

/** A district's own sheet (see test/seed004-districts.ts). */
const districtSheet = (name: string, hh23: number, hh24: number, poor: number, reduction: number) => sheet(name, districtValues(name, hh23, hh24, poor, reduction));

// Three districts of seed 004 (poor 2023, reduction 2024), households chosen to give its rates.
const DISTRICTS = THREE_DISTRICTS;
const districts = (): Workbook => ({ sheets: DISTRICTS.map((d) => districtSheet(...d)) });

let thinhDuc: Workbook;
beforeAll(async () => {
  thinhDuc = await readXlsxBuffer(readFileSync(join(__dirname, '..', '..', 'samples', '003-thinh-duc.xlsx')));
});

async function open(backend: FakeBackend) {
  await act(async () => {
    render(<App backend={backend} initialLang="vi" />);
  });
  fireEvent.click(screen.getByTestId('tab-appendix'));
  return within(screen.getByTestId('panel-appendix'));
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const units = () => screen.getAllByTestId('appendix-row').map((r) => r.dataset.unit);

describe('appendix from the sheets of the open workbook (Excel)', () => {
  test('each sheet’s total row is one unit named after the sheet; total first; the write hands over the plan and its chart range', async () => {
    const backend = new SheetWritingBackend(districts());
    const panel = await open(backend);
    expect(panel.queryByTestId('appendix-files')).toBeNull();
    fireEvent.click(panel.getByTestId('appendix-load'));
    await waitFor(() => expect(screen.getAllByTestId('appendix-row')).toHaveLength(3));
    expect(backend.reads).toBe(1);
    type('appendix-year', '2024');
    // Worked out again once the year has been still for a moment; until then it cannot be written.
    expect((screen.getByTestId('write-appendix') as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(screen.queryByTestId('appendix-computing')).toBeNull());
    expect(units()).toEqual(DISTRICTS.map((d) => d[0]));
    const total = screen.getByTestId('appendix-total');
    expect(total.dataset.unit).toBe('Toàn tỉnh');
    // Total row comes first when "top" (seed 004's form).
    const body = total.parentElement!;
    expect(body.firstElementChild).toBe(total);
    // A Lưới: 3.485 poor, 24,40 % → 2.289, 15,83 %.
    const aLuoi = screen.getAllByTestId('appendix-row').find((r) => r.dataset.unit === 'Huyện A Lưới')!;
    const text = within(aLuoi).getAllByRole('cell').map((c) => c.textContent);
    expect(text).toEqual(expect.arrayContaining(['3.485', '24,40', '1.196', '2.289', '15,83']));
    expect(screen.queryByTestId('appendix-error')).toBeNull();

    fireEvent.click(screen.getByTestId('write-appendix'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toMatch(/^Đã ghi phụ lục vào trang “.+” kèm biểu đồ\.$/));
    expect(backend.appendices).toHaveLength(1);
    const { plan, chart } = backend.appendices[0];
    expect(plan.purpose).toBe('appendix');
    expect(plan.cells.find((c) => c.row === 4 && c.col === 1)?.value).toBe('Toàn tỉnh');
    // The chart's rows are sorted by the 2024 rate, lowest first (the bar chart shows the highest on top).
    expect(chart!.names).toEqual(['Thành phố Huế', 'Huyện Nam Đông', 'Huyện A Lưới']);
    expect(chart!.endRates).toEqual([...chart!.endRates].sort((a, b) => a - b));
  });

  test('total at the bottom, and leaving a sheet out, change the preview', async () => {
    const backend = new SheetWritingBackend(districts());
    await open(backend);
    fireEvent.click(screen.getByTestId('appendix-load'));
    await waitFor(() => expect(screen.getAllByTestId('appendix-row')).toHaveLength(3));
    type('appendix-total-at', 'bottom');
    // Worked out once the inputs have been still for a moment.
    await waitFor(() => {
      const total = screen.getByTestId('appendix-total');
      expect(total.parentElement!.lastElementChild).toBe(total);
    });
    const nam = screen.getAllByTestId('appendix-source').find((el) => el.getAttribute('data-id') === '|Huyện Nam Đông')!;
    fireEvent.click(nam);
    await waitFor(() => expect(units()).toEqual(['Thành phố Huế', 'Huyện A Lưới']));
  });

  test('an appendix the engine finds wrong is not written: the error is shown and the button stays off', async () => {
    // A district whose reduction is larger than its poor: the remaining count goes negative.
    const wb = districts();
    wb.sheets.push(districtSheet('Huyện Lỗi', 5000, 5000, 10, 40));
    const backend = new SheetWritingBackend(wb);
    await open(backend);
    fireEvent.click(screen.getByTestId('appendix-load'));
    await waitFor(() => expect(screen.getAllByTestId('appendix-row')).toHaveLength(4));
    expect(screen.getByTestId('appendix-error').textContent).toContain('Phụ lục có lỗi nên chưa tạo được');
    // Each error names the unit and the source it came from (not a cell of the unwritten sheet), and what to do.
    const causes = screen.getAllByTestId('appendix-cause');
    expect(causes.map((c) => `${c.dataset.unit} | ${c.dataset.sources}`)).toEqual(Array(causes.length).fill('Huyện Lỗi | Huyện Lỗi › A2:I5'));
    expect(causes.map((c) => c.textContent).join(' ')).not.toMatch(/(?<![:\w])[A-Z]\d+(?![:\w])/);
    expect(screen.getByTestId('appendix-what-to-do').textContent).toContain('bỏ chọn nguồn');
    expect((screen.getByTestId('write-appendix') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('write-appendix'));
    expect(backend.appendices).toEqual([]);
    // Doing what it says: untick that source, and the appendix of the others can be written.
    const box = screen.getAllByTestId('appendix-source').find((el) => el.closest('[data-id]')?.getAttribute('data-id')?.endsWith('|Huyện Lỗi') || el.getAttribute('data-id')?.endsWith('|Huyện Lỗi'))!;
    fireEvent.click(box.querySelector('input') ?? box);
    await waitFor(() => expect(screen.queryByTestId('appendix-error')).toBeNull());
    expect((screen.getByTestId('write-appendix') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('appendix from several files (browser page)', () => {
  test('seed 003 unit rows: ĐẦU PHẦN / ĐẦU PHÂN asked, kept apart until confirmed, then merged into one row', async () => {
    const backend = new FilesBackend({ '003-thinh-duc.xlsx': thinhDuc });
    await open(backend);
    const input = screen.getByTestId('appendix-files') as HTMLInputElement;
    expect(input.multiple).toBe(true);
    type('appendix-mode', 'units');
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File([new Uint8Array(4)], '003-thinh-duc.xlsx')] } });
    });
    await waitFor(() => expect(screen.getAllByTestId('near-miss')).toHaveLength(1));
    const miss = screen.getByTestId('near-miss');
    expect(miss.textContent).toContain('ĐẦU PHẦN / ĐẦU PHÂN: cùng một đơn vị?');
    expect(miss.dataset.confirmed).toBe('false');
    expect(units()).toHaveLength(13);
    expect(units()).toEqual(expect.arrayContaining(['ĐẦU PHẦN', 'ĐẦU PHÂN']));

    fireEvent.click(within(miss).getByTestId('near-miss-confirm'));
    await waitFor(() => expect(screen.getByTestId('near-miss').dataset.confirmed).toBe('true'));
    await waitFor(() => expect(units()).toHaveLength(12));
    expect(units()).toContain('ĐẦU PHẦN');
    expect(units()).not.toContain('ĐẦU PHÂN');
    // Unconfirming splits them again.
    fireEvent.click(within(screen.getByTestId('near-miss')).getByTestId('near-miss-confirm'));
    await waitFor(() => expect(units()).toHaveLength(13));
  });

  test('several files, each one unit named after its file; "Tải phụ lục" builds the .xlsx in the page and offers a link', async () => {
    const files: Record<string, Workbook> = {};
    for (const d of DISTRICTS) files[`${d[0]}.xlsx`] = { sheets: [districtSheet('Biểu 01', d[1], d[2], d[3], d[4])] };
    const backend = new FilesBackend(files);
    await open(backend);
    type('appendix-year', '2024');
    await act(async () => {
      fireEvent.change(screen.getByTestId('appendix-files'), { target: { files: DISTRICTS.map((d) => new File([new Uint8Array(4)], `${d[0]}.xlsx`)) } });
    });
    await waitFor(() => expect(screen.getAllByTestId('appendix-row')).toHaveLength(3));
    expect(backend.read).toEqual(DISTRICTS.map((d) => `${d[0]}.xlsx`));
    expect(units()).toEqual(DISTRICTS.map((d) => d[0]));
    expect(screen.queryByTestId('download-appendix')).toBeNull();
    fireEvent.click(screen.getByTestId('write-appendix'));
    const link = await screen.findByTestId('download-appendix', undefined, { timeout: 10000 });
    expect(backend.exported).toHaveLength(1);
    expect(backend.exported[0][0].purpose).toBe('appendix');
    expect(link.getAttribute('href')).toMatch(/^blob:/);
    expect(link.getAttribute('download')).toMatch(/\.xlsx$/);
    expect(Number(link.dataset.bytes)).toBeGreaterThan(1000);
  });

  test('the page: files read where the work runs, the appendix worked out there once typing stops', async () => {
    const backend = new BrowserBackend({ storage: null, client: new ThreadClient() });
    const asked = jest.spyOn(backend, 'appendix');
    await act(async () => {
      render(<App backend={backend} initialLang="vi" />);
    });
    fireEvent.click(screen.getByTestId('tab-appendix'));
    const files: File[] = [];
    for (const [name, hh23, hh24, poor, reduction] of DISTRICTS) {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Biểu 01').addRows(districtValues(name, hh23, hh24, poor, reduction));
      files.push(new File([(await wb.xlsx.writeBuffer()) as ArrayBuffer], `${name}.xlsx`));
    }
    await act(async () => {
      fireEvent.change(screen.getByTestId('appendix-files'), { target: { files: [...files, new File([new Uint8Array(4)], 'hỏng.xlsx')] } });
    });
    await waitFor(() => expect(units()).toEqual(DISTRICTS.map((d) => d[0])), { timeout: 10000 });
    expect(screen.getByTestId('appendix-unreadable').textContent).toContain('hỏng.xlsx');
    const before = asked.mock.calls.length;
    // "2024" typed a key at a time: one appendix, for 2024, once the keys stop.
    for (const y of ['2', '20', '202', '2024']) type('appendix-year', y);
    expect(screen.getByTestId('appendix-computing')).toBeTruthy();
    expect((screen.getByTestId('write-appendix') as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(screen.queryByTestId('appendix-computing')).toBeNull());
    expect(asked.mock.calls.slice(before).map((c) => c[0].year)).toEqual([2024]);
    expect((screen.getByTestId('write-appendix') as HTMLButtonElement).disabled).toBe(false);
    const nam = screen.getAllByTestId('appendix-source').find((el) => el.getAttribute('data-id') === 'Huyện Nam Đông.xlsx|Biểu 01')!;
    fireEvent.click(nam);
    await waitFor(() => expect(units()).toEqual(['Thành phố Huế', 'Huyện A Lưới']));
  }, 30000);

  test('a file that cannot be read is named, the others still count', async () => {
    const backend = new FilesBackend({ 'Huế.xlsx': { sheets: [districtSheet('Biểu', 132154, 135000, 859, 103)] } });
    await open(backend);
    await act(async () => {
      fireEvent.change(screen.getByTestId('appendix-files'), { target: { files: [new File([new Uint8Array(4)], 'Huế.xlsx'), new File([new Uint8Array(4)], 'hỏng.xlsx')] } });
    });
    await waitFor(() => expect(screen.getAllByTestId('appendix-row')).toHaveLength(1));
    expect(screen.getByTestId('appendix-unreadable').textContent).toContain('hỏng.xlsx');
  });
});
