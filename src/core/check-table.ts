// The state of checking one table, and its first step: reading the cells and
// validating them (numbers, not text, dates or errors; whole and not negative
// counts; rates within 0–100; no circular references; no merged data cells).
// evaluate.ts adds the relations, checks.ts the localisation and the issues.
import { type Sheet, a1, cellAt, colName, rangeA1 } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import { type NumRead, readNumber } from './numbers';
import type { Issue, Lang, RuleCode, Severity } from './report';
import type { Table, TableColumn, TableRow } from './tables';
import { type Msg, type MessageId, type Param, render } from './messages';
import { type TableRelations, tableRelations } from './relations';
import { circularCells } from './cycles';
import { type Con } from './locate';

export interface Ref {
  row: number;
  col: number;
}

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

/** A cell as one number (the same key cycles.ts uses). */
export const keyOf = (row: number, col: number) => row * 16384 + col;
export const key = (r: Ref) => keyOf(r.row, r.col);
export const HUNDRED = D.dec(100);
export const same = (a: Ref, b: Ref) => a.row === b.row && a.col === b.col;
export const dp = (dec: Dec, p: number | null): Param => ({ dec, p });

// One cycle search per sheet, shared by its tables.
const cyclesOf = new WeakMap<Sheet, Map<number, string[]>>();
const hiddenOf = new WeakMap<Sheet, Set<number>>();

export interface LinTerm {
  ref: Ref;
  coef: number;
  required: boolean;
  name?: Msg;
}

export abstract class TableReading {
  /** Reads of the table's cells, by (row − top) · width + (col − left); others in `readsOff`. */
  protected reads: (NumRead | undefined)[];
  protected readsOff = new Map<number, NumRead>();
  protected top: number;
  protected left: number;
  protected width: number;
  protected height: number;
  protected rels: TableRelations;
  protected bad = new Set<number>();
  protected failures: Failure[] = [];
  protected issues: Issue[] = [];
  protected colByIndex = new Map<number, TableColumn>();
  /** Linear relations already built, by anchor: the same one may come from the headers and the numbered row. */
  protected linearSeen = new Map<number, LinTerm[][]>();
  protected rateCells = new Map<number, 'ok' | Failure>();
  protected rowAt = new Map<number, TableRow>();
  /**
   * Relations that hold are evidence for localisation, but a clean table should not pay for
   * them: they are rebuilt, for the rows concerned only, once something fails.
   */
  protected recording: Con<Failure>[] | null = null;
  protected recorded = new Map<number, LinTerm[][]>();
  protected cons: Con<Failure>[] = [];
  protected hasBase = false;

  constructor(
    protected sheet: Sheet,
    protected table: Table,
    protected tableIndex: number,
    protected lang: Lang,
  ) {
    for (const c of table.columns) this.colByIndex.set(c.col, c);
    for (const r of table.rows) this.rowAt.set(r.row, r);
    const { top, left, bottom, right } = table.range;
    this.top = top;
    this.left = left;
    this.width = right - left + 1;
    this.height = bottom - top + 1;
    this.reads = new Array(this.width * this.height);
    this.rels = tableRelations(table);
  }

  // ---- reading -------------------------------------------------------------

  protected read(ref: Ref): NumRead {
    return this.readAt(ref.row, ref.col);
  }

  protected readAt(row: number, col: number): NumRead {
    const dr = row - this.top;
    const dc = col - this.left;
    const inside = dr >= 0 && dr < this.height && dc >= 0 && dc < this.width;
    const i = dr * this.width + dc;
    let r = inside ? this.reads[i] : this.readsOff.get(keyOf(row, col));
    if (!r) {
      const kind = this.colByIndex.get(col)?.role.kind;
      r = readNumber(cellAt(this.sheet, row, col), kind === 'rate' ? 'rate' : 'count');
      if (inside) this.reads[i] = r;
      else this.readsOff.set(keyOf(row, col), r);
    }
    return r;
  }

