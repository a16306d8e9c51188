// Error localisation on one table's failures (Fellegi–Holt): the fewest cells
// whose change makes every relation hold, the relations that hold included as
// evidence (rebuilt for the rows concerned by evaluate.ts). What one cell
// explains becomes one issue at it (for a tie: at the relation, with the tied
// cells as alternatives); two cells are tried together when no single one
// does; the rest is reported relation by relation. The solver is locate.ts,
// the issues' wording check-report.ts.
import { a1 } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import type { Issue } from './report';
import { populationColumns } from './rules/balance';
import { ANY, COUNT, assign, type CellSolution, type Con, type Domain, cellDomain, holds, solveCell } from './locate';
import { type EvalState, type Failure, type Ref, type TableContext, dp, key, same, cellOrder, uniqueRefs } from './check-table';
import { evidenceFor } from './evaluate';
import { type ConIndex, type Other, IssueWriter, roundingSuggestion, unitOf } from './check-report';
import { pushAll } from './arrays';
import { render } from './messages';

/** What a cell may hold at all: counts are whole and not negative. */
function domainBase(tc: TableContext, ref: Ref): Domain {
  return tc.colByIndex.get(ref.col)?.role.kind === 'rate' ? ANY : COUNT;
}

export class Localiser {
  private readonly tc: TableContext;
  private readonly out: IssueWriter;
  /** The failing relations and their evidence, once localisation has started. */
  private cons: Con<Failure>[] = [];

  constructor(private readonly ev: EvalState) {
    this.tc = ev.tc;
    this.out = new IssueWriter(ev.tc);
  }

  /** Every failure of the table becomes an issue: located where it can be, else as it is. */
  locate() {
    const tc = this.tc;
    const failing = tc.failures.filter((f) => f.con).map((f) => f.con!);
    const done = new Set<Failure>();
    if (failing.length) this.localise(failing, done);
    const all = tc.failures.filter((f) => !done.has(f)).sort((a, b) => a.anchor.row - b.anchor.row || a.anchor.col - b.anchor.col);
    for (const f of all) {
      const extra: Partial<Issue> = { ...f.extra };
      let msg = f.msg;
      if (f.rounding && f.stated && f.expected) extra.suggestion = roundingSuggestion(tc, f);
      const other = f.con?.rel === 'balance' ? this.otherChange([f.con]) : null;
      if (other) {
        msg = tc.m('then', { a: msg, b: other.msg });
        extra.alternatives = [other.sug];
      }
      tc.issue(f.rule, f.severity, f.anchor, msg, f.stated ? dp(f.stated, f.decimals) : null, f.expected ? dp(f.expected, f.decimals) : null, extra);
    }
    tc.issues.sort((a, b) => cellOrder(a.cell) - cellOrder(b.cell));
  }

