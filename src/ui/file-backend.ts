// What the pane needs on top of PaneBackend when the workbook is a file
// opened in the browser page (BrowserBackend). Kept apart from
// browser-backend.ts so the components never pull in ExcelJS.
import type { Workbook } from '../core/grid';
import type { PaneBackend, WorkProgress } from '../backend/contract';
import type { ApplyMode } from '../core/correct';
import type { Lang } from '../core/report';
// Type only: the components never load ExcelJS through this.
import type { FixFiles } from './page-fix';
import type { AllocationInput, AllocationOutcome, TableChoice } from './allocation-model';
import type { AppendixRequest, AppendixSources, AppendixView, FixSummary } from './worker/session';

export type SelectListener = (sheet: string, cell: string) => void;

/** Progress and cancel for opening a file (reading runs off the page's thread). */
export interface OpenRun {
  onWork?: (progress: WorkProgress) => void;
  signal?: AbortSignal;
}

export interface FileBackend extends PaneBackend {
  readonly kind: 'browser';
  /** Reads an .xlsx file's bytes; throws PaneError (xls, encrypted, not-xlsx, corrupt, too-large, read-failed). */
  openFile(data: ArrayBuffer | Uint8Array, name: string, run?: OpenRun): Promise<Workbook>;
  /** Fetches and opens the bundled sample workbook. */
  loadSample(run?: OpenRun): Promise<Workbook>;
  /**
   * The grid the page holds may have only the rows fetched so far (each sheet's
   * length is right; rows not fetched read as empty): this gives every row.
   */
  fullWorkbook?(): Promise<Workbook>;
  /** A sheet's column count when the page does not hold all its rows. */
  colCount?(sheet: string): number | undefined;
  /** The cells each correction mode would change, planned on the last check. */
  fixSummary?(lang: Lang, date: Date): Promise<FixSummary>;
  /** The allocation worked out where the grids are (the page's worker), on the last check's tables. */
  allocationChoices?(): Promise<TableChoice[]>;
  allocate?(choice: TableChoice, input: AllocationInput, lang: Lang, date?: Date): Promise<AllocationOutcome | null>;
  /** The allocation file for an outcome whose plan stayed in the worker (AllocationOutcome.planKey). */
  exportAllocation?(planKey: string): Promise<Uint8Array>;
  /** The appendix's files read where the work runs (the page's worker), which keeps their sources. */
  appendixSources?(files: { bytes: Uint8Array; name: string }[]): Promise<AppendixSources>;
  /** The appendix of the sources appendixSources() kept, with its preview table. */
  appendix?(req: Omit<AppendixRequest, 'date'>, date?: Date): Promise<AppendixView>;
  /** Starts the work's thread ahead of the first file, so that file meets warm code. */
  prewarm?(): void;
  getWorkbook(): Workbook | null;
  getFileName(): string | null;
  /** The sheet "Kiểm tra" checks. */
  getActiveSheet(): string | null;
  setActiveSheet(name: string): void;
  /** "Sửa lỗi": the downloads of `povcheck fix` plus a marked-up copy, made from the opened file's bytes. */
  buildFixFiles?(apply: ApplyMode, lang: Lang, date?: Date): Promise<FixFiles>;
  /** Called after selectCell so the preview can scroll; returns an unsubscribe function. */
  onSelect(listener: SelectListener): () => void;
}

export function isFileBackend(backend: PaneBackend): backend is FileBackend {
  const b = backend as Partial<FileBackend>;
  return backend.kind === 'browser' && typeof b.openFile === 'function' && typeof b.getWorkbook === 'function';
}
