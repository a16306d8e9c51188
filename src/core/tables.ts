// Finding tables in a sheet: skip title blocks, read a header block of one
// to four rows (merged group headers pass their text to the columns below),
// an optional numbered-column row (`A B 1 2 … 10=2-8`), then data rows with
// their totals, groups and members.
import { type Cell, type Range, type Sheet, cellAt, colCount, colName, isEmpty } from './grid';
import { fold, tidy } from './text';
import { type ColumnRole, linkRoles, recognise, roleFromCode } from './roles';
import { TOO_LARGE, formatInfo, readNumber } from './numbers';
import { END_WORDS, KEY_HEADER_WORDS, MEASURE_HEADER_WORDS, TOTAL_WORDS } from './vocabulary';
import { type TableLayout, indicatorLayout } from './table-layout';
import * as D from './decimal';
import { NUMERIC_KINDS } from './role-types';
import { type RowKind, type TableRow, NO_MEMBERS, foldedNameRank, groupRows, nameRank, ordinalKind, splitBreakdowns } from './row-groups';

export type { RowKind, TableRow };

export interface NumberedLabel {
  text: string;
  /** Column number the label gives (`10=2-8` → 10); null for letters. */
  num: number | null;
  /** Right-hand side of `10=2-8`, if any. */
  formula: string | null;
}

export interface TableColumn {
  col: number;
  /** Header texts, top group first, the column's own header last. */
  path: string[];
  header: string;
  /** Where the column's own header text sits (the master cell of its merge). */
  headerCell: { row: number; col: number };
  role: ColumnRole;
  label?: NumberedLabel;
}

export interface Table {
  range: Range;
  headerTop: number;
  headerBottom: number;
  numberedRow: number | null;
  columns: TableColumn[];
  rows: TableRow[];
  /** Set when the table is not one row per unit (indicators as rows): its relations are not checked. */
  layout?: TableLayout;
}

const TOTAL_RE = new RegExp(`^(${TOTAL_WORDS.join('|')})\\b`);
const KEY_HEADER_RE = new RegExp(`^(${KEY_HEADER_WORDS.join('|')})`);
const MEASURE_HEADER_RE = new RegExp(MEASURE_HEADER_WORDS.join('|'));
const END_TEXT_RE = new RegExp(`^(${END_WORDS.join('|')})`);
const LABEL_RE = /^\(?\s*([A-Za-z]|\d{1,2})\s*\)?\s*(?:=\s*(.+))?$/;
/** A hierarchical column number ("1.0", "1.2.1"): numbers the column, is no formula. */
const HIERARCHY_RE = /^\d{1,2}(\.\d{1,2})+$/;

/** Cell lookup that sees a merged area's value in every cell it covers (for headers). */
class MergeView {
  private master = new Map<number, [number, number]>();
  private width: number;
  constructor(
    private sheet: Sheet,
    width: number,
  ) {
    this.width = width + 1;
    for (const m of sheet.merges) {
      // Large merges across data rows are rare; cap the work per merge.
      if ((m.bottom - m.top + 1) * (m.right - m.left + 1) > 10000) continue;
      for (let r = m.top; r <= m.bottom; r++)
        for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) this.master.set(r * this.width + c, [m.top, m.left]);
    }
  }
  cell(r: number, c: number): Cell {
    const at = this.master.get(r * this.width + c);
    return at ? cellAt(this.sheet, at[0], at[1]) : cellAt(this.sheet, r, c);
  }
  /** True when (r, c) is covered by a merge whose master is in another row or column. */
  coveredFrom(r: number, c: number): [number, number] | undefined {
    return this.master.get(r * this.width + c);
  }
}

export function cellText(cell: Cell): string {
  const v = cell.value;
  switch (v.kind) {
    case 'text':
      return tidy(v.value);
    case 'number':
      return String(v.value);
    case 'boolean':
      return v.value ? 'TRUE' : 'FALSE';
    case 'error':
    case 'date':
      return v.value;
    default:
      return '';
  }
}

function isNumeric(cell: Cell): boolean {
  if (cell.value.kind === 'number') return true;
  if (cell.value.kind === 'text') return readNumber(cell, 'count').ok;
  return false;
}

