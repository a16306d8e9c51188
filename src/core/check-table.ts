// The state of checking one table: its cells as read (numbers, empty or
// unusable), the issues found so far, and the relations' evaluation state.
// The steps that use it: check-cells.ts (validation), evaluate.ts (the
// relations), check-locate.ts and check-report.ts (localisation and the
// issues), checks.ts (the order of the steps).
import { type Sheet, a1, cellAt, parseA1 } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import { type NumRead, readNumber } from './numbers';
import type { Issue, Lang, RuleCode, Severity } from './report';
import type { Table, TableColumn, TableRow } from './tables';
import { type Msg, type MessageId, type Param, render } from './messages';
import { type TableRelations, tableRelations } from './relations';
import { type Con, type Get, type Ref, key } from './locate';
import { CellStates, SeenRelations, type Shape } from './check-seen';
import { asPercent, fractionRateColumns } from './rate-scale';
import { generalColumnDecimals } from './formats';

export type { Ref } from './locate';

export interface Failure {
  rule: RuleCode;
  severity: Severity;
  anchor: Ref;
  /** Every cell whose value the relation uses. */
  cells: Ref[];
  msg: Msg;
  /** Short name of the relation, for an issue that stands for several. */
  rel: Msg;
  stated: Dec | null;
  expected: Dec | null;
  decimals: number | null;
  /** Takes part in locating a single wrong cell (errors only). */
  cascade: boolean;
  extra?: Partial<Issue>;
  /** The relation as a constraint, for error localisation (errors only). */
  con?: Con<Failure>;
  /** A rate off only by its rounding convention (a warning). */
  rounding?: boolean;
}

/** A cell as one number (the same key cycles.ts and locate.ts use). */
export const keyOf = (row: number, col: number) => row * 16384 + col;
export { key, same } from './locate';
export const HUNDRED = D.dec(100);
export const dp = (dec: Dec, p: number | null): Param => ({ dec, p });

const hiddenOf = new WeakMap<Sheet, Set<number>>();

// TableContext.scaleAt's answers other than a number of decimals.
export const NO_VALUE = -2;
export const UNUSABLE = -3;
export const INEXACT = -4;
const MAX_SCALE = 100;

export interface LinTerm {
  ref: Ref;
  coef: number;
  required: boolean;
  name?: Msg;
}

export class TableContext {
  /** Reads of the table's cells, by (row − top) · width + (col − left); others in `readsOff`. */
  private reads: (NumRead | undefined)[];
  private readsOff = new Map<number, NumRead>();
  /** Rate columns typed as fractions (0,05 for 5 %): read ×100, as a % cell is (rate-scale.ts). */
  readonly fractionCols: Set<number>;
  private top: number;
  private left: number;
  private width: number;
  private height: number;
  private generalDecimals = new Map<number, number>();
  readonly rels: TableRelations;
  /** Cells flagged unusable by validation: their value is undefined. */
  readonly bad = new Set<number>();
  readonly failures: Failure[] = [];
  readonly issues: Issue[] = [];
  readonly colByIndex = new Map<number, TableColumn>();
  /** The table's rows by (row − top): an array, not a map of every row. */
  private rowsByIndex: (TableRow | undefined)[] = [];

  constructor(
    readonly sheet: Sheet,
    readonly table: Table,
    readonly tableIndex: number,
    readonly lang: Lang,
  ) {
    for (const c of table.columns) this.colByIndex.set(c.col, c);
    const { top, left, bottom, right } = table.range;
    for (let k = 0; k < table.rows.length; k++) this.rowsByIndex[table.rows[k].row - top] = table.rows[k];
    this.top = top;
    this.left = left;
    this.width = right - left + 1;
    this.height = bottom - top + 1;
    this.reads = new Array(this.width * this.height);
    this.rels = tableRelations(table);
    this.fractionCols = fractionRateColumns(sheet, table, this.rels.rates);
  }

  rowAt(row: number): TableRow | undefined {
    return this.rowsByIndex[row - this.top];
  }

  read(ref: Ref): NumRead {
    return this.readAt(ref.row, ref.col);
  }

  readAt(row: number, col: number): NumRead {
    const dr = row - this.top;
    const dc = col - this.left;
    const inside = dr >= 0 && dr < this.height && dc >= 0 && dc < this.width;
    const i = dr * this.width + dc;
    let r = inside ? this.reads[i] : this.readsOff.get(keyOf(row, col));
    if (!r) {
      const kind = this.colByIndex.get(col)?.role.kind;
      r = readNumber(cellAt(this.sheet, row, col), kind === 'rate' ? 'rate' : 'count');
      if (this.fractionCols.size && this.fractionCols.has(col)) r = asPercent(r);
      if (inside) this.reads[i] = r;
      else this.readsOff.set(keyOf(row, col), r);
    }
    return r;
  }

