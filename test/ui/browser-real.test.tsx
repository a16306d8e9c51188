/** @jest-environment jsdom */
// The page with the real BrowserBackend (ExcelJS in jsdom): the sample file
// set on the file input ends up as listed issues at C18 and C38.
import './stubs';
import * as React from 'react';
import { readFileSync } from 'fs';
import { join } from 'path';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../src/ui/App';
import { BrowserBackend } from '../../src/ui/browser-backend';

const SAMPLE = join(__dirname, '..', '..', 'samples', '003-thinh-duc.xlsx');

test('opening the Thịnh Đức sample through the file input lists C18 and C38 and previews the sheet', async () => {
  const backend = new BrowserBackend({ storage: null });
  await act(async () => {
    render(<App backend={backend} initialLang="vi" />);
  });
  const file = new File([readFileSync(SAMPLE)], '003-thinh-duc.xlsx');
  await act(async () => {
    fireEvent.change(screen.getByTestId('file-input'), { target: { files: [file] } });
  });
  await waitFor(() => expect(screen.getAllByTestId('issue').length).toBeGreaterThan(0), { timeout: 20000 });
  const sums = screen.getAllByTestId('issue').filter((el) => el.dataset.rule === 'sum-mismatch').map((el) => el.dataset.cell);
  expect(sums).toEqual(expect.arrayContaining(['C18', 'C38']));
  expect(screen.getByTestId('file-name').textContent).toContain('003-thinh-duc.xlsx');
  const c18 = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'C18')!;
  expect(within(c18).getByTestId('issue-stated').textContent).toBe('2.211');
  expect(within(c18).getByTestId('issue-expected').textContent).toBe('2.111');
  const preview = screen.getByTestId('preview');
  expect(preview.dataset.sheet).toBe('Phân bổ 2022');
  expect((preview.querySelector('td[data-cell="C18"]') as HTMLElement).dataset.severity).toBe('error');
  fireEvent.click(c18);
  await waitFor(() => expect(preview.querySelector('[data-selected="true"]')?.getAttribute('data-cell')).toBe('C18'));
}, 30000);
