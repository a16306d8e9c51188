/** @jest-environment jsdom */
// The browser page's allocation (src/ui/state/allocation.ts): typing "5000"
// starts one run in the worker, for "5000", once typing has paused — not one
// per keystroke — and an older answer never replaces a newer one.
import { renderHook, waitFor } from '@testing-library/react';
import type { CheckResult } from '../../src/backend/contract';
import type { AllocationInput, AllocationOutcome, TableChoice } from '../../src/ui/allocation-model';
import type { FileBackend } from '../../src/ui/file-backend';
import { ALLOCATION_DEBOUNCE_MS, useRemoteAllocation } from '../../src/ui/state/allocation';

const choice: TableChoice = { key: 'S\u00000', sheet: 'S', index: 0, range: 'A3:J10' };
const checked = { report: { file: 'x.xlsx', sheets: [], issues: [] }, workbook: { sheets: [] } } as CheckResult;
const input = (text: string): AllocationInput => ({ target: { kind: 'households', text }, basis: 'able', newPoorText: '', rules: 'none' });
const outcomeFor = (text: string) => ({ result: null, problems: [{ kind: 'too-many', reduction: Number(text), poor: 0 }] }) as AllocationOutcome;

test('one run for the whole of "5000", after the pause, with its answer', async () => {
  const allocate = jest.fn(async (_c: TableChoice, i: AllocationInput) => outcomeFor(i.target.text));
  const backend = { allocate } as unknown as FileBackend;
  const { result, rerender } = renderHook(({ text }) => useRemoteAllocation(backend, checked, choice, input(text), 'vi'), { initialProps: { text: '' } });
  const t0 = Date.now();
  for (const text of ['5', '50', '500', '5000']) rerender({ text });
  expect(result.current.pending).toBe(true);
  await waitFor(() => expect(result.current.pending).toBe(false));
  expect(Date.now() - t0).toBeGreaterThanOrEqual(ALLOCATION_DEBOUNCE_MS - 20);
  expect(allocate).toHaveBeenCalledTimes(1);
  expect(allocate.mock.calls[0][1].target.text).toBe('5000');
  expect(result.current.outcome?.problems).toEqual([{ kind: 'too-many', reduction: 5000, poor: 0 }]);
});

test('a slow answer for an older input is dropped', async () => {
  let release: (() => void) | null = null;
  const allocate = jest.fn((_c: TableChoice, i: AllocationInput) =>
    i.target.text === '1' ? new Promise<AllocationOutcome>((r) => (release = () => r(outcomeFor('1')))) : Promise.resolve(outcomeFor(i.target.text)),
  );
  const backend = { allocate } as unknown as FileBackend;
  const { result, rerender } = renderHook(({ text }) => useRemoteAllocation(backend, checked, choice, input(text), 'vi'), { initialProps: { text: '1' } });
  await waitFor(() => expect(allocate).toHaveBeenCalledTimes(1));
  rerender({ text: '2' });
  await waitFor(() => expect(result.current.outcome?.problems[0]).toMatchObject({ reduction: 2 }));
  release!();
  await new Promise((r) => setTimeout(r, 20));
  expect(result.current.outcome?.problems[0]).toMatchObject({ reduction: 2 });
  expect(result.current.pending).toBe(false);
});
