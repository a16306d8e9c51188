// What the pane needs on top of PaneBackend when the workbook is a file
// opened in the browser page (BrowserBackend). Kept apart from
// browser-backend.ts so the components never pull in ExcelJS.
import type { Workbook } from '../core/grid';
import type { PaneBackend } from '../backend/contract';
import type { ApplyMode } from '../core/correct';
import type { Lang } from '../core/report';
// Type only: the components never load ExcelJS through this.
import type { FixFiles } from './page-fix';

export type SelectListener = (sheet: string, cell: string) => void;

export interface FileBackend extends PaneBackend {
  readonly kind: 'browser';
  /** Reads an .xlsx file's bytes; throws PaneError (xls, encrypted, not-xlsx, corrupt, too-large, read-failed). */
  openFile(data: ArrayBuffer | Uint8Array, name: string): Promise<Workbook>;
  /** Fetches and opens the bundled sample workbook. */
  loadSample(): Promise<Workbook>;
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
