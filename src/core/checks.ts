// Recompute and check one table. Every relation the headers allow is built
// (sums of members, rates, end = start − decreases + increases, parts of a
// whole, bounds, the numbered row's formulas), evaluated in exact decimals,
// and the failures are turned into issues at the cell that is wrong: the
// fewest cells whose change makes every relation hold, the relations that
// hold counting as evidence (see locate.ts). A tie is reported as a tie.
import { type Sheet, a1, cellAt, colName, rangeA1 } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import { type NumRead, readNumber } from './numbers';
import type { Issue, Lang, RuleCode, Severity, Suggestion, SuggestionKind } from './report';
import { type Table, type TableColumn, type TableRow, householdsByYear } from './tables';
import { type Msg, type MessageId, type Param, render } from './messages';
import { type Expr, columnsOf, linearTerms, parseColumnFormula, rateTerms, summedRows } from './formula';
import type { Flow, Population } from './roles';
import { circularCells } from './cycles';
import { ANY, COUNT, assign, type CellSolution, type Con, type Domain, type Get, cellDomain, domainOf, holds, solveCell, typoKind } from './locate';
import { pushAll } from './arrays';

export interface Ref {
  row: number;
  col: number;
}

interface Failure {
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
const keyOf = (row: number, col: number) => row * 16384 + col;
const key = (r: Ref) => keyOf(r.row, r.col);
const HUNDRED = D.dec(100);
const same = (a: Ref, b: Ref) => a.row === b.row && a.col === b.col;
const dp = (dec: Dec, p: number | null): Param => ({ dec, p });

// One cycle search per sheet, shared by its tables.
const cyclesOf = new WeakMap<Sheet, Map<number, string[]>>();
const hiddenOf = new WeakMap<Sheet, Set<number>>();

// Role codes looked up for every row; built once, not per row.
const POP_CODES = {
  poor: { start: 'poor.start', end: 'poor.end', able: 'poor.able', unable: 'poor.unable' },
  nearPoor: { start: 'nearPoor.start', end: 'nearPoor.end', able: 'nearPoor.able', unable: 'nearPoor.unable' },
} as const;

const DECREASES: Flow[] = ['decrease', 'exit', 'decreaseOther'];
const INCREASES: Flow[] = ['reentry', 'new', 'increase', 'increaseOther'];

export function checkTable(sheet: Sheet, table: Table, tableIndex: number, lang: Lang): Issue[] {
  return new TableCheck(sheet, table, tableIndex, lang).run();
}

/** Term names of end = start − decreases + increases; shared, never mutated. */
const NAME_START: Msg = { id: 'start', p: {} };
const NAME_DECREASE: Msg = { id: 'decrease', p: {} };
const NAME_INCREASE: Msg = { id: 'increase', p: {} };

interface LinTerm {
  ref: Ref;
  coef: number;
  required: boolean;
  name?: Msg;
}

/** What rowRelations checks on every row, worked out once from the columns. */
interface RowPlan {
  rates: { col: number; countCol: number; baseCol: number }[];
  pops: {
    start?: number;
    end?: number;
    dec: TableColumn[];
    inc: TableColumn[];
    subs: TableColumn[];
    reductions: TableColumn[];
    able?: number;
    unable?: number;
  }[];
  households?: number;
}

class TableCheck {
  /** Reads of the table's cells, by (row − top) · width + (col − left); others in `readsOff`. */
  private reads: (NumRead | undefined)[];
  private readsOff = new Map<number, NumRead>();
  private top: number;
  private left: number;
  private width: number;
  private height: number;
  private plan: RowPlan | null = null;
  private bad = new Set<number>();
  private failures: Failure[] = [];
  private issues: Issue[] = [];
  private colByIndex = new Map<number, TableColumn>();
  /** Linear relations already built, by anchor: the same one may come from the headers and the numbered row. */
  private linearSeen = new Map<number, LinTerm[][]>();
  private rateCells = new Map<number, 'ok' | Failure>();
  private rowAt = new Map<number, TableRow>();
  /**
   * Relations that hold are evidence for localisation, but a clean table should not pay for
   * them: they are rebuilt, for the rows concerned only, once something fails.
   */
  private recording: Con<Failure>[] | null = null;
  private recorded = new Map<number, LinTerm[][]>();
  private cons: Con<Failure>[] = [];
  private hasBase = false;

  constructor(
    private sheet: Sheet,
    private table: Table,
    private tableIndex: number,
    private lang: Lang,
  ) {
    for (const c of table.columns) this.colByIndex.set(c.col, c);
    for (const r of table.rows) this.rowAt.set(r.row, r);
    const { top, left, bottom, right } = table.range;
    this.top = top;
    this.left = left;
    this.width = right - left + 1;
    this.height = bottom - top + 1;
    this.reads = new Array(this.width * this.height);
  }

  run(): Issue[] {
    this.reportColumns();
    const rows = this.table.rows;
    const topLeft = { row: this.table.range.top, col: this.table.range.left };
    if (!rows.length) {
      this.issue('not-checked', 'info', topLeft, this.m('header-only', { range: rangeA1(this.table.range) }), null, null);
      return this.issues;
    }
    if (rows.every((r) => r.kind === 'total')) {
      this.issue('not-checked', 'info', topLeft, this.m('totals-only', { range: rangeA1(this.table.range) }), null, null);
    }
    this.validate();
    const hasBase = (this.hasBase = !!this.baseCol());
    for (const row of this.table.rows) {
      this.rowRelations(row, hasBase);
      if (row.members.length) this.sumRelations(row);
    }
    if (!hasBase) this.impliedBaseChecks();
    this.numberedFormulas();
    this.locate();
    return this.issues;
  }

  // ---- reading -------------------------------------------------------------

  private read(ref: Ref): NumRead {
    return this.readAt(ref.row, ref.col);
  }