/** The sheet column of the table's first column with this role code. */
export function columnWith(table: Table, code: string): number | undefined {
  return table.columns.find((c) => c.role.code === code)?.col;
}

/** The households columns, earliest year first: the start-of-period base first, the end-of-year base last. */
export function householdsByYear(table: Table): TableColumn[] {
  return table.columns.filter((c) => c.role.code === 'households').sort((a, b) => (a.role.year ?? 0) - (b.role.year ?? 0));
}

/**
 * A count read from the sheet as officers type it; undefined when empty, not a
 * number, or not a whole number (4.999999999999999 is float noise, 4.0001 a
 * typo: `check` reports both as invalid-value, and sums and allocations leave
 * them out rather than guess).
 */
export function countAt(sheet: Sheet, row: number, col: number | undefined): number | undefined {
  if (col === undefined) return undefined;
  const cell = cellAt(sheet, row, col);
  const v = cell.value;
  // The usual cell, a whole number without a % format, is its own count: no decimal made for it.
  if (v.kind === 'number' && Number.isSafeInteger(v.value) && Math.abs(v.value) < TOO_LARGE && !formatInfo(cell.numFmt)?.percent) return v.value === 0 ? 0 : v.value;
  const r = readNumber(cell, 'count');
  return r.ok && D.isInteger(r.value) ? D.toNumber(r.value) : undefined;
}

/** A cell that holds something but not a usable count (text, a date, 4.0001, 1e308, a negative number). */
export function isUnusableCount(sheet: Sheet, row: number, col: number): boolean {
  const r = readNumber(cellAt(sheet, row, col), 'count');
  if (r.ok) return !D.isInteger(r.value) || D.isNegative(r.value);
  return r.reason !== 'empty';
}

/**
 * Finds every table in the sheet, top to bottom. `roles` (column letter → role
 * code) replaces what recognition gave those columns: the user's choice wins.
 */
export function findTables(sheet: Sheet, roles?: Record<string, string>): Table[] {
  const width = colCount(sheet);
  const view = new MergeView(sheet, width);
  const tables: Table[] = [];
  const n = sheet.rows.length;
  let r = 0;
  while (r < n) {
    if (isHeaderStart(sheet, r, width)) {
      const t = readTable(view, sheet, r, width, roles);
      if (t) {
        tables.push(t);
        r = t.range.bottom + 1;
        continue;
      }
    }
    r++;
  }
  return tables;
}

function rowTexts(view: MergeView, sheet: Sheet, r: number, width: number, merged: boolean): string[] {
  const out: string[] = [];
  const row = sheet.rows[r];
  if (!row && !merged) return out;
  for (let c = 0; c < width; c++) {
    const cell = merged ? view.cell(r, c) : (row?.[c] ?? cellAt(sheet, r, c));
    out.push(cellText(cell));
  }
  return out;
}

function isHeaderStart(sheet: Sheet, r: number, width: number): boolean {
  const row = sheet.rows[r];
  if (!row) return false;
  let filled = 0;
  let key = false;
  let measure = false;
  for (let c = 0; c < Math.min(width, row.length); c++) {
    const cell = row[c];
    if (!cell || isEmpty(cell)) continue;
    if (cell.value.kind !== 'text') return false;
    if (isNumeric(cell)) return false;
    filled++;
    const f = fold(cell.value.value);
    if (KEY_HEADER_RE.test(f)) key = true;
    else if (MEASURE_HEADER_RE.test(f)) measure = true;
  }
  return filled >= 3 && key && measure;
}

function isHeaderLike(sheet: Sheet, view: MergeView, r: number, left: number, right: number): boolean {
  let any = false;
  let beyondLabels = false;
  for (let c = left; c <= right; c++) {
    const own = cellAt(sheet, r, c);
    if (!isEmpty(own)) {
      if (own.value.kind !== 'text' || isNumeric(own)) return false;
      any = true;
      if (c > left + 1) beyondLabels = true;
    } else if (view.coveredFrom(r, c)) {
      any = true;
      if (c > left + 1) beyondLabels = true;
    }
  }
  return any && (beyondLabels || !isSectionHeading(sheet, r, left));
}

