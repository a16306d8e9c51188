// Error localisation in the Fellegi–Holt sense: every relation of a table is
// a constraint (those that hold are evidence too), and the wrong cells are
// the fewest cells whose change makes every constraint hold with all other
// cells fixed. This file is the exact, table-agnostic part: constraints as
// plain data, the values one cell may take under a constraint, and typo
// patterns between a stated and an implied value. checks.ts builds the
// constraints and turns the result into issues.
import * as D from './decimal';
import type { Dec } from './decimal';
import type { SuggestionKind } from './report';

export interface Ref {
  row: number;
  col: number;
}

export const key = (r: Ref) => r.row * 16384 + r.col;
export const same = (a: Ref, b: Ref) => a.row === b.row && a.col === b.col;

/** A cell's value under some assignment: null is an empty cell. */
export type Get = ((ref: Ref) => Dec | null) & {
  /** The sheet's own values, when this assignment changes only `over` cells of it. */
  base?: (ref: Ref) => Dec | null;
  over?: Map<number, Dec>;
};

/** The sheet's values with a few cells changed. */
export function assign(base: Get, over: Map<number, Dec>): Get {
  const root = base.base ?? base;
  const all = base.over ? new Map([...base.over, ...over]) : over;
  const g: Get = (r) => {
    const v = all.get(key(r));
    return v !== undefined ? v : root(r);
  };
  g.base = root;
  g.over = all;
  return g;
}

export type RelKind = 'sum' | 'balance' | 'parts' | 'formula' | 'rate' | 'bound';

/**
 * One relation as data (no closures: a clean 10,000-row table builds ~100,000 of these).
 * - `lin`: cells[0] = Σ coefs[i]·cells[i+1] at p decimals (empty terms count 0; coefs default 1).
 * - `rate`: cells = [rate, count, base]; 100·count/base agrees with the rate at p decimals up to
 *   the rounding conventions the engine tolerates (half-up, truncation, half-even, up), i.e.
 *   |100·count/base − rate| < 10^-p.
 * - `le`: cells[0] ≤ Σ coefs[i]·cells[i+1].
 * - `fn`: anything else (a numbered formula); `test` evaluates it, `anchorValue` solves its first cell.
 */
export interface Con<F = unknown> {
  t: 'lin' | 'rate' | 'le' | 'fn';
  rel: RelKind;
  cells: Ref[];
  coefs?: number[];
  p: number;
  /** Fails now as an error (a tolerated rounding convention holds). */
  fails: boolean;
  /** The failure this constraint was reported as, when it fails. */
  failure?: F;
  label?: string;
  test?: (get: Get) => boolean | null;
  anchorValue?: (get: Get) => Dec | null;
}

/** The values of one cell, all others fixed, that make a constraint hold. Ranges are whole numbers. */
export type Domain =
  | { t: 'none' }
  | { t: 'any' }
  | { t: 'unknown' }
  | { t: 'point'; v: Dec }
  | { t: 'range'; lo: bigint | null; hi: bigint | null };

const NONE: Domain = { t: 'none' };
export const ANY: Domain = { t: 'any' };
const UNKNOWN: Domain = { t: 'unknown' };
export const COUNT: Domain = { t: 'range', lo: 0n, hi: null };

const coef = (c: Con, i: number) => (c.coefs ? c.coefs[i] : 1);

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}
function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}
const floorInt = (d: Dec) => floorDiv(d.n, D.pow10(d.s));
const ceilInt = (d: Dec) => ceilDiv(d.n, D.pow10(d.s));
const abs = (d: Dec): Dec => (d.n < 0n ? D.neg(d) : d);

// A sum over a whole column has thousands of terms: its total under the sheet's own
// values is computed once, and an assignment only adjusts it by the cells it changes.
interface Big {
  base: (ref: Ref) => Dec | null;
  sum0: Dec;
  pos: Map<number, number>;
}
const bigs = new WeakMap<Con, Big>();
const BIG = 12;