  private readAt(row: number, col: number): NumRead {
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
  private val(ref: Ref): Dec | null | undefined {
    return this.valAt(ref.row, ref.col);
  }

  private valAt(row: number, col: number): Dec | null | undefined {
    if (this.bad.size && this.bad.has(keyOf(row, col))) return undefined;
    const r = this.readAt(row, col);
    return r.ok ? r.value : null;
  }

  private generalDecimals = new Map<number, number>();

  /**
   * Decimals the sheet shows. Excel's General format drops trailing zeros
   * (1,10 shows as 1,1), so a General cell takes the most decimals its column shows.
   */
  private shown(ref: Ref): number {
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

  private colCache = new Map<string, number | undefined>();

  private col(code: string): number | undefined {
    if (!this.colCache.has(code)) this.colCache.set(code, this.table.columns.find((c) => c.role.code === code)?.col);
    return this.colCache.get(code);
  }

  private flowCache = new Map<Population, { dec: TableColumn[]; inc: TableColumn[]; subs: TableColumn[] }>();

  /** A population's flow and subgroup columns; the same for every row, so worked out once. */
  private flowCols(pop: Population) {
    let f = this.flowCache.get(pop);
    if (!f) {
      const flows = this.table.columns.filter((c) => c.role.kind === 'count' && c.role.pop === pop && !c.role.sub && c.role.flow);
      f = {
        dec: flows.filter((c) => DECREASES.includes(c.role.flow as Flow)),
        inc: flows.filter((c) => INCREASES.includes(c.role.flow as Flow)),
        subs: this.table.columns.filter((x) => x.role.kind === 'count' && x.role.pop === pop && x.role.sub),
      };
      this.flowCache.set(pop, f);
    }
    return f;
  }

  private baseCol(): number | undefined {
    return this.col('households') ?? this.col('persons');
  }

  /**
   * With households of several years (an appendix with 2023 and 2024), a rate
   * is of the households of its own year, or of its count's year; an
   * end-of-period rate without a year takes the latest.
   */
  private rateBase(c: TableColumn, fallback: number | undefined): number | undefined {
    const byYear = householdsByYear(this.table);
    if (byYear.length < 2) return fallback;
    const count = c.role.countCol !== undefined ? this.colByIndex.get(c.role.countCol) : undefined;
    const year = c.role.year ?? count?.role.year;
    const same = year ? byYear.find((b) => b.role.year === year) : undefined;
    if (same) return same.col;
    return count?.role.flow === 'end' ? byYear[byYear.length - 1].col : byYear[0].col;
  }

  private unit(row: number): string {
    const r = this.rowAt.get(row);
    return r && r.label ? ` (${r.label})` : '';
  }

  private m(id: MessageId, p: Record<string, Param> = {}): Msg {
    return { id, p };
  }

  private issue(rule: RuleCode, severity: Severity, ref: Ref, msg: Msg, stated: Param | null, expected: Param | null, extra: Partial<Issue> = {}) {
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

  private reportColumns() {
    for (const c of this.table.columns) {
      if (c.role.kind === 'unknown' && c.header) {
        this.issue('unknown-column', 'info', c.headerCell, this.m('unknown-column', { col: colName(c.col), header: c.header }), null, null);
      }
    }
  }

  private validate() {
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

  // ---- relations within a row ------------------------------------------------

  private rowPlan(hasBase: boolean): RowPlan {
    if (this.plan) return this.plan;
    const base = this.baseCol();
    const rates: RowPlan['rates'] = [];
    for (const c of this.table.columns) {
      if (c.role.kind !== 'rate' || c.role.countCol === undefined) continue;
      // A declared ratio (`4=3/1*100`) defines the column; a declared difference of rates does not.
      if (c.label?.formula && /[/*x×:]/i.test(c.label.formula)) continue;
      const baseCol = c.role.base === 'poor' ? this.col(`${this.colByIndex.get(c.role.countCol)?.role.pop}.start`) : this.rateBase(c, base);
      if (hasBase && baseCol !== undefined) rates.push({ col: c.col, countCol: c.role.countCol, baseCol });
    }
    const pops = (['poor', 'nearPoor'] as const).map((pop) => {
      const codes = POP_CODES[pop];
      const { dec, inc, subs } = this.flowCols(pop);
      return {
        start: this.col(codes.start),
        end: this.col(codes.end),
        dec,
        inc,
        subs,
        reductions: dec.filter((c) => c.role.flow === 'decrease'),
        able: this.col(codes.able),
        unable: this.col(codes.unable),
      };
    });
    return (this.plan = { rates, pops, households: this.col('households') });
  }

  private rowRelations(row: TableRow, hasBase: boolean) {
    const r = row.row;
    const plan = this.rowPlan(hasBase);
    // Rates.
    for (const x of plan.rates) this.rateRelation(row, { row: r, col: x.col }, { row: r, col: x.countCol }, { row: r, col: x.baseCol });
    for (const p of plan.pops) {
      const start = p.start === undefined ? undefined : { row: r, col: p.start };
      const end = p.end === undefined ? undefined : { row: r, col: p.end };
      // end = start − decreases + increases
      if (start && end && p.dec.length + p.inc.length > 0) {
        const terms: LinTerm[] = [{ ref: start, coef: 1, required: true, name: NAME_START }];
        for (const c of p.dec) terms.push({ ref: { row: r, col: c.col }, coef: -1, required: false, name: NAME_DECREASE });
        for (const c of p.inc) terms.push({ ref: { row: r, col: c.col }, coef: 1, required: false, name: NAME_INCREASE });
        this.linear('balance', 'balance-mismatch', end, terms, () => this.m('rel-balance', { cell: a1(end.row, end.col) }));
      }
      // parts of the poor: able + unable = start
      const unable = p.unable === undefined ? undefined : { row: r, col: p.unable };
      if (start && p.able !== undefined && unable) {
        this.linear(
          'parts',
          'balance-mismatch',
          start,
          [
            { ref: { row: r, col: p.able }, coef: 1, required: true },
            { ref: unable, coef: 1, required: true },
          ],
          () => this.m('rel-parts', { cell: a1(start.row, start.col) }),
        );
      }
      // Bounds.
      if (start) {
        for (const d of p.reductions) {
          const terms = unable ? [{ ref: start, coef: 1 }, { ref: unable, coef: -1 }] : [{ ref: start, coef: 1 }];
          this.bound({ row: r, col: d.col }, terms, 'bound-reduction');
        }
        for (const c of p.subs) {
          this.bound({ row: r, col: c.col }, [{ ref: start, coef: 1 }], 'bound-subgroup', this.m(`sub-${c.role.sub}` as MessageId));
        }
      }
      if (plan.households !== undefined) {
        const hh = [{ ref: { row: r, col: plan.households }, coef: 1 }];
        if (start) this.bound(start, hh, 'bound-households');
        if (end) this.bound(end, hh, 'bound-households');
      }
    }
  }

  private rateRelation(row: TableRow, rate: Ref, count: Ref, base: Ref) {
    const s = this.val(rate);
    const c = this.val(count);
    const b = this.val(base);
    if (!s || c === null || c === undefined || b === null || b === undefined) {
      if (s && !this.recording) this.rateCells.set(key(rate), 'ok'); // nothing to compare; not a failure
      return;
    }
    const p = this.shown(rate);
    if (D.isZero(b)) {
      if (this.recording) return;
      const unit = this.unit(rate.row);
      const cell = a1(rate.row, rate.col);
      this.bad.add(key(rate));
      this.issue('invalid-value', 'error', rate, this.m('rate-zero-base', { cell, unit, stated: dp(s, p), baseCell: a1(base.row, base.col) }), dp(s, p), null);
      return;
    }
    const expected = D.ratio(c, b, 100, p)!;
    const stated = D.round(s, p);
    if (D.eq(expected, stated)) {
      if (this.recording) this.recording.push({ t: 'rate', rel: 'rate', cells: [rate, count, base], p, fails: false });
      else this.rateCells.set(key(rate), 'ok');
      return;
    }
    const cells = [rate, count, base];
    const unit = this.unit(rate.row);
    const cell = a1(rate.row, rate.col);
    let why: Msg | null = null;
    let severity: Severity = 'error';
    if (D.eq(D.ratio(c, b, 100, p, 'down')!, stated)) {
      why = this.m('why-truncated');
      severity = 'warning';
    } else if (D.eq(D.ratio(c, b, 100, p, 'half-even')!, stated) || D.eq(D.ratio(c, b, 100, p, 'up')!, stated)) {
      why = this.m('why-rounding');
      severity = 'warning';
    }
    if (this.recording) {
      // A tolerated convention holds as a constraint (|100·count/base − rate| < 10^-p).
      if (severity !== 'error') this.recording.push({ t: 'rate', rel: 'rate', cells, p, fails: false });
      return;
    }
    if (severity === 'error') why = this.explainRate(row, rate, stated, p);
    const exact = D.ratio(c, b, 100, Math.max(p + 2, 4))!;
    const f: Failure = {
      rule: 'rate-mismatch',
      severity,
      anchor: rate,
      cells,
      msg: this.m('rate', {
        cell,
        unit,
        stated: dp(stated, p),
        count: dp(c, null),
        base: dp(b, null),
        exact: dp(exact, null),
        p,
        expected: dp(expected, p),
        why: why ?? '',
        why2: '',
      }),
      rel: this.m('rel-rate', { cell }),
      stated,
      expected,
      decimals: p,
      cascade: severity === 'error',
    };
    if (severity === 'error') f.con = { t: 'rate', rel: 'rate', cells, p, fails: true, failure: f };
    else f.rounding = true;
    this.rateCells.set(key(rate), f);
    this.failures.push(f);
  }

  /** Why a group's or an end rate is off: a mean of member rates, or a difference of rounded rates. */
  private explainRate(row: TableRow, rate: Ref, stated: Dec, p: number): Msg | null {
    if (row.members.length) {
      const vals = row.members.map((i) => this.val({ row: this.table.rows[i].row, col: rate.col }));
      if (vals.every((v): v is Dec => !!v)) {
        const sum = vals.reduce((a, b) => D.add(a, b), D.ZERO);
        const mean = D.ratio(sum, D.dec(vals.length), 1, p)!;
        if (D.eq(mean, stated)) return this.m('why-mean', { mean: dp(mean, p) });
      }
    }
    const col = this.colByIndex.get(rate.col)!;
    const countRole = this.colByIndex.get(col.role.countCol!)?.role;
    if (countRole?.flow === 'end') {
      const rateOf = (flow: string) =>
        this.table.columns.find(
          (c) => c.role.kind === 'rate' && c.role.countCol !== undefined && this.colByIndex.get(c.role.countCol)?.role.code === `${countRole.pop}.${flow}`,
        );
      const startRate = rateOf('start');
      const decRate = rateOf('decrease');
      if (startRate && decRate) {
        const a = this.val({ row: rate.row, col: startRate.col });
        const b = this.val({ row: rate.row, col: decRate.col });
        if (a && b && D.eq(D.round(D.sub(a, b), p), stated)) return this.m('why-difference', { a: dp(a, p), b: dp(b, p) });
      }
    }
    return null;
  }

  /**
   * anchor = Σ coef·term. Optional terms count as 0 when empty; an empty anchor
   * or required term means there is nothing to check yet.
   */
  private linear(
    kind: 'balance' | 'parts' | 'formula',
    rule: RuleCode,
    anchor: Ref,
    terms: LinTerm[],
    rel: Msg | (() => Msg),
    label?: string,
    evidence = true,
  ): Failure | 'ok' | null {
    const k = key(anchor);
    if (this.recording) {
      if (seen(this.recorded, k, terms)) return null;
      remember(this.recorded, k, terms);
    } else if (seen(this.linearSeen, k, terms)) return null;
    const stated = this.val(anchor);
    if (!stated) return null;
    let sum = D.ZERO;
    const values: Dec[] = [];
    for (const t of terms) {
      const v = this.val(t.ref);
      if (v === undefined) return null;
      if (v === null && t.required) return null;
      const x = v ?? D.ZERO;
      values.push(x);
      sum = t.coef > 0 ? D.add(sum, x) : D.sub(sum, x);
    }
    if (!this.recording) remember(this.linearSeen, k, terms);
    const p = this.shown(anchor);
    const expected = D.round(sum, p);
    const ok = D.eq(expected, D.round(stated, p));
    const con = (fails: boolean): Con<Failure> => ({ t: 'lin', rel: kind, cells: [anchor, ...terms.map((t) => t.ref)], coefs: terms.map((t) => t.coef), p, fails, label });
    if (this.recording) {
      if (ok && evidence) this.recording.push(con(false));
      return ok ? 'ok' : null;
    }
    if (ok) return 'ok';
    const unit = this.unit(anchor.row);
    const cell = a1(anchor.row, anchor.col);
    const termText = terms
      .map((t, i) => {
        const v = format(values[i], this.lang);
        const name = t.name ? ` (${render(t.name, this.lang)})` : '';
        return (i === 0 ? (t.coef < 0 ? '−' : '') : t.coef < 0 ? ' − ' : ' + ') + v + name;
      })
      .join('');
    const id: MessageId = kind === 'balance' ? 'balance' : kind === 'parts' ? 'parts' : 'formula';
    const f: Failure = {
      rule,
      severity: 'error',
      anchor,
      cells: [anchor, ...terms.map((t) => t.ref)],
      msg: this.m(id, { cell, unit, stated: dp(stated, p), expected: dp(expected, p), terms: termText, label: label ?? '' }),
      rel: typeof rel === 'function' ? rel() : rel,
      stated,
      expected,
      decimals: p,
      cascade: true,
    };
    if (evidence) f.con = { ...con(true), failure: f };
    this.failures.push(f);
    return f;
  }

  /** lhs ≤ Σ coef·term. */
  private bound(lhs: Ref, terms: { ref: Ref; coef: number }[], id: 'bound-reduction' | 'bound-subgroup' | 'bound-households', what?: Msg) {
    const v = this.val(lhs);
    if (!v) return;
    let sum = D.ZERO;
    const values: Dec[] = [];
    for (const t of terms) {
      const x = this.val(t.ref);
      if (x === undefined || (x === null && t.coef > 0)) return;
      values.push(x ?? D.ZERO);
      sum = t.coef > 0 ? D.add(sum, x ?? D.ZERO) : D.sub(sum, x ?? D.ZERO);
    }
    const ok = D.cmp(v, sum) <= 0;
    if (ok && !this.recording) return;
    const con: Con<Failure> = { t: 'le', rel: 'bound', cells: [lhs, ...terms.map((t) => t.ref)], coefs: terms.map((t) => t.coef), p: 0, fails: !ok };
    if (this.recording) {
      if (ok) this.recording.push(con);
      return;
    }
    const cell = a1(lhs.row, lhs.col);
    const termText = values.map((x, i) => (i === 0 ? '' : terms[i].coef < 0 ? ' − ' : ' + ') + format(x, this.lang)).join('');
    const bf: Failure = {
      rule: 'exceeds-bound',
      severity: 'error',
      anchor: lhs,
      cells: [lhs, ...terms.map((t) => t.ref)],
      msg: this.m(id, { cell, unit: this.unit(lhs.row), stated: dp(v, null), expected: dp(sum, null), terms: termText, what: what ?? '' }),
      rel: this.m('rel-bound', { cell }),
      stated: v,
      expected: sum,
      decimals: null,
      cascade: true,
      con,
    };
    con.failure = bf;
    this.failures.push(bf);
  }

  // ---- sums of members -------------------------------------------------------

  private sumRelations(row: TableRow) {
    const members = row.members.map((i) => this.table.rows[i]);
    columns: for (const c of this.table.columns) {
      if (!['count', 'households', 'persons'].includes(c.role.kind)) continue;
      const anchor = { row: row.row, col: c.col };
      const stated = this.val(anchor);
      if (!stated) continue;
      // Summed in place: a province total has thousands of members and most totals hold.
      let sum: Dec = D.ZERO;
      let any = false;
      for (const m of members) {
        const v = this.valAt(m.row, c.col);
        if (v === undefined) continue columns;
        if (v === null) continue;
        any = true;
        sum = D.add(sum, v);
      }
      if (!any) continue;
      const cell = a1(anchor.row, anchor.col);
      // A SUM formula that leaves a member row out breaks as soon as that row changes.
      const formula = cellAt(this.sheet, anchor.row, anchor.col).formula;
      if (formula) {
        const covered = summedRows(formula, c.col);
        const missing = covered ? members.filter((r) => !covered.has(r.row)) : [];
        if (covered && missing.length) {
          if (this.recording) continue;
          const f: Failure = {
            rule: 'sum-mismatch',
            severity: 'error',
            anchor,
            cells: [anchor],
            msg: this.m('sum-formula', { formula, cell, missing: missing.map((r) => String(r.row + 1)), expected: dp(sum, null) }),
            rel: this.m('rel-sum', { col: colName(c.col) }),
            stated,
            expected: sum,
            decimals: null,
            cascade: false,
          };
          this.failures.push(f);
          continue;
        }
      }
      const ok = D.eq(sum, stated);
      if (ok && !this.recording) continue;
      const refs = members.map((m) => ({ row: m.row, col: c.col }));
      if (this.recording) {
        if (ok) this.recording.push({ t: 'lin', rel: 'sum', cells: [anchor, ...refs], p: 0, fails: false });
        continue;
      }
      const unit = this.unit(anchor.row);
      const memberNames = refs.length <= 4 ? refs.map((r) => a1(r.row, r.col)).join(', ') : `${a1(refs[0].row, refs[0].col)}…${a1(refs[refs.length - 1].row, refs[refs.length - 1].col)}`;
      const con: Con<Failure> = { t: 'lin', rel: 'sum', cells: [anchor, ...refs], p: 0, fails: true };
      const f: Failure = {
        rule: 'sum-mismatch',
        severity: 'error',
        anchor,
        cells: [anchor, ...refs],
        msg: this.m('sum', { cell, unit, stated: dp(stated, null), n: refs.length, members: memberNames, expected: dp(sum, null) }),
        rel: this.m('rel-sum', { col: colName(c.col) }),
        stated,
        expected: sum,
        decimals: null,
        cascade: true,
      };
      con.failure = f;
      f.con = con;
      this.failures.push(f);
    }
  }

  // ---- tables without a households column (province appendix) ---------------

  private impliedBaseChecks() {
    const rates = this.table.columns.filter((c) => c.role.kind === 'rate' && c.role.countCol !== undefined);
    if (!rates.length) return;
    this.issue('not-checked', 'info', rates[0].headerCell, this.m('no-base'), null, null);
    for (const row of this.table.rows) {
      if (!row.members.length) continue;
      for (const c of rates) {
        const own = this.impliedBase({ row: row.row, col: c.role.countCol! }, { row: row.row, col: c.col });
        if (!own) continue;
        let lo = 0n;
        let hi: bigint | null = 0n;
        let usable = true;
        for (const i of row.members) {
          const m = this.impliedBase({ row: this.table.rows[i].row, col: c.role.countCol! }, { row: this.table.rows[i].row, col: c.col });
          if (!m) {
            usable = false;
            break;
          }
          lo += m.lo;
          hi = hi === null || m.hi === null ? null : hi + m.hi;
        }
        if (!usable) continue;
        const overlaps = (hi === null || own.lo <= hi) && (own.hi === null || lo <= own.hi);
        if (overlaps) continue;
        const rate = { row: row.row, col: c.col };
        const p = this.shown(rate);
        const stated = D.round(this.val(rate)!, p);
        const range = (a: bigint, b: bigint | null) => `${D.format(D.dec(a), 0, this.lang)}–${b === null ? '∞' : D.format(D.dec(b), 0, this.lang)}`;
        const why = this.explainRate(row, rate, stated, p);
        this.failures.push({
          rule: 'rate-mismatch',
          severity: 'error',
          anchor: rate,
          cells: [rate],
          msg: this.m('implied-base', {
            cell: a1(rate.row, rate.col),
            unit: this.unit(rate.row),
            stated: dp(stated, p),
            count: dp(this.val({ row: row.row, col: c.role.countCol! })!, null),
            memberRange: range(lo, hi),
            ownRange: range(own.lo, own.hi),
            why: why ?? '',
          }),
          rel: this.m('rel-rate', { cell: a1(rate.row, rate.col) }),
          stated,
          expected: null,
          decimals: p,
          cascade: false,
        });
      }
    }
  }

  /** Whole numbers of households for which count ÷ households × 100 rounds to the stated rate. */
  private impliedBase(count: Ref, rate: Ref): { lo: bigint; hi: bigint | null } | null {
    const c = this.val(count);
    const r = this.val(rate);
    if (!c || !r || D.isZero(c)) return null;
    const p = this.shown(rate);
    const rn = D.round(r, p).n; // rate = rn / 10^p
    const scale = D.pow10(p + 1);
    const cn = c.n * D.pow10(0) * 100n * scale;
    const cden = D.pow10(c.s);
    // households > 100c / (r + h) and ≤ 100c / (r − h), with h = 0.5·10^-p
    const lo = cn / (cden * (10n * rn + 5n)) + 1n;
    const hiDen = 10n * rn - 5n;
    const hi = hiDen > 0n ? cn / (cden * hiDen) : null;
    return { lo, hi };
  }

  // ---- the numbered-column row ----------------------------------------------

  private numberedFormulas(only?: Set<number>) {
    const byNum = new Map<number, TableColumn>();
    for (const c of this.table.columns) if (c.label?.num != null) byNum.set(c.label.num, c);
    for (const target of this.table.columns) {
      const label = target.label;
      if (!label?.formula || label.num === null) continue;
      const expr = parseColumnFormula(label.formula, (n) => byNum.has(n));
      if (!expr) continue;
      if (columnsOf(expr).some((n) => !byNum.has(n))) continue;
      const lin = linearTerms(expr);
      const rateOf = rateTerms(expr);
      const isRateCol = target.role.kind === 'rate';
      const offRows: Ref[] = [];
      let ruleText = '';
      for (const row of this.table.rows) {
        const anchor = { row: row.row, col: target.col };
        if (only) {
          // Evidence only: a declared difference of rates is not (the counts decide).
          if (!only.has(row.row)) continue;
          if (rateOf) this.rateRelation(row, anchor, { row: row.row, col: byNum.get(rateOf.count)!.col }, { row: row.row, col: byNum.get(rateOf.base)!.col });
          else if (lin && !isRateCol) this.linear('formula', 'balance-mismatch', anchor, [...lin.entries()].map(([n, coef]) => ({ ref: { row: row.row, col: byNum.get(n)!.col }, coef, required: true })), this.m('rel-formula', { label: label.text }), label.text);
          else if (!lin) this.exprRelation(row, anchor, expr, byNum, label.text);
          continue;
        }
        if (rateOf) {
          if (this.rateCells.has(key(anchor))) continue; // the same relation, already checked from the headers
          this.rateRelation(row, anchor, { row: row.row, col: byNum.get(rateOf.count)!.col }, { row: row.row, col: byNum.get(rateOf.base)!.col });
          continue;
        }
        if (lin) {
          const terms = [...lin.entries()].map(([n, coef]) => ({ ref: { row: row.row, col: byNum.get(n)!.col }, coef, required: true }));
          if (isRateCol) {
            // A rate declared as a difference of rates (`11=3-9`): the counts decide. Where the
            // rate from the counts holds, the declared formula is what is off (one note per column).
            const rateState = this.rateCells.get(key(anchor));
            const res = this.linear('formula', 'balance-mismatch', anchor, terms, this.m('rel-formula', { label: label.text }), label.text, false);
            if (res && res !== 'ok') {
              this.failures.splice(this.failures.indexOf(res), 1);
              if (rateState === 'ok') offRows.push(anchor);
              else if (rateState) rateState.msg.p.why2 = this.m('why-formula', { label: label.text, value: dp(res.expected!, res.decimals) });
              else this.failures.push(res);
              if (!ruleText && rateState === 'ok') {
                const cc = this.colByIndex.get(target.role.countCol!);
                const base = this.baseCol();
                if (cc && base !== undefined) ruleText = `${colLabel(cc)} ÷ ${colLabel(this.colByIndex.get(base)!)} × 100`;
              }
            }
          } else {
            this.linear('formula', 'balance-mismatch', anchor, terms, this.m('rel-formula', { label: label.text }), label.text);
          }
          continue;
        }
        this.exprRelation(row, anchor, expr, byNum, label.text);
      }
      if (offRows.length) {
        const cell = this.table.numberedRow !== null ? { row: this.table.numberedRow, col: target.col } : target.headerCell;
        const names = offRows.map((r) => `${a1(r.row, r.col)}${this.unit(r.row)}`);
        this.issue('balance-mismatch', 'warning', cell, this.m('formula-rate-column', { label: label.text, rule: ruleText, n: offRows.length, rows: names }), label.text, null, {
          cells: offRows.map((r) => a1(r.row, r.col)),
        });
      }
    }
  }

  /** A numbered formula that is neither a plain sum nor a rate, evaluated exactly. */
  private exprRelation(row: TableRow, anchor: Ref, expr: Expr, byNum: Map<number, TableColumn>, label: string) {
    const stated = this.val(anchor);
    if (!stated) return;
    let get: Get = (r) => this.val(r) ?? null;
    const evalQ = (e: Expr): { n: bigint; d: bigint } | null => {
      if (e.t === 'const') {
        const x = D.fromNumber(e.v);
        return { n: x.n, d: D.pow10(x.s) };
      }
      if (e.t === 'col') {
        const ref = { row: row.row, col: byNum.get(e.n)!.col };
        if (this.val(ref) === undefined) return null;
        const x = get(ref) ?? D.ZERO;
        return { n: x.n, d: D.pow10(x.s) };
      }
      const a = evalQ(e.a);
      const b = evalQ(e.b);
      if (!a || !b) return null;
      switch (e.op) {
        case '+':
          return { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
        case '-':
          return { n: a.n * b.d - b.n * a.d, d: a.d * b.d };
        case '*':
          return { n: a.n * b.n, d: a.d * b.d };
        case '/':
          return b.n === 0n ? null : { n: a.n * b.d, d: a.d * b.n };
      }
    };
    const q = evalQ(expr);
    if (!q) return;
    const p = this.shown(anchor);
    const expected: Dec = { n: D.divRound(q.n * D.pow10(p), q.d, 'half-up'), s: p };
    // The same evaluation under another assignment, for localisation.
    const valueUnder = (g: Get): Dec | null => {
      get = g;
      const r = evalQ(expr);
      get = (x) => this.val(x) ?? null;
      return r && r.d !== 0n ? { n: D.divRound(r.n * D.pow10(p), r.d, 'half-up'), s: p } : null;
    };
    const cells = [anchor, ...columnsOf(expr).map((n) => ({ row: row.row, col: byNum.get(n)!.col }))];
    const con: Con<Failure> = {
      t: 'fn',
      rel: 'formula',
      cells,
      p,
      fails: false,
      label,
      anchorValue: valueUnder,
      test: (g) => {
        const v = valueUnder(g);
        const a = g(anchor);
        return v && a ? D.eq(v, D.round(a, p)) : null;
      },
    };
    const ok = D.eq(expected, D.round(stated, p));
    if (this.recording) {
      if (ok) this.recording.push(con);
      return;
    }
    if (ok) return;
    const cell = a1(anchor.row, anchor.col);
    con.fails = true;
    const ef: Failure = {
      rule: 'balance-mismatch',
      severity: 'error',
      anchor,
      cells,
      msg: this.m('formula', { label, cell, unit: this.unit(anchor.row), expected: dp(expected, p), stated: dp(stated, p) }),
      rel: this.m('rel-formula', { label }),
      stated,
      expected,
      decimals: p,
      cascade: true,
      con,
    };
    con.failure = ef;
    this.failures.push(ef);
  }

  // ---- from failures to issues -------------------------------------------------

  private orig: Get = (r) => this.val(r) ?? null;

  /** What a cell may hold at all: counts are whole and not negative. */
  private domainBase(ref: Ref): Domain {
    return this.colByIndex.get(ref.col)?.role.kind === 'rate' ? ANY : COUNT;
  }

  /**
   * Error localisation (Fellegi–Holt): the fewest cells whose change makes every relation
   * hold, the relations that hold included as evidence. What it explains becomes one issue
   * at the cell (for a tie: at the relation, with the tied cells as alternatives); the rest
   * is reported relation by relation.
   */
  private locate() {
    const failing = this.failures.filter((f) => f.con).map((f) => f.con!);
    const done = new Set<Failure>();
    if (failing.length) this.localise(failing, done);
    const all = this.failures.filter((f) => !done.has(f)).sort((a, b) => a.anchor.row - b.anchor.row || a.anchor.col - b.anchor.col);
    for (const f of all) {
      const extra: Partial<Issue> = { ...f.extra };
      let msg = f.msg;
      if (f.rounding && f.stated && f.expected) extra.suggestion = this.roundingSuggestion(f);
      const other = f.con?.rel === 'balance' ? this.otherChange([f.con]) : null;
      if (other) {
        msg = this.m('then', { a: msg, b: other.msg });
        extra.alternatives = [other.sug];
      }
      this.issue(f.rule, f.severity, f.anchor, msg, f.stated ? dp(f.stated, f.decimals) : null, f.expected ? dp(f.expected, f.decimals) : null, extra);
    }
    this.issues.sort((a, b) => cellOrder(a.cell) - cellOrder(b.cell));
  }

  private localise(failing: Con<Failure>[], done: Set<Failure>) {
    // Candidates: the filled cells of failing relations (a blank is not a mistyped value).
    const cand = new Map<number, Ref>();
    for (const c of failing) for (const r of c.cells) if (this.val(r)) cand.set(key(r), r);
    this.cons = [...failing, ...this.evidenceFor(new Set([...cand.values()].map((r) => r.row)))];
    const idx = new Map<number, Con<Failure>[]>();
    for (const c of this.cons)
      for (const r of c.cells) {
        const k = key(r);
        if (!cand.has(k)) continue;
        const l = idx.get(k);
        if (!l) idx.set(k, [c]);
        else if (l[l.length - 1] !== c) l.push(c);
      }
    const alone = new Map<number, { sol: CellSolution; fs: Con<Failure>[] }>();
    for (const [k, ref] of cand) {
      const cons = idx.get(k)!;
      const sol = solveCell(ref, cons, this.orig, this.domainBase(ref), this.val(ref) ?? null);
      if (sol) alone.set(k, { sol, fs: cons.filter((c) => c.fails) });
    }
    // Components: failing relations that one cell could fix together.
    const at = new Map(failing.map((c, i) => [c, i]));
    const parent = failing.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    for (const { fs } of alone.values()) for (const c of fs) parent[find(at.get(c)!)] = find(at.get(fs[0])!);
    const comps = new Map<number, Con<Failure>[]>();
    failing.forEach((c, i) => {
      const r = find(i);
      const l = comps.get(r);
      if (l) l.push(c);
      else comps.set(r, [c]);
    });
    const byComp = new Map<number, CellSolution[]>();
    for (const e of alone.values()) {
      const r = find(at.get(e.fs[0])!);
      if (e.fs.length !== comps.get(r)!.length) continue;
      const l = byComp.get(r);
      if (l) l.push(e.sol);
      else byComp.set(r, [e.sol]);
    }
    const leftover: Con<Failure>[] = [];
    for (const [root, comp] of comps) {
      const ex = byComp.get(root) ?? [];
      const other = this.otherChange(comp);
      if (!ex.length && !other) {
        pushAll(leftover, comp);
        continue;
      }
      this.reportComponent(comp, ex, other, idx);
      for (const c of comp) done.add(c.failure!);
    }
    if (leftover.length > 1 && this.pairs(leftover, idx, alone)) for (const c of leftover) done.add(c.failure!);
  }

  /** The relations that hold on the given rows (and the sums those rows belong to), rebuilt. */
  private evidenceFor(rows: Set<number>): Con<Failure>[] {
    const out: Con<Failure>[] = [];
    this.recording = out;
    this.recorded.clear();
    try {
      const all = this.table.rows;
      for (const row of all) if (rows.has(row.row)) this.rowRelations(row, this.hasBase);
      for (const row of all) if (row.members.length && (rows.has(row.row) || row.members.some((i) => rows.has(all[i].row)))) this.sumRelations(row);
      this.numberedFormulas(rows);
    } finally {
      this.recording = null;
    }
    return out;
  }

  private reportComponent(comp: Con<Failure>[], ex: CellSolution[], other: Other | null, idx: Map<number, Con<Failure>[]>) {
    const fs = comp.map((c) => c.failure!);
    const named = ex.filter((s) => s.value && !s.uncertain);
    if (ex.length === 1 && named.length === 1) {
      this.reportCell(named[0].ref, named[0].value!, fs, idx, other);
      return;
    }
    // A tie (or an explanation that could not be proven): none is picked.
    const primary = pickPrimary(fs);
    const alts = named.map((s) => this.alternative(s.ref, s.value!, ex.length));
    const rank = (x: Suggestion) => (x.kind === 'implied' ? 1 : 0);
    alts.sort((a, b) => rank(a) - rank(b) || cellOrder(a.cell) - cellOrder(b.cell));
    const item = (x: Suggestion, withKind = false) => {
      const ref = parseRef(x.cell);
      const kind = withKind ? this.kindParen(x.kind) : '';
      return this.m('alt-item', { cell: x.cell, unit: this.unit(ref.row), stated: dp(this.val(ref)!, this.shown(ref)), value: dp(D.fromNumber(x.value), this.shown(ref)), kind });
    };
    const unnamed = ex.filter((s) => !s.value || s.uncertain).map((s) => this.m('alt-cell', { cell: a1(s.ref.row, s.ref.col), unit: this.unit(s.ref.row) }));
    let tail: Msg | null = null;
    const anchor = primary.anchor;
    const evidence = primary.con ? this.evidence(anchor, primary.con, idx) : [];
    if (
      ex.length >= 2 &&
      primary.con?.rel === 'sum' &&
      evidence.length &&
      !unnamed.length &&
      named.every((s) => s.ref.col === anchor.col && !same(s.ref, anchor)) &&
      primary.stated &&
      primary.expected
    ) {
      // The total is backed by other relations: one member row is off by the difference.
      const delta = D.sub(primary.stated, primary.expected);
      const id: MessageId = delta.n > 0n ? 'tie-members-low' : 'tie-members-high';
      tail = this.m(id, { stated: dp(primary.stated, null), evidence, n: ex.length, delta: dp(delta.n < 0n ? D.neg(delta) : delta, null) });
      const typos = alts.filter((a) => a.kind !== 'implied');
      const rest = alts.filter((a) => a.kind === 'implied');
      if (typos.length) {
        // Grouped by slip: "one digit mistyped: C6 219 → 319, …; a digit dropped: C13 94 → 194".
        const groups = [...new Set(typos.map((a) => a.kind))].map((k) =>
          render(this.m('typo-group', { kind: this.m(`kind-${k}` as MessageId), list: this.capped(typos.filter((a) => a.kind === k).map((a) => item(a)), 12) }), this.lang),
        );
        tail = this.m('then', { a: tail, b: this.m('tie-typos', { list: groups.join('; ') }) });
      }
      if (rest.length) tail = this.m('then', { a: tail, b: this.m('tie-rest', { n: rest.length, list: this.capped(rest.map((a) => item(a)), 6) }) });
    } else if (ex.length >= 2 || unnamed.length) {
      tail = this.m('tie', { n: ex.length, list: this.capped([...alts.map((a) => item(a, true)), ...unnamed], 12) });
    } else if (ex.length === 0 && other) tail = null;
    let msg = primary.msg;
    if (tail) msg = this.m('then', { a: msg, b: tail });
    if (other) {
      msg = this.m('then', { a: msg, b: other.msg });
      alts.push(other.sug);
    }
    this.issue(primary.rule, primary.severity, anchor, msg, primary.stated ? dp(primary.stated, primary.decimals) : null, primary.expected ? dp(primary.expected, primary.decimals) : null, {
      ...primary.extra,
      ...(fs.length > 1 ? { relations: fs.map((f) => render(f.rel, this.lang)) } : {}),
      ...(alts.length ? { alternatives: alts } : {}),
    });
  }

  /** One cell is the only smallest change: the issue sits at it, with the suggestion. */
  private reportCell(ref: Ref, value: Dec, fs: Failure[], idx: Map<number, Con<Failure>[]>, other: Other | null = null) {
    const suggestion = this.suggest(ref, value, fs, !!other);
    const extra: Partial<Issue> = { suggestion, ...(other ? { alternatives: [other.sug] } : {}) };
    const p = this.shown(ref);
    const stated = this.val(ref)!;
    const withOther = (m: Msg) => (other ? this.m('then', { a: m, b: other.msg }) : m);
    if (fs.length === 1 && same(fs[0].anchor, ref)) {
      const f = fs[0];
      this.issue(f.rule, f.severity, ref, withOther(f.msg), f.stated ? dp(f.stated, f.decimals) : null, f.expected ? dp(f.expected, f.decimals) : null, { ...f.extra, ...extra });
    } else if (fs.length >= 2) {
      this.reportCombined(ref, value, fs, extra, other?.msg);
    } else {
      const f = fs[0];
      const evidence = f.con ? this.evidence(f.anchor, f.con, idx) : [];
      const why = evidence.length ? this.m('why-evidence', { cell: a1(f.anchor.row, f.anchor.col), evidence }) : '';
      const msg = this.m('located', { cell: a1(ref.row, ref.col), unit: this.unit(ref.row), detail: f.msg, why, expected: dp(value, p) });
      this.issue(f.rule, 'error', ref, withOther(msg), dp(stated, p), dp(value, p), { relations: [render(f.rel, this.lang)], ...extra });
    }
  }

  private reportCombined(ref: Ref, value: Dec | null, fs: Failure[], extra: Partial<Issue> = {}, tail?: Msg) {
    const own = fs.find((f) => same(f.anchor, ref));
    const order: RuleCode[] = ['sum-mismatch', 'balance-mismatch', 'rate-mismatch', 'exceeds-bound'];
    const rule = own?.rule ?? order.find((r) => fs.some((f) => f.rule === r)) ?? fs[0].rule;
    const stated = this.val(ref) ?? null;
    const p = this.shown(ref);
    const cell = a1(ref.row, ref.col);
    let msg = this.m('combined', {
      cell,
      unit: this.unit(ref.row),
      n: fs.length,
      relations: fs.map((f) => f.rel),
      fix: value ? this.m('combined-fix', { expected: dp(value, p) }) : '',
    });
    if (tail) msg = this.m('then', { a: msg, b: tail });
    this.issue(rule, 'error', ref, msg, stated ? dp(stated, p) : null, value ? dp(value, p) : null, {
      relations: fs.map((f) => render(f.rel, this.lang)),
      ...extra,
    });
  }

  /** Two cells together, when no single cell explains what is left (size-2 search, capped). */
  private pairs(L: Con<Failure>[], idx: Map<number, Con<Failure>[]>, alone: Map<number, { sol: CellSolution }>): boolean {
    if (L.length > 16) return false;
    const inL = new Set(L);
    const failsOf = (r: Ref) => (idx.get(key(r)) ?? []).filter((c) => inL.has(c));
    // One of the two cells is in the relation with the fewest cells.
    const f0 = L.reduce((a, b) => (b.cells.length < a.cells.length ? b : a));
    const found = new Map<string, { a: Ref; va: Dec; b: Ref; vb: Dec }>();
    let open = false;
    let budget = 2000;
    for (const a of uniqueRefs(f0.cells)) {
      if (!this.val(a)) continue;
      const fa = failsOf(a);
      const rest = L.filter((c) => !fa.includes(c));
      if (!rest.length) continue; // a alone touches everything yet fails: would need a partner anywhere
      for (const b of uniqueRefs(rest[0].cells)) {
        if (same(a, b) || !this.val(b)) continue;
        const fb = failsOf(b);
        if (!rest.every((c) => fb.includes(c))) continue;
        if (--budget < 0) return false;
        const id = [key(a), key(b)].sort((x, y) => x - y).join(':');
        if (found.has(id)) continue;
        const j = this.joint(a, b, idx, alone);
        if (j === 'open') open = true;
        else if (j) found.set(id, j);
      }
    }
    if (found.size !== 1 || open) return false;
    const [{ a, va, b, vb }] = [...found.values()];
    const fa = failsOf(a);
    const fb = failsOf(b);
    this.reportCell(a, va, fa.map((c) => c.failure!), idx);
    this.reportCell(b, vb, (fb.some((c) => !fa.includes(c)) ? fb.filter((c) => !fa.includes(c)) : fb).map((c) => c.failure!), idx);
    return true;
  }

  /** Values for a and b together that make every relation on either hold; 'open' when undecidable. */
  private joint(a: Ref, b: Ref, idx: Map<number, Con<Failure>[]>, alone: Map<number, { sol: CellSolution }>): { a: Ref; va: Dec; b: Ref; vb: Dec } | 'open' | null {
    const ca = idx.get(key(a)) ?? [];
    const cb = idx.get(key(b)) ?? [];
    const shared = ca.filter((c) => cb.includes(c));
    if (!shared.length) {
      const sa = alone.get(key(a))?.sol;
      const sb = alone.get(key(b))?.sol;
      if (!sa || !sb) return null;
      if (!sa.value || !sb.value || sa.uncertain || sb.uncertain) return 'open';
      return { a, va: sa.value, b, vb: sb.value };
    }
    // Propagation: a cell fixed by its own relations determines the other through the shared ones.
    for (const [x, y, cx, cy] of [
      [a, b, ca, cb],
      [b, a, cb, ca],
    ] as const) {
      const { dom } = cellDomain(x, cx.filter((c) => !shared.includes(c)), this.orig, this.domainBase(x));
      if (dom.t === 'none') return null;
      if (dom.t !== 'point') continue;
      const kx = key(x);
      const g = assign(this.orig, new Map([[kx, dom.v]]));
      const sy = solveCell(y, cy, g, this.domainBase(y), this.val(y) ?? null);
      if (!sy) return null;
      if (!sy.value || sy.uncertain) return 'open';
      const ky = key(y);
      const vy = sy.value;
      const g2 = assign(this.orig, new Map([[kx, dom.v], [ky, vy]]));
      if (cx.some((c) => holds(c, g2) === false)) return null;
      return x === a ? { a, va: dom.v, b, vb: vy } : { a, va: vy, b, vb: dom.v };
    }
    return 'open';
  }

  /** Relations that hold now and would break if `anchor` took the value `failing` implies. */
  private evidence(anchor: Ref, failing: Con<Failure>, idx: Map<number, Con<Failure>[]>): Msg[] {
    const d = domainOf(failing, anchor, this.orig);
    if (d.t !== 'point') return [];
    const k = key(anchor);
    const g = assign(this.orig, new Map([[k, d.v]]));
    return (idx.get(k) ?? []).filter((c) => !c.fails && holds(c, g) === false).map((c) => this.relOf(c));
  }

  private relOf(c: Con<Failure>): Msg {
    const at = c.cells[0];
    const cell = a1(at.row, at.col);
    switch (c.rel) {
      case 'sum':
        return this.m('rel-sum', { col: colName(at.col) });
      case 'rate':
        return this.m('rel-rate', { cell });
      case 'balance':
        return this.m('rel-balance', { cell });
      case 'parts':
        return this.m('rel-parts', { cell });
      case 'formula':
        return this.m('rel-formula', { label: c.label ?? '' });
      case 'bound':
        return this.m('rel-bound', { cell });
    }
  }

  private kindParen(kind: SuggestionKind): Msg | '' {
    return kind === 'implied' ? '' : this.m('paren', { x: this.m(`kind-${kind}` as MessageId) });
  }

  private capped(items: Msg[], n: number): Msg[] {
    return items.length > n ? [...items.slice(0, n - 1), this.m('and-more', { n: items.length - n + 1 })] : items;
  }

  private suggest(ref: Ref, value: Dec, fs: Failure[], contested: boolean): Suggestion {
    const stated = this.val(ref)!;
    const p = this.shown(ref);
    const kind = typoKind(stated, value, p) ?? 'implied';
    const cell = a1(ref.row, ref.col);
    const reason = render(this.m('reason-fix', { cell, stated: dp(stated, p), value: dp(value, p), kind: this.kindParen(kind), rels: fs.map((f) => f.rel) }), this.lang);
    const confidence = kind !== 'implied' && !contested ? 'high' : 'medium';
    return { cell, value: D.toNumber(D.round(value, p)), kind, reason, confidence };
  }

  private alternative(ref: Ref, value: Dec, n: number): Suggestion {
    const stated = this.val(ref)!;
    const p = this.shown(ref);
    const kind = typoKind(stated, value, p) ?? 'implied';
    const cell = a1(ref.row, ref.col);
    const reason = render(this.m('reason-alt', { cell, stated: dp(stated, p), value: dp(value, p), kind: this.kindParen(kind), n }), this.lang);
    return { cell, value: D.toNumber(D.round(value, p)), kind, reason, confidence: 'low' };
  }

  private roundingSuggestion(f: Failure): Suggestion {
    const p = f.decimals ?? 0;
    const cell = a1(f.anchor.row, f.anchor.col);
    const reason = render(this.m('reason-rounding', { cell, stated: dp(f.stated!, p), value: dp(f.expected!, p) }), this.lang);
    return { cell, value: D.toNumber(D.round(f.expected!, p)), kind: 'rounding', reason, confidence: 'high' };
  }

  /**
   * end = start − decreases + increases is off and the row's "other" flow column (khác) is
   * empty: an unrecorded other change would explain it, when it explains the whole component.
   */
  private otherChange(comp: Con<Failure>[]): Other | null {
    const bal = comp.find((c) => c.rel === 'balance');
    if (!bal?.failure?.stated || !bal.failure.expected) return null;
    const end = bal.cells[0];
    const pop = this.colByIndex.get(end.col)?.role.pop;
    if (!pop) return null;
    const diff = D.sub(bal.failure.stated, bal.failure.expected);
    if (D.isZero(diff)) return null;
    const up = diff.n > 0n;
    const flows = this.flowCols(pop);
    const col = (up ? flows.inc : flows.dec).find((c) => c.role.flow === (up ? 'increaseOther' : 'decreaseOther'));
    if (!col) return null;
    const ref = { row: end.row, col: col.col };
    if (this.val(ref) !== null) return null;
    if (!comp.every((c) => c.cells.some((r) => same(r, ref)))) return null;
    const n = up ? diff : D.neg(diff);
    const k = key(ref);
    const g = assign(this.orig, new Map([[k, n]]));
    if (this.cons.some((c) => c.cells.some((r) => same(r, ref)) && holds(c, g) === false)) return null;
    const cell = a1(ref.row, ref.col);
    const what = this.m(up ? 'other-increase' : 'other-decrease');
    return {
      msg: this.m('other-change', { n: dp(n, null), what, header: col.header, cell }),
      sug: { cell, value: D.toNumber(n), kind: 'implied', reason: render(this.m('reason-other', { n: dp(n, null), what, cell }), this.lang), confidence: 'low' },
    };
  }
}

interface Other {
  msg: Msg;
  sug: Suggestion;
}

/** The relation a tie is reported at: a sum first, then a balance, a rate, a bound. */
function pickPrimary(fs: Failure[]): Failure {
  const order: RuleCode[] = ['sum-mismatch', 'balance-mismatch', 'rate-mismatch', 'exceeds-bound'];
  const rank = (f: Failure) => {
    const i = order.indexOf(f.rule);
    return i < 0 ? order.length : i;
  };
  return [...fs].sort((a, b) => rank(a) - rank(b) || a.anchor.row - b.anchor.row || a.anchor.col - b.anchor.col)[0];
}

/** Whether the same linear relation (the same terms in any order) was built at this anchor. */
function seen(by: Map<number, LinTerm[][]>, anchor: number, terms: LinTerm[]): boolean {
  const list = by.get(anchor);
  if (!list) return false;
  return list.some((other) => other.length === terms.length && terms.every((t) => other.some((o) => o.coef === t.coef && same(o.ref, t.ref))));
}

function remember(by: Map<number, LinTerm[][]>, anchor: number, terms: LinTerm[]): void {
  const list = by.get(anchor);
  if (list) list.push(terms);
  else by.set(anchor, [terms]);
}

function parseRef(addr: string): Ref {
  const m = /^([A-Z]+)(\d+)$/.exec(addr)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: parseInt(m[2], 10) - 1, col: col - 1 };
}

function uniqueRefs(refs: Ref[]): Ref[] {
  const seen = new Set<number>();
  return refs.filter((r) => (seen.has(key(r)) ? false : (seen.add(key(r)), true)));
}

function cellOrder(addr: string): number {
  const m = /^([A-Z]+)(\d+)$/.exec(addr)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return parseInt(m[2], 10) * 20000 + col;
}

function colLabel(c: TableColumn): string {
  return c.label ? `${c.label.num ?? c.label.text}` : colName(c.col);
}

function format(v: Dec, lang: Lang): string {
  return D.format(v, null, lang);
}
