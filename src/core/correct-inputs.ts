// What a corrected table starts from: the source cells as PovCheck reads them
// (numbers stored as text become numbers, invalid counts enter no formula, a
// count formatted as % is the number typed), the suggestions chosen for the
// apply mode, and the decimals each rate cell shows.
import { type Sheet, cellAt, parseA1 } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import { formatInfo, readNumber } from './numbers';
import type { Issue, Severity, Suggestion } from './report';
import type { Table, TableColumn, TableRow } from './tables';
import { columnDecimals, generalColumnDecimals, unusableRateDecimals } from './formats';
import { percentFormattedCount, usableValue } from './usable';
import { fractionRateColumns } from './rate-scale';
import { tableRelations } from './relations';

/** Which suggestions a corrected table applies (CorrectOptions.apply). */
export type ApplyMode = 'safe' | 'none' | 'all';

/** A cell's value in the corrected sheet: a number, empty (null), or unusable (undefined). */
export type Val = Dec | null | undefined;

/** One number per cell of a sheet, for maps keyed by cell. */
export const cellKey = (row: number, col: number) => row * 16384 + col;

function rank(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}

export class CorrectionInputs {
  readonly col = new Map<number, TableColumn>();
  readonly rowOf = new Map<number, TableRow>();
  /** The suggestion applied at a cell (cellKey). */
  readonly overrides = new Map<number, { s: Suggestion; issue: Issue }>();
  /** The most severe issue at each source cell (A1). */
  readonly issueAt = new Map<string, Issue>();
  private readonly decimalsMemo = new Map<number, number>();
  private readonly columnDecimalsMemo = new Map<number, number | undefined>();
  /** Rate columns typed as fractions (rate-scale.ts): their cells hold count ÷ base, and so do their corrected cells. */
  readonly fractionCols: Set<number>;

  constructor(
    readonly sheet: Sheet,
    readonly table: Table,
    issues: Issue[],
    options: { apply: ApplyMode; tableIndex?: number },
  ) {
    for (const c of table.columns) this.col.set(c.col, c);
    for (const r of table.rows) this.rowOf.set(r.row, r);
    this.fractionCols = fractionRateColumns(sheet, table, tableRelations(table).rates);
    const mine = issues.filter(
      (i) => i.sheet === sheet.name && (i.table === undefined || options.tableIndex === undefined || i.table === options.tableIndex) && this.inTable(i.cell),
    );
    for (const i of mine) {
      const prev = this.issueAt.get(i.cell);
      if (!prev || rank(i.severity) < rank(prev.severity)) this.issueAt.set(i.cell, i);
    }
    this.chooseSuggestions(mine, options.apply);
  }

  kind(col: number): string | undefined {
    return this.col.get(col)?.role.kind;
  }

  private inTable(cell: string): boolean {
    const p = parseA1(cell);
    const r = this.table.range;
    return !!p && p.row >= r.top && p.row <= r.bottom && p.col >= r.left && p.col <= r.right;
  }

  /** Suggestions to apply: confident enough for the mode, not tied, and not contradicted by another. */
  private chooseSuggestions(issues: Issue[], apply: ApplyMode) {
    if (apply === 'none') return;
    const wanted = (s: Suggestion, i: Issue) => s.confidence !== 'low' && !(i.alternatives && i.alternatives.length) && (apply === 'all' || s.confidence === 'high');
    const conflicts = new Set<number>();
    for (const i of issues) {
      const s = i.suggestion;
      if (!s || !wanted(s, i) || !Number.isFinite(s.value)) continue;
      const p = parseA1(s.cell);
      if (!p || !this.inTable(s.cell) || !this.rowOf.has(p.row)) continue;
      const k = cellKey(p.row, p.col);
      const prev = this.overrides.get(k);
      if (prev && prev.s.value !== s.value) conflicts.add(k);
      else if (!prev) this.overrides.set(k, { s, issue: i });
    }
    for (const k of conflicts) this.overrides.delete(k);
  }

  /** The value a source cell gives the corrected sheet before any derivation: the suggestion applied, else as read. */
  input(row: number, col: number): Val {
    const o = this.overrides.get(cellKey(row, col));
    if (o) return D.fromNumber(o.s.value);
    const typed = this.percentCount(row, col);
    if (typed) return typed;
    const r = this.read(row, col);
    if (r.ok && !usableValue(this.kind(col), r.value)) return undefined; // invalid counts enter no formula (usable.ts)
    return r.ok ? r.value : r.reason === 'empty' ? null : undefined;
  }

  /** A count formatted as a percentage: the number typed (usable.ts), which the corrected sheet writes without the %. */
  percentCount(row: number, col: number): Dec | null {
    const cell = cellAt(this.sheet, row, col);
    return percentFormattedCount(this.kind(col), cell, !!formatInfo(cell.numFmt)?.percent);
  }

  read(row: number, col: number) {
    return readNumber(cellAt(this.sheet, row, col), this.kind(col) === 'rate' ? 'rate' : 'count');
  }

  /** Decimals a rate cell shows, as the checks count them (General cells take their column's most). */
  decimals(row: number, col: number): number {
    const r = this.read(row, col);
    const cell = cellAt(this.sheet, row, col);
    if (!r.ok) return this.unusableDecimals(col, cell.numFmt); // the column's decimals, not an unusable cell's
    if (r.fromText || cell.numFmt) return r.shown;
    let best = this.decimalsMemo.get(col);
    if (best === undefined) this.decimalsMemo.set(col, (best = generalColumnDecimals(this.sheet, this.table.rows, col, (row, c) => this.read(row, c))));
    return Math.max(r.shown, best);
  }

  // decimals for a recomputed rate in an unusable cell, once per column (formats.ts).
  private unusableDecimals(col: number, own: string | undefined): number {
    if (!this.columnDecimalsMemo.has(col)) this.columnDecimalsMemo.set(col, columnDecimals(this.table.rows.map((t) => this.read(t.row, col))));
    return unusableRateDecimals(own, this.columnDecimalsMemo.get(col));
  }
}