  private localise(failing: Con<Failure>[], done: Set<Failure>) {
    const tc = this.tc;
    // Candidates: the filled cells of failing relations (a blank is not a mistyped value).
    const cand = new Map<number, Ref>();
    for (const c of failing) for (const r of c.cells) if (tc.val(r)) cand.set(key(r), r);
    this.cons = [...failing, ...evidenceFor(this.ev, new Set([...cand.values()].map((r) => r.row)))];
    const idx: ConIndex = new Map();
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
      const sol = solveCell(ref, cons, tc.orig, domainBase(tc, ref), tc.val(ref) ?? null);
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
      this.out.reportComponent(comp, ex, other, idx);
      for (const c of comp) done.add(c.failure!);
    }
    if (leftover.length > 1 && this.pairs(leftover, idx, alone)) for (const c of leftover) done.add(c.failure!);
  }

  /** Two cells together, when no single cell explains what is left (size-2 search, capped). */
  private pairs(L: Con<Failure>[], idx: ConIndex, alone: Map<number, { sol: CellSolution }>): boolean {
    if (L.length > 16) return false;
    const tc = this.tc;
    const bit = new Map(L.map((c, i) => [c, 1 << i]));
    // Each cell's failing relations in L, and the partners a set of relations admits, found
    // once: several sums of thousands of rows each were searched cell × cell before.
    const failsMemo = new Map<number, Con<Failure>[]>();
    const failsOf = (r: Ref) => {
      const k = key(r);
      let f = failsMemo.get(k);
      if (!f) failsMemo.set(k, (f = (idx.get(k) ?? []).filter((c) => bit.has(c))));
      return f;
    };
    const maskOf = (cs: Con<Failure>[]) => cs.reduce((m, c) => m | bit.get(c)!, 0);
    const partnersMemo = new Map<number, Ref[]>();
    /** The cells of rest[0], in order, with a value, that lie in every relation of `rest`. */
    const partners = (rest: Con<Failure>[]) => {
      const m = maskOf(rest);
      let p = partnersMemo.get(m);
      if (!p) {
        p = uniqueRefs(rest[0].cells).filter((b) => tc.val(b) && (maskOf(failsOf(b)) & m) === m);
        partnersMemo.set(m, p);
      }
      return p;
    };
    // One of the two cells is in the relation with the fewest cells.
    const f0 = L.reduce((a, b) => (b.cells.length < a.cells.length ? b : a));
    const found = new Map<string, { a: Ref; va: Dec; b: Ref; vb: Dec }>();
    let open = false;
    let budget = 2000;
    for (const a of uniqueRefs(f0.cells)) {
      if (!tc.val(a)) continue;
      const fa = failsOf(a);
      const rest = L.filter((c) => !fa.includes(c));
      if (!rest.length) continue; // a alone touches everything yet fails: would need a partner anywhere
      for (const b of partners(rest)) {
        if (same(a, b)) continue;
        if (--budget < 0) return false;
        const id = [key(a), key(b)].sort((x, y) => x - y).join(':');
        if (found.has(id)) continue;
        const j = joint(tc, a, b, idx, alone);
        if (j === 'open') open = true;
        else if (j) found.set(id, j);
      }
    }
    if (found.size !== 1 || open) return false;
    const [{ a, va, b, vb }] = [...found.values()];
    const fa = failsOf(a);
    const fb = failsOf(b);
    this.out.reportCell(a, va, fa.map((c) => c.failure!), idx);
    this.out.reportCell(b, vb, (fb.some((c) => !fa.includes(c)) ? fb.filter((c) => !fa.includes(c)) : fb).map((c) => c.failure!), idx);
    return true;
  }

  /**
   * end = start − decreases + increases is off and the row's "other" flow column (khác) is
   * empty: an unrecorded other change would explain it, when it explains the whole component.
   */
  private otherChange(comp: Con<Failure>[]): Other | null {
    const tc = this.tc;
    const bal = comp.find((c) => c.rel === 'balance');
    if (!bal?.failure?.stated || !bal.failure.expected) return null;
    const end = bal.cells[0];
    const pop = tc.colByIndex.get(end.col)?.role.pop;
    if (!pop) return null;
    const diff = D.sub(bal.failure.stated, bal.failure.expected);
    if (D.isZero(diff)) return null;
    const up = diff.n > 0n;
    const flows = populationColumns(tc.rels.cols, pop);
    const col = (up ? flows.inc : flows.dec).find((c) => c.role.flow === (up ? 'increaseOther' : 'decreaseOther'));
    if (!col) return null;
    const ref = { row: end.row, col: col.col };
    if (tc.val(ref) !== null) return null;
    if (!comp.every((c) => c.cells.some((r) => same(r, ref)))) return null;
    const n = up ? diff : D.neg(diff);
    const k = key(ref);
    const g = assign(tc.orig, new Map([[k, n]]));
    if (this.cons.some((c) => c.cells.some((r) => same(r, ref)) && holds(c, g) === false)) return null;
    const cell = a1(ref.row, ref.col);
    const what = tc.m(up ? 'other-increase' : 'other-decrease');
    return {
      msg: tc.m('other-change', { n: dp(n, null), what, header: col.header, cell }),
      sug: { cell, ...unitOf(tc, ref.row), value: D.toNumber(n), kind: 'implied', reason: render(tc.m('reason-other', { n: dp(n, null), what, cell }), tc.lang), confidence: 'low' },
    };
  }
}

/** Values for a and b together that make every relation on either hold; 'open' when undecidable. */
function joint(tc: TableContext, a: Ref, b: Ref, idx: ConIndex, alone: Map<number, { sol: CellSolution }>): { a: Ref; va: Dec; b: Ref; vb: Dec } | 'open' | null {
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
    const { dom } = cellDomain(x, cx.filter((c) => !shared.includes(c)), tc.orig, domainBase(tc, x));
    if (dom.t === 'none') return null;
    if (dom.t !== 'point') continue;
    const kx = key(x);
    const g = assign(tc.orig, new Map([[kx, dom.v]]));
    const sy = solveCell(y, cy, g, domainBase(tc, y), tc.val(y) ?? null);
    if (!sy) return null;
    if (!sy.value || sy.uncertain) return 'open';
    const ky = key(y);
    const vy = sy.value;
    const g2 = assign(tc.orig, new Map([[kx, dom.v], [ky, vy]]));
    if (cx.some((c) => holds(c, g2) === false)) return null;
    return x === a ? { a, va: dom.v, b, vb: vy } : { a, va: vy, b, vb: dom.v };
  }
  return 'open';
}