function big(c: Con, get: Get): Big {
  const base = get.base ?? get;
  let b = bigs.get(c);
  if (!b || b.base !== base) {
    const pos = new Map<number, number>();
    let s = D.ZERO;
    for (let i = 1; i < c.cells.length; i++) {
      pos.set(key(c.cells[i]), i);
      const v = base(c.cells[i]) ?? D.ZERO;
      s = coef(c, i - 1) > 0 ? D.add(s, v) : D.sub(s, v);
    }
    b = { base, sum0: s, pos };
    bigs.set(c, b);
  }
  return b;
}

function indexOf(c: Con, ref: Ref, get: Get): number {
  if (same(c.cells[0], ref)) return 0;
  if (c.cells.length > BIG) return big(c, get).pos.get(key(ref)) ?? -1;
  return c.cells.findIndex((x) => same(x, ref));
}

/** Σ coef·term over cells[1..], skipping index `skip` (empty terms count 0). */
function termSum(c: Con, get: Get, skip = -1): Dec {
  if (c.cells.length > BIG) {
    const b = big(c, get);
    let s = b.sum0;
    const adjust = (i: number, v: Dec) => (s = coef(c, i - 1) > 0 ? D.add(s, v) : D.sub(s, v));
    if (get.over)
      for (const [k, v] of get.over) {
        const i = b.pos.get(k);
        if (i !== undefined && i !== skip) adjust(i, D.sub(v, b.base(c.cells[i]) ?? D.ZERO));
      }
    if (skip > 0) adjust(skip, D.neg(b.base(c.cells[skip]) ?? D.ZERO));
    return s;
  }
  let s = D.ZERO;
  for (let i = 1; i < c.cells.length; i++) {
    if (i === skip) continue;
    const v = get(c.cells[i]) ?? D.ZERO;
    s = coef(c, i - 1) > 0 ? D.add(s, v) : D.sub(s, v);
  }
  return s;
}

/** Whether the constraint holds under `get`; null when that cannot be told. */
export function holds(c: Con, get: Get): boolean | null {
  switch (c.t) {
    case 'lin': {
      const a = get(c.cells[0]);
      if (!a) return null;
      return D.eq(D.round(termSum(c, get), c.p), D.round(a, c.p));
    }
    case 'le': {
      const a = get(c.cells[0]);
      if (!a) return null;
      return D.cmp(a, termSum(c, get)) <= 0;
    }
    case 'rate': {
      const r = get(c.cells[0]);
      const n = get(c.cells[1]);
      const b = get(c.cells[2]);
      if (!r || !n || !b) return null;
      if (b.n <= 0n) return false;
      const sn = D.round(r, c.p);
      // |100·n − rate·b| < b·10^-p, all exact
      const lhs = abs(D.sub(D.mul(n, D.dec(100)), D.mul(sn, b)));
      return D.cmp(lhs, D.mul(b, { n: 1n, s: c.p })) < 0;
    }
    case 'fn':
      return c.test ? c.test(get) : null;
  }
}

