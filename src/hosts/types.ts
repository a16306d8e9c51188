// What every host (the .xlsx file host now, Excel through Office.js later)
// offers the engine: grids in. Writing back comes with the corrections work.
import type { Workbook } from '../core/grid';

export interface ReadOptions {
  /** Only this sheet (by name); all sheets when absent. */
  sheet?: string;
  /** Called as a worksheet is read (after each inflated chunk) with the rows read so far: the page's progress. */
  onRows?: (sheet: string, rows: number) => void;
}

export interface GridHost {
  readWorkbook(options?: ReadOptions): Promise<Workbook>;
}

/** Why a workbook could not be read; the CLI maps each to a message and exit code 2. */
export type HostErrorCode =
  | 'not-found'
  | 'not-xlsx'
  | 'xls'
  | 'encrypted'
  | 'corrupt'
  | 'too-large'
  | 'no-such-sheet';

export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'HostError';
  }
}

/**
 * Writing back, the same for Excel (Office.js) and files (ExcelJS). Every
 * method is all-or-nothing from the user's point of view: on failure the host
 * removes what it added and throws.
 */
export interface GridWriter {
  /**
   * Writes a sheet PovCheck owns. An earlier PovCheck sheet of the same name
   * and purpose is replaced; a user's sheet is never touched (a free name such
   * as "… (2)" is used instead). Returns the name written.
   */
  writeSheet(plan: import('../core/plan').SheetPlan): Promise<string>;
  /** Changes user cells in place and appends each change to the log sheet (LOG_SHEET). */
  applyEdits(edits: import('../core/plan').CellEdit[], when: Date): Promise<void>;
  /** Restores, from the log sheet, the old values of the latest batch not yet undone; returns how many cells. */
  undoLast(): Promise<number>;
}
