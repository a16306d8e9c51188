// Compact per-cell state of the relations' evaluation (check-table.ts's EvalState):
// a table of 100,000 rows builds a few relations per row, so the state keeps one
// entry per relation shape or column, with a mark per row, rather than objects per cell.
import { type Ref, same } from './locate';

/** The terms of a linear relation as evaluate-linear.ts builds them. */
interface Term {
  ref: Ref;
  coef: number;
}

/** One anchor column and its terms (row offset from the anchor, column, coefficient), and the anchor rows it was built at. */
export interface Shape {
  col: number;
  terms: { dr: number; col: number; coef: number }[];
  rows: RowMarks;
  /** Some term appears twice (then seen() compares with other shapes). */
  repeats: boolean;
}

/** A set of row numbers as one byte per row, grown as needed. */
class RowMarks {
  private bits = new Uint8Array(64);

  has(row: number): boolean {
    return row >= 0 && row < this.bits.length ? this.bits[row] === 1 : false;
  }

  add(row: number) {
    if (row >= this.bits.length) {
      let n = this.bits.length;
      while (n <= row) n *= 2;
      const next = new Uint8Array(n);
      next.set(this.bits);
      this.bits = next;
    }
    this.bits[row] = 1;
  }
}

/**
 * Linear relations already built, by anchor: the same one (the same terms in any
 * order) may come from the headers and from the numbered row.
 */
export class SeenRelations {
  private shapes = new Map<string, Shape>();
  private byOrder = new Map<string, Shape>();
  /** Shapes by anchor column whose terms, in their stored order, rows are compared with first. */
  private recent = new Map<number, Shape[]>();

  /** The relation's shape, made on first sight; `seen`/`remember` take it. */
  shape(anchor: Ref, terms: Term[]): Shape {
    // Rows repeat a few shapes, usually in the order they were first given: compared in place, no key built.
    const recent = this.recent.get(anchor.col);
    if (recent) {
      for (const s of recent) if (inOrder(s, anchor, terms)) return s;
    }
    let given = `${anchor.col}`;
    for (const t of terms) given += `|${t.ref.row - anchor.row},${t.ref.col},${t.coef}`;
    let s = this.byOrder.get(given);
    if (!s) this.byOrder.set(given, (s = this.sorted(anchor, terms)));
    if (!recent) this.recent.set(anchor.col, [s]);
    else if (recent.length < 8 && !recent.includes(s)) recent.push(s);
    return s;
  }

  private sorted(anchor: Ref, terms: Term[]): Shape {
    const tokens = terms.map((t) => `${t.ref.row - anchor.row},${t.ref.col},${t.coef}`).sort();
    const sig = `${anchor.col}|${tokens.join('|')}`;
    let s = this.shapes.get(sig);
    if (!s) this.shapes.set(sig, (s = { col: anchor.col, terms: terms.map((t) => ({ dr: t.ref.row - anchor.row, col: t.ref.col, coef: t.coef })), rows: new RowMarks(), repeats: repeats(terms) }));
    return s;
  }

  /** Whether a relation with these terms (every term among another's of the same length) was built at this anchor. */
  seen(anchor: Ref, terms: Term[], shape: Shape): boolean {
    if (shape.rows.has(anchor.row)) return true;
    // Terms without repeats match only their own shape; with repeats, any same-length shape holding them all.
    if (!repeats(terms)) return false;
    for (const s of this.shapes.values()) {
      if (s === shape || s.col !== anchor.col || s.terms.length !== terms.length || !s.rows.has(anchor.row)) continue;
      const other = s.terms.map((o) => ({ ref: { row: anchor.row + o.dr, col: o.col }, coef: o.coef }));
      if (terms.every((t) => other.some((o) => o.coef === t.coef && same(o.ref, t.ref)))) return true;
    }
    return false;
  }

  /** seen() for a relation of this shape at `row`; undefined when only seen() can tell (a repeated term). */
  seenAt(row: number, shape: Shape): boolean | undefined {
    if (shape.rows.has(row)) return true;
    return shape.repeats ? undefined : false;
  }

  remember(anchor: Ref, shape: Shape) {
    shape.rows.add(anchor.row);
  }

  clear() {
    this.shapes.clear();
    this.byOrder.clear();
    this.recent.clear();
  }
}

/** Whether the terms are the shape's, in the shape's order. */
function inOrder(s: Shape, anchor: Ref, terms: Term[]): boolean {
  if (s.terms.length !== terms.length) return false;
  for (let i = 0; i < terms.length; i++) {
    const a = s.terms[i];
    const t = terms[i];
    if (a.col !== t.ref.col || a.coef !== t.coef || a.dr !== t.ref.row - anchor.row) return false;
  }
  return true;
}

function repeats(terms: Term[]): boolean {
  for (let i = 1; i < terms.length; i++) for (let j = 0; j < i; j++) if (terms[i].coef === terms[j].coef && same(terms[i].ref, terms[j].ref)) return true;
  return false;
}

/** A state per cell ('ok' or a value), kept as a mark per row and column for 'ok' and a map for the rest. */
export class CellStates<T> {
  private ok = new Map<number, RowMarks>();
  private other = new Map<number, T>();

  get(k: number): 'ok' | T | undefined {
    const v = this.other.get(k);
    if (v !== undefined) return v;
    // A key is row · 16384 + col (check-table.ts keyOf).
    return this.ok.get(k % 16384)?.has(Math.floor(k / 16384)) ? 'ok' : undefined;
  }

  has(k: number): boolean {
    return this.get(k) !== undefined;
  }

  set(k: number, v: 'ok' | T) {
    if (v === 'ok') {
      this.other.delete(k);
      let m = this.ok.get(k % 16384);
      if (!m) this.ok.set(k % 16384, (m = new RowMarks()));
      m.add(Math.floor(k / 16384));
    } else {
      this.other.set(k, v);
    }
  }
}
