/** @jest-environment jsdom */
// The pane's feature hooks (src/ui/state) on their own, without rendering the
// pane: the real engine behind the fake backends of fake-backend.ts.
import { act, renderHook, waitFor } from '@testing-library/react';
import { PaneError, type CheckRun } from '../../src/backend/contract';
import type { Issue, Suggestion } from '../../src/core/report';
import { t } from '../../src/ui/i18n';
import { useCheck } from '../../src/ui/state/check';
import { safeSuggestions, undoMessage, useCorrections } from '../../src/ui/state/corrections';
import { useFeedback, useMounted } from '../../src/ui/state/feedback';
import { useRoleOverrides } from '../../src/ui/state/roles';
import { useWorkbookFile } from '../../src/ui/state/workbook-file';
import { FakeBackend, FakeFileBackend, WritingBackend, faultySheet } from './fake-backend';

function useCheckWithFeedback(backend: FakeBackend) {
  const mounted = useMounted();
  const feedback = useFeedback();
  return { check: useCheck(backend, mounted, feedback), feedback };
}

describe('useCheck', () => {
  test('runs the engine in the asked scope and language, and re-runs the latest scope', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    const { result } = renderHook(() => useCheckWithFeedback(backend));
    expect(result.current.check.lastScope()).toBeNull();
    await act(() => result.current.check.run('all', 'en'));
    expect(result.current.check.running).toBe(false);
    expect(result.current.check.result?.report.issues.some((i) => i.cell === 'G5' && i.severity === 'error')).toBe(true);
    await act(() => result.current.check.rerun('vi'));
    expect(backend.checks.map((c) => [c.scope, c.run.lang])).toEqual([
      ['all', 'en'],
      ['all', 'vi'],
    ]);
    act(() => result.current.check.clear());
    expect(result.current.check.result).toBeNull();
  });

  test('a cancelled run frees the pane at once, reports "cancelled" and its late answer is dropped', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    let release!: () => void;
    const seen: CheckRun[] = [];
    backend.gate = (run) => {
      seen.push(run);
      return new Promise<void>((r) => (release = r));
    };
    const { result } = renderHook(() => useCheckWithFeedback(backend));
    let pending!: Promise<void>;
    act(() => {
      pending = result.current.check.run('active', 'vi');
    });
    expect(result.current.check.running).toBe(true);
    act(() => seen[0].onProgress?.(1.7));
    expect(result.current.check.progress).toBe(1);
    act(() => result.current.check.cancel());
    expect(result.current.check.running).toBe(false);
    expect(seen[0].signal?.aborted).toBe(true);
    expect((result.current.feedback.error as PaneError).code).toBe('cancelled');
    await act(async () => {
      release();
      await pending;
    });
    expect(result.current.check.result).toBeNull();
  });

  test('a newer run supersedes an older one: only the newer answer is kept', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    const releases: (() => void)[] = [];
    backend.gate = () => new Promise<void>((r) => releases.push(r));
    const { result } = renderHook(() => useCheckWithFeedback(backend));
    let first!: Promise<void>;
    let second!: Promise<void>;
    act(() => {
      first = result.current.check.run('active', 'vi');
    });
    act(() => {
      second = result.current.check.run('active', 'en');
    });
    await act(async () => {
      releases[1]();
      await second;
    });
    const kept = result.current.check.result;
    expect(kept?.report.issues[0].message).toBeDefined();
    await act(async () => {
      releases[0]();
      await first;
    });
    expect(result.current.check.result).toBe(kept);
    expect(backend.checks[0].run.signal?.aborted).toBe(true);
  });

  test('a failed check goes to the error bar', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    backend.failWith = new PaneError('protected');
    const { result } = renderHook(() => useCheckWithFeedback(backend));
    await act(() => result.current.check.run('active', 'vi'));
    expect((result.current.feedback.error as PaneError).code).toBe('protected');
    expect(result.current.check.result).toBeNull();
  });
});

describe('useRoleOverrides', () => {
  test('loads the stored choices, and merges a change with what is stored, not only what it has seen', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] }, { Xã: { C: 'households' } });
    const errors: unknown[] = [];
    const { result } = renderHook(() => useRoleOverrides(backend, useMounted(), (e) => errors.push(e)));
    await waitFor(() => expect(result.current.overrides).toEqual({ Xã: { C: 'households' } }));
    // Another pane stored a choice meanwhile.
    backend.overrides = { Xã: { C: 'households', D: 'poor' } };
    let saved!: boolean;
    await act(async () => {
      saved = await result.current.change('Xã', 'E', 'ignore');
    });
    expect(saved).toBe(true);
    expect(backend.saved).toEqual([{ Xã: { C: 'households', D: 'poor', E: 'ignore' } }]);
    expect(result.current.overrides).toEqual({ Xã: { C: 'households', D: 'poor', E: 'ignore' } });
    expect(errors).toEqual([]);
  });

  test('a choice that cannot be saved is reported and says so', async () => {
    const backend = new FakeBackend({ sheets: [faultySheet()] });
    backend.saveRoleOverrides = async () => {
      throw new PaneError('write-failed');
    };
    const errors: unknown[] = [];
    const { result } = renderHook(() => useRoleOverrides(backend, useMounted(), (e) => errors.push(e)));
    let saved!: boolean;
    await act(async () => {
      saved = await result.current.change('Xã', 'E', 'ignore');
    });
    expect(saved).toBe(false);
    expect((errors[0] as PaneError).code).toBe('write-failed');
  });
});

const suggestion = (cell: string, confidence: Suggestion['confidence']): Suggestion => ({ cell, value: 1, kind: 'implied', confidence, reason: '' });

