// The grid model every host fills and the engine reads. 0-based rows and
// columns internally; A1 addresses only at the edges (reports, hosts).

export type CellValue =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'boolean'; value: boolean }
  /** Excel error value such as `#DIV/0!`, `#REF!`. */
  | { kind: 'error'; value: string }
  /** A date where a number may belong; ISO 8601 text. */
  | { kind: 'date'; value: string };

/**
 * One cell. A reader may put the same (frozen) cell object at many positions
 * (equal plain counts of the same format): change a cell by putting a new one in its place.
 */
export interface Cell {
  value: CellValue;
  /** Formula without the leading `=`, in Excel's invariant (English) syntax. */
  formula?: string;
  /** Excel number format code, e.g. `0.00`, `#,##0`; absent means General. */
  numFmt?: string;
}

/** Inclusive 0-based rectangle. */
export interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Sheet {
  name: string;
  /** Row-major; a missing row or cell is empty. */
  rows: (Cell | undefined)[][];
  merges: Range[];
  hiddenRows?: number[];
}

export interface Workbook {
  sheets: Sheet[];
}

export const EMPTY: Cell = Object.freeze({ value: Object.freeze({ kind: 'empty' }) }) as Cell;

// Most cells of a large sheet are small counts: one shared, frozen value for each
// instead of a million objects. Cell values are never mutated (a change is a new value).
const SMALL = 4096;
const smallNumbers: CellValue[] = [];

/** A number cell value; small whole numbers are shared. */
export function numberValue(value: number): CellValue {
  if (Number.isInteger(value) && value >= 0 && value < SMALL) return (smallNumbers[value] ??= Object.freeze({ kind: 'number', value }) as CellValue);
  return { kind: 'number', value };
}

export function cellAt(sheet: Sheet, row: number, col: number): Cell {
  const r = sheet.rows[row];
  return (r && r[col]) || EMPTY;
}

export function rowCount(sheet: Sheet): number {
  return sheet.rows.length;
}

export function colCount(sheet: Sheet): number {
  let n = 0;
  const rows = sheet.rows;
  for (let k = 0; k < rows.length; k++) if (rows[k] && rows[k]!.length > n) n = rows[k]!.length;
  for (const m of sheet.merges) if (m.right + 1 > n) n = m.right + 1;
  return n;
}

export function isEmpty(cell: Cell): boolean {
  const v = cell.value;
  return v.kind === 'empty' || (v.kind === 'text' && v.value.trim() === '');
}

/** Column index (0-based) to letters: 0 → A, 26 → AA. */
export function colName(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function a1(row: number, col: number): string {
  return `${colName(col)}${row + 1}`;
}

export function rangeA1(r: Range): string {
  return `${a1(r.top, r.left)}:${a1(r.bottom, r.right)}`;
}

const A1_RE = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;

export function parseA1(ref: string): { row: number; col: number } | null {
  const m = A1_RE.exec(ref.trim());
  if (!m) return null;
  return { row: parseInt(m[2], 10) - 1, col: colIndex(m[1]) };
}

export function parseRangeA1(ref: string): Range | null {
  const parts = ref.split(':');
  const a = parseA1(parts[0]);
  const b = parts.length > 1 ? parseA1(parts[1]) : a;
  if (!a || !b || parts.length > 2) return null;
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

/** Convenience for tests and generators: build a sheet from plain values. */
export function sheetFromValues(name: string, values: unknown[][], merges: Range[] = []): Sheet {
  return {
    name,
    merges,
    rows: values.map((r) => r.map((v) => toCell(v))),
  };
}

export function toCell(v: unknown): Cell | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'number') return { value: { kind: 'number', value: v } };
  if (typeof v === 'boolean') return { value: { kind: 'boolean', value: v } };
  if (typeof v === 'string') {
    if (/^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!)$/.test(v)) return { value: { kind: 'error', value: v } };
    return { value: { kind: 'text', value: v } };
  }
  if (typeof v === 'object' && v !== null && 'value' in (v as object)) return v as Cell;
  return { value: { kind: 'text', value: String(v) } };
}

/**
 * Empties the cells a merge covers except its top-left one: Excel keeps
 * whatever they held but shows only the top-left. Clamped to the cells that
 * exist, so a merge like A1:Z1048576 costs nothing extra.
 */
export function blankMergedCells(rows: (Cell | undefined)[][], m: Range): void {
  const lastRow = Math.min(m.bottom, rows.length - 1);
  for (let r = m.top; r <= lastRow; r++) {
    const row = rows[r];
    if (!row) continue;
    const lastCol = Math.min(m.right, row.length - 1);
    for (let c = r === m.top ? m.left + 1 : m.left; c <= lastCol; c++) row[c] = undefined;
  }
}