  /** The value, null when empty, undefined when unusable (flagged by validate). */
  protected val(ref: Ref): Dec | null | undefined {
    return this.valAt(ref.row, ref.col);
  }

  protected valAt(row: number, col: number): Dec | null | undefined {
    if (this.bad.size && this.bad.has(keyOf(row, col))) return undefined;
    const r = this.readAt(row, col);
    return r.ok ? r.value : null;
  }

  protected generalDecimals = new Map<number, number>();

  /**
   * Decimals the sheet shows. Excel's General format drops trailing zeros
   * (1,10 shows as 1,1), so a General cell takes the most decimals its column shows.
   */
  protected shown(ref: Ref): number {
    const r = this.read(ref);
    if (!r.ok) return 0;
    if (r.fromText || cellAt(this.sheet, ref.row, ref.col).numFmt) return r.shown;
    let col = this.generalDecimals.get(ref.col);
    if (col === undefined) {
      col = 0;
      for (const row of this.table.rows) {
        const at = { row: row.row, col: ref.col };
        const x = this.read(at);
        if (x.ok && !x.fromText && !cellAt(this.sheet, at.row, at.col).numFmt) col = Math.max(col, x.shown);
      }
      this.generalDecimals.set(ref.col, col);
    }
    return Math.max(r.shown, col);
  }

  protected unit(row: number): string {
    const r = this.rowAt.get(row);
    return r && r.label ? ` (${r.label})` : '';
  }

  protected m(id: MessageId, p: Record<string, Param> = {}): Msg {
    return { id, p };
  }

