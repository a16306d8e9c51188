// What the pane needs from wherever the workbook lives: Excel through
// Office.js (src/hosts/excel) or an .xlsx file opened in the browser page
// (src/ui/browser-backend.ts). The React components only see this. It sits
// below both ui/ and hosts/ (it imports only core types) so that a host can
// implement it and throw its errors without reaching up into the UI.
import type { Workbook } from '../core/grid';
import type { SheetPlan } from '../core/plan';
import type { AppendixSheet, ChartRange } from '../core/appendix-sheet';
import type { Issue, Lang, Report } from '../core/report';
import type { RoleOverrides } from '../core/engine';
import type { Table } from '../core/tables';

export type { RoleOverrides };

export type CheckScope = 'active' | 'all';

/** What a long piece of work has done so far (the browser page's progress line). */
export interface WorkProgress {
  stage: 'read' | 'check';
  /** Reading: the sheet being read and its rows read so far. */
  sheet?: string;
  rows?: number;
  /** Checking: sheets and tables checked so far, of `sheetCount` sheets. */
  sheets?: number;
  sheetCount?: number;
  tables?: number;
}

export interface CheckRun {
  lang: Lang;
  /** Called with 0..1 while reading and checking long sheets. */
  onProgress?: (fraction: number) => void;
  /** Called with what has been done (rows read, tables checked) where the backend can tell. */
  onWork?: (progress: WorkProgress) => void;
  signal?: AbortSignal;
}

export interface CheckResult {
  report: Report;
  /** The grids that were checked (the browser page shows a read-only preview from them). */
  workbook: Workbook;
  /** Each checked sheet's tables, roles as overridden (core/engine's CheckedWorkbook); correct, allocate and appendix use these. */
  tables?: Record<string, Table[]>;
}

/** Failures the pane explains in plain words (catalogue ids `error.<code>`). */
export type PaneErrorCode =
  | 'protected'
  | 'empty-sheet'
  | 'unsupported'
  | 'no-file'
  | 'read-failed'
  | 'write-failed'
  /** A cell changed since the check: the suggestion was not applied. */
  | 'stale'
  | 'cancelled'
  | 'xls'
  | 'encrypted'
  | 'not-xlsx'
  | 'corrupt'
  | 'too-large';

export class PaneError extends Error {
  constructor(
    readonly code: PaneErrorCode,
    detail = '',
  ) {
    super(detail || code);
    this.name = 'PaneError';
  }
}

export interface UndoResult {
  /** Cells set back to their old value. */
  restored: number;
  /** Cells of the batch left as they are: changed since PovCheck wrote them (or their sheet is gone). */
  skipped: { sheet: string; cell: string }[];
}

export interface PaneBackend {
  readonly kind: 'excel' | 'browser';
  /** Reads the active sheet (or every sheet) and runs the engine with the stored role choices. */
  check(scope: CheckScope, run: CheckRun): Promise<CheckResult>;
  /** Brings the cell into view: selects it in Excel, scrolls the preview in the browser. */
  selectCell(sheet: string, cell: string): Promise<void>;
  /** Role choices the user made, per sheet then per column letter. */
  loadRoleOverrides(): Promise<RoleOverrides>;
  saveRoleOverrides(overrides: RoleOverrides): Promise<void>;
  /** Excel only: fill + note on flagged cells; returns how many cells were marked. */
  mark?(issues: Issue[], lang: Lang): Promise<number>;
  /** Excel only: removes exactly the marks PovCheck added; returns how many were removed. */
  clearMarks?(): Promise<number>;
  /** "Áp dụng" / "Áp dụng các sửa chắc chắn": writes these issues' suggestions in place, logged; returns how many cells changed. */
  applySuggestions?(issues: Issue[]): Promise<number>;
  /** "Hoàn tác": restores the latest applied batch from the log; returns how many cells. */
  undo?(): Promise<number>;
  /** Like undo, also naming the cells it left alone because they were changed after PovCheck wrote them (the pane prefers it). */
  undoDetailed?(): Promise<UndoResult>;
  /** "Ghi bảng đã sửa": writes a corrected copy of every table in the report next to its source; returns the sheet names. */
  writeCorrected?(result: CheckResult, lang: Lang): Promise<string[]>;
  /** "Báo cáo kiểm tra": writes the report sheet; returns its name. */
  writeReport?(result: CheckResult, lang: Lang): Promise<string>;
  /** "Ghi bảng phân bổ" (Excel): writes the allocation sheet after its source, never over a user's sheet; returns its name. */
  writeAllocation?(plan: SheetPlan): Promise<string>;
  /** "Tạo phụ lục" (Excel): every sheet of the open workbook, for the appendix's sources. */
  readAllSheets?(): Promise<Workbook>;
  /** "Ghi phụ lục" (Excel): the appendix on a new sheet with a native bar chart of its sorted rate range; returns the sheet name. */
  writeAppendix?(sheet: AppendixSheet): Promise<string>;
  /** Browser page: reads another .xlsx (an appendix source) without replacing the open file. */
  readWorkbookFile?(data: ArrayBuffer | Uint8Array, name: string): Promise<Workbook>;
  /** Browser page: a new .xlsx holding these sheets, built in the page, for a download link. */
  exportXlsx?(plans: SheetPlan[], chart?: ChartRange): Promise<Uint8Array>;
}
