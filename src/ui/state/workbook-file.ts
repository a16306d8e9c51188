// The browser page's file (open a file, the sample, the sheet shown in the
// preview) and the selected cell, which the issue list and the preview share.
// In Excel there is no file to open: `fileBackend` is null and only the
// selection is used.
import * as React from 'react';
import type { PaneBackend } from '../../backend/contract';
import type { Workbook } from '../../core/grid';
import type { Issue } from '../../core/report';
import { readFileBytes } from '../components/FileOpener';
import type { FileBackend } from '../file-backend';
import type { Feedback } from './feedback';

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
  selected: Selection | null;
  /** An issue clicked in the list: selected here and brought into view by the backend. */
  selectIssue(issue: Issue): Promise<void>;
  openFile(f: File): Promise<void>;
  openSample(): Promise<void>;
  changeSheet(name: string): void;
}

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
  const [selected, setSelected] = React.useState<Selection | null>(null);

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
  const open = async (load: (fb: FileBackend) => Promise<unknown>) => {
    if (!fileBackend) return;
    setOpening(true);
    setError(null);
    setStatus(null);
    try {
      await load(fileBackend);
    } catch (e) {
      if (mounted.current) {
        setError(e);
        setOpening(false);
      }
      return;
    }
    if (!mounted.current) return;
    setOpening(false);
    setSelected(null);
    refreshFile();
    onOpened();
  };

  const openFile = (f: File) => open(async (fb) => fb.openFile(await readFileBytes(f), f.name));
  const openSample = () => open((fb) => fb.loadSample());

  const changeSheet = (name: string) => {
    if (!fileBackend) return;
    fileBackend.setActiveSheet(name);
    setSelected(null);
    refreshFile();
  };

  return { file, opening, selected, selectIssue, openFile, openSample, changeSheet };
}
