// What every host (the .xlsx file host now, Excel through Office.js later)
// offers the engine: grids in. Writing back comes with the corrections work.
import type { Workbook } from '../core/grid';

export interface ReadOptions {
  /** Only this sheet (by name); all sheets when absent. */
  sheet?: string;
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
