/** @jest-environment jsdom */
// The pane's write-back: suggestions on issues, "Áp dụng" with confirmation,
// "Áp dụng các sửa chắc chắn", "Hoàn tác", corrected table and report sheets.
import './stubs';
import * as React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../src/ui/App';
import { PaneError } from '../../src/backend/contract';
import { t } from '../../src/ui/i18n';
import type { Suggestion } from '../../src/core/report';
import { FakeBackend, MarkingBackend, type SuggestionPlan, WritingBackend, faultySheet } from './fake-backend';

const sug = (cell: string, value: number, confidence: Suggestion['confidence'], reason: string): Suggestion => ({ cell, value, kind: 'implied', reason, confidence });

/** G5 certain, C7 likely, E6 a tie between E6 and F6 (faultySheet's planted errors). */
const PLAN: SuggestionPlan = {
  G5: { suggestion: sug('G5', 22, 'high', 'Cuối kỳ = đầu kỳ − giảm: 30 − 8 = 22.') },
  C7: { suggestion: sug('C7', 750, 'medium', 'Tổng ba thôn là 750.') },
  E6: { alternatives: [sug('E6', 4, 'low', 'E6 gõ nhầm'), sug('F6', 26, 'low', 'F6 gõ nhầm')] },
};

async function setup(backend: FakeBackend = new WritingBackend({ sheets: [faultySheet()] }, PLAN), lang: 'vi' | 'en' = 'vi') {
  await act(async () => {
    render(<App backend={backend} initialLang={lang} />);
  });
  fireEvent.click(screen.getByTestId('check'));
  await screen.findByTestId('summary');
  return backend;
}

const issueAt = (cell: string) => screen.getAllByTestId('issue').find((el) => el.dataset.cell === cell)!;

describe('suggestions on issues', () => {
  test('a suggestion shows the cell, the value in the reader’s format, its reason and confidence', async () => {
    await setup();
    const g5 = within(issueAt('G5')).getByTestId('issue-suggestion');
    expect(within(g5).getByTestId('suggestion-text').textContent).toBe('Đề xuất: G5 = 22');
    expect(within(g5).getByTestId('suggestion-reason').textContent).toBe('Cuối kỳ = đầu kỳ − giảm: 30 − 8 = 22.');
    expect(within(g5).getByTestId('suggestion-confidence').textContent).toBe('Độ tin cậy: chắc chắn');
    expect(within(issueAt('C7')).getByTestId('suggestion-confidence').textContent).toBe('Độ tin cậy: có thể');
    expect(within(issueAt('C5')).queryByTestId('issue-suggestion')).toBeNull();
  });

  test('in English too, numbers in the English convention', async () => {
    const backend = new WritingBackend({ sheets: [faultySheet()] }, { G5: { suggestion: sug('G5', 2111.5, 'high', 'r') } });
    await setup(backend, 'en');
    expect(within(issueAt('G5')).getByTestId('suggestion-text').textContent).toBe('Suggestion: G5 = 2,111.5');
    expect(within(issueAt('G5')).getByTestId('apply').textContent).toBe('Apply');
  });

  test('a tie lists its cells and has no apply button', async () => {
    await setup();
    const e6 = issueAt('E6');
    expect(within(e6).getByTestId('issue-alternatives').textContent).toContain('Có thể là một trong các ô: E6 = 4; F6 = 26');
    expect(within(e6).queryByTestId('apply')).toBeNull();
    expect(within(e6).queryByTestId('issue-suggestion')).toBeNull();
  });
});

describe('applying one suggestion', () => {
  test('asks first; only the confirmed click writes exactly that issue, then the check runs again', async () => {
    const backend = (await setup()) as WritingBackend;
    expect(backend.checks).toHaveLength(1);
    fireEvent.click(within(issueAt('G5')).getByTestId('apply'));
    const dialog = await screen.findByTestId('confirm');
    expect(within(dialog).getByTestId('confirm-question').textContent).toBe('Sửa ô G5 từ 99 thành 22?');
    expect(backend.applied).toEqual([]);
    expect(backend.selects).toEqual([]); // the button does not also go to the cell

    fireEvent.click(within(dialog).getByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('Đã sửa 1 ô. Bảng đã được kiểm tra lại.'));
    expect(backend.applied).toHaveLength(1);
    expect(backend.applied[0]).toHaveLength(1);
    expect(backend.applied[0][0]).toMatchObject({ sheet: 'Xã', cell: 'G5', rule: 'balance-mismatch', suggestion: PLAN.G5.suggestion });
    expect(backend.checks).toHaveLength(2);
    expect(backend.checks[1].scope).toBe('active');
    expect(screen.queryByTestId('confirm')).toBeNull();
  });

  test('cancel writes nothing', async () => {
    const backend = (await setup()) as WritingBackend;
    fireEvent.click(within(issueAt('C7')).getByTestId('apply'));
    const dialog = await screen.findByTestId('confirm');
    expect(within(dialog).getByTestId('confirm-question').textContent).toBe('Sửa ô C7 từ 1.234,5 thành 750?');
    fireEvent.click(within(dialog).getByTestId('confirm-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm')).toBeNull());
    expect(backend.applied).toEqual([]);
    expect(backend.checks).toHaveLength(1);
  });

  test('a protected sheet: the Vietnamese message in the error bar, no status, no re-check', async () => {
    const backend = (await setup()) as WritingBackend;
    backend.writeFailWith = new PaneError('protected', 'InvalidOperation');
    fireEvent.click(within(issueAt('G5')).getByTestId('apply'));
    fireEvent.click(within(await screen.findByTestId('confirm')).getByTestId('confirm-ok'));
    const bar = await screen.findByTestId('error');
    expect(bar.textContent).toContain(t('vi', 'error.protected'));
    expect(bar.textContent).not.toContain('InvalidOperation');
    expect(screen.queryByTestId('status')).toBeNull();
    expect(backend.checks).toHaveLength(1);
  });
});