/**
 * "I | Huyện A" with nothing to its right: the first data row, a section
 * heading without figures, not a second header line (which would make the
 * ordinal and unit columns' headers "TT / I" and "Đơn vị / Huyện A").
 */
function isSectionHeading(sheet: Sheet, r: number, left: number): boolean {
  const a = cellText(cellAt(sheet, r, left));
  const b = cellText(cellAt(sheet, r, left + 1));
  const label = b || a;
  return (!!a && ordinalKind(a).kind !== 'none' && ordinalKind(a).kind !== 'dash') || nameRank(label) !== null || TOTAL_RE.test(fold(label));
}

function parseLabel(text: string): NumberedLabel | null {
  if (HIERARCHY_RE.test(text.trim())) return { text: text.trim(), num: null, formula: null };
  const m = LABEL_RE.exec(text.trim());
  if (!m) return null;
  const tok = m[1];
  return { text: text.trim(), num: /^\d+$/.test(tok) ? parseInt(tok, 10) : null, formula: m[2] ? m[2].trim() : null };
}

function readNumberedRow(sheet: Sheet, r: number, left: number, right: number): Map<number, NumberedLabel> | null {
  const labels = new Map<number, NumberedLabel>();
  let filled = 0;
  for (let c = left; c <= right; c++) {
    const cell = cellAt(sheet, r, c);
    if (isEmpty(cell)) continue;
    filled++;
    const l = parseLabel(cellText(cell));
    if (!l) return null;
    labels.set(c, l);
  }
  const width = right - left + 1;
  if (filled < Math.max(3, Math.ceil(width * 0.5))) return null;
  // "I" typed for 1 (seed 001): a lone I or l right before the column numbered 2.
  const cols = [...labels.keys()].sort((a, b) => a - b);
  cols.forEach((c, i) => {
    const l = labels.get(c)!;
    const next = i + 1 < cols.length ? labels.get(cols[i + 1])! : null;
    if (l.num === null && /^[Il|]$/.test(l.text) && next?.num === 2) l.num = 1;
  });
  const nums = cols.map((c) => labels.get(c)!.num).filter((x): x is number => x !== null);
  const hierarchy = cols.filter((c) => HIERARCHY_RE.test(labels.get(c)!.text)).length;
  if (hierarchy >= 3) return labels;
  if (nums.length < 3) return null;
  for (let i = 1; i < nums.length; i++) if (nums[i] <= nums[i - 1]) return null;
  return labels;
}

