/** @jest-environment jsdom */
// "So sánh với năm trước" in the pane: this year's workbook from the backend
// (Excel-like, no file reader of its own: the pane reads last year's .xlsx
// itself), last year's file from a file input, issues listed like a check and
// a click selecting the cell.
import './stubs';
import * as React from 'react';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../src/ui/App';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';
import { FakeBackend } from './fake-backend';
import { seed003NextYear, writeCommunePlan, writeMap } from '../compare-fixtures';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', '003-thinh-duc.xlsx');
let tmp: string;
let backend: FakeBackend;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-compare-ui-'));
  const file = path.join(tmp, 'thinh-duc-2023.xlsx');
  await writeCommunePlan(file, 2023, await seed003NextYear(SAMPLE));
  backend = new FakeBackend(await readXlsxBuffer(fs.readFileSync(file)));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const xlsxFile = (p: string, name = path.basename(p)) => new File([fs.readFileSync(p)], name);

test('last year’s file chosen in the pane: the two planted differences listed at this year’s cells; a click selects the cell', async () => {
  await act(async () => {
    render(<App backend={backend} initialLang="vi" />);
  });
  fireEvent.click(screen.getByTestId('tab-compare'));
  const panel = within(screen.getByTestId('panel-compare'));
  expect(panel.getByText('So sánh với năm trước')).toBeTruthy();
  expect((panel.getByTestId('compare-run') as HTMLButtonElement).disabled).toBe(true);
  await act(async () => {
    fireEvent.change(panel.getByTestId('compare-previous'), { target: { files: [xlsxFile(SAMPLE)] } });
  });
  await waitFor(() => expect(panel.getByTestId('compare-previous-name').textContent).toBe('Đã chọn: 003-thinh-duc.xlsx'));
  await act(async () => {
    fireEvent.click(panel.getByTestId('compare-run'));
  });
  await waitFor(() => expect(panel.getByTestId('compare-summary').textContent).toContain('hộ nghèo 12, hộ cận nghèo 11'));
  const issues = panel.getAllByTestId('issue');
  const errors = issues.filter((i) => i.dataset.severity === 'error');
  expect(errors.map((i) => [i.dataset.cell, i.dataset.rule])).toEqual([
    ['D15', 'carry-mismatch'],
    ['D25', 'carry-mismatch'],
  ]);
  expect(errors[0].textContent).toContain("003-thinh-duc.xlsx › 'Phân bổ 2022'!G7");
  expect(issues.map((i) => i.dataset.rule).sort()).toEqual(['carry-mismatch', 'carry-mismatch', 'households-change', 'name-near-miss']);
  fireEvent.click(errors[0]);
  await waitFor(() => expect(backend.selects).toContainEqual(['Phân bổ 2023', 'D15']));
  expect(panel.queryByTestId('compare-elsewhere')).toBeNull();

  // A map that has no list in it is said so, in Vietnamese; the share must be a percentage.
  await act(async () => {
    fireEvent.change(panel.getByTestId('compare-map'), { target: { files: [xlsxFile(SAMPLE, 'khong-phai-ban-do.xlsx')] } });
  });
  fireEvent.change(panel.getByTestId('compare-share'), { target: { value: 'nhiều' } });
  expect((panel.getByTestId('compare-run') as HTMLButtonElement).disabled).toBe(true);
  expect(panel.getByRole('alert').textContent).toBe('Nhập phần trăm từ 0 đến 100.');
});

test('with a map, names the map lists but no file has are listed with the map file', async () => {
  const map = path.join(tmp, 'sap-nhap.xlsx');
  await writeMap(map, [['NHÂN HÒA', ['NHÂN HÒA']], ['Xóm Mới', ['PHÚC HÒA', 'Xóm Cũ']]]);
  await act(async () => {
    render(<App backend={backend} initialLang="en" />);
  });
  fireEvent.click(screen.getByTestId('tab-compare'));
  const panel = within(screen.getByTestId('panel-compare'));
  await act(async () => {
    fireEvent.change(panel.getByTestId('compare-previous'), { target: { files: [xlsxFile(SAMPLE)] } });
    fireEvent.change(panel.getByTestId('compare-map'), { target: { files: [xlsxFile(map)] } });
  });
  await waitFor(() => expect(panel.getByTestId('compare-map-name').textContent).toBe('sap-nhap.xlsx: 3 former units'));
  await act(async () => {
    fireEvent.click(panel.getByTestId('compare-run'));
  });
  await waitFor(() => expect(panel.getByTestId('compare-elsewhere')).toBeTruthy());
  const elsewhere = panel.getByTestId('compare-elsewhere').textContent ?? '';
  expect(elsewhere).toContain('New unit "Xóm Mới" (from PHÚC HÒA, Xóm Cũ)');
  expect(elsewhere).toContain('sap-nhap.xlsx');
});

test('a column role the officer changed in the pane is what the comparison reads', async () => {
  const sheet = backend.workbook.sheets[0].name;
  const saved = backend.overrides;
  // Column D (poor at the start) set aside: nothing of this year's is carried from last year's end any more.
  backend.overrides = { [sheet]: { D: 'unknown' } };
  try {
    await act(async () => {
      render(<App backend={backend} initialLang="vi" />);
    });
    fireEvent.click(screen.getByTestId('tab-compare'));
    const panel = within(screen.getByTestId('panel-compare'));
    await act(async () => {
      fireEvent.change(panel.getByTestId('compare-previous'), { target: { files: [xlsxFile(SAMPLE)] } });
    });
    await waitFor(() => expect(panel.getByTestId('compare-previous-name')).toBeTruthy());
    await act(async () => {
      fireEvent.click(panel.getByTestId('compare-run'));
    });
    await waitFor(() => expect(panel.getByTestId('compare-summary')).toBeTruthy());
    const rules = panel.queryAllByTestId('issue').map((i) => i.dataset.rule);
    expect(rules).not.toContain('carry-mismatch');
    expect(rules).toContain('households-change');
  } finally {
    backend.overrides = saved;
  }
});
