// Planners for what PovCheck writes into a workbook: a corrected copy of a
// table (inputs copied, suggestions applied, everything derived as a live
// formula), the report sheet, and the log of in-place edits. Pure: no Node,
// no DOM; hosts (ExcelJS, Office.js) turn the plans into cells.
import { type Cell, type Range, type Sheet, a1, cellAt, colName, isEmpty, parseA1 } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import { formatInfo, readNumber } from './numbers';
import type { Issue, Lang, Report, RuleCode, Severity, Suggestion } from './report';
import type { Table, TableColumn, TableRow } from './tables';
import { findTables } from './tables';
import { type BoundRelation, type LinearRelation, NUMERIC_KINDS, definingRelations, tableRelations } from './relations';
import { phrase } from './messages';
import { type CellEdit, type Hex, type PlannedCell, type SheetPlan, LOG_SHEET, REPORT_SHEET, fitRowHeights } from './plan';
import { cutUnits, fitWithSuffix } from './sheet-names';
import { columnDecimals, storedNumber, unusableRateDecimals, writtenFormat } from './formats';
import { percentFormattedCount, usableValue } from './usable';

// ---- recognising PovCheck's own sheets --------------------------------------

/** First words of a corrected sheet's A1; hosts recognise their own sheets by it (never a user's). */
export const CORRECTED_MARKER = 'Bảng đã sửa bởi PovCheck';
const REPORT_MARKERS = ['Báo cáo kiểm tra của PovCheck', 'PovCheck report'];

/** Light green: a value PovCheck changed on purpose (an applied suggestion). */
export const FILL_APPLIED: Hex = 'C6EFCE';
/** Light yellow: a derived value that differs from the source once computed by formula. */
export const FILL_RECOMPUTED: Hex = 'FFEB9C';
const FILL_ERROR: Hex = 'FFC7CE';

