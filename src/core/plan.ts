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
  /** Row heights in points, index = row; undefined keeps the default (see fitRowHeights). */
  heights?: (number | undefined)[];
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

/** Excel's default column width and line height (Calibri 11): 8.43 characters, 15 points. */
const DEFAULT_WIDTH = 8.43;
const LINE_POINTS = 15;

/** Lines a text takes when wrapped at `width` characters, word by word (a long word breaks). */
export function wrappedLines(text: string, width: number): number {
  const cap = Math.max(1, Math.floor(width) - 1); // a character's worth of cell padding
  let lines = 0;
  for (const para of text.split(/\r?\n/)) {
    let used = 0;
    lines++;
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const need = used ? used + 1 + word.length : word.length;
      if (need <= cap) {
        used = need;
        continue;
      }
      if (used) lines++;
      lines += Math.floor((word.length - 1) / cap);
      used = ((word.length - 1) % cap) + 1;
    }
  }
  return lines;
}

/**
 * Heights for the rows that hold wrapped text, so a reader that does not fit
 * rows itself (LibreOffice, Excel for a row written through the API) shows
 * every line instead of overlapping the next row. A cell merged across columns
 * wraps at the merge's width; one merged down several rows is left alone.
 */
export function fitRowHeights<P extends SheetPlan>(plan: P): P {
  const widthOf = (col: number) => plan.widths?.[col] ?? DEFAULT_WIDTH;
  const heights: (number | undefined)[] = [...(plan.heights ?? [])];
  for (const c of plan.cells) {
    if (!c.wrap || typeof c.value !== 'string' || plan.heights?.[c.row] !== undefined) continue;
    const m = plan.merges.find((x) => x.top === c.row && x.left === c.col);
    if (m && m.bottom > m.top) continue;
    let width = 0;
    for (let k = c.col; k <= (m ? m.right : c.col); k++) width += widthOf(k);
    const lines = wrappedLines(c.value, width);
    if (lines < 2) continue;
    heights[c.row] = Math.max(heights[c.row] ?? 0, lines * LINE_POINTS);
  }
  return heights.some((h) => h !== undefined) ? { ...plan, heights } : plan;
}
