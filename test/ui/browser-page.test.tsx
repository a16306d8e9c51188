/** @jest-environment jsdom */
// The pane as the stand-alone browser page: file opener, sheet preview.
import './stubs';
import * as React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../src/ui/App';
import { t } from '../../src/ui/i18n';
import { PREVIEW_ROWS } from '../../src/ui/components/SheetPreview';
import type { Workbook } from '../../src/core/grid';
import { COMMUNE_HEADER, sheet as sheetOf, communeSheet } from '../helpers';
import { FakeFileBackend, UNITS, faultySheet } from './fake-backend';

function xlsxFile(name: string, bytes = new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3])): File {
  return new File([bytes], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

async function setup(files: Record<string, Workbook>) {
  const backend = new FakeFileBackend(files);
  await act(async () => {
    render(<App backend={backend} initialLang="vi" />);
  });
  return backend;
}

async function openVia(input: HTMLElement, file: File) {
  await act(async () => {
    fireEvent.change(input, { target: { files: [file] } });
  });
}

/** A faulty commune table plus cells holding markup, and a second sheet. */
function htmlWorkbook(): Workbook {
  const s = faultySheet('Xã');
  s.rows[0][11] = { value: { kind: 'text', value: '<script>window.__pwned = 1</script>' } };
  s.rows[1][11] = { value: { kind: 'text', value: '<b>x</b>' } };
  s.rows[1][12] = { value: { kind: 'text', value: '<img src=x onerror="window.__pwned = 2">' } };
  const other = communeSheet(UNITS.slice(0, 2), 'Thôn');
  return { sheets: [s, other] };
}

describe('browser page: opening files', () => {
  test('shows the open button, the hidden file input, the drop zone, the sample button and the privacy note; no mark buttons', async () => {
    await setup({});
    expect(screen.getByTestId('open-file').textContent).toBe('Mở tệp .xlsx');
    const input = screen.getByTestId('file-input') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.xlsx');
    expect(screen.getByTestId('drop-zone')).toBeTruthy();
    expect(screen.getByTestId('use-sample').textContent).toBe('Dùng tệp mẫu');
    expect(screen.getByText('Tệp được kiểm tra ngay trên máy này, không tải lên đâu cả.')).toBeTruthy();
    expect(screen.getByTestId('file-name').textContent).toBe(t('vi', 'file.none'));
    expect(screen.queryByTestId('mark')).toBeNull();
    expect(screen.queryByTestId('clear-marks')).toBeNull();
    expect(screen.queryByTestId('preview')).toBeNull();
  });

  test('the open button clicks the hidden file input', async () => {
    await setup({});
    const input = screen.getByTestId('file-input') as HTMLInputElement;
    const clicked = jest.fn();
    input.addEventListener('click', clicked);
    fireEvent.click(screen.getByTestId('open-file'));
    expect(clicked).toHaveBeenCalledTimes(1);
  });

  test('checking before a file is open explains what to do', async () => {
    await setup({});
    fireEvent.click(screen.getByTestId('check'));
    const bar = await screen.findByTestId('error');
    expect(bar.textContent).toContain(t('vi', 'error.no-file'));
  });

  test('a file set on the input is read, named, checked and previewed', async () => {
    const backend = await setup({ 'xa.xlsx': htmlWorkbook() });
    await openVia(screen.getByTestId('file-input'), xlsxFile('xa.xlsx'));
    await waitFor(() => expect(backend.opened).toEqual([{ name: 'xa.xlsx', bytes: 7 }]));
    expect(screen.getByTestId('file-name').textContent).toContain('xa.xlsx');
    await screen.findByTestId('summary');
    // The page checks every sheet of the file, whatever the scope asked for.
    expect(backend.checks.map((c) => c.scope)).toEqual(['all']);
    const preview = screen.getByTestId('preview');
    expect(preview.dataset.sheet).toBe('Xã');
    expect(preview.querySelector('td[data-cell="C4"]')!.textContent).toBe('200');
    // Flagged cells carry their severity; the total's 1234.5 is shown in the Vietnamese convention.
    const c7 = preview.querySelector('td[data-cell="C7"]') as HTMLElement;
    expect(c7.dataset.severity).toBe('error');
    expect(c7.textContent).toBe('1.234,5');
    expect((preview.querySelector('td[data-cell="C5"]') as HTMLElement).dataset.severity).toBe('warning');
    expect((preview.querySelector('td[data-cell="A4"]') as HTMLElement).dataset.severity).toBeUndefined();
    // A rate with the 0.00 format keeps its two decimals.
    expect(preview.querySelector('td[data-cell="H4"]')!.textContent).toMatch(/^\d+,\d\d$/);
    // Column letters and row numbers.
    expect(within(preview).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(expect.arrayContaining(['A', 'B', 'J', 'M']));
    expect(within(preview).getAllByRole('rowheader')[0].textContent).toBe('1');
  });

  test('markup in cells is shown as literal text, never as HTML', async () => {
    await setup({ 'xa.xlsx': htmlWorkbook() });
    await openVia(screen.getByTestId('file-input'), xlsxFile('xa.xlsx'));
    const preview = await screen.findByTestId('preview');
    expect(preview.querySelector('td[data-cell="L1"]')!.textContent).toBe('<script>window.__pwned = 1</script>');
    expect(preview.querySelector('td[data-cell="L2"]')!.textContent).toBe('<b>x</b>');
    expect(preview.querySelector('td[data-cell="M2"]')!.textContent).toBe('<img src=x onerror="window.__pwned = 2">');
    expect(preview.querySelector('script, b, img')).toBeNull();
    expect(preview.querySelector('td[data-cell="B6"]')!.textContent).toBe('<b>x</b>');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  test('a file the backend rejects shows the matching message and keeps the page usable', async () => {
    const backend = await setup({});
    await openVia(screen.getByTestId('file-input'), xlsxFile('bang.csv'));
    const bar = await screen.findByTestId('error');
    expect(bar.textContent).toContain(t('vi', 'error.not-xlsx'));
    // The error is shown under the name of the file that failed, not as "no file" or the previous file.
    expect(screen.getByTestId('file-name').textContent).toBe(t('vi', 'file.failed', { name: 'bang.csv' }));
    expect(backend.checks).toHaveLength(0);
    expect((screen.getByTestId('open-file') as HTMLButtonElement).disabled).toBe(false);
  });

  test('a file dropped on the drop zone is opened', async () => {
    const backend = await setup({ 'tha.xlsx': htmlWorkbook() });
    await act(async () => {
      fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [xlsxFile('tha.xlsx')] } });
    });
    await waitFor(() => expect(backend.opened.map((o) => o.name)).toEqual(['tha.xlsx']));
    await screen.findByTestId('preview');
  });

  test('"Dùng tệp mẫu" loads the sample through the backend', async () => {
    const backend = await setup({ 'sample.xlsx': htmlWorkbook() });
    await act(async () => {
      fireEvent.click(screen.getByTestId('use-sample'));
    });
    await waitFor(() => expect(backend.sampleLoads).toBe(1));
    expect(screen.getByTestId('file-name').textContent).toContain('sample.xlsx');
    await screen.findByTestId('summary');
  });
});

describe('browser page: preview', () => {
  test('clicking an issue selects and highlights its cell in the preview', async () => {
    const backend = await setup({ 'xa.xlsx': htmlWorkbook() });
    await openVia(screen.getByTestId('file-input'), xlsxFile('xa.xlsx'));
    await screen.findByTestId('summary');
    const preview = screen.getByTestId('preview');
    expect(preview.querySelector('[data-selected="true"]')).toBeNull();
    const g5 = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'G5')!;
    fireEvent.click(g5);
    await waitFor(() => expect(preview.querySelector('[data-selected="true"]')?.getAttribute('data-cell')).toBe('G5'));
    expect(backend.selects).toEqual([['Xã', 'G5']]);
    fireEvent.keyDown(screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'C7')!, { key: 'Enter' });
    await waitFor(() => expect(preview.querySelector('[data-selected="true"]')?.getAttribute('data-cell')).toBe('C7'));
    expect(preview.querySelectorAll('[data-selected="true"]')).toHaveLength(1);
  });

  test('every sheet has a summary line; the sheet selector switches the issues and the preview together', async () => {
    const backend = await setup({ 'xa.xlsx': htmlWorkbook() });
    await openVia(screen.getByTestId('file-input'), xlsxFile('xa.xlsx'));
    await screen.findByTestId('summary');
    const states = () => screen.getAllByTestId('sheet-status').map((el) => `${el.dataset.sheet} ${el.dataset.state}`);
    expect(states()).toEqual(['Xã issues', 'Thôn clean']);
    const select = screen.getByTestId('sheet-select') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(['Xã', 'Thôn']);
    fireEvent.change(select, { target: { value: 'Thôn' } });
    expect(screen.getByTestId('preview').dataset.sheet).toBe('Thôn');
    expect(backend.getActiveSheet()).toBe('Thôn');
    // Thôn is consistent: no issue of Xã is listed under it, and it says so.
    expect(screen.queryAllByTestId('issue')).toHaveLength(0);
    expect(screen.getByTestId('summary-clean').dataset.sheet).toBe('Thôn');
    fireEvent.click(screen.getByTestId('check'));
    await waitFor(() => expect(backend.checks).toHaveLength(2));
    // A new check keeps the sheet the user chose, and still lists both.
    await waitFor(() => expect(states()).toEqual(['Xã issues', 'Thôn clean']));
    expect(screen.getByTestId('preview').dataset.sheet).toBe('Thôn');
    fireEvent.click(screen.getAllByTestId('sheet-status')[0]);
    expect(screen.getByTestId('preview').dataset.sheet).toBe('Xã');
    expect(screen.getAllByTestId('issue').every((el) => el.dataset.sheet === 'Xã')).toBe(true);
    expect(screen.getAllByTestId('issue').length).toBeGreaterThan(0);
  });

  test('a workbook whose first sheet holds notes opens on its table sheet; a header-only sheet says it has no data rows', async () => {
    const notes = sheetOf('Ghi chú', [['Hướng dẫn điền biểu'], ['Số liệu tính đến 31/12']]);
    const headerOnly = sheetOf('Trống', [COMMUNE_HEADER]);
    await setup({ 'ghichu.xlsx': { sheets: [notes, faultySheet('Xã'), headerOnly] } });
    await openVia(screen.getByTestId('file-input'), xlsxFile('ghichu.xlsx'));
    await screen.findByTestId('summary', {}, { timeout: 10_000 });
    const states = screen.getAllByTestId('sheet-status').map((el) => `${el.dataset.sheet} ${el.dataset.state}`);
    expect(states).toEqual(['Ghi chú no-table', 'Xã issues', 'Trống no-rows']);
    expect(screen.queryByTestId('no-table')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('preview').dataset.sheet).toBe('Xã'));
    expect(screen.getAllByTestId('issue').length).toBeGreaterThan(0);
    fireEvent.click(screen.getAllByTestId('sheet-status')[2]);
    expect(screen.queryByTestId('summary-clean')).toBeNull();
    expect(screen.getByTestId('summary-no-rows').textContent).toBe(t('vi', 'page.sheetNoRows', { sheet: 'Trống' }));
  });

  test('no sheet selector for a one-sheet workbook', async () => {
    await setup({ 'one.xlsx': { sheets: [faultySheet()] } });
    await openVia(screen.getByTestId('file-input'), xlsxFile('one.xlsx'));
    await screen.findByTestId('preview');
    expect(screen.queryByTestId('sheet-select')).toBeNull();
  });

  test('an issue on another sheet brings that sheet into the preview', async () => {
    const wb = htmlWorkbook();
    wb.sheets[1].rows[3][2] = { value: { kind: 'number', value: 1 } }; // Thôn C4: a households count too small for its poor
    await setup({ 'xa.xlsx': wb });
    await openVia(screen.getByTestId('file-input'), xlsxFile('xa.xlsx'));
    await screen.findByTestId('summary');
    expect(screen.queryByTestId('check-all')).toBeNull();
    fireEvent.click(screen.getAllByTestId('sheet-status').find((el) => el.dataset.sheet === 'Thôn')!);
    await waitFor(() => expect(screen.getAllByTestId('issue').some((el) => el.dataset.sheet === 'Thôn')).toBe(true));
    const onOther = screen.getAllByTestId('issue').find((el) => el.dataset.sheet === 'Thôn')!;
    fireEvent.click(onOther);
    await waitFor(() => expect(screen.getByTestId('preview').dataset.sheet).toBe('Thôn'));
    expect(screen.getByTestId('preview').querySelector('[data-selected="true"]')!.getAttribute('data-cell')).toBe(onOther.dataset.cell);
  });

  test('a big sheet renders only a window of rows around the selected cell', async () => {
    const rows: unknown[][] = [['TT', 'Tên thôn', 'Tổng số hộ']];
    for (let i = 1; i <= 1500; i++) rows.push([i, `Thôn ${i}`, 100 + i]);
    rows[1200][2] = '#REF!';
    await setup({ 'lon.xlsx': { sheets: [sheetOf('Lớn', rows)] } });
    await openVia(screen.getByTestId('file-input'), xlsxFile('lon.xlsx'));
    await screen.findByTestId('summary');
    const preview = screen.getByTestId('preview');
    expect(preview.querySelectorAll('tbody tr')).toHaveLength(PREVIEW_ROWS);
    expect(preview.querySelector('td[data-cell="C1201"]')).toBeNull();
    expect(screen.getByTestId('preview-note').textContent).toBe('Đang hiện dòng 1–100 trong tổng số 1.501 dòng.');
    const issue = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'C1201');
    expect(issue).toBeDefined();
    fireEvent.click(issue!);
    await waitFor(() => expect(preview.querySelector('td[data-cell="C1201"]')?.getAttribute('data-selected')).toBe('true'));
    expect(preview.querySelectorAll('tbody tr').length).toBeLessThanOrEqual(PREVIEW_ROWS);
    expect(preview.querySelector('td[data-cell="C1"]')).toBeNull();
    expect(screen.getByTestId('preview-note').textContent).toMatch(/^Đang hiện dòng 1\.15\d–1\.25\d trong tổng số 1\.501 dòng\.$/);
  });
});