/** dd/mm/yyyy, the way Vietnamese documents write dates. */
export function formatDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`;
}

export function correctedMarker(source: string, date: Date): string {
  return `${CORRECTED_MARKER} từ trang '${source}' — ngày ${formatDate(date)}`;
}

/** The source sheet a corrected sheet's marker names, or null when `a1` is no such marker. */
export function markerSource(a1Value: unknown): string | null {
  if (typeof a1Value !== 'string' || !a1Value.startsWith(CORRECTED_MARKER)) return null;
  const m = /từ trang '(.*)' — ngày/.exec(a1Value);
  return m ? m[1] : '';
}

/** First words of an allocation sheet's A1 (`povcheck allocate`), followed by the source sheet and the date. */
export const ALLOCATION_MARKER = 'Bảng phân bổ bởi PovCheck';
/** First words of an appendix sheet's A1 (`povcheck appendix`). */
export const APPENDIX_MARKER = 'Phụ lục lập bởi PovCheck';

/** The source sheet named by an allocation sheet's marker, or null when `a1` is no such marker. */
export function allocationMarkerSource(a1Value: unknown): string | null {
  if (typeof a1Value !== 'string' || !a1Value.startsWith(ALLOCATION_MARKER)) return null;
  const m = /từ trang '(.*)' — ngày/.exec(a1Value);
  return m ? m[1] : '';
}

/**
 * What a sheet is when PovCheck wrote it, from its name and the value of its
 * A1 cell (its first row for the log); null for a user's sheet. A host
 * replaces only sheets this recognises, and only for the same purpose.
 */
export function ownSheetPurpose(name: string, a1Value: unknown, firstRow?: unknown[]): SheetPlan['purpose'] | null {
  if (markerSource(a1Value) !== null) return 'corrected';
  if (allocationMarkerSource(a1Value) !== null) return 'allocation';
  if (typeof a1Value === 'string' && a1Value.startsWith(APPENDIX_MARKER)) return 'appendix';
  if (typeof a1Value === 'string' && name.startsWith(REPORT_SHEET) && REPORT_MARKERS.some((m) => a1Value.startsWith(m))) return 'report';
  if (name === LOG_SHEET && a1Value === LOG_HEADER[0] && (!firstRow || firstRow[1] === LOG_HEADER[1])) return 'log';
  return null;
}

/** Same, on a grid sheet (the read host's view). */
export function ownSheetPurposeOf(sheet: Sheet): SheetPlan['purpose'] | null {
  const v = cellAt(sheet, 0, 0).value;
  const a = v.kind === 'text' ? v.value : null;
  const row = (sheet.rows[0] ?? []).map((c) => (c && c.value.kind !== 'empty' && 'value' in c.value ? c.value.value : null));
  return ownSheetPurpose(sheet.name, a, row);
}

// ---- sheet names ---------------------------------------------------------------

const MAX_NAME = 31;

/** A name Excel accepts: no []:*?/\, at most 31 characters, no apostrophe at either end. */
export function safeSheetName(name: string): string {
  let s = name.replace(/[[\]:*?/\\]/g, '-').replace(/[\u0000-\u001f]/g, ' ');
  s = cutUnits(s, MAX_NAME); // UTF-16 units, as Excel and ExcelJS count
  s = s.replace(/^'+|'+$/g, '').trim();
  return s || 'PovCheck';
}

/** `<source> – đã sửa` (and ` 2`, ` 3`… for later tables of the same sheet), the source shortened to fit 31 characters. */
export function correctedSheetName(source: string, tableIndex: number, lang: Lang): string {
  const suffix = ` – ${phrase('corrected-suffix', lang)}${tableIndex > 0 ? ` ${tableIndex + 1}` : ''}`;
  return safeSheetName(fitWithSuffix(source.replace(/[[\]:*?/\\]/g, '-').replace(/^'+/, ''), suffix, MAX_NAME)); // UTF-16 units
}

/** `name (2)`, `name (3)`…, shortened to 31 characters: the free name a host uses next to a user's sheet. */
export function numberedName(name: string, n: number): string {
  const suffix = ` (${n})`;
  return safeSheetName(fitWithSuffix(name, suffix, MAX_NAME)); // UTF-16 units
}

// ---- the corrected table ----------------------------------------------------------

export type ApplyMode = 'safe' | 'none' | 'all';

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

type Val = Dec | null | undefined; // number, empty, unusable

type Derivation =
  | { kind: 'sum'; members: number[] } // source rows
  | { kind: 'linear'; terms: { col: number; coef: number; required: boolean }[] }
  | { kind: 'rate'; count: number; base: number; percent: boolean };

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
  return new Corrector(sheet, table, issues, options).plan();
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

class Corrector {
  private readonly lang: Lang;
  private readonly col = new Map<number, TableColumn>();
  private readonly rowOf = new Map<number, TableRow>();
  private readonly derived = new Map<number, Derivation>();
  private readonly memo = new Map<number, Val>();
  private readonly overrides = new Map<number, { s: Suggestion; issue: Issue }>();
  private readonly issueAt = new Map<string, Issue>();
  private readonly decimalsMemo = new Map<number, number>();
  /** Columns a row relation cannot do without: required terms and targets of the linear relations. */
  private readonly requiredCols = new Set<number>();
  /** The row relations (linear and bounds) a group row's totals must keep (keepConsistentTotals). */
  private readonly rowRelations: (LinearRelation | BoundRelation)[] = [];
  /** Totals that keep their stated values so that their row's relations hold (keepConsistentTotals). */
  private readonly keptTotals = new Set<number>();

  constructor(
    private readonly sheet: Sheet,
    private readonly table: Table,
    issues: Issue[],
    private readonly options: CorrectOptions,
  ) {
    this.lang = options.lang;
    for (const c of table.columns) this.col.set(c.col, c);
    for (const r of table.rows) this.rowOf.set(r.row, r);
    const mine = issues.filter(
      (i) => i.sheet === sheet.name && (i.table === undefined || options.tableIndex === undefined || i.table === options.tableIndex) && this.inTable(i.cell),
    );
    for (const i of mine) {
      const prev = this.issueAt.get(i.cell);
      if (!prev || rank(i.severity) < rank(prev.severity)) this.issueAt.set(i.cell, i);
    }
    this.chooseSuggestions(mine);
    const rels = tableRelations(table);
    for (const r of [...rels.rows, ...rels.declared]) {
      if (r.kind === 'bound') this.rowRelations.push(r);
      if (r.kind !== 'linear') continue;
      this.rowRelations.push(r);
      this.requiredCols.add(r.target);
      for (const t of r.terms) if (t.required) this.requiredCols.add(t.col);
    }
    this.firstRow = this.titleStart();
    this.planDerivations();
    this.keepConsistentTotals();
  }

  private inTable(cell: string): boolean {
    const p = parseA1(cell);
    const r = this.table.range;
    return !!p && p.row >= r.top && p.row <= r.bottom && p.col >= r.left && p.col <= r.right;
  }

  /** Suggestions to apply: confident enough for the mode, not tied, and not contradicted by another. */
  private chooseSuggestions(issues: Issue[]) {
    if (this.options.apply === 'none') return;
    const wanted = (s: Suggestion, i: Issue) =>
      s.confidence !== 'low' && !(i.alternatives && i.alternatives.length) && (this.options.apply === 'all' || s.confidence === 'high');
    const conflicts = new Set<number>();
    for (const i of issues) {
      const s = i.suggestion;
      if (!s || !wanted(s, i) || !Number.isFinite(s.value)) continue;
      const p = parseA1(s.cell);
      if (!p || !this.inTable(s.cell) || !this.rowOf.has(p.row)) continue;
      const k = key(p.row, p.col);
      const prev = this.overrides.get(k);
      if (prev && prev.s.value !== s.value) conflicts.add(k);
      else if (!prev) this.overrides.set(k, { s, issue: i });
    }
    for (const k of conflicts) this.overrides.delete(k);
  }

  // ---- which cells are derived, and how ------------------------------------------

  private planDerivations() {
    const cols = this.table.columns;
    // Per column: the relation that gives a unit row's value from the same row's other cells.
    const rowRule = new Map<number, Derivation>();
    for (const [col, r] of definingRelations(this.table)) {
      rowRule.set(col, r.kind === 'rate' ? { kind: 'rate', count: r.count, base: r.base, percent: false } : { kind: 'linear', terms: r.terms });
    }
    for (const row of this.table.rows) {
      for (const c of cols) {
        if (!NUMERIC.has(c.role.kind)) continue;
        const src = cellAt(this.sheet, row.row, c.col);
        if (isEmpty(src)) continue; // keep the source's layout: an empty cell stays empty
        const k = key(row.row, c.col);
        if (c.role.kind !== 'rate' && row.members.length) {
          this.derived.set(k, { kind: 'sum', members: row.members.map((i) => this.table.rows[i].row) });
          continue;
        }
        const rule = rowRule.get(c.col);
        if (!rule) continue;
        if (rule.kind === 'rate') {
          this.derived.set(k, { ...rule, percent: !!formatInfo(src.numFmt)?.percent });
        } else if (rule.kind === 'linear') this.derived.set(k, rule);
      }
    }
  }

  /**
   * Totals derived as SUM can break a relation of their row (end = start −
   * decreases, a subgroup ≤ its whole) when a unit row or another total keeps
   * its stated value (unusable, missing, a negative result). When the stated
   * totals satisfy it, every total in it keeps its stated value: the
   * sum-mismatch stays on the stated cells, as the input has it, and no
   * formula contradicts the row.
   */
  private keepConsistentTotals() {
    const groups = this.table.rows.filter((r) => r.members.length).map((r) => r.row);
    const isSum = (row: number, col: number) => this.derived.get(key(row, col))?.kind === 'sum';
    for (let changed = true; changed; ) {
      changed = false;
      for (const row of groups) {
        for (const r of this.rowRelations) {
          const cols = [r.kind === 'linear' ? r.target : r.lhs, ...r.terms.map((t) => t.col)].filter((c) => isSum(row, c));
          if (!cols.length || this.holds(r, (c) => this.value(row, c))) continue;
          if (!this.holds(r, (c) => this.input(row, c)) || cols.every((c) => this.keptTotals.has(key(row, c)))) continue;
          for (const c of cols) this.keptTotals.add(key(row, c));
          this.memo.clear();
          this.formulaMemo.clear();
          changed = true;
        }
      }
    }
  }

  /**
   * A group of one row that disagrees with it in several columns is no copy of
   * it (a unit read as a group, e.g. after float noise in its ordinal): its
   * stated values stay where they disagree.
   */
  private notACopy(row: number, member: number): boolean {
    let differ = 0;
    for (const c of this.table.columns) {
      if (this.derived.get(key(row, c.col))?.kind !== 'sum') continue;
      const stated = this.input(row, c.col);
      const own = this.input(member, c.col);
      if (stated && own && !D.eq(stated, own)) differ++;
    }
    return differ >= 2;
  }

  /** Whether a row relation holds with these values (true when it cannot be evaluated). */
  private holds(r: LinearRelation | BoundRelation, value: (col: number) => Val): boolean {
    const target = value(r.kind === 'linear' ? r.target : r.lhs);
    if (!target) return true;
    let sum = D.ZERO;
    for (const t of r.terms) {
      const v = value(t.col);
      if (v === undefined || (v === null && (r.kind === 'bound' || ('required' in t && t.required)))) return true;
      const x = D.mul(v ?? D.ZERO, D.dec(Math.abs(t.coef)));
      sum = t.coef > 0 ? D.add(sum, x) : D.sub(sum, x);
    }
    return r.kind === 'linear' ? D.eq(sum, target) : D.cmp(target, sum) <= 0;
  }

  // ---- values -----------------------------------------------------------------------

  /** The value a cell has in the corrected sheet (exact), whether typed or computed. */
  private value(row: number, col: number): Val {
    const k = key(row, col);
    if (this.memo.has(k)) return this.memo.get(k);
    this.memo.set(k, undefined); // guards against cycles
    const v = this.compute(row, col);
    this.memo.set(k, v);
    return v;
  }

  private compute(row: number, col: number): Val {
    const d = this.formulaOf(row, col);
    if (d) return d.value;
    return this.input(row, col);
  }

  private input(row: number, col: number): Val {
    const o = this.overrides.get(key(row, col));
    if (o) return D.fromNumber(o.s.value);
    const typed = this.percentCount(row, col);
    if (typed) return typed;
    const r = this.read(row, col);
    if (r.ok && !usableValue(this.col.get(col)?.role.kind, r.value)) return undefined; // invalid counts enter no formula (usable.ts)
    return r.ok ? r.value : r.reason === 'empty' ? null : undefined;
  }

  /** A count formatted as a percentage: the number typed (usable.ts), which the corrected sheet writes without the %. */
  private percentCount(row: number, col: number): Dec | null {
    const cell = cellAt(this.sheet, row, col);
    return percentFormattedCount(this.col.get(col)?.role.kind, cell, !!formatInfo(cell.numFmt)?.percent);
  }

  private read(row: number, col: number) {
    const kind = this.col.get(col)?.role.kind;
    return readNumber(cellAt(this.sheet, row, col), kind === 'rate' ? 'rate' : 'count');
  }

  private formulaMemo = new Map<number, { formula: string; value: Dec } | null>();

  /** The formula of a derived cell and its value; null when its inputs don't allow one (the source value is kept). */
  private formulaOf(row: number, col: number): { formula: string; value: Dec } | null {
    const k = key(row, col);
    if (this.formulaMemo.has(k)) return this.formulaMemo.get(k)!;
    this.formulaMemo.set(k, null);
    const out = this.buildFormula(row, col);
    this.formulaMemo.set(k, out);
    return out;
  }

  private buildFormula(row: number, col: number): { formula: string; value: Dec } | null {
    const d = this.derived.get(key(row, col));
    if (!d) return null;
    const at = (r: number, c: number) => a1(this.plannedRow(r), c);
    switch (d.kind) {
      case 'sum': {
        // A member PovCheck cannot use (text, a date, an invalid count) would be
        // skipped or miscounted by SUM: the stated total stays (usable.ts). An
        // empty member where its row's relations need a number is a missing
        // value, not 0, when the total says otherwise.
        if (this.keptTotals.has(key(row, col))) return null;
        let sum = D.ZERO;
        let missing = false;
        for (const m of d.members) {
          const v = this.value(m, col);
          if (v === undefined) return null;
          if (v) sum = D.add(sum, v);
          else if (this.requiredCols.has(col)) missing = true;
        }
        if (missing || (d.members.length === 1 && this.notACopy(row, d.members[0]))) {
          const stated = this.input(row, col);
          if (stated && !D.eq(stated, sum)) return null;
        }
        return { formula: `SUM(${sumArgs(d.members.map((m) => this.plannedRow(m)), col)})`, value: sum };
      }
      case 'linear': {
        let sum = D.ZERO;
        let text = '';
        for (const [i, t] of d.terms.entries()) {
          const v = this.value(row, t.col);
          if (v === undefined || (v === null && t.required)) return null;
          const x = v ?? D.ZERO;
          sum = t.coef > 0 ? D.add(sum, D.mul(x, D.dec(t.coef))) : D.sub(sum, D.mul(x, D.dec(-t.coef)));
          const mag = Math.abs(t.coef) === 1 ? '' : `${Math.abs(t.coef)}*`;
          text += (i === 0 ? (t.coef < 0 ? '-' : '') : t.coef < 0 ? '-' : '+') + mag + at(row, t.col);
        }
        if (D.isNegative(sum)) return null; // no count is negative: the inputs disagree, the stated value stays
        return { formula: text, value: sum };
      }
      case 'rate': {
        const c = this.value(row, d.count);
        const b = this.value(row, d.base);
        if (!c || !b || D.isZero(b) || D.isNegative(b) || D.isNegative(c)) return null;
        if (D.cmp(c, b) > 0) return null; // a rate over 100 % is no formula's to write; the stated value stays
        const p = this.decimals(row, col);
        if (d.percent) {
          return { formula: `ROUND(${at(row, d.count)}/${at(row, d.base)},${p + 2})`, value: D.ratio(c, b, 1, p + 2)! };
        }
        return { formula: `ROUND(${at(row, d.count)}/${at(row, d.base)}*100,${p})`, value: D.ratio(c, b, 100, p)! };
      }
    }
  }

  /** Decimals a rate cell shows, as the checks count them (General cells take their column's most). */
  private decimals(row: number, col: number): number {
    const r = this.read(row, col);
    const cell = cellAt(this.sheet, row, col);
    if (!r.ok) return this.unusableDecimals(col, cell.numFmt); // the column's decimals, not an unusable cell's
    if (r.ok && (r.fromText || cell.numFmt)) return r.shown;
    let best = this.decimalsMemo.get(col);
    if (best === undefined) {
      best = 0;
      for (const t of this.table.rows) {
        const x = this.read(t.row, col);
        if (x.ok && !x.fromText && !cellAt(this.sheet, t.row, col).numFmt) best = Math.max(best, x.shown);
      }
      this.decimalsMemo.set(col, best);
    }
    return Math.max(r.ok ? r.shown : 0, best);
  }

  // decimals for a recomputed rate in an unusable cell, once per column (formats.ts).
  private readonly columnDecimalsMemo = new Map<number, number | undefined>();
  private unusableDecimals(col: number, own: string | undefined): number {
    if (!this.columnDecimalsMemo.has(col)) this.columnDecimalsMemo.set(col, columnDecimals(this.table.rows.map((t) => this.read(t.row, col))));
    return unusableRateDecimals(own, this.columnDecimalsMemo.get(col));
  }

  // ---- layout ------------------------------------------------------------------------

  private firstRow = 0;
  private readonly shift = 2; // the marker row and a blank row

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
      else if (m.top === m.bottom && this.rowOf.has(m.top) && m.left >= left && m.right <= right) {
        let numeric = false;
        for (let c = m.left; c <= m.right; c++) if (NUMERIC.has(this.col.get(c)?.role.kind ?? '')) numeric = true;
        if (!numeric) merges.push(this.shiftRange(m));
      }
    }

    for (const row of table.rows) {
      const pr = this.plannedRow(row.row);
      rowMap[row.row] = pr;
      for (let c = left; c <= right; c++) {
        const src = cellAt(sheet, row.row, c);
        const column = this.col.get(c);
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
    for (let c = 0; c <= right; c++) widths[c] = this.options.widths?.[c] ?? defaultWidth(this.col.get(c));
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
    const kind = this.col.get(c)!.role.kind;
    const sourceCell = a1(row.row, c);
    const cell = a1(pr, c);
    const read = this.read(row.row, c);
    const p = kind === 'rate' ? this.decimals(row.row, c) : 0;
    // a format of the cell's kind showing p decimals (formats.ts)
    const numFmt = writtenFormat(kind === 'rate' ? 'rate' : 'count', src.numFmt, p, kind === 'rate' && !!formatInfo(src.numFmt)?.percent);
    const bold = row.kind !== 'unit' ? { bold: true } : {};
    const old = oldText(src, read, p, this.lang);
    const f = this.formulaOf(row.row, c);
    if (f) {
      const out: PlannedCell = { row: pr, col: c, formula: f.formula, result: D.toNumber(f.value), numFmt, ...bold };
      const before = read.ok ? D.round(read.value, p) : null;
      // A percent-formatted rate holds the fraction; compare in percent, as the checks read it.
      const now = kind === 'rate' && formatInfo(src.numFmt)?.percent ? D.round(D.mul(f.value, D.dec(100)), p) : D.round(f.value, p);
      if (!before || !D.eq(before, now)) {
        recomputed.push({ sourceCell, cell });
        const issue = this.issueAt.get(sourceCell);
        const why = issue ? ' ' + (issue.suggestion && issue.suggestion.cell === sourceCell ? issue.suggestion.reason : issue.message) : '';
        out.fill = FILL_RECOMPUTED;
        out.note = phrase('correct-recomputed', this.lang, { src: sourceCell, old, new: D.format(now, p, this.lang) }) + why;
      }
      return out;
    }
    const o = this.overrides.get(key(row.row, c));
    if (o) {
      const value = o.s.value;
      applied.push({ sourceCell, cell, old: read.ok ? D.toNumber(read.value) : plainOld(src), value, rule: o.issue.rule, reason: o.s.reason, confidence: o.s.confidence });
      return {
        row: pr,
        col: c,
        value: storedNumber(D.fromNumber(value), numFmt), // as the format shows it
        numFmt,
        fill: FILL_APPLIED,
        note: phrase('correct-applied', this.lang, { src: sourceCell, old, new: D.format(D.fromNumber(value), kind === 'rate' ? p : null, this.lang) }) + ' ' + o.s.reason,
        ...bold,
      };
    }
    if (isEmpty(src)) return null;
    const typed = this.percentCount(row.row, c);
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

function rank(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}

const key = (row: number, col: number) => row * 16384 + col;

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
  if (read.reason === 'empty' && src.value.kind === 'empty') return lang === 'vi' ? '(trống)' : '(empty)';
  return `"${read.raw}"`;
}

/** `C8:C19` for a run of rows, a list of runs otherwise. */
export function sumArgs(rows: number[], col: number): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${a1(sorted[i], col)}:${a1(sorted[j], col)}` : a1(sorted[i], col));
    i = j + 1;
  }
  return parts.join(',');
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