  /**
   * The cell's value for the relations' fast paths (evaluate-fast.ts): its decimals
   * (≥ 0, the value being `mantAt` · 10^-decimals exactly), NO_VALUE where `val` is null,
   * UNUSABLE where it is undefined, INEXACT where JS numbers cannot hold it (the exact way then).
   */
  scaleAt(row: number, col: number): number {
    if (this.bad.size && this.bad.has(keyOf(row, col))) return UNUSABLE;
    const dr = row - this.top;
    const dc = col - this.left;
    if (dr < 0 || dr >= this.height || dc < 0 || dc >= this.width) return INEXACT;
    // From the cached read, not a second per-cell cache: at 100,000 rows that cache was 9 MB.
    const r = this.readAt(row, col);
    if (!r.ok) return NO_VALUE;
    const v = r.value;
    return v.s <= MAX_SCALE && Number.isSafeInteger(Number(v.n)) ? v.s : INEXACT;
  }

  /** The mantissa of a cell whose `scaleAt` is ≥ 0. */
  mantAt(row: number, col: number): number {
    return Number((this.readAt(row, col) as { value: Dec }).value.n);
  }

  /**
   * A value as the officer types it into the cell: in a column of fractions
   * the checks speak in percentages, but 0,04 is typed, not 4.
   */
  typed(ref: Ref, v: Dec): number {
    return D.toNumber(this.fractionCols.has(ref.col) ? D.mul(v, D.dec(1, 2)) : v);
  }

  /** The value, null when empty, undefined when unusable (flagged by validate). */
  val(ref: Ref): Dec | null | undefined {
    return this.valAt(ref.row, ref.col);
  }

  valAt(row: number, col: number): Dec | null | undefined {
    if (this.bad.size && this.bad.has(keyOf(row, col))) return undefined;
    const r = this.readAt(row, col);
    return r.ok ? r.value : null;
  }

  /** The sheet's values as an assignment for localisation (an unusable cell is empty). */
  orig: Get = (r) => this.val(r) ?? null;

  /**
   * Decimals the sheet shows. Excel's General format drops trailing zeros
   * (1,10 shows as 1,1), so a General cell takes the most decimals its column shows.
   */
  shown(ref: Ref): number {
    return this.shownAt(ref.row, ref.col);
  }

  shownAt(row: number, col: number): number {
    const r = this.readAt(row, col);
    if (!r.ok) return 0;
    if (r.fromText || cellAt(this.sheet, row, col).numFmt) return r.shown;
    let most = this.generalDecimals.get(col);
    if (most === undefined) this.generalDecimals.set(col, (most = generalColumnDecimals(this.sheet, this.table.rows, col, (row, c) => this.readAt(row, c))));
    return Math.max(r.shown, most);
  }

  unit(row: number): string {
    const r = this.rowAt(row);
    return r && r.label ? ` (${r.label})` : '';
  }

  m(id: MessageId, p: Record<string, Param> = {}): Msg {
    return { id, p };
  }

  issue(rule: RuleCode, severity: Severity, ref: Ref, msg: Msg, stated: Param | null, expected: Param | null, extra: Partial<Issue> = {}) {
    const num = (v: Param | null): number | string | null => {
      if (v === null) return null;
      if (typeof v === 'object' && 'dec' in v) return D.toNumber(v.p === null ? v.dec : D.round(v.dec, v.p));
      if (typeof v === 'number' || typeof v === 'string') return v;
      return null;
    };
    const places = (v: Param | null) => (v !== null && typeof v === 'object' && 'dec' in v && v.p !== null ? v.p : undefined);
    const decimals = places(stated) ?? places(expected);
    const rowInfo = this.rowAt(ref.row);
    let hidden = hiddenOf.get(this.sheet);
    if (!hidden) hiddenOf.set(this.sheet, (hidden = new Set(this.sheet.hiddenRows ?? [])));
    this.issues.push({
      sheet: this.sheet.name,
      cell: a1(ref.row, ref.col),
      rule,
      severity,
      message: render(msg, this.lang),
      stated: num(stated),
      expected: num(expected),
      ...(rowInfo?.label ? { unit: rowInfo.label } : {}),
      table: this.tableIndex,
      ...(hidden.has(ref.row) ? { hiddenRow: true } : {}),
      ...(decimals ? { decimals } : {}),
      ...extra,
    });
  }
}

/** Where the relations' evaluation stands (evaluate*.ts). */
export class EvalState {
  /** Linear relations already built, by anchor: the same one may come from the headers and the numbered row. */
  readonly linearSeen = new SeenRelations();
  readonly rateCells = new CellStates<Failure>();
  /**
   * Relations that hold are evidence for localisation, but a clean table should not pay for
   * them: they are rebuilt, for the rows concerned only, once something fails.
   */
  recording: Con<Failure>[] | null = null;
  readonly recorded = new SeenRelations();
  /** The shape of each row relation's linear form in `linearSeen` (evaluate-fast.ts). */
  readonly rowShapes = new Map<object, Shape>();
  hasBase = false;

  constructor(readonly tc: TableContext) {}
}

export function uniqueRefs(refs: Ref[]): Ref[] {
  const seen = new Set<number>();
  return refs.filter((r) => (seen.has(key(r)) ? false : (seen.add(key(r)), true)));
}

/** Issues in row, then column order, by their A1 address. */
export function cellOrder(addr: string): number {
  const r = parseA1(addr)!;
  return (r.row + 1) * 20000 + r.col + 1;
}

export function format(v: Dec, lang: Lang): string {
  return D.format(v, null, lang);
}