/** The values of `ref` alone (others from `get`) that make `c` hold. */
export function domainOf(c: Con, ref: Ref, get: Get): Domain {
  const i = indexOf(c, ref, get);
  if (i < 0) return ANY;
  if (c.cells.length <= BIG && c.cells.findIndex((x, j) => j > i && same(x, ref)) >= 0) return UNKNOWN;
  switch (c.t) {
    case 'lin': {
      if (i === 0) return { t: 'point', v: D.round(termSum(c, get), c.p) };
      const a = get(c.cells[0]);
      if (!a) return UNKNOWN;
      const diff = D.sub(a, termSum(c, get, i));
      return { t: 'point', v: coef(c, i - 1) > 0 ? diff : D.neg(diff) };
    }
    case 'le': {
      if (i === 0) return { t: 'range', lo: null, hi: floorInt(termSum(c, get)) };
      const a = get(c.cells[0]);
      if (!a) return UNKNOWN;
      const rest = termSum(c, get, i);
      return coef(c, i - 1) > 0 ? { t: 'range', lo: ceilInt(D.sub(a, rest)), hi: null } : { t: 'range', lo: null, hi: floorInt(D.sub(rest, a)) };
    }
    case 'rate': {
      const r = get(c.cells[0]);
      const n = get(c.cells[1]);
      const b = get(c.cells[2]);
      if (i === 0) {
        if (!n || !b || b.n <= 0n) return NONE;
        return { t: 'point', v: D.ratio(n, b, 100, c.p)! };
      }
      if (!r) return UNKNOWN;
      const sn = D.round(r, c.p).n; // rate = sn / 10^p
      if (i === 1) {
        if (!b || b.n <= 0n) return NONE;
        // 100·n·10^p·10^bs ∈ (bn·(sn−1), bn·(sn+1))
        const k = 100n * D.pow10(c.p) * D.pow10(b.s);
        return { t: 'range', lo: floorDiv(b.n * (sn - 1n), k) + 1n, hi: ceilDiv(b.n * (sn + 1n), k) - 1n };
      }
      if (!n) return UNKNOWN;
      if (n.n === 0n) return sn === 0n ? { t: 'range', lo: 1n, hi: null } : NONE;
      // base·(sn−1) < N < base·(sn+1), N = 100·n·10^p (scaled by 10^ns)
      const big = 100n * n.n * D.pow10(c.p);
      const den = D.pow10(n.s);
      let lo = floorDiv(big, (sn + 1n) * den) + 1n;
      if (lo < 1n) lo = 1n;
      const hi = sn > 1n ? ceilDiv(big, (sn - 1n) * den) - 1n : null;
      return { t: 'range', lo, hi };
    }
    case 'fn':
      if (i === 0 && c.anchorValue) {
        const v = c.anchorValue(get);
        return v ? { t: 'point', v } : UNKNOWN;
      }
      return UNKNOWN;
  }
}

/** Intersection; `unknown` is neutral here (the caller keeps track of it). */
export function intersect(a: Domain, b: Domain): Domain {
  if (a.t === 'none' || b.t === 'none') return NONE;
  if (a.t === 'any' || a.t === 'unknown') return b.t === 'unknown' ? a : b;
  if (b.t === 'any' || b.t === 'unknown') return a;
  if (a.t === 'point' && b.t === 'point') return D.eq(a.v, b.v) ? a : NONE;
  if (a.t === 'point' || b.t === 'point') {
    const p = (a.t === 'point' ? a : b) as { t: 'point'; v: Dec };
    const r = (a.t === 'range' ? a : b) as { t: 'range'; lo: bigint | null; hi: bigint | null };
    if (!D.isInteger(p.v)) return NONE;
    const v = floorInt(p.v);
    return (r.lo === null || v >= r.lo) && (r.hi === null || v <= r.hi) ? p : NONE;
  }
  const ra = a as { lo: bigint | null; hi: bigint | null };
  const rb = b as { lo: bigint | null; hi: bigint | null };
  const lo = ra.lo === null ? rb.lo : rb.lo === null ? ra.lo : ra.lo > rb.lo ? ra.lo : rb.lo;
  const hi = ra.hi === null ? rb.hi : rb.hi === null ? ra.hi : ra.hi < rb.hi ? ra.hi : rb.hi;
  if (lo !== null && hi !== null && lo > hi) return NONE;
  return { t: 'range', lo, hi };
}

export interface CellSolution {
  ref: Ref;
  /** A value that makes every constraint on the cell hold; null when it could not be named. */
  value: Dec | null;
  /** Some constraint could not be decided: the solution is possible, not proven. */
  uncertain: boolean;
}

/** Intersection of the domains every constraint in `cons` gives `ref`; `uncertain` when one could not say. */
export function cellDomain(ref: Ref, cons: Con[], get: Get, base: Domain): { dom: Domain; uncertain: boolean } {
  let dom = base;
  let uncertain = false;
  for (const c of cons) {
    const d = domainOf(c, ref, get);
    if (d.t === 'unknown') uncertain = true;
    dom = intersect(dom, d);
    if (dom.t === 'none') break;
  }
  return { dom, uncertain };
}

/**
 * Can `ref` alone (others from `get`) take a value that makes every constraint in
 * `cons` hold? `stated` guides the choice inside a range: a typo of it first, else the nearest.
 */