export { planToSheet } from './plan';

// ---- the report sheet -------------------------------------------------------------

export interface ReportPlanOptions {
  date?: Date;
}

/**
 * The report as a sheet: a marker row, a bold frozen header, then one row per
 * issue with a link to its cell, the stated and expected values, and the
 * suggestion (cell = value, reason).
 */
export function reportPlan(report: Report, lang: Lang, options: ReportPlanOptions = {}): SheetPlan {
  const cells: PlannedCell[] = [];
  const file = report.file.split(/[\\/]/).pop() ?? report.file;
  cells.push({ row: 0, col: 0, value: phrase('report-marker', lang, { file, date: formatDate(options.date ?? new Date()) }), bold: true });
  phrase('report-header', lang).split('\t').forEach((h, col) => cells.push({ row: 1, col, value: h, bold: true, fill: 'D9E1F2' }));
  let r = 2;
  for (const issue of report.issues) {
    const sevFill = issue.severity === 'error' ? FILL_ERROR : issue.severity === 'warning' ? FILL_RECOMPUTED : undefined;
    cells.push({ row: r, col: 0, value: issue.sheet });
    cells.push({ row: r, col: 1, value: issue.cell, ...(issue.sheet ? { link: { sheet: issue.sheet, cell: issue.cell } } : {}) });
    cells.push({ row: r, col: 2, value: phrase(`severity-${issue.severity}`, lang), ...(sevFill ? { fill: sevFill } : {}) });
    cells.push({ row: r, col: 3, value: issue.rule });
    cells.push({ row: r, col: 4, value: issue.message, wrap: true });
    const fmt = issue.decimals ? `0.${'0'.repeat(issue.decimals)}` : '#,##0';
    for (const [col, v] of [
      [5, issue.stated],
      [6, issue.expected],
    ] as const) {
      if (v === null || v === undefined) continue;
      cells.push(typeof v === 'number' ? { row: r, col, value: v, numFmt: Number.isInteger(v) || issue.decimals ? fmt : 'General' } : { row: r, col, value: v });
    }
    const s = suggestionText(issue, lang);
    if (s) cells.push({ row: r, col: 7, value: s, wrap: true });
    r++;
  }
  if (!report.issues.length) cells.push({ row: 2, col: 0, value: phrase('no-issues', lang) });
  return fitRowHeights({
    name: REPORT_SHEET,
    purpose: 'report',
    cells,
    merges: [],
    widths: [22, 8, 11, 18, 80, 12, 12, 60],
    freeze: { rows: 2, cols: 0 },
  });
}

