// The browser page's allocation, worked out in its worker: the inputs are
// debounced (each keystroke of "5000" must not start a run), a newer input
// drops an older answer, and the panel is told while a run is pending.
import * as React from 'react';
import type { CheckResult } from '../../backend/contract';
import type { Lang } from '../i18n';
import type { AllocationInput, AllocationOutcome, TableChoice } from '../allocation-model';
import type { FileBackend } from '../file-backend';

/** How long typing must pause before the allocation is worked out again. */
export const ALLOCATION_DEBOUNCE_MS = 300;

/** `value` once it has stayed the same for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = React.useState(value);
  React.useEffect(() => {
    if (Object.is(settled, value)) return undefined;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms, settled]);
  return settled;
}

export function useRemoteAllocation(
  backend: FileBackend | null,
  result: CheckResult | null,
  choice: TableChoice | null,
  input: AllocationInput,
  lang: Lang,
): { outcome: AllocationOutcome | null; pending: boolean } {
  const key = JSON.stringify([choice?.key ?? null, input, lang]);
  const settledKey = useDebounced(key, ALLOCATION_DEBOUNCE_MS);
  const [state, setState] = React.useState<{ key: string | null; outcome: AllocationOutcome | null }>({ key: null, outcome: null });
  const latest = React.useRef({ choice, input, lang });
  latest.current = { choice, input, lang };

  React.useEffect(() => {
    if (!backend?.allocate) return undefined;
    const { choice: c, input: i, lang: l } = latest.current;
    if (!c || !result || !i.target.text.trim()) {
      setState({ key: settledKey, outcome: null });
      return undefined;
    }
    let live = true;
    backend.allocate(c, i, l).then(
      // Drawn as a transition: a national table's preview is built in slices, without a long task.
      (outcome) => live && React.startTransition(() => setState({ key: settledKey, outcome })),
      () => live && setState({ key: settledKey, outcome: null }),
    );
    return () => {
      live = false;
    };
  }, [backend, result, settledKey]);

  return { outcome: state.outcome, pending: state.key !== key };
}
