// Writing back into the workbook: marks on flagged cells, the suggestions
// applied in place (after the user confirms), undo, the corrected tables and
// the report sheet. One write at a time; the allocation and appendix panels
// write through the same `write` so that they wait for each other too.
import * as React from 'react';
import type { CheckResult, PaneBackend } from '../../backend/contract';
import type { Issue } from '../../core/report';
import { applicableSuggestion } from '../components/IssueList';
import { t, type Lang } from '../i18n';
import type { Feedback } from './feedback';

/** The suggestions "Áp dụng các sửa chắc chắn" applies: high confidence, not part of a tie, the first one per cell. */
export function safeSuggestions(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const s = applicableSuggestion(i);
    if (!s || s.confidence !== 'high') return false;
    const k = `${i.sheet}\u0000${s.cell}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The status line after an undo: how many cells came back, and which were left alone (sheet-qualified when they span sheets). */
export function undoMessage(lang: Lang, restored: number, skipped: readonly { sheet: string; cell: string }[]): string {
  if (!restored && !skipped.length) return t(lang, 'write.nothingToUndo');
  const sheets = new Set(skipped.map((c) => c.sheet));
  const list = skipped.map((c) => (sheets.size > 1 ? `${c.sheet}!${c.cell}` : c.cell)).join(', ');
  const done = t(lang, 'write.undone', { cells: t(lang, 'count.cells', { n: restored }) });
  return skipped.length ? `${done} ${t(lang, 'write.undoSkipped', { list })}` : done;
}

export interface CorrectionsDeps {
  backend: PaneBackend;
  lang: Lang;
  result: CheckResult | null;
  mounted: React.MutableRefObject<boolean>;
  feedback: Pick<Feedback, 'setError' | 'setStatus'>;
  /** Checks again in the latest scope (the written cells changed). */
  recheck: (lang: Lang) => Promise<void>;
}

export interface CorrectionsState {
  /** A write in flight: the write buttons wait. */
  writing: boolean;
  /** Suggestions waiting for "Áp dụng" in the confirmation dialog. */
  confirm: Issue[] | null;
  setConfirm(issues: Issue[] | null): void;
  /** See safeSuggestions. */
  safe: Issue[];
  can: { mark: boolean; clear: boolean; apply: boolean; undo: boolean; correct: boolean; report: boolean };
  /** Runs one write: errors go to the error bar, the status line gets what `act` returns; `recheck` checks again first. */
  write(act: () => Promise<string>, recheck?: boolean): Promise<void>;
  mark(): Promise<void>;
  clearMarks(): Promise<void>;
  applyConfirmed(issues: Issue[]): void;
  undo(): Promise<void>;
  writeCorrected(): Promise<void>;
  writeReport(): Promise<void>;
}

export function useCorrections(deps: CorrectionsDeps): CorrectionsState {
  const { backend, lang, result, mounted, recheck } = deps;
  const { setError, setStatus } = deps.feedback;
  const [writing, setWriting] = React.useState(false);
  const [confirm, setConfirm] = React.useState<Issue[] | null>(null);
  const report = result?.report ?? null;
  const safe = React.useMemo(() => safeSuggestions(report?.issues ?? []), [report]);

  /** Marks and clears are quick, not logged and do not block the other writes. */
  const quick = async (act: () => Promise<string>) => {
    setError(null);
    setStatus(null);
    try {
      const message = await act();
      if (mounted.current) setStatus(message);
    } catch (e) {
      if (mounted.current) setError(e);
    }
  };

  const mark = async () => {
    if (!backend.mark || !result) return;
    const markIssues = backend.mark.bind(backend);
    await quick(async () => {
      const n = await markIssues(
        result.report.issues.filter((i) => i.severity !== 'info'),
        lang,
      );
      return t(lang, 'mark.done', { cells: t(lang, 'count.cells', { n }) });
    });
  };

  const clearMarks = async () => {
    if (!backend.clearMarks) return;
    const clear = backend.clearMarks.bind(backend);
    await quick(async () => t(lang, 'mark.cleared', { cells: t(lang, 'count.cells', { n: await clear() }) }));
  };

  const write = async (act: () => Promise<string>, again = false) => {
    if (writing) return;
    setError(null);
    setStatus(null);
    setWriting(true);
    let message: string;
    try {
      message = await act();
    } catch (e) {
      if (mounted.current) {
        setError(e);
        setWriting(false);
      }
      return;
    }
    if (!mounted.current) return;
    setWriting(false);
    if (again) await recheck(lang);
    if (mounted.current) setStatus(message);
  };

  const applyConfirmed = (issues: Issue[]) => {
    setConfirm(null);
    const apply = backend.applySuggestions;
    if (!apply) return;
    void write(async () => {
      const n = await apply.call(backend, issues);
      return t(lang, 'write.applied', { cells: t(lang, 'count.cells', { n }) });
    }, true);
  };

  const undo = () =>
    write(async () => {
      let restored: number;
      let skipped: { sheet: string; cell: string }[] = [];
      if (backend.undoDetailed) ({ restored, skipped } = await backend.undoDetailed());
      else if (backend.undo) restored = await backend.undo();
      else return '';
      return undoMessage(lang, restored, skipped);
    }, true);

  const writeCorrected = () =>
    write(async () => {
      if (!backend.writeCorrected || !result) return '';
      const names = await backend.writeCorrected(result, lang);
      return names.length ? t(lang, 'write.correctedDone', { names: names.map((n) => `“${n}”`).join(', ') }) : t(lang, 'write.correctedNone');
    });

  const writeReport = () =>
    write(async () => {
      if (!backend.writeReport || !result) return '';
      const name = await backend.writeReport(result, lang);
      return t(lang, 'write.reportDone', { name });
    });

  const can = {
    mark: typeof backend.mark === 'function',
    clear: typeof backend.clearMarks === 'function',
    apply: typeof backend.applySuggestions === 'function',
    undo: typeof backend.undo === 'function' || typeof backend.undoDetailed === 'function',
    correct: typeof backend.writeCorrected === 'function',
    report: typeof backend.writeReport === 'function',
  };

  return { writing, confirm, setConfirm, safe, can, write, mark, clearMarks, applyConfirmed, undo, writeCorrected, writeReport };
}