/** `C18 = 2.111 (chắc chắn): reason; hoặc C10 = …` */
export function suggestionText(issue: Issue, lang: Lang): string {
  if (!issue.suggestion) return '';
  const one = (s: Suggestion) =>
    `${s.cell} = ${D.format(D.fromNumber(s.value), issue.decimals ?? null, lang)} (${phrase(`confidence-${s.confidence}`, lang)}): ${s.reason}`;
  return [one(issue.suggestion), ...(issue.alternatives ?? []).map(one)].join(`; ${phrase('or', lang)} `);
}

// ---- the log of in-place edits -----------------------------------------------------
//
// The log sheet (LOG_SHEET) is a plain table, one row per changed cell, the
// header in row 1. Hosts append `logRow(...)` rows after applying a batch of
// edits, and undo with `parseLog` + `latestBatchToUndo`: restore each entry's
// old value (or old formula), newest first, then write `undoneMark(when)` into
// the entry's LOG_COL.undone cell. Strings must be written as text (Office.js:
// set the cells' numberFormat to '@' first) so "1.411" stays what it was.

export const LOG_HEADER = ['Thời gian', 'Trang', 'Ô', 'Giá trị cũ', 'Giá trị mới', 'Quy tắc', 'Lý do', 'Lần', 'Đã hoàn tác', 'Công thức cũ'] as const;