function readTable(view: MergeView, sheet: Sheet, top: number, width: number, overrides?: Record<string, string>): Table | null {
  // Column span of the header: the first header row's cells and their merges.
  let left = width;
  let right = -1;
  for (let c = 0; c < width; c++) {
    if (!isEmpty(cellAt(sheet, top, c)) || view.coveredFrom(top, c)) {
      left = Math.min(left, c);
      right = Math.max(right, c);
    }
  }
  for (const m of sheet.merges) if (m.top === top && m.left >= left && m.left <= right) right = Math.max(right, m.right);
  if (right < 0) return null;
  let bottom = top;
  while (bottom + 1 < sheet.rows.length && bottom - top < 3) {
    if (readNumberedRow(sheet, bottom + 1, left, right)) {
      // Bare numbers under a group ("1" … "12" under "Chỉ số thiếu hụt") while other
      // columns' headers still reach down into this row: own headers, not column numbers.
      if (!bareNumberHeaders(view, bottom + 1, left, right)) break;
      bottom++;
      continue;
    }
    if (!isHeaderLike(sheet, view, bottom + 1, left, right)) break;
    bottom++;
  }
  // Children may reach further right than the first header row (unmerged groups).
  for (;;) {
    let grew = false;
    for (let r = top; r <= bottom; r++) if (!isEmpty(cellAt(sheet, r, right + 1)) || view.coveredFrom(r, right + 1)) grew = true;
    if (!grew) break;
    right++;
  }
  const labels = bottom + 1 < sheet.rows.length ? readNumberedRow(sheet, bottom + 1, left, right) : null;
  const numberedRow = labels ? bottom + 1 : null;

  // Header paths per column.
  const headerRows: string[][] = [];
  for (let r = top; r <= bottom; r++) headerRows.push(rowTexts(view, sheet, r, width, true));
  const inMerge = (r: number, c: number) => !!view.coveredFrom(r, c) || sheet.merges.some((m) => m.top === r && m.left === c);
  const paths: string[][] = [];
  const parents: string[] = [];
  const headerCells: { row: number; col: number }[] = [];
  for (let c = left; c <= right; c++) {
    const path: string[] = [];
    let own = { row: top, col: c };
    for (let i = 0; i < headerRows.length; i++) {
      let t = headerRows[i][c];
      // Unmerged group header typed once over its children (pasted from Word).
      if (!t && !inMerge(top + i, c) && i < headerRows.length - 1) {
        const below = headerRows.slice(i + 1).some((h) => h[c]);
        if (below) {
          for (let k = c - 1; k >= left; k--) {
            if (headerRows[i][k]) {
              if (headerRows.slice(i + 1).some((h) => h[k])) t = headerRows[i][k];
              break;
            }
          }
        }
      }
      if (t && path[path.length - 1] !== t) {
        path.push(t);
        const m = view.coveredFrom(top + i, c);
        own = m ? { row: m[0], col: m[1] } : { row: top + i, col: c };
      }
    }
    headerCells.push(own);
    paths.push(path);
    parents.push(path.length >= 2 ? path[path.length - 2] : '');
  }
  const chosen = paths.map((_, i) => overrides?.[colName(left + i)]);
  const roles = linkRoles(
    paths.map((p, i) => (chosen[i] && roleFromCode(chosen[i] as string)) || recognise(p)),
    parents,
  );
  // A chosen rate belongs to the nearest count on its left with the chosen code.
  roles.forEach((r, i) => {
    const code = chosen[i];
    if (!code || !code.endsWith('.rate') || !roleFromCode(code)) return;
    const countCode = code.slice(0, -'.rate'.length);
    for (let c = i - 1; c >= 0; c--) {
      if (roles[c].kind === 'count' && roles[c].code === countCode) {
        r.kind = 'rate';
        r.countCol = c;
        r.code = code;
        return;
      }
    }
  });
  const columns: TableColumn[] = paths.map((path, i) => ({
    col: left + i,
    path,
    header: path.join(' / '),
    headerCell: headerCells[i],
    role: roles[i],
    label: labels?.get(left + i),
  }));
  // Rates point at columns by table index; make them sheet columns.
  for (const col of columns) {
    if (col.role.countCol !== undefined) col.role.countCol += left;
    if (col.role.baseCol !== undefined) col.role.baseCol += left;
  }
  const layout = indicatorLayout(columns);

  const counted = columns.filter((c) => NUMERIC_KINDS.includes(c.role.kind));
  if (counted.length === 0 && !layout) return null;

  const rows = readRows(sheet, view, numberedRow !== null ? numberedRow + 1 : bottom + 1, left, right, columns, width);
  const lastRow = rows.length ? rows[rows.length - 1].row : (numberedRow ?? bottom);
  return {
    range: { top, left, bottom: lastRow, right },
    headerTop: top,
    headerBottom: bottom,
    numberedRow,
    columns,
    rows,
    ...(layout ? { layout } : {}),
  };
}

/** True when a row of numbers sits under a horizontal group while some column's header merges down over it. */
function bareNumberHeaders(view: MergeView, r: number, left: number, right: number): boolean {
  let coveredFromAbove = false;
  let underGroup = false;
  for (let c = left; c <= right; c++) {
    const m = view.coveredFrom(r, c);
    if (m && m[0] < r && m[1] === c) coveredFromAbove = true;
    const above = view.coveredFrom(r - 1, c);
    if (above && above[1] < c) underGroup = true;
  }
  return coveredFromAbove && underGroup;
}

