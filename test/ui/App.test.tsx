/** @jest-environment jsdom */
import './stubs';
import * as React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../src/ui/App';
import { PaneError, type CheckRun } from '../../src/backend/contract';
import { t } from '../../src/ui/i18n';
import { checkWorkbook } from '../../src/core/engine';
import { sheet as sheetOf } from '../helpers';
import { FakeBackend, MarkingBackend, faultySheet } from './fake-backend';

async function setup<B extends FakeBackend = FakeBackend>(backend: B = new FakeBackend({ sheets: [faultySheet()] }) as B, lang: 'vi' | 'en' = 'vi') {
  let utils!: ReturnType<typeof render>;
  // The pane loads the stored role choices on mount; let that settle inside act.
  await act(async () => {
    utils = render(<App backend={backend} initialLang={lang} />);
  });
  return { backend, ...utils };
}

async function checkAndWait() {
  fireEvent.click(screen.getByTestId('check'));
  await screen.findByTestId('summary');
  return screen.getAllByTestId('issue');
}

const issueKeys = () => screen.getAllByTestId('issue').map((el) => `${el.dataset.sheet}!${el.dataset.cell} ${el.dataset.rule} ${el.dataset.severity}`);

describe('App: checking and listing issues', () => {
  test('lists every issue of the real engine report with its cell, rule, sheet and severity', async () => {
    const { backend } = await setup();
    await checkAndWait();
    expect(backend.checks.map((c) => [c.scope, c.run.lang])).toEqual([['active', 'vi']]);
    const expected = checkWorkbook(backend.workbook, { lang: 'vi' }).issues.map((i) => `${i.sheet}!${i.cell} ${i.rule} ${i.severity}`);
    expect(issueKeys().sort()).toEqual([...expected].sort());
    // The faults planted in the fixture, by cell and rule.
    expect(issueKeys()).toEqual(
      expect.arrayContaining([
        'Xã!C5 number-as-text warning',
        'Xã!G5 balance-mismatch error',
        'Xã!C7 invalid-value error',
      ]),
    );
    // The over-large unable-to-work count: the engine decides which cell of row 6 to blame.
    expect(issueKeys().some((k) => /^Xã![A-Z]+6 exceeds-bound error$/.test(k))).toBe(true);
  });

  test('"Kiểm tra tất cả" checks the whole workbook', async () => {
    const { backend } = await setup();
    fireEvent.click(screen.getByTestId('check-all'));
    await screen.findByTestId('summary');
    expect(backend.checks[0].scope).toBe('all');
  });

  test('groups issues by row with the unit name, errors before warnings within a row', async () => {
    await setup();
    await checkAndWait();
    const groups = screen.getAllByTestId('issue-group');
    const rows = groups.map((g) => Number(g.dataset.row));
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    const row5 = groups.find((g) => g.dataset.row === '5')!;
    expect(row5).toBeDefined();
    expect(row5.textContent).toContain('dòng 5');
    expect(row5.textContent).toContain('Thôn 2');
    const inRow = within(row5).getAllByTestId('issue');
    const cells = inRow.map((el) => el.dataset.cell);
    expect(cells).toContain('G5');
    expect(cells).toContain('C5');
    const severities = inRow.map((el) => el.dataset.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.indexOf('error'));
    expect(severities.lastIndexOf('error')).toBeLessThan(severities.indexOf('warning'));
    // Every issue sits in the group of its own row.
    for (const g of groups) for (const el of within(g).getAllByTestId('issue')) expect(el.dataset.cell!.replace(/^[A-Z]+/, '')).toBe(g.dataset.row);
  });

  test('shows stated and expected values formatted for the language', async () => {
    await setup();
    await checkAndWait();
    const c7 = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'C7')!;
    expect(within(c7).getByTestId('issue-stated').textContent).toBe('1.234,5');
    const g5 = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'G5' && el.dataset.rule === 'balance-mismatch')!;
    expect(within(g5).getByTestId('issue-stated').textContent).toBe('99');
    expect(within(g5).getByTestId('issue-expected').textContent).toBe('22');
  });

  test('summary gives the table range and its error and warning counts', async () => {
    const { backend } = await setup();
    await checkAndWait();
    const report = checkWorkbook(backend.workbook, { lang: 'vi' });
    const errors = report.issues.filter((i) => i.severity === 'error').length;
    const warnings = report.issues.filter((i) => i.severity === 'warning').length;
    const line = screen.getByTestId('summary-table');
    expect(line.dataset.range).toBe('A3:J7');
    expect(line.dataset.sheet).toBe('Xã');
    expect(line.textContent).toContain('A3:J7');
    expect(line.textContent).toContain(`${errors} lỗi, ${warnings} cảnh báo`);
    expect(errors).toBeGreaterThanOrEqual(3);
  });

  test('a sheet without a table gets the no-table message', async () => {
    await setup(new FakeBackend({ sheets: [sheetOf('Ghi chú', [['Chỉ có chữ ở đây'], ['và ở đây']])] }));
    fireEvent.click(screen.getByTestId('check'));
    const noTable = await screen.findByTestId('no-table');
    expect(noTable.textContent).toBe(t('vi', 'summary.noTable'));
    expect(screen.queryByTestId('summary-table')).toBeNull();
  });

  test('a workbook without any sheet says so, not "no table"', async () => {
    await setup(new FakeBackend({ sheets: [] }));
    fireEvent.click(screen.getByTestId('check'));
    const note = await screen.findByTestId('no-table');
    expect(note.dataset.reason).toBe('no-sheets');
    expect(note.textContent).toBe(t('vi', 'summary.noSheets'));
    expect(note.textContent).not.toBe(t('vi', 'summary.noTable'));
  });

  test('an issue in a hidden row says so', async () => {
    const s = faultySheet();
    s.hiddenRows = [4]; // row 5
    await setup(new FakeBackend({ sheets: [s] }));
    await checkAndWait();
    const g5 = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'G5')!;
    expect(within(g5).getByTestId('issue-hidden-row').textContent).toBe('dòng đang ẩn');
    const c7 = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'C7')!;
    expect(within(c7).queryByTestId('issue-hidden-row')).toBeNull();
  });

  test('HTML in a unit name stays literal text in the messages', async () => {
    const { container } = await setup();
    await checkAndWait();
    const row6 = screen.getAllByTestId('issue-group').find((g) => g.dataset.row === '6')!;
    const messages = within(row6).getAllByTestId('issue-message');
    expect(messages.some((m) => m.textContent!.includes('(<b>x</b>)'))).toBe(true);
    // The group header names the unit, literally too.
    expect(row6.firstElementChild!.textContent).toContain('<b>x</b>');
    expect(container.querySelector('[data-testid="issues"] b')).toBeNull();
  });
});