/** Column index of each field in a log row. */
export const LOG_COL = { when: 0, sheet: 1, cell: 2, old: 3, value: 4, rule: 5, reason: 6, batch: 7, undone: 8, oldFormula: 9 } as const;

export const LOG_WIDTHS = [20, 20, 8, 14, 14, 18, 60, 6, 20, 20];

export type LogValue = string | number | boolean | null;

export interface LogEntry {
  /** 0-based row of the entry on the log sheet. */
  row: number;
  when: string;
  sheet: string;
  cell: string;
  old: number | string | boolean | null;
  oldFormula?: string;
  value: number | string | boolean | null;
  rule: string;
  reason: string;
  batch: number;
  undone: boolean;
}

/** `yyyy-mm-dd hh:mm:ss`, local time: sortable and readable in any locale. */
export function formatTime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** One log row for an edit, in LOG_HEADER order. */
export function logRow(edit: CellEdit, when: Date, batch: number): LogValue[] {
  return [formatTime(when), edit.sheet, edit.cell, edit.old, edit.value, edit.rule, edit.reason, batch, null, edit.oldFormula ?? null];
}

/** What goes into the undone cell of an entry once it is undone. */
export function undoneMark(when: Date): string {
  return formatTime(when);
}

/** The log sheet's header as a plan (for a host creating the sheet). */
export function logSheetPlan(): SheetPlan {
  return {
    name: LOG_SHEET,
    purpose: 'log',
    cells: LOG_HEADER.map((h, col) => ({ row: 0, col, value: h, bold: true })),
    merges: [],
    widths: LOG_WIDTHS,
    freeze: { rows: 1, cols: 0 },
  };
}