function readRows(
  sheet: Sheet,
  view: MergeView,
  start: number,
  left: number,
  right: number,
  columns: TableColumn[],
  width: number,
): TableRow[] {
  const ordinalCol = columns.find((c) => c.role.kind === 'ordinal')?.col;
  const unitCol = columns.find((c) => c.role.kind === 'unit')?.col;
  const breakdownCol = columns.find((c) => c.role.kind === 'breakdown')?.col;
  const numericCols = columns.filter((c) => NUMERIC_KINDS.includes(c.role.kind)).map((c) => c.col);
  const rows: TableRow[] = [];
  // Each row's nameRank, from the label folded here (groupRows would fold it again).
  const names: (number | null)[] = [];
  let prevOrdinal = '';
  let prevLabel = '';
  const blank = (r: number) => {
    for (let c = left; c <= right; c++) if (!isEmpty(cellAt(sheet, r, c))) return false;
    return true;
  };
  for (let r = start; r < sheet.rows.length; r++) {
    if (blank(r)) {
      // A row or two left empty inside the data (a deleted unit, a gap typed
      // between districts) does not end the table when units with numbers in
      // its columns follow; ending there would cut a subtotal off its members.
      const next = rows.length ? continuationAfter(sheet, r, blank, numericCols, ordinalCol, width, left, right) : -1;
      if (next < 0) break;
      r = next - 1;
      continue;
    }
    if (isHeaderStart(sheet, r, width)) break;
    let numbers = 0;
    for (let k = 0; k < numericCols.length; k++) if (!isEmpty(cellAt(sheet, r, numericCols[k]))) numbers++;
    let ordinal = ordinalCol !== undefined ? cellText(cellAt(sheet, r, ordinalCol)) : '';
    let label = unitCol !== undefined ? cellText(cellAt(sheet, r, unitCol)) : '';
    const series = breakdownCol !== undefined ? fold(cellText(cellAt(sheet, r, breakdownCol))) || null : null;
    if (series !== null && !label && !ordinal) {
      // Second line of a unit spread over two rows (Hộ / Nhân khẩu).
      ordinal = prevOrdinal;
      label = prevLabel;
    } else if (!label && !ordinal) {
      // Totals are often typed in whichever of the first columns is free.
      for (let c = left; c <= right && !label; c++) {
        const t = cellText(cellAt(sheet, r, c));
        if (t && c !== breakdownCol && !isNumeric(cellAt(sheet, r, c))) label = t;
      }
    }
    // Folded once per row: this runs for every data row.
    const fLabel = fold(label);
    const fOrdinal = fold(ordinal);
    if (numbers === 0) {
      const text = fLabel || fOrdinal;
      if (END_TEXT_RE.test(text) || text.length > 60) break;
    }
    prevOrdinal = ordinal;
    prevLabel = label;
    const isTotal = TOTAL_RE.test(fLabel) || TOTAL_RE.test(fOrdinal);
    rows.push({ row: r, kind: isTotal ? 'total' : 'unit', ordinal, label: label || ordinal, series, members: NO_MEMBERS });
    names.push(foldedNameRank(label ? fLabel : fOrdinal));
  }
  groupRows(rows, names);
  splitBreakdowns(
    rows,
    columns.filter((c) => ['count', 'households', 'persons'].includes(c.role.kind)).map((c) => c.col),
    (r, c) => countAt(sheet, r, c),
  );
  return rows;
}

/** Blank rows tolerated inside a table's data. */
const MAX_GAP = 2;

/**
 * The row after a gap of blank rows starting at `r` when the table goes on
 * there (a labelled row with numbers in at least half the table's number
 * columns, not a new header), else -1.
 */
function continuationAfter(sheet: Sheet, r: number, blank: (r: number) => boolean, numericCols: number[], ordinalCol: number | undefined, width: number, left: number, right: number): number {
  let next = r;
  while (next < sheet.rows.length && blank(next)) next++;
  if (next - r > MAX_GAP || next >= sheet.rows.length || !numericCols.length) return -1;
  if (isHeaderStart(sheet, next, width)) return -1;
  // Labelled: a name, an ordinal, a total's word typed in whichever first column is free, or a breakdown line (Nhân khẩu).
  let labelled = false;
  for (let c = left; c <= right && !labelled; c++) if (!numericCols.includes(c) && cellText(cellAt(sheet, next, c)) && !isNumeric(cellAt(sheet, next, c))) labelled = true;
  if (!labelled && !(ordinalCol !== undefined && cellText(cellAt(sheet, next, ordinalCol)))) return -1;
  let numbers = 0;
  for (const c of numericCols) if (isNumeric(cellAt(sheet, next, c))) numbers++;
  return numbers * 2 >= numericCols.length ? next : -1;
}
