// Which cells of a corrected table are derived, and how: each derived cell's
// formula comes from a relation object (relations.ts): a group or total row
// from its members (SUM), an end-of-period balance or a declared sum or
// difference from the same row's cells, a rate from its count and base. A
// derived cell whose formula would contradict what the table states keeps
// its stated value instead (the checks then say why).
import { a1, cellAt, isEmpty } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import { formatInfo } from './numbers';
import { type BoundRelation, type LinearRelation, NUMERIC_KINDS, definingRelations, tableRelations } from './relations';
import { type CorrectionInputs, type Val, cellKey } from './correct-inputs';
import { derivableCount } from './usable';

type Derivation =
  | { kind: 'sum'; members: number[] } // source rows
  | { kind: 'linear'; terms: { col: number; coef: number; required: boolean }[] }
  | { kind: 'rate'; count: number; base: number; scale: RateScale };

/**
 * How a rate cell holds its value: percent points (4,5), or count ÷ base
 * (0,045), shown as % by its format or typed as a fraction (rate-scale.ts).
 * The formula writes it in the cell's own scale.
 */
type RateScale = 'points' | 'percent-format' | 'fraction';

type RowRelation = LinearRelation | BoundRelation;

export interface Formula {
  formula: string;
  value: Dec;
}

const NUMERIC = new Set(NUMERIC_KINDS);

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

