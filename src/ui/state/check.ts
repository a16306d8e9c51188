// The check feature: runs the engine through the backend, one run at a time.
// A newer run or a cancel makes an older run's answer stale: it is dropped
// even when the backend ignores the abort signal.
import * as React from 'react';
import { PaneError, type CheckResult, type CheckScope, type PaneBackend } from '../../backend/contract';
import type { Lang } from '../i18n';
import type { Feedback } from './feedback';
import { type ProgressStore, createProgressStore } from './progress';

export interface CheckState {
  result: CheckResult | null;
  running: boolean;
  /** 0..1 while a long check reports progress; undefined otherwise. */
  progress: number | undefined;
  /** Tables checked so far, where the backend tells (the browser page's worker); a store, so only the progress line redraws. */
  work: ProgressStore;
  /** The scope of the latest run (the pane re-runs it after a change), null before the first. */
  lastScope(): CheckScope | null;
  run(scope: CheckScope, lang: Lang): Promise<void>;
  /** The latest scope again (the active sheet before any run): after writing, a role change or a new language. */
  rerun(lang: Lang): Promise<void>;
  cancel(): void;
  /** Forgets the result (a new file was opened). */
  clear(): void;
}

export function useCheck(backend: PaneBackend, mounted: React.MutableRefObject<boolean>, feedback: Pick<Feedback, 'setError' | 'setStatus'>): CheckState {
  const { setError, setStatus } = feedback;
  const [result, setResult] = React.useState<CheckResult | null>(null);
  const [running, setRunning] = React.useState(false);
  const [progress, setProgress] = React.useState<number | undefined>(undefined);
  const work = React.useMemo(createProgressStore, []);
  const setWork = work.set;
  const runRef = React.useRef<{ id: number; controller: AbortController } | null>(null);
  const runSeq = React.useRef(0);
  const lastScope = React.useRef<CheckScope | null>(null);
  React.useEffect(() => () => runRef.current?.controller.abort(), []);

  const run = React.useCallback(
    async (scope: CheckScope, runLang: Lang) => {
      runRef.current?.controller.abort();
      const controller = new AbortController();
      const id = ++runSeq.current;
      runRef.current = { id, controller };
      lastScope.current = scope;
      const current = () => mounted.current && runRef.current?.id === id;
      setRunning(true);
      setProgress(undefined);
      setWork(null);
      setError(null);
      setStatus(null);
      let done: CheckResult | null = null;
      try {
        const res = await backend.check(scope, {
          lang: runLang,
          signal: controller.signal,
          onProgress: (f) => {
            if (current()) setProgress(Math.max(0, Math.min(1, f)));
          },
          onWork: (p) => {
            if (current()) setWork(p);
          },
        });
        if (!current()) return;
        done = res;
      } catch (e) {
        if (current()) setError(e);
      } finally {
        if (current()) {
          runRef.current = null;
          const result = done;
          const settle = () => {
            if (result) setResult(result);
            setRunning(false);
            setProgress(undefined);
            setWork(null);
          };
          // A result is drawn as a transition: React builds a big list in slices, so the page never freezes while it appears.
          if (result) React.startTransition(settle);
          else settle();
        }
      }
    },
    [backend, mounted, setError, setStatus],
  );

  const cancel = React.useCallback(() => {
    const current = runRef.current;
    if (!current) return;
    current.controller.abort();
    // Don't wait for a backend that ignores the signal: the pane is free again now.
    runRef.current = null;
    setRunning(false);
    setProgress(undefined);
    setWork(null);
    setError(new PaneError('cancelled'));
  }, [setError]);

  const rerun = React.useCallback((lang: Lang) => run(lastScope.current ?? 'active', lang), [run]);
  const clear = React.useCallback(() => setResult(null), []);
  const scope = React.useCallback(() => lastScope.current, []);

  return { result, running, progress, work, lastScope: scope, run, rerun, cancel, clear };
}
