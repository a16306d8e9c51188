// The numbered row's declared formulas that are not plain linear ones: a rate
// declared as a difference of rates, and any other expression, evaluated
// exactly.
import { a1, colName } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import type { TableRow } from './tables';
import { type Expr, columnsOf } from './formula';
import type { ExprRelation, LinearRelation } from './relations';
import type { Con, Get } from './locate';
import type { Msg } from './messages';
import { type EvalState, type Failure, type Ref, dp, key } from './check-table';
import { linear, terms } from './evaluate-linear';

/**
 * A rate declared as a difference of rates (`11=3-9`): the counts decide. Where the
 * rate from the counts holds, the declared formula is what is off (one note per column).
 */
export function rateFormula(ev: EvalState, rel: LinearRelation) {
  const { tc } = ev;
  const label = rel.label!;
  const target = tc.colByIndex.get(rel.target)!;
  const offRows: Ref[] = [];
  let ruleText: Msg | '' = '';
  for (const row of tc.table.rows) {
    const anchor = { row: row.row, col: rel.target };
    const rateState = ev.rateCells.get(key(anchor));
    const res = linear(ev, 'formula', 'balance-mismatch', anchor, terms(row.row, rel.terms), tc.m('rel-formula', { label }), label, false);
    if (!res || res === 'ok') continue;
    tc.failures.splice(tc.failures.indexOf(res), 1);
    if (rateState === 'ok') offRows.push(anchor);
    else if (rateState) rateState.msg.p.why2 = tc.m('why-formula', { label, value: dp(res.expected!, res.decimals) });
    else tc.failures.push(res);
    if (!ruleText && rateState === 'ok') {
      const cc = tc.colByIndex.get(target.role.countCol!);
      const base = tc.rels.base;
      // Operands by column letter: a numbered-column label is not a number to divide.
      if (cc && base !== undefined) ruleText = tc.m('rate-rule-cols', { count: colName(cc.col), base: colName(base) });
    }
  }
  if (offRows.length) {
    const cell = tc.table.numberedRow !== null ? { row: tc.table.numberedRow, col: target.col } : target.headerCell;
    const names = offRows.map((r) => `${a1(r.row, r.col)}${tc.unit(r.row)}`);
    tc.issue('balance-mismatch', 'warning', cell, tc.m('formula-rate-column', { col: colName(target.col), label, rule: ruleText, n: offRows.length, rows: names }), null, null, {
      cells: offRows.map((r) => a1(r.row, r.col)),
    });
  }
}

/** A numbered formula that is neither a plain sum nor a rate, evaluated exactly. */
export function exprRelation(ev: EvalState, row: TableRow, anchor: Ref, rel: ExprRelation) {
  const { tc } = ev;
  const { expr, label } = rel;
  const stated = tc.val(anchor);
  if (!stated) return;
  let get: Get = (r) => tc.val(r) ?? null;
  const evalQ = (e: Expr): { n: bigint; d: bigint } | null => {
    if (e.t === 'const') {
      const x = D.fromNumber(e.v);
      return { n: x.n, d: D.pow10(x.s) };
    }
    if (e.t === 'col') {
      const ref = { row: row.row, col: rel.cols.get(e.n)! };
      if (tc.val(ref) === undefined) return null;
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
  const p = tc.shown(anchor);
  const expected: Dec = { n: D.divRound(q.n * D.pow10(p), q.d, 'half-up'), s: p };
  // The same evaluation under another assignment, for localisation.
  const valueUnder = (g: Get): Dec | null => {
    get = g;
    const r = evalQ(expr);
    get = (x) => tc.val(x) ?? null;
    return r && r.d !== 0n ? { n: D.divRound(r.n * D.pow10(p), r.d, 'half-up'), s: p } : null;
  };
  const cells = [anchor, ...columnsOf(expr).map((n) => ({ row: row.row, col: rel.cols.get(n)! }))];
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
  if (ev.recording) {
    if (ok) ev.recording.push(con);
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
    msg: tc.m('formula', { col: colName(anchor.col), label, cell, unit: tc.unit(anchor.row), expected: dp(expected, p), stated: dp(stated, p) }),
    rel: tc.m('rel-formula', { label }),
    stated,
    expected,
    decimals: p,
    cascade: true,
    con,
  };
  con.failure = ef;
  tc.failures.push(ef);
}
