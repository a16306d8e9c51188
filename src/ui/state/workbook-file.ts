// The browser page's file (open a file, the sample, the sheet shown in the
// preview) and the selected cell, which the issue list and the preview share.
// In Excel there is no file to open: `fileBackend` is null and only the
// selection is used.
import * as React from 'react';
import { PaneError, type PaneBackend, type WorkProgress } from '../../backend/contract';
import type { Workbook } from '../../core/grid';
import type { Issue } from '../../core/report';
import { readFileBytes } from '../components/FileOpener';
import type { FileBackend } from '../file-backend';
import type { Feedback } from './feedback';
import { type ProgressStore, createProgressStore } from './progress';

export type Selection = { sheet: string; cell: string };

export interface OpenFile {
  name: string | null;
  workbook: Workbook | null;
  /** The sheet the preview shows and "Kiểm tra" checks. */
  active: string | null;
}

export interface WorkbookFileState {
  file: OpenFile;
  opening: boolean;
  /** The file being opened (its name shows while it is read). */
  openingName: string | null;
  /** Rows read so far while opening (a store: only the progress line redraws). */
  work: ProgressStore;
  /** A file that could not be opened: its error is shown under its name, and the previous file's results are hidden. */
  failed: string | null;
  /** Stops opening: the worker is terminated and the previous file stays open. */
  cancelOpen(): void;
  /** Shows the previous file's results again after a failed open. */
  showPrevious(): void;
  selected: Selection | null;
  /** An issue clicked in the list: selected here and brought into view by the backend. */
  selectIssue(issue: Issue): Promise<void>;
  openFile(f: File): Promise<void>;
  openSample(): Promise<void>;
  changeSheet(name: string): void;
  /** The officer is about to choose a file (pointer on or focus in the opener): the worker starts now if it has not. */
  prewarm(): void;
}

type IdleWindow = { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number; cancelIdleCallback?: (h: number) => void };
/** How long after load the worker starts at the latest when the page never goes idle. */
const PREWARM_TIMEOUT_MS = 2000;

const fileOf = (fb: FileBackend | null): OpenFile => ({
  name: fb?.getFileName() ?? null,
  workbook: fb?.getWorkbook() ?? null,
  active: fb?.getActiveSheet() ?? null,
});

export function useWorkbookFile(
  backend: PaneBackend,
  fileBackend: FileBackend | null,
  mounted: React.MutableRefObject<boolean>,
  feedback: Pick<Feedback, 'setError' | 'setStatus'>,
  /** After a file was opened (the pane forgets the old result and checks the new file). */
  onOpened: () => void,
): WorkbookFileState {
  const { setError, setStatus } = feedback;
  const [file, setFile] = React.useState<OpenFile>(() => fileOf(fileBackend));
  const [opening, setOpening] = React.useState(false);
  const [openingName, setOpeningName] = React.useState<string | null>(null);
  const work = React.useMemo(createProgressStore, []);
  const setWork = work.set;
  const [failed, setFailed] = React.useState<string | null>(null);
  const openRef = React.useRef<AbortController | null>(null);
  React.useEffect(() => () => openRef.current?.abort(), []);
  const [selected, setSelected] = React.useState<Selection | null>(null);

  // The worker starts while the page waits for a file, once the page has drawn itself and is idle:
  // started with the first file instead, its script and its cold code would be most of a 10,000-row sheet's wait.
  React.useEffect(() => {
    const prewarm = fileBackend?.prewarm?.bind(fileBackend);
    if (!prewarm) return undefined;
    const w = (typeof window === 'undefined' ? {} : window) as IdleWindow;
    if (typeof w.requestIdleCallback === 'function') {
      const h = w.requestIdleCallback(prewarm, { timeout: PREWARM_TIMEOUT_MS });
      return () => w.cancelIdleCallback?.(h);
    }
    const timer = setTimeout(prewarm, 200);
    return () => clearTimeout(timer);
  }, [fileBackend]);
  const prewarm = React.useCallback(() => fileBackend?.prewarm?.(), [fileBackend]);

  const refreshFile = React.useCallback(() => {
    if (fileBackend) setFile(fileOf(fileBackend));
  }, [fileBackend]);

  // The browser backend announces selections so the preview follows (also for selections it makes itself).
  React.useEffect(() => {
    if (!fileBackend) return undefined;
    return fileBackend.onSelect((sheet, cell) => {
      if (!mounted.current) return;
      setSelected({ sheet, cell });
      refreshFile();
    });
  }, [fileBackend, refreshFile, mounted]);

  const selectIssue = async (issue: Issue) => {
    setSelected({ sheet: issue.sheet, cell: issue.cell });
    try {
      await backend.selectCell(issue.sheet, issue.cell);
    } catch (e) {
      if (mounted.current) setError(e);
    }
  };

  /** Opening a file and opening the sample differ only in where the bytes come from. */
  const open = async (name: string, load: (fb: FileBackend, run: { onWork: (p: WorkProgress) => void; signal: AbortSignal }) => Promise<unknown>) => {
    if (!fileBackend) return;
    openRef.current?.abort();
    const controller = new AbortController();
    openRef.current = controller;
    const current = () => mounted.current && openRef.current === controller;
    setOpening(true);
    setOpeningName(name);
    setWork(null);
    setError(null);
    setStatus(null);
    try {
      await load(fileBackend, { onWork: (p) => current() && setWork(p), signal: controller.signal });
    } catch (e) {
      if (current()) {
        openRef.current = null;
        setError(e);
        // A cancel leaves the previous file as it was; a file that cannot be read is named, and the old results step aside.
        setFailed(e instanceof PaneError && e.code === 'cancelled' ? null : name);
        setOpening(false);
        setOpeningName(null);
        setWork(null);
      }
      return;
    }
    if (!current()) return;
    openRef.current = null;
    setOpening(false);
    setOpeningName(null);
    setWork(null);
    setFailed(null);
    setSelected(null);
    refreshFile();
    onOpened();
  };

  const cancelOpen = () => {
    const c = openRef.current;
    if (!c) return;
    c.abort();
    openRef.current = null;
    setOpening(false);
    setOpeningName(null);
    setWork(null);
    setError(new PaneError('cancelled'));
  };

  const openFile = (f: File) => open(f.name, async (fb, run) => fb.openFile(await readFileBytes(f), f.name, run));
  const openSample = () => open('003-thinh-duc.xlsx', (fb, run) => fb.loadSample(run));
  const showPrevious = () => {
    setFailed(null);
    setError(null);
  };

  const changeSheet = (name: string) => {
    if (!fileBackend) return;
    fileBackend.setActiveSheet(name);
    setSelected(null);
    refreshFile();
  };

  return { file, opening, openingName, work, failed, cancelOpen, showPrevious, selected, selectIssue, openFile, openSample, changeSheet, prewarm };
}