/** Entries of a log sheet's rows (row 0 is the header; rows that aren't entries are skipped). */
export function parseLog(rows: unknown[][]): LogEntry[] {
  const out: LogEntry[] = [];
  rows.forEach((raw, i) => {
    if (i === 0 || !raw) return;
    const get = (c: number) => {
      const v = raw[c];
      return v === undefined || v === '' ? null : v;
    };
    const sheet = get(LOG_COL.sheet);
    const cell = get(LOG_COL.cell);
    const batch = Number(get(LOG_COL.batch));
    if (typeof sheet !== 'string' || typeof cell !== 'string' || !parseA1(cell) || !Number.isFinite(batch)) return;
    const scalar = (v: unknown): number | string | boolean | null =>
      typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null;
    const formula = get(LOG_COL.oldFormula);
    const undone = get(LOG_COL.undone);
    out.push({
      row: i,
      when: String(get(LOG_COL.when) ?? ''),
      sheet,
      cell,
      old: scalar(get(LOG_COL.old)),
      ...(typeof formula === 'string' && formula ? { oldFormula: formula.replace(/^=/, '') } : {}),
      value: scalar(get(LOG_COL.value)),
      rule: String(get(LOG_COL.rule) ?? ''),
      reason: String(get(LOG_COL.reason) ?? ''),
      batch,
      undone: undone !== null && undone !== false,
    });
  });
  return out;
}

/** The batch number for the next applyEdits. */
export function nextBatch(entries: LogEntry[]): number {
  return entries.reduce((m, e) => Math.max(m, e.batch), 0) + 1;
}

/** The latest batch with entries not yet undone, its entries newest first (the order to restore them in). */
export function latestBatchToUndo(entries: LogEntry[]): { batch: number; entries: LogEntry[] } | null {
  const open = entries.filter((e) => !e.undone);
  if (!open.length) return null;
  const batch = open.reduce((m, e) => Math.max(m, e.batch), -Infinity);
  return { batch, entries: open.filter((e) => e.batch === batch).sort((a, b) => b.row - a.row) };
}

/** Column letters of a 0-based index (re-exported for hosts writing log rows). */
export { colName };
