// The corrected copy of a table, as a sheet plan: the header block and the
// title rows above it, every input copied with the chosen suggestions applied,
// and every derived cell a live formula (correct-derive.ts) whose cached
// `result` is the value PovCheck computes. Cells that changed carry a fill and
// a note. Pure: hosts (ExcelJS, Office.js) turn the plan into cells.
import { type Cell, type Range, type Sheet, a1, cellAt, isEmpty } from './grid';
import * as D from './decimal';
import { formatInfo, readNumber } from './numbers';
import type { Issue, Lang, RuleCode, Suggestion } from './report';
import type { Table, TableColumn, TableRow } from './tables';
import { findTables } from './tables';
import { NUMERIC_KINDS } from './relations';
import { phrase } from './messages';
import { type PlannedCell, type SheetPlan, fitRowHeights } from './plan';
import { storedNumber, writtenFormat } from './formats';
import { FILL_APPLIED, FILL_RECOMPUTED, correctedMarker, correctedSheetName, numberedName } from './own-sheets';
import { type ApplyMode, CorrectionInputs, cellKey } from './correct-inputs';
import { Derivations } from './correct-derive';

export type { ApplyMode } from './correct-inputs';

export interface CorrectOptions {
  lang: Lang;
  /** `safe`: high-confidence suggestions only; `all`: every unique one (never a low-confidence or tied one); `none`: inputs as typed. */
  apply: ApplyMode;
  /** The table's index in its sheet (issues carry it as `table`); names the sheet `… 2` for the second table. */
  tableIndex?: number;
  /** Date written in the marker row; today when absent. */
  date?: Date;
  /** Source column widths in characters, index = column (the grid model does not carry them; hosts do). */
  widths?: (number | undefined)[];
  /** First source row that may be copied as a title above the header (after the previous table). */
  titleFrom?: number;
  /** Sheet name to use instead of the derived one. */
  name?: string;
}

export interface AppliedCorrection {
  /** The cell in the source sheet. */
  sourceCell: string;
  /** The same cell in the corrected sheet. */
  cell: string;
  old: number | string | null;
  value: number;
  rule: RuleCode;
  reason: string;
  confidence: Suggestion['confidence'];
}

export interface CorrectedPlan extends SheetPlan {
  purpose: 'corrected';
  source: string;
  /** Suggestions written into the corrected sheet. */
  applied: AppliedCorrection[];
  /** Derived cells whose computed value differs from the source (source A1 → corrected A1). */
  recomputed: { sourceCell: string; cell: string }[];
  /** Source row → corrected-sheet row (0-based), for every copied row. */
  rowMap: Record<number, number>;
  /** The corrected sheet's range of the table (header included). */
  range: Range;
}

const NUMERIC = new Set(NUMERIC_KINDS);
const MAX_TITLE_ROWS = 8;


/**
 * A corrected copy of one table: same header block (and the title rows above
 * it), every input copied (numbers stored as text become numbers) with the
 * chosen suggestions applied, and every derived cell — rates, end-of-period
 * balances, totals and groups — as a live formula whose cached `result` is
 * the value PovCheck computes. Cells that changed carry a fill and a note.
 */
export function correctedTablePlan(sheet: Sheet, table: Table, issues: Issue[], options: CorrectOptions): CorrectedPlan {
  return new TableWriter(sheet, table, issues, options).plan();
}

/** One corrected plan per table of the sheet, with names unique among them. */
export function correctedSheetPlans(sheet: Sheet, issues: Issue[], options: Omit<CorrectOptions, 'tableIndex' | 'titleFrom' | 'name'>, tables = findTables(sheet)): CorrectedPlan[] {
  const names = new Set<string>();
  let from = 0;
  return tables.map((t, i) => {
    let name = correctedSheetName(sheet.name, i, options.lang);
    for (let n = 2; names.has(name); n++) name = numberedName(correctedSheetName(sheet.name, i, options.lang), n);
    names.add(name);
    const plan = correctedTablePlan(sheet, t, issues, { ...options, tableIndex: i, titleFrom: from, name });
    from = t.range.bottom + 1;
    return plan;
  });
}

class TableWriter {
  private readonly lang: Lang;
  private readonly inputs: CorrectionInputs;
  private readonly derivations: Derivations;
  private readonly firstRow: number;
  private readonly shift = 2; // the marker row and a blank row

  constructor(
    private readonly sheet: Sheet,
    private readonly table: Table,
    issues: Issue[],
    private readonly options: CorrectOptions,
  ) {
    this.lang = options.lang;
    this.inputs = new CorrectionInputs(sheet, table, issues, options);
    this.firstRow = this.titleStart();
    this.derivations = new Derivations(this.inputs, (r) => this.plannedRow(r));
  }