/** Whether a row relation holds with these values (true when it cannot be evaluated). */
function holds(r: RowRelation, value: (col: number) => Val): boolean {
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

export class Derivations {
  private readonly derived = new Map<number, Derivation>();
  private readonly memo = new Map<number, Val>();
  private readonly formulaMemo = new Map<number, Formula | null>();
  /** Columns a row relation cannot do without: required terms and targets of the linear relations. */
  private readonly requiredCols = new Set<number>();
  /** The row relations (linear and bounds) a group row's totals must keep (keepConsistentTotals). */
  private readonly rowRelations: RowRelation[] = [];
  /** Totals that keep their stated values so that their row's relations hold. */
  private readonly keptTotals = new Set<number>();

  /** `plannedRow` maps a source row to its row in the corrected sheet (for formula text). */
  constructor(
    private readonly inputs: CorrectionInputs,
    private readonly plannedRow: (sourceRow: number) => number,
  ) {
    const rels = tableRelations(inputs.table);
    for (const r of [...rels.rows, ...rels.declared]) {
      if (r.kind !== 'linear' && r.kind !== 'bound') continue;
      this.rowRelations.push(r);
      if (r.kind !== 'linear') continue;
      this.requiredCols.add(r.target);
      for (const t of r.terms) if (t.required) this.requiredCols.add(t.col);
    }
    this.planDerivations();
    this.keepConsistentTotals();
  }

  private planDerivations() {
    const { sheet, table } = this.inputs;
    // Per column: the relation that gives a unit row's value from the same row's other cells.
    const rowRule = new Map<number, Derivation>();
    for (const [col, r] of definingRelations(table)) {
      rowRule.set(col, r.kind === 'rate' ? { kind: 'rate', count: r.count, base: r.base, scale: 'points' } : { kind: 'linear', terms: r.terms });
    }
    for (const row of table.rows) {
      for (const c of table.columns) {
        if (!NUMERIC.has(c.role.kind)) continue;
        const src = cellAt(sheet, row.row, c.col);
        if (isEmpty(src)) continue; // keep the source's layout: an empty cell stays empty
        const k = cellKey(row.row, c.col);
        if (c.role.kind !== 'rate' && row.members.length) {
          this.derived.set(k, { kind: 'sum', members: row.members.map((i) => table.rows[i].row) });
          continue;
        }
        const rule = rowRule.get(c.col);
        if (rule?.kind === 'rate') this.derived.set(k, { ...rule, scale: this.rateScale(c.col, src.numFmt) });
        else if (rule) this.derived.set(k, rule);
      }
    }
  }

  private rateScale(col: number, numFmt: string | undefined): RateScale {
    if (formatInfo(numFmt)?.percent) return 'percent-format';
    return this.inputs.fractionCols.has(col) ? 'fraction' : 'points';
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
    const groups = this.inputs.table.rows.filter((r) => r.members.length).map((r) => r.row);
    const isSum = (row: number, col: number) => this.derived.get(cellKey(row, col))?.kind === 'sum';
    for (let changed = true; changed; ) {
      changed = false;
      for (const row of groups) {
        for (const r of this.rowRelations) {
          const cols = [r.kind === 'linear' ? r.target : r.lhs, ...r.terms.map((t) => t.col)].filter((c) => isSum(row, c));
          if (!cols.length || holds(r, (c) => this.value(row, c))) continue;
          if (!holds(r, (c) => this.inputs.input(row, c)) || cols.every((c) => this.keptTotals.has(cellKey(row, c)))) continue;
          for (const c of cols) this.keptTotals.add(cellKey(row, c));
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
    for (const c of this.inputs.table.columns) {
      if (this.derived.get(cellKey(row, c.col))?.kind !== 'sum') continue;
      const stated = this.inputs.input(row, c.col);
      const own = this.inputs.input(member, c.col);
      if (stated && own && !D.eq(stated, own)) differ++;
    }
    return differ >= 2;
  }

  /** The value a cell has in the corrected sheet (exact), whether typed or computed. */
  value(row: number, col: number): Val {
    const k = cellKey(row, col);
    if (this.memo.has(k)) return this.memo.get(k);
    this.memo.set(k, undefined); // guards against cycles
    const v = this.formulaOf(row, col)?.value ?? this.inputs.input(row, col);
    this.memo.set(k, v);
    return v;
  }

  /** The formula of a derived cell and its value; null when its inputs don't allow one (the source value is kept). */
  formulaOf(row: number, col: number): Formula | null {
    const k = cellKey(row, col);
    if (this.formulaMemo.has(k)) return this.formulaMemo.get(k)!;
    this.formulaMemo.set(k, null);
    const d = this.derived.get(k);
    const out = !d ? null : d.kind === 'sum' ? this.sum(row, col, d.members) : d.kind === 'linear' ? this.linear(row, d.terms) : this.rate(row, col, d);
    this.formulaMemo.set(k, out);
    return out;
  }

  private at(row: number, col: number): string {
    return a1(this.plannedRow(row), col);
  }

  private sum(row: number, col: number, members: number[]): Formula | null {
    // A member PovCheck cannot use (text, a date, an invalid count) would be
    // skipped or miscounted by SUM: the stated total stays (usable.ts). An
    // empty member where its row's relations need a number is a missing
    // value, not 0, when the total says otherwise.
    if (this.keptTotals.has(cellKey(row, col))) return null;
    let sum = D.ZERO;
    let missing = false;
    for (const m of members) {
      const v = this.value(m, col);
      if (v === undefined) return null;
      if (v) sum = D.add(sum, v);
      else if (this.requiredCols.has(col)) missing = true;
    }
    if (missing || (members.length === 1 && this.notACopy(row, members[0]))) {
      const stated = this.inputs.input(row, col);
      if (stated && !D.eq(stated, sum)) return null;
    }
    if (!derivableCount(sum)) return null; // 10^15 or more is no count: the stated total stays
    return { formula: `SUM(${sumArgs(members.map((m) => this.plannedRow(m)), col)})`, value: sum };
  }

  private linear(row: number, terms: { col: number; coef: number; required: boolean }[]): Formula | null {
    let sum = D.ZERO;
    let text = '';
    for (const [i, t] of terms.entries()) {
      const v = this.value(row, t.col);
      if (v === undefined || (v === null && t.required)) return null;
      const x = v ?? D.ZERO;
      sum = t.coef > 0 ? D.add(sum, D.mul(x, D.dec(t.coef))) : D.sub(sum, D.mul(x, D.dec(-t.coef)));
      const mag = Math.abs(t.coef) === 1 ? '' : `${Math.abs(t.coef)}*`;
      text += (i === 0 ? (t.coef < 0 ? '-' : '') : t.coef < 0 ? '-' : '+') + mag + this.at(row, t.col);
    }
    if (!derivableCount(sum)) return null; // no count is negative or 10^15: the inputs disagree, the stated value stays
    return { formula: text, value: sum };
  }

  private rate(row: number, col: number, d: { count: number; base: number; scale: RateScale }): Formula | null {
    const c = this.value(row, d.count);
    const b = this.value(row, d.base);
    if (!c || !b || D.isZero(b) || D.isNegative(b) || D.isNegative(c)) return null;
    if (D.cmp(c, b) > 0) return null; // a rate over 100 % is no formula's to write; the stated value stays
    const p = this.inputs.decimals(row, col);
    const ratio = `${this.at(row, d.count)}/${this.at(row, d.base)}`;
    if (d.scale === 'points') return { formula: `ROUND(${ratio}*100,${p})`, value: D.ratio(c, b, 100, p)! };
    // A % cell shows p decimals of percent, two more of the fraction it holds; a fraction column shows its own p.
    const places = d.scale === 'percent-format' ? p + 2 : p;
    return { formula: `ROUND(${ratio},${places})`, value: D.ratio(c, b, 1, places)! };
  }
}
