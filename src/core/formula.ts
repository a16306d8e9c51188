// Formulas the engine reads: the numbered-column row's `10=2-8`, `4=3/1*100`
// (column numbers), and SUM ranges in total cells (A1 references).
import { parseRangeA1 } from './grid';

export type Expr =
  | { t: 'col'; n: number }
  | { t: 'const'; v: number }
  | { t: 'op'; op: '+' | '-' | '*' | '/'; a: Expr; b: Expr };

/** Parses `2-8`, `3/1*100`, `1-2-3-4+5+6+7+8`, `(3-9)x100`; numbers in `isColumn` are column references. */
export function parseColumnFormula(text: string, isColumn: (n: number) => boolean): Expr | null {
  const src = text.replace(/\s+/g, '').replace(/[x×]/gi, '*').replace(/[:÷]/g, '/').replace(/[–−]/g, '-');
  let i = 0;
  const peek = () => src[i];
  function primary(): Expr | null {
    if (peek() === '(') {
      i++;
      const e = sum();
      if (!e || peek() !== ')') return null;
      i++;
      return e;
    }
    const m = /^\d+(?:[.,]\d+)?/.exec(src.slice(i));
    if (!m) return null;
    i += m[0].length;
    const v = parseFloat(m[0].replace(',', '.'));
    if (Number.isInteger(v) && isColumn(v)) return { t: 'col', n: v };
    return { t: 'const', v };
  }
  function product(): Expr | null {
    let a = primary();
    while (a && (peek() === '*' || peek() === '/')) {
      const op = src[i++] as '*' | '/';
      const b = primary();
      if (!b) return null;
      a = { t: 'op', op, a, b };
    }
    return a;
  }
  function sum(): Expr | null {
    let a = product();
    while (a && (peek() === '+' || peek() === '-')) {
      const op = src[i++] as '+' | '-';
      const b = product();
      if (!b) return null;
      a = { t: 'op', op, a, b };
    }
    return a;
  }
  const e = sum();
  return e && i === src.length ? e : null;
}

/** Column coefficients when the expression is a plain signed sum of columns; null otherwise. */
export function linearTerms(e: Expr): Map<number, number> | null {
  const out = new Map<number, number>();
  function walk(x: Expr, sign: number): boolean {
    if (x.t === 'col') {
      out.set(x.n, (out.get(x.n) ?? 0) + sign);
      return true;
    }
    if (x.t === 'op' && (x.op === '+' || x.op === '-')) return walk(x.a, sign) && walk(x.b, x.op === '+' ? sign : -sign);
    return false;
  }
  return walk(e, 1) ? out : null;
}

/** `a / b * 100` (or `a * 100 / b`): the columns of a rate formula. */
export function rateTerms(e: Expr): { count: number; base: number } | null {
  if (e.t !== 'op') return null;
  if (e.op === '*' && e.b.t === 'const' && e.b.v === 100 && e.a.t === 'op' && e.a.op === '/' && e.a.a.t === 'col' && e.a.b.t === 'col')
    return { count: e.a.a.n, base: e.a.b.n };
  if (e.op === '/' && e.b.t === 'col' && e.a.t === 'op' && e.a.op === '*' && e.a.a.t === 'col' && e.a.b.t === 'const' && e.a.b.v === 100)
    return { count: e.a.a.n, base: e.b.n };
  return null;
}

export function columnsOf(e: Expr, out: number[] = []): number[] {
  if (e.t === 'col') out.push(e.n);
  else if (e.t === 'op') {
    columnsOf(e.a, out);
    columnsOf(e.b, out);
  }
  return out;
}

/**
 * Rows a total cell's formula adds up in its own column, e.g. `SUM(C8:C19)`,
 * `SUM(C8:C12,C14)`, `C8+C9+C10`; null when the formula is anything else.
 */
export function summedRows(formula: string, col: number): RowSet | null {
  const f = formula.replace(/\s+/g, '').replace(/^=/, '').replace(/\$/g, '');
  // Kept as ranges: a province total's SUM covers a hundred thousand rows.
  const spans: [number, number][] = [];
  const addRange = (ref: string): boolean => {
    const r = parseRangeA1(ref);
    if (!r || r.left !== col || r.right !== col) return false;
    spans.push([r.top, r.bottom]);
    return true;
  };
  const rows = (): RowSet => {
    const m = merge(spans);
    return { has: (row) => inSpans(m, row) };
  };
  const sum = /^SUM\(([^()]*)\)$/i.exec(f);
  if (sum) {
    for (const part of sum[1].split(/[,;]/)) if (!addRange(part)) return null;
    return rows();
  }
  if (/^[A-Z]{1,3}\d+(\+[A-Z]{1,3}\d+)+$/i.test(f)) {
    for (const part of f.split('+')) if (!addRange(part)) return null;
    return rows();
  }
  return null;
}

export interface RowSet {
  has(row: number): boolean;
}

/** Sorted, non-overlapping spans, for a binary search. */
function merge(spans: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function inSpans(spans: [number, number][], row: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (row < spans[mid][0]) hi = mid - 1;
    else if (row > spans[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}
