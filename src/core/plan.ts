// What PovCheck writes into a workbook, as plain data: a host (ExcelJS for
// files, Office.js in Excel) turns a plan into cells. Planning is pure so the
// same corrected table, report and log come out of the CLI and the pane.
import { type Cell, type Range, type Sheet } from './grid';
import type { RuleCode } from './report';

/** ARGB-free hex colour, e.g. `FFC7CE`. */
export type Hex = string;

export interface PlannedCell {
  /** 0-based position on the planned sheet. */
  row: number;
  col: number;
  /** A constant; absent when `formula` is given. */
  value?: number | string | boolean | null;
  /** Invariant (English, comma-separated) formula without `=`, e.g. `ROUND(D7/C7*100,2)`. */
  formula?: string;
  /** Cached result of `formula` as PovCheck computed it, so a reader without recalculation still sees it. */
  result?: number;
  numFmt?: string;
  bold?: boolean;
  fill?: Hex;
  /** A cell note (comment) — e.g. the old value and the reason of a correction. */
  note?: string;
  /** An internal link to a cell of the workbook (the report sheet's links to issues). */
  link?: { sheet: string; cell: string };
  wrap?: boolean;
}

/** A whole sheet PovCheck owns: written new, or replacing its own earlier version. */
export interface SheetPlan {
  name: string;
  /** What the sheet is for; a host uses it to recognise its own sheets and never overwrite a user's. */
  purpose: 'corrected' | 'report' | 'log' | 'appendix' | 'allocation';
  /** The source sheet it was made from (corrected tables), placed right after it. */
  source?: string;
  cells: PlannedCell[];
  merges: Range[];
  /** Column widths in characters, index = column. */
  widths?: number[];
  /** Rows (and columns) kept in view. */
  freeze?: { rows: number; cols: number };
}

/** One in-place change of a user's cell: always explicit, always logged, always undoable. */
export interface CellEdit {
  sheet: string;
  /** A1 address. */
  cell: string;
  /** The value the cell held (number, text, or null for empty), to restore on undo. */
  old: number | string | boolean | null;
  /** The formula the cell held, if any (restored on undo). */
  oldFormula?: string;
  value: number;
  rule: RuleCode;
  reason: string;
}

/** The log sheet's name: PovCheck's record of every in-place change. */
export const LOG_SHEET = 'PovCheck – Nhật ký';
export const REPORT_SHEET = 'PovCheck – Báo cáo';

/**
 * The sheet a plan will become, as the engine sees it: constants, and each
 * formula with the result PovCheck computed. Lets a plan be checked before it
 * is written.
 */
export function planToSheet(plan: SheetPlan): Sheet {
  const rows: (Cell | undefined)[][] = [];
  for (const c of plan.cells) {
    const v = c.formula !== undefined ? c.result : c.value;
    const value: Cell['value'] =
      v === undefined || v === null
        ? { kind: 'empty' }
        : typeof v === 'number'
          ? { kind: 'number', value: v }
          : typeof v === 'boolean'
            ? { kind: 'boolean', value: v }
            : { kind: 'text', value: v };
    const cell: Cell = { value };
    if (c.formula !== undefined) cell.formula = c.formula;
    if (c.numFmt) cell.numFmt = c.numFmt;
    (rows[c.row] ??= [])[c.col] = cell;
  }
  for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
  return { name: plan.name, rows, merges: plan.merges.map((m) => ({ ...m })) };
}