  protected issue(rule: RuleCode, severity: Severity, ref: Ref, msg: Msg, stated: Param | null, expected: Param | null, extra: Partial<Issue> = {}) {
    const num = (v: Param | null): number | string | null => {
      if (v === null) return null;
      if (typeof v === 'object' && 'dec' in v) return D.toNumber(v.p === null ? v.dec : D.round(v.dec, v.p));
      if (typeof v === 'number' || typeof v === 'string') return v;
      return null;
    };
    const places = (v: Param | null) => (v !== null && typeof v === 'object' && 'dec' in v && v.p !== null ? v.p : undefined);
    const decimals = places(stated) ?? places(expected);
    const rowInfo = this.rowAt.get(ref.row);
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

  // ---- columns and cells -----------------------------------------------------

  protected reportColumns() {
    for (const c of this.table.columns) {
      if (c.role.kind === 'unknown' && c.header) {
        this.issue('unknown-column', 'info', c.headerCell, this.m('unknown-column', { col: colName(c.col), header: c.header }), null, null);
      }
    }
  }

  protected validate() {
    let cycles = cyclesOf.get(this.sheet);
    if (!cycles) cyclesOf.set(this.sheet, (cycles = circularCells(this.sheet)));
    const numeric = (col: number) => ['count', 'rate', 'households', 'persons'].includes(this.colByIndex.get(col)?.role.kind ?? '');
    for (const m of this.sheet.merges) {
      if (m.bottom === m.top || m.left < this.table.range.left || m.left > this.table.range.right || !numeric(m.left)) continue;
      const spanned = this.table.rows.filter((r) => r.row >= m.top && r.row <= m.bottom);
      if (spanned.length < 2) continue;
      const ref = { row: m.top, col: m.left };
      this.issue('merged-cells', 'warning', ref, this.m('merged-data', { range: rangeA1(m), n: spanned.length, cell: a1(m.top, m.left) }), null, null);
    }
    for (const c of this.table.columns) {
      const kind = c.role.kind;
      if (!['count', 'rate', 'households', 'persons'].includes(kind)) continue;
      const asText: Ref[] = [];
      const isRate = kind === 'rate';
      for (const row of this.table.rows) {
        const cycle = cycles.size ? cycles.get(keyOf(row.row, c.col)) : undefined;
        if (!cycle) {
          // The usual cell, checked without allocating: a plain number in range.
          const q = this.readAt(row.row, c.col);
          if (q.ok ? !q.fromText && q.value.n >= 0n && (isRate ? D.cmp(q.value, HUNDRED) <= 0 : D.isInteger(q.value)) : q.reason === 'empty') continue;
        }
        const ref = { row: row.row, col: c.col };
        if (cycle) {
          this.bad.add(key(ref));
          const cell = a1(ref.row, ref.col);
          this.issue('invalid-value', 'error', ref, this.m('invalid-circular', { cell, unit: this.unit(row.row), cycle: cycle.slice(0, 6).join(' → ') }), null, null);
          continue;
        }
        const r = this.read(ref);
        const unit = this.unit(row.row);
        const cell = a1(ref.row, ref.col);
        if (!r.ok) {
          this.bad.add(key(ref));
          const id = r.reason === 'error' ? 'invalid-error' : r.reason === 'date' ? 'invalid-date' : r.reason === 'too-large' ? 'invalid-too-large' : 'invalid-text';
          this.issue('invalid-value', 'error', ref, this.m(id, { cell, unit, value: r.raw }), r.raw, null);
          continue;
        }
        if (r.fromText) asText.push(ref);
        const p = r.shown;
        if (D.isNegative(r.value)) {
          this.bad.add(key(ref));
          this.issue('invalid-value', 'error', ref, this.m('invalid-negative', { cell, unit, stated: dp(r.value, null) }), dp(r.value, null), null);
        } else if (kind !== 'rate' && !D.isInteger(r.value)) {
          this.bad.add(key(ref));
          this.issue('invalid-value', 'error', ref, this.m('invalid-fraction', { cell, unit, stated: dp(r.value, null) }), dp(r.value, null), null);
        } else if (kind === 'rate' && D.cmp(r.value, D.dec(100)) > 0) {
          this.bad.add(key(ref));
          this.issue('invalid-value', 'error', ref, this.m('invalid-over-100', { cell, unit, stated: dp(r.value, p) }), dp(r.value, p), null);
        }
      }
      if (asText.length) {
        const names = asText.map((r) => a1(r.row, r.col));
        const shownNames = names.length > 6 ? [...names.slice(0, 5), render(this.m('and-more', { n: names.length - 5 }), this.lang)] : names;
        this.issue('number-as-text', 'warning', asText[0], this.m('as-text', { n: asText.length, col: colName(c.col), cells: shownNames }), null, null, {
          cells: names,
        });
      }
    }
  }

}

/** Whether the same linear relation (the same terms in any order) was built at this anchor. */
export function seen(by: Map<number, LinTerm[][]>, anchor: number, terms: LinTerm[]): boolean {
  const list = by.get(anchor);
  if (!list) return false;
  return list.some((other) => other.length === terms.length && terms.every((t) => other.some((o) => o.coef === t.coef && same(o.ref, t.ref))));
}

export function remember(by: Map<number, LinTerm[][]>, anchor: number, terms: LinTerm[]): void {
  const list = by.get(anchor);
  if (list) list.push(terms);
  else by.set(anchor, [terms]);
}

export function parseRef(addr: string): Ref {
  const m = /^([A-Z]+)(\d+)$/.exec(addr)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: parseInt(m[2], 10) - 1, col: col - 1 };
}

export function uniqueRefs(refs: Ref[]): Ref[] {
  const seen = new Set<number>();
  return refs.filter((r) => (seen.has(key(r)) ? false : (seen.add(key(r)), true)));
}

export function cellOrder(addr: string): number {
  const m = /^([A-Z]+)(\d+)$/.exec(addr)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return parseInt(m[2], 10) * 20000 + col;
}

export function colLabel(c: TableColumn): string {
  return c.label ? `${c.label.num ?? c.label.text}` : colName(c.col);
}

export function format(v: Dec, lang: Lang): string {
  return D.format(v, null, lang);
}