describe('App: going to a cell', () => {
  test('clicking an issue selects its cell through the backend', async () => {
    const { backend } = await setup();
    await checkAndWait();
    const g5 = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'G5')!;
    fireEvent.click(g5);
    await waitFor(() => expect(backend.selects).toEqual([['Xã', 'G5']]));
    expect(g5.getAttribute('aria-current')).toBe('true');
  });

  test('issues are keyboard buttons: Enter and Space select the cell', async () => {
    const { backend } = await setup();
    await checkAndWait();
    const c7 = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'C7')!;
    expect(c7.getAttribute('role')).toBe('button');
    expect(c7.tabIndex).toBe(0);
    fireEvent.keyDown(c7, { key: 'Enter' });
    const c5 = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'C5')!;
    fireEvent.keyDown(c5, { key: ' ' });
    fireEvent.keyDown(c5, { key: 'a' });
    await waitFor(() =>
      expect(backend.selects).toEqual([
        ['Xã', 'C7'],
        ['Xã', 'C5'],
      ]),
    );
  });

  test('a failing selectCell shows its error', async () => {
    const { backend } = await setup();
    await checkAndWait();
    backend.selectCell = async () => {
      throw new PaneError('read-failed');
    };
    fireEvent.click(screen.getAllByTestId('issue')[0]);
    expect((await screen.findByTestId('error')).textContent).toContain(t('vi', 'error.read-failed'));
  });
});

describe('App: column roles', () => {
  test('tables panel is collapsed, lists columns with their roles, and a change saves merged overrides and re-runs', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] }, { Xã: { B: 'unit' }, Khác: { D: 'poor.end' } });
    await setup(backend);
    await checkAndWait();
    // Collapsed by default: no role pickers until the table is opened.
    expect(screen.queryByTestId('role-Xã-C')).toBeNull();
    const item = screen.getByTestId('table-item');
    expect(item.dataset.range).toBe('A3:J7');
    fireEvent.click(within(item).getByRole('button'));
    const select = (await screen.findByTestId('role-Xã-C')) as HTMLSelectElement;
    expect(select.value).toBe('households');
    expect(select.selectedOptions[0].textContent).toBe('Tổng số hộ');
    expect(select.dataset.column).toBe('C');
    const columns = screen.getAllByTestId('table-column');
    expect(columns.map((c) => c.dataset.column)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']);
    expect(columns[2].textContent).toContain('Tổng số hộ');
    // Options are the picker's role codes with catalogue labels.
    const h = screen.getByTestId('role-Xã-H') as HTMLSelectElement;
    expect(h.value).toBe('poor.end.rate');
    expect(h.selectedOptions[0].textContent).toBe('Tỷ lệ hộ nghèo cuối kỳ (%)');

    fireEvent.change(select, { target: { value: 'persons' } });
    await waitFor(() => expect(backend.checks).toHaveLength(2));
    expect(backend.saved).toEqual([{ Xã: { B: 'unit', C: 'persons' }, Khác: { D: 'poor.end' } }]);
    expect(backend.checks[1].scope).toBe('active');
    await waitFor(() => expect((screen.getByTestId('role-Xã-C') as HTMLSelectElement).value).toBe('persons'));
    expect(screen.getAllByTestId('table-column')[2].textContent).toContain(t('vi', 'tables.chosen'));
  });

  test('the re-run after a role change keeps the scope of the last check', async () => {
    const { backend } = await setup();
    fireEvent.click(screen.getByTestId('check-all'));
    await screen.findByTestId('summary');
    fireEvent.click(within(screen.getByTestId('table-item')).getByRole('button'));
    fireEvent.change(await screen.findByTestId('role-Xã-D'), { target: { value: 'poor.end' } });
    await waitFor(() => expect(backend.checks).toHaveLength(2));
    expect(backend.checks[1].scope).toBe('all');
    expect(backend.saved).toEqual([{ Xã: { D: 'poor.end' } }]);
  });
});

