// Sums of members evaluated: a group or total row equals the sum of its
// member rows, column by column, and a SUM formula covers every member row.
import { a1, cellAt, colName } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import { summedRows } from './formula';
import type { SumRelation } from './relations';
import type { Con } from './locate';
import { type EvalState, type Failure, dp } from './check-table';
import { wholeMemberSum } from './evaluate-fast';

export function sumRelation(ev: EvalState, rel: SumRelation) {
  const { tc } = ev;
  const row = tc.table.rows[rel.row];
  const members = rel.members.map((i) => tc.table.rows[i]);
  columns: for (const col of rel.cols) {
    const c = { col };
    const anchor = { row: row.row, col: c.col };
    const stated = tc.val(anchor);
    if (!stated) continue;
    // Summed in place: a province total has thousands of members and most totals hold.
    let sum: Dec = D.ZERO;
    let any = false;
    const whole = wholeMemberSum(tc, members, col);
    if (whole === 'unusable' || whole === 'none') continue;
    if (whole !== null) {
      sum = { n: BigInt(whole), s: 0 };
      any = true;
    } else {
      for (const m of members) {
        const v = tc.valAt(m.row, c.col);
        if (v === undefined) continue columns;
        if (v === null) continue;
        any = true;
        sum = D.add(sum, v);
      }
    }
    if (!any) continue;
    const cell = a1(anchor.row, anchor.col);
    // A SUM formula that leaves a member row out breaks as soon as that row changes.
    const formula = cellAt(tc.sheet, anchor.row, anchor.col).formula;
    if (formula) {
      const covered = summedRows(formula, c.col);
      const missing = covered ? members.filter((r) => !covered.has(r.row)) : [];
      if (covered && missing.length) {
        if (ev.recording) continue;
        const f: Failure = {
          rule: 'sum-mismatch',
          severity: 'error',
          anchor,
          cells: [anchor],
          msg: tc.m('sum-formula', { formula, cell, missing: missing.map((r) => String(r.row + 1)), expected: dp(sum, null) }),
          rel: tc.m('rel-sum', { col: colName(c.col) }),
          stated,
          expected: sum,
          decimals: null,
          cascade: false,
        };
        tc.failures.push(f);
        continue;
      }
    }
    const ok = D.eq(sum, stated);
    if (ok && !ev.recording) continue;
    const refs = members.map((m) => ({ row: m.row, col: c.col }));
    if (ev.recording) {
      if (ok) ev.recording.push({ t: 'lin', rel: 'sum', cells: [anchor, ...refs], p: 0, fails: false });
      continue;
    }
    const unit = tc.unit(anchor.row);
    const memberNames = refs.length <= 4 ? refs.map((r) => a1(r.row, r.col)).join(', ') : `${a1(refs[0].row, refs[0].col)}…${a1(refs[refs.length - 1].row, refs[refs.length - 1].col)}`;
    const con: Con<Failure> = { t: 'lin', rel: 'sum', cells: [anchor, ...refs], p: 0, fails: true };
    const f: Failure = {
      rule: 'sum-mismatch',
      severity: 'error',
      anchor,
      cells: [anchor, ...refs],
      msg: tc.m('sum', { cell, unit, stated: dp(stated, null), n: refs.length, members: memberNames, expected: dp(sum, null) }),
      rel: tc.m('rel-sum', { col: colName(c.col) }),
      stated,
      expected: sum,
      decimals: null,
      cascade: true,
    };
    con.failure = f;
    f.con = con;
    tc.failures.push(f);
  }
}