  private plannedRow(srcRow: number): number {
    return srcRow - this.firstRow + this.shift;
  }

  /** Title rows worth copying: the non-empty text rows just above the header, after the previous table. */
  private titleStart(): number {
    const top = this.table.headerTop;
    const from = Math.max(this.options.titleFrom ?? 0, top - MAX_TITLE_ROWS, 0);
    for (let r = from; r < top; r++) {
      const row = this.sheet.rows[r] ?? [];
      if (row.some((c) => c && !isEmpty(c))) {
        // Only text rows: numbers above the header belong to something else.
        let start = r;
        for (let q = r; q < top; q++) {
          const cells = (this.sheet.rows[q] ?? []).filter((c): c is Cell => !!c && !isEmpty(c));
          if (cells.some((c) => c.value.kind !== 'text')) start = q + 1;
        }
        return start;
      }
    }
    return top;
  }

  plan(): CorrectedPlan {
    const { sheet, table, lang } = this;
    const date = this.options.date ?? new Date();
    const left = table.range.left;
    const right = table.range.right;
    const headerEnd = table.numberedRow ?? table.headerBottom;
    const cells: PlannedCell[] = [];
    const merges: Range[] = [];
    const rowMap: Record<number, number> = {};
    const applied: AppliedCorrection[] = [];
    const recomputed: { sourceCell: string; cell: string }[] = [];

    cells.push({ row: 0, col: 0, value: correctedMarker(sheet.name, date), bold: true });

    // Titles and the header block: text as it is; the header bold and wrapped.
    for (let r = this.firstRow; r <= headerEnd; r++) {
      rowMap[r] = this.plannedRow(r);
      const isHeader = r >= table.headerTop;
      const row = sheet.rows[r] ?? [];
      const lastCol = isHeader ? right : Math.max(right, row.length - 1);
      for (let c = isHeader ? left : 0; c <= lastCol; c++) {
        const cell = row[c];
        if (!cell || isEmpty(cell)) continue;
        cells.push({ row: this.plannedRow(r), col: c, value: plainValue(cell), ...(cell.numFmt ? { numFmt: cell.numFmt } : {}), ...(isHeader ? { bold: true, wrap: true } : {}) });
      }
    }
    for (const m of sheet.merges) {
      if (m.top >= this.firstRow && m.bottom <= headerEnd) merges.push(this.shiftRange(m));
      // A label merged across a data row (e.g. CỘNG over A:B) keeps its merge; numbers never do.
      else if (m.top === m.bottom && this.inputs.rowOf.has(m.top) && m.left >= left && m.right <= right) {
        let numeric = false;
        for (let c = m.left; c <= m.right; c++) if (NUMERIC.has(this.inputs.col.get(c)?.role.kind ?? '')) numeric = true;
        if (!numeric) merges.push(this.shiftRange(m));
      }
    }

    for (const row of table.rows) {
      const pr = this.plannedRow(row.row);
      rowMap[row.row] = pr;
      for (let c = left; c <= right; c++) {
        const src = cellAt(sheet, row.row, c);
        const column = this.inputs.col.get(c);
        const kind = column?.role.kind ?? 'unknown';
        if (!NUMERIC.has(kind)) {
          if (!isEmpty(src)) cells.push({ row: pr, col: c, value: plainValue(src), ...(src.numFmt ? { numFmt: src.numFmt } : {}), ...(row.kind !== 'unit' ? { bold: true } : {}) });
          continue;
        }
        const out = this.dataCell(row, c, pr, applied, recomputed);
        if (out) cells.push(out);
      }
    }

    const lastPlanned = table.rows.length ? this.plannedRow(table.rows[table.rows.length - 1].row) : this.plannedRow(headerEnd);
    const unitCol = table.columns.find((c) => c.role.kind === 'unit')?.col;
    const widths: number[] = [];
    for (let c = 0; c <= right; c++) widths[c] = this.options.widths?.[c] ?? defaultWidth(this.inputs.col.get(c));
    return fitRowHeights({
      name: this.options.name ?? correctedSheetName(sheet.name, this.options.tableIndex ?? 0, lang),
      purpose: 'corrected',
      source: sheet.name,
      cells,
      merges,
      widths,
      freeze: { rows: this.plannedRow(headerEnd) + 1, cols: unitCol !== undefined ? unitCol + 1 : 0 },
      applied,
      recomputed,
      rowMap,
      range: { top: this.plannedRow(table.headerTop), left, bottom: lastPlanned, right },
    });
  }

  private shiftRange(m: Range): Range {
    return { top: this.plannedRow(m.top), left: m.left, bottom: this.plannedRow(m.bottom), right: m.right };
  }