describe('App: language', () => {
  test('switching language changes the UI strings and re-runs the last check in that language', async () => {
    const { backend } = await setup();
    expect(screen.getByTestId('check').textContent).toBe('Kiểm tra');
    expect(screen.getByTestId('check-all').textContent).toBe('Kiểm tra tất cả');
    await checkAndWait();
    const viMessages = screen.getAllByTestId('issue-message').map((el) => el.textContent);
    fireEvent.change(screen.getByTestId('lang'), { target: { value: 'en' } });
    expect(screen.getByTestId('check').textContent).toBe('Check');
    expect(screen.getByTestId('check-all').textContent).toBe('Check all');
    await waitFor(() => expect(backend.checks).toHaveLength(2));
    expect(backend.checks[1].run.lang).toBe('en');
    const enReport = checkWorkbook(backend.workbook, { lang: 'en' });
    await waitFor(() => expect(screen.getAllByTestId('issue-message').map((el) => el.textContent).sort()).toEqual(enReport.issues.map((i) => i.message).sort()));
    expect(screen.getAllByTestId('issue-message').map((el) => el.textContent)).not.toEqual(viMessages);
    const c7 = screen.getAllByTestId('issue').find((el) => el.dataset.cell === 'C7')!;
    expect(within(c7).getByTestId('issue-stated').textContent).toBe('1,234.5');
    expect(screen.getByTestId('summary-table').textContent).toMatch(/\d+ errors?, \d+ warnings?/);
  });

  test('switching language before any check does not run one', async () => {
    const { backend } = await setup();
    fireEvent.change(screen.getByTestId('lang'), { target: { value: 'en' } });
    expect(screen.getByTestId('check').textContent).toBe('Check');
    expect(backend.checks).toHaveLength(0);
  });

  test('starts in English when asked', async () => {
    await setup(undefined, 'en');
    expect(screen.getByTestId('check').textContent).toBe('Check');
    expect((screen.getByTestId('lang') as HTMLSelectElement).value).toBe('en');
  });
});

describe('App: errors', () => {
  test("PaneError('protected') shows the Vietnamese catalogue text, not the technical detail", async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    backend.failWith = new PaneError('protected', 'InvalidOperation: worksheet.protection at line 42');
    await setup(backend);
    fireEvent.click(screen.getByTestId('check'));
    const bar = await screen.findByTestId('error');
    expect(bar.textContent).toContain('Trang tính đang được bảo vệ');
    expect(bar.textContent).toContain(t('vi', 'error.protected'));
    expect(bar.textContent).not.toContain('InvalidOperation');
    expect(bar.dataset.code).toBe('protected');
  });

  test('the error text follows a language switch', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    backend.failWith = new PaneError('empty-sheet');
    await setup(backend);
    fireEvent.click(screen.getByTestId('check'));
    await screen.findByTestId('error');
    fireEvent.change(screen.getByTestId('lang'), { target: { value: 'en' } });
    await waitFor(() => expect(screen.getByTestId('error').textContent).toContain(t('en', 'error.empty-sheet')));
  });

  test('an unknown error gets the generic message and its first line as a small detail, no stack', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    const err = new TypeError("Cannot read properties of undefined (reading 'values')\n    at ExcelBackend.check (excel.ts:10:5)");
    backend.failWith = err;
    await setup(backend);
    fireEvent.click(screen.getByTestId('check'));
    const bar = await screen.findByTestId('error');
    expect(bar.textContent).toContain(t('vi', 'error.generic'));
    expect(screen.getByTestId('error-detail').textContent).toContain("Cannot read properties of undefined (reading 'values')");
    expect(bar.textContent).not.toContain('excel.ts:10');
    expect(bar.textContent).not.toMatch(/\bat \w/);
  });

  test('the error can be dismissed and a successful check clears it', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    backend.failWith = new PaneError('read-failed');
    await setup(backend);
    fireEvent.click(screen.getByTestId('check'));
    await screen.findByTestId('error');
    backend.failWith = null;
    fireEvent.click(screen.getByTestId('check'));
    await screen.findByTestId('summary');
    expect(screen.queryByTestId('error')).toBeNull();
  });
});