describe('"Áp dụng các sửa chắc chắn"', () => {
  test('counts and sends only high-confidence, untied suggestions, after confirming the list', async () => {
    const plan: SuggestionPlan = { ...PLAN, C5: { suggestion: sug('C5', 300, 'high', 'Số lưu dạng văn bản.') } };
    const backend = (await setup(new WritingBackend({ sheets: [faultySheet()] }, plan))) as WritingBackend;
    const button = screen.getByTestId('apply-safe');
    expect(button.textContent).toBe('Áp dụng các sửa chắc chắn (2)');
    fireEvent.click(button);
    const dialog = await screen.findByTestId('confirm');
    expect(within(dialog).getByTestId('confirm-question').textContent).toBe('Sửa 2 ô sau đây?');
    expect(within(dialog).getAllByTestId('confirm-item').map((li) => li.textContent)).toEqual(['C5 = 300', 'G5: 99 → 22']);
    fireEvent.click(within(dialog).getByTestId('confirm-ok'));
    await waitFor(() => expect(backend.applied).toHaveLength(1));
    const sent = backend.applied[0];
    expect(sent.map((i) => i.cell).sort()).toEqual(['C5', 'G5']);
    expect(sent.every((i) => i.suggestion!.confidence === 'high' && !i.alternatives)).toBe(true);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('Đã sửa 2 ô. Bảng đã được kiểm tra lại.'));
  });

  test('disabled when nothing is certain', async () => {
    const backend = new WritingBackend({ sheets: [faultySheet()] }, { C7: PLAN.C7, E6: PLAN.E6 });
    await setup(backend);
    const button = screen.getByTestId('apply-safe') as HTMLButtonElement;
    expect(button.textContent).toBe('Áp dụng các sửa chắc chắn (0)');
    expect(button.disabled).toBe(true);
  });
});

describe('undo, corrected table, report', () => {
  test('undo says how many cells came back and which were left alone, and re-checks', async () => {
    const backend = (await setup()) as WritingBackend;
    backend.undoAnswer = { restored: 2, skipped: [{ sheet: 'Xã', cell: 'C5' }] };
    fireEvent.click(screen.getByTestId('undo'));
    await waitFor(() =>
      expect(screen.getByTestId('status').textContent).toBe('Đã hoàn tác 2 ô. Bảng đã được kiểm tra lại. Để nguyên C5 vì ô đã bị sửa sau khi PovCheck ghi.'),
    );
    expect(backend.undos).toBe(1);
    expect(backend.checks).toHaveLength(2);
    backend.undoAnswer = { restored: 0, skipped: [] };
    // The re-check's result is drawn in slices (a transition); undo waits for it.
    await waitFor(() => expect((screen.getByTestId('undo') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('undo'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('Không có lần sửa nào để hoàn tác.'));
  });

  test('"Ghi bảng đã sửa" and "Báo cáo kiểm tra" send the current result and name the sheets written', async () => {
    const backend = (await setup()) as WritingBackend;
    expect(screen.getByTestId('write-corrected').textContent).toBe('Ghi bảng đã sửa');
    expect(screen.getByTestId('write-report').textContent).toBe('Báo cáo kiểm tra');
    fireEvent.click(screen.getByTestId('write-corrected'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('Đã ghi bảng đã sửa vào trang: “Xã – đã sửa”.'));
    expect(backend.corrected).toHaveLength(1);
    expect(backend.corrected[0].lang).toBe('vi');
    expect(backend.corrected[0].result.report.issues.map((i) => i.cell)).toEqual(expect.arrayContaining(['G5', 'C7']));
    fireEvent.click(screen.getByTestId('write-report'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('Đã ghi báo cáo vào trang “PovCheck – Báo cáo”.'));
    expect(backend.reports).toHaveLength(1);
    // Writing sheets changes no user cell: no re-check.
    expect(backend.checks).toHaveLength(1);
  });

  test('before any check the corrected table and report wait for a result; undo is there', async () => {
    const backend = new WritingBackend({ sheets: [faultySheet()] }, PLAN);
    await act(async () => {
      render(<App backend={backend} initialLang="vi" />);
    });
    expect((screen.getByTestId('write-corrected') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('write-report') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('undo') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('backends without write-back', () => {
  test('no write buttons, no apply buttons; suggestions are still shown', async () => {
    class ReadOnly extends FakeBackend {
      async check(...args: Parameters<FakeBackend['check']>) {
        const res = await super.check(...args);
        for (const i of res.report.issues) Object.assign(i, PLAN[i.cell] ?? {});
        return res;
      }
    }
    await setup(new ReadOnly({ sheets: [faultySheet()] }));
    for (const id of ['apply-safe', 'undo', 'write-corrected', 'write-report', 'apply']) expect(screen.queryByTestId(id)).toBeNull();
    expect(within(issueAt('G5')).getByTestId('suggestion-text').textContent).toBe('Đề xuất: G5 = 22');
  });

  test('marking alone does not bring the write buttons', async () => {
    await setup(new MarkingBackend({ sheets: [faultySheet()] }));
    expect(screen.getByTestId('mark')).toBeTruthy();
    for (const id of ['apply-safe', 'undo', 'write-corrected', 'write-report']) expect(screen.queryByTestId(id)).toBeNull();
  });
});