  private dataCell(row: TableRow, c: number, pr: number, applied: AppliedCorrection[], recomputed: { sourceCell: string; cell: string }[]): PlannedCell | null {
    const src = cellAt(this.sheet, row.row, c);
    const kind = this.inputs.col.get(c)!.role.kind;
    const sourceCell = a1(row.row, c);
    const cell = a1(pr, c);
    const read = this.inputs.read(row.row, c);
    const p = kind === 'rate' ? this.inputs.decimals(row.row, c) : 0;
    // a format of the cell's kind showing p decimals (formats.ts)
    const numFmt = writtenFormat(kind === 'rate' ? 'rate' : 'count', src.numFmt, p, kind === 'rate' && !!formatInfo(src.numFmt)?.percent);
    const bold = row.kind !== 'unit' ? { bold: true } : {};
    // The old value as the note words it: only where a note is written.
    const old = () => oldText(src, read, p, this.lang);
    const f = this.derivations.formulaOf(row.row, c);
    if (f) {
      const out: PlannedCell = { row: pr, col: c, formula: f.formula, result: D.toNumber(f.value), numFmt, ...bold };
      const before = read.ok ? D.round(read.value, p) : null;
      // A percent-formatted rate holds the fraction; compare in percent, as the checks read it.
      const now = kind === 'rate' && formatInfo(src.numFmt)?.percent ? D.round(D.mul(f.value, D.dec(100)), p) : D.round(f.value, p);
      if (!before || !D.eq(before, now)) {
        recomputed.push({ sourceCell, cell });
        const issue = this.inputs.issueAt.get(sourceCell);
        const why = issue ? ' ' + (issue.suggestion && issue.suggestion.cell === sourceCell ? issue.suggestion.reason : issue.message) : '';
        out.fill = FILL_RECOMPUTED;
        out.note = phrase('correct-recomputed', this.lang, { src: sourceCell, old: old(), new: D.format(now, p, this.lang) }) + why;
      }
      return out;
    }
    const o = this.inputs.overrides.get(cellKey(row.row, c));
    if (o) {
      const value = o.s.value;
      applied.push({ sourceCell, cell, old: read.ok ? D.toNumber(read.value) : plainOld(src), value, rule: o.issue.rule, reason: o.s.reason, confidence: o.s.confidence });
      return {
        row: pr,
        col: c,
        value: storedNumber(D.fromNumber(value), numFmt), // as the format shows it
        numFmt,
        fill: FILL_APPLIED,
        note: phrase('correct-applied', this.lang, { src: sourceCell, old: old(), new: D.format(D.fromNumber(value), kind === 'rate' ? p : null, this.lang) }) + ' ' + o.s.reason,
        ...bold,
      };
    }
    if (isEmpty(src)) return null;
    const typed = this.inputs.percentCount(row.row, c);
    if (typed) {
      const note = phrase('correct-percent-count', this.lang, { src: sourceCell, old: `${D.format(D.mul(typed, D.dec(100)), 2, this.lang)}%`, new: D.format(typed, 0, this.lang) });
      return { row: pr, col: c, value: D.toNumber(typed), numFmt, fill: FILL_APPLIED, note, ...bold };
    }
    if (read.ok) {
      // Numbers stored as text become numbers, without a note: the report lists them (number-as-text).
      return { row: pr, col: c, value: storedNumber(read.value, numFmt), numFmt, ...bold }; // as the format shows it
    }
    // Unusable (text, error, date) or a dash for "none": kept as typed, the checks say why.
    return { row: pr, col: c, value: plainValue(src), ...(src.numFmt ? { numFmt: src.numFmt } : {}), ...bold };
  }
}

function plainValue(cell: Cell): number | string | boolean | null {
  const v = cell.value;
  switch (v.kind) {
    case 'empty':
      return null;
    case 'number':
    case 'text':
    case 'boolean':
    case 'error':
    case 'date':
      return v.value;
  }
}

function plainOld(cell: Cell): number | string | null {
  const v = plainValue(cell);
  return typeof v === 'boolean' ? String(v) : v;
}

function oldText(src: Cell, read: ReturnType<typeof readNumber>, p: number, lang: Lang): string {
  if (read.ok) return D.format(read.value, read.fromText ? read.shown : p || null, lang);
  if (read.reason === 'empty' && src.value.kind === 'empty') return phrase('correct-old-empty', lang);
  return `"${read.raw}"`;
}


function defaultWidth(c: TableColumn | undefined): number {
  switch (c?.role.kind) {
    case 'ordinal':
      return 6;
    case 'unit':
      return 24;
    case undefined:
      return 10;
    default:
      return 12;
  }
}