describe('useCorrections', () => {
  const issue = (cell: string, extra: Partial<Issue>): Issue => ({ sheet: 'Xã', cell, rule: 'r', severity: 'error', message: '', ...extra }) as Issue;

  test('safeSuggestions: high confidence only, no ties, the first one per cell', () => {
    const issues = [
      issue('G5', { suggestion: suggestion('G5', 'high') }),
      issue('G5', { suggestion: suggestion('G5', 'high') }),
      issue('C7', { suggestion: suggestion('C7', 'medium') }),
      issue('D4', {}),
    ];
    expect(safeSuggestions(issues)).toEqual([issues[0]]);
  });

  test('undoMessage names the cells left alone, with their sheet only when they span sheets', () => {
    expect(undoMessage('en', 0, [])).toBe(t('en', 'write.nothingToUndo'));
    const one = undoMessage('en', 2, [{ sheet: 'A', cell: 'C5' }]);
    expect(one).toContain(t('en', 'write.undoSkipped', { list: 'C5' }));
    expect(undoMessage('en', 2, [{ sheet: 'A', cell: 'C5' }, { sheet: 'B', cell: 'D6' }])).toContain('A!C5, B!D6');
  });

  function setup(backend: WritingBackend) {
    return renderHook(() => {
      const mounted = useMounted();
      const feedback = useFeedback();
      const check = useCheck(backend, mounted, feedback);
      const corrections = useCorrections({ backend, lang: 'en', result: check.result, mounted, feedback, recheck: check.rerun });
      return { check, corrections, feedback };
    });
  }

  test('applying writes the suggestions, checks again in the latest scope and says how many cells', async () => {
    const backend = new WritingBackend({ sheets: [faultySheet()] }, { G5: { suggestion: suggestion('G5', 'high') } });
    const { result } = setup(backend);
    await act(() => result.current.check.run('all', 'en'));
    expect(result.current.corrections.safe.map((i) => i.cell)).toEqual(['G5']);
    expect(result.current.corrections.can).toEqual({ mark: true, clear: true, apply: true, undo: true, correct: true, report: true });
    act(() => result.current.corrections.applyConfirmed(result.current.corrections.safe));
    await waitFor(() => expect(result.current.feedback.status).not.toBeNull());
    expect(backend.applied.map((b) => b.map((i) => i.cell))).toEqual([['G5']]);
    expect(backend.checks.map((c) => c.scope)).toEqual(['all', 'all']);
    expect(result.current.feedback.status).toBe(t('en', 'write.applied', { cells: t('en', 'count.cells', { n: 1 }) }));
    expect(result.current.corrections.writing).toBe(false);
  });

  test('a failed write goes to the error bar, frees the buttons and does not check again', async () => {
    const backend = new WritingBackend({ sheets: [faultySheet()] }, {});
    const { result } = setup(backend);
    await act(() => result.current.check.run('active', 'en'));
    backend.writeFailWith = new PaneError('protected');
    await act(() => result.current.corrections.writeReport());
    expect((result.current.feedback.error as PaneError).code).toBe('protected');
    expect(result.current.corrections.writing).toBe(false);
    expect(backend.checks).toHaveLength(1);
  });

  test('marks go on errors and warnings, not notes', async () => {
    const backend = new WritingBackend({ sheets: [faultySheet()] }, {});
    const { result } = setup(backend);
    await act(() => result.current.check.run('active', 'en'));
    await act(() => result.current.corrections.mark());
    expect(backend.marked).toHaveLength(1);
    expect(backend.marked[0].issues.length).toBeGreaterThan(0);
    expect(backend.marked[0].issues.every((i) => i.severity !== 'info')).toBe(true);
    expect(result.current.feedback.status).toContain(t('en', 'count.cells', { n: new Set(backend.marked[0].issues.map((i) => i.cell)).size }));
  });
});

describe('useWorkbookFile', () => {
  function setup(backend: FakeFileBackend, opened: () => void) {
    return renderHook(() => {
      const mounted = useMounted();
      const feedback = useFeedback();
      return { wb: useWorkbookFile(backend, backend, mounted, feedback, opened), feedback };
    });
  }

  test('opening the sample shows its file and sheet and tells the pane; selecting an issue follows the backend', async () => {
    const backend = new FakeFileBackend({ 'sample.xlsx': { sheets: [faultySheet('Mẫu')] } });
    let opened = 0;
    const { result } = setup(backend, () => opened++);
    expect(result.current.wb.file).toEqual({ name: null, workbook: null, active: null });
    await act(() => result.current.wb.openSample());
    expect(opened).toBe(1);
    expect(result.current.wb.opening).toBe(false);
    expect(result.current.wb.file.name).toBe('sample.xlsx');
    expect(result.current.wb.file.active).toBe('Mẫu');
    await act(() => result.current.wb.selectIssue({ sheet: 'Mẫu', cell: 'G5' } as Issue));
    expect(result.current.wb.selected).toEqual({ sheet: 'Mẫu', cell: 'G5' });
    expect(backend.selects).toEqual([['Mẫu', 'G5']]);
    act(() => result.current.wb.changeSheet('Khác'));
    expect(result.current.wb.selected).toBeNull();
    expect(result.current.wb.file.active).toBe('Khác');
  });

  test('a file that cannot be opened is reported and the pane is not told', async () => {
    const backend = new FakeFileBackend({});
    let opened = 0;
    const { result } = setup(backend, () => opened++);
    await act(() => result.current.wb.openFile(new File([new Uint8Array(3)], 'bad.xlsx')));
    expect((result.current.feedback.error as PaneError).code).toBe('not-xlsx');
    expect(result.current.wb.opening).toBe(false);
    expect(opened).toBe(0);
  });
});