export function solveCell(ref: Ref, cons: Con[], get: Get, base: Domain, stated: Dec | null): CellSolution | null {
  const { dom, uncertain } = cellDomain(ref, cons, get, base);
  if (dom.t === 'none') return null;
  const options: Dec[] = [];
  if (dom.t === 'point') options.push(dom.v);
  else if (dom.t === 'range') {
    const inRange = (v: bigint) => (dom.lo === null || v >= dom.lo) && (dom.hi === null || v <= dom.hi);
    if (stated && D.isInteger(stated)) {
      const s = floorInt(stated);
      const typos = typoVariants(s).filter(inRange);
      typos.sort((a, b) => (a - s < 0n ? s - a : a - s) < (b - s < 0n ? s - b : b - s) ? -1 : 1);
      for (const v of typos.slice(0, 3)) options.push(D.dec(v));
      if (!inRange(s)) {
        if (dom.lo !== null && s < dom.lo) options.push(D.dec(dom.lo));
        else if (dom.hi !== null) options.push(D.dec(dom.hi));
      }
    } else if (dom.lo !== null) options.push(D.dec(dom.lo));
  }
  for (const v of options) {
    const g = assign(get, new Map([[key(ref), v]]));
    let ok = true;
    let unsure = false;
    for (const c of cons) {
      const h = holds(c, g);
      if (h === false) {
        ok = false;
        break;
      }
      if (h === null) unsure = true;
    }
    if (ok) return { ref, value: v, uncertain: unsure };
  }
  // A constraint that cannot be solved for this cell leaves the question open: possible, unnamed.
  return uncertain ? { ref, value: null, uncertain: true } : null;
}

// ---- typo patterns ----------------------------------------------------------

/** Digits of a value at p decimals, without sign or separators (1,40 at p=2 → "140"). */
function digits(v: Dec, p: number): string {
  const n = D.round(v, p).n;
  return (n < 0n ? -n : n).toString();
}

/** Which typing slip turns `implied` into `stated`, if any. */
export function typoKind(stated: Dec, implied: Dec, p: number): SuggestionKind | null {
  const s = digits(stated, p);
  const t = digits(implied, p);
  if (s === t || stated.n < 0n !== implied.n < 0n) return null;
  if (s.length === t.length) {
    const diff: number[] = [];
    for (let i = 0; i < s.length; i++) if (s[i] !== t[i]) diff.push(i);
    // A single-digit number differs from any other in "one digit": no evidence there.
    if (diff.length === 1 && s.length >= 2) return 'typo-digit';
    if (diff.length === 2 && diff[1] === diff[0] + 1 && s[diff[0]] === t[diff[1]] && s[diff[1]] === t[diff[0]]) return 'typo-swap';
    return null;
  }
  const dropsTo = (long: string, short: string) => {
    for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
    return false;
  };
  if (t.length === s.length + 1 && dropsTo(t, s)) return 'typo-dropped';
  if (s.length === t.length + 1 && dropsTo(s, t)) return 'typo-added';
  return null;
}

/** Whole numbers one typing slip away from `s` (what it may have been meant as). */
export function typoVariants(s: bigint): bigint[] {
  if (s < 0n) return [];
  const str = s.toString();
  const out = new Set<string>();
  for (let i = 0; i < str.length; i++) {
    for (const d of '0123456789') if (d !== str[i] && str.length >= 2) out.add(str.slice(0, i) + d + str.slice(i + 1));
    if (i + 1 < str.length && str[i] !== str[i + 1]) out.add(str.slice(0, i) + str[i + 1] + str[i] + str.slice(i + 2));
    if (str.length > 1) out.add(str.slice(0, i) + str.slice(i + 1));
  }
  for (let i = 0; i <= str.length; i++) for (const d of '0123456789') out.add(str.slice(0, i) + d + str.slice(i));
  const res: bigint[] = [];
  for (const x of out) {
    if (x.length > 1 && x[0] === '0') continue;
    const v = BigInt(x);
    if (v !== s) res.push(v);
  }
  return res;
}