describe('App: progress and cancel', () => {
  function gated(backend: FakeBackend) {
    let progress!: (f: number) => void;
    let release!: () => void;
    let seenSignal: AbortSignal | undefined;
    backend.gate = (run: CheckRun) =>
      new Promise<void>((resolve, reject) => {
        seenSignal = run.signal;
        progress = (f) => run.onProgress?.(f);
        release = resolve;
        run.signal?.addEventListener('abort', () => reject(new PaneError('cancelled')));
      });
    return { progress: (f: number) => progress(f), release: () => release(), signal: () => seenSignal };
  }

  test('shows a progress bar fed by onProgress, and the cancel button aborts the run', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    const gate = gated(backend);
    await setup(backend);
    fireEvent.click(screen.getByTestId('check'));
    const bar = await screen.findByRole('progressbar');
    act(() => gate.progress(0.4));
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('0.4'));
    expect(screen.getByTestId('progress').dataset.value).toBe('0.40');
    const cancel = screen.getByTestId('cancel');
    expect(cancel.textContent).toBe('Huỷ');
    expect(gate.signal()!.aborted).toBe(false);
    fireEvent.click(cancel);
    expect(gate.signal()!.aborted).toBe(true);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByTestId('cancel')).toBeNull();
    const msg = await screen.findByTestId('error');
    expect(msg.textContent).toContain(t('vi', 'error.cancelled'));
    expect(screen.queryByTestId('summary')).toBeNull();
  });

  test('a finished run removes the progress bar and shows the result', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    const gate = gated(backend);
    await setup(backend);
    fireEvent.click(screen.getByTestId('check'));
    await screen.findByRole('progressbar');
    act(() => gate.release());
    await screen.findByTestId('summary');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByTestId('error')).toBeNull();
  });

  test('a result that arrives after cancel is ignored', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    let release!: () => void;
    // A backend that ignores the abort signal.
    backend.gate = () => new Promise<void>((resolve) => (release = resolve));
    await setup(backend);
    fireEvent.click(screen.getByTestId('check'));
    await screen.findByTestId('cancel');
    fireEvent.click(screen.getByTestId('cancel'));
    await act(async () => release());
    expect(screen.queryByTestId('summary')).toBeNull();
    expect(screen.getByTestId('error').dataset.code).toBe('cancelled');
  });
});

describe('App: marking (Excel only)', () => {
  test('no mark buttons for a backend without mark/clearMarks', async () => {
    await setup();
    await checkAndWait();
    expect(screen.queryByTestId('mark')).toBeNull();
    expect(screen.queryByTestId('clear-marks')).toBeNull();
  });

  test('mark and clear call the backend and confirm how many cells', async () => {
    const backend = new MarkingBackend({ sheets: [faultySheet()] });
    await setup(backend);
    expect(screen.getByTestId('mark').textContent).toBe('Đánh dấu trên bảng');
    expect(screen.getByTestId('clear-marks').textContent).toBe('Xoá đánh dấu');
    await checkAndWait();
    fireEvent.click(screen.getByTestId('mark'));
    const status = await screen.findByTestId('status');
    expect(backend.marked).toHaveLength(1);
    const sent = backend.marked[0];
    expect(sent.lang).toBe('vi');
    expect(sent.issues.length).toBeGreaterThan(0);
    expect(sent.issues.every((i) => i.severity !== 'info')).toBe(true);
    const n = new Set(sent.issues.map((i) => i.cell)).size;
    expect(status.textContent).toBe(`Đã đánh dấu ${n} ô.`);
    fireEvent.click(screen.getByTestId('clear-marks'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('Đã xoá đánh dấu ở 3 ô.'));
    expect(backend.cleared).toBe(1);
  });

  test('a protected sheet while marking shows the protected message', async () => {
    const backend = new MarkingBackend({ sheets: [faultySheet()] });
    backend.mark = async () => {
      throw new PaneError('protected');
    };
    await setup(backend);
    await checkAndWait();
    fireEvent.click(screen.getByTestId('mark'));
    expect((await screen.findByTestId('error')).textContent).toContain(t('vi', 'error.protected'));
  });
});
