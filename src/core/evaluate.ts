// Evaluating a table's relations (relations.ts) on its rows: each relation that
// fails becomes a Failure with its message and, for errors, a constraint for
// localisation; while the state is recording, the relations that hold are
// recorded as evidence instead (see check-locate.ts). One module per family:
// evaluate-linear.ts, evaluate-rates.ts, evaluate-sums.ts, evaluate-declared.ts.
import { a1 } from './grid';
import type { TableRow } from './tables';
import type { Con } from './locate';
import { type EvalState, type Failure, type Ref, key } from './check-table';
import { bound, linear, terms } from './evaluate-linear';
import { impliedBaseChecks, rateRelation } from './evaluate-rates';
import { sumRelation } from './evaluate-sums';
import { exprRelation, rateFormula } from './evaluate-declared';
import { boundHolds, linearHolds, rateHolds, rowShape } from './evaluate-fast';

export { impliedBaseChecks, sumRelation };

const refAt = (row: number, col: number): Ref => ({ row, col });

/** The relations of one unit row: rates (when there is a base), balances, parts, bounds. */
export function rowRelations(ev: EvalState, row: TableRow, hasBase: boolean) {
  const { tc } = ev;
  const r = row.row;
  // Each relation is first tried the fast way (evaluate-fast.ts), which settles most rows.
  const fast = !ev.recording;
  // Indexed loops: this runs for every row, much of it before the code is optimised.
  const { rates, rows } = tc.rels;
  for (let k = 0; hasBase && k < rates.length; k++) {
    const x = rates[k];
    if (!x.superseded && !(fast && rateHolds(ev, r, x.target, x.count, x.base))) rateRelation(ev, row, refAt(r, x.target), refAt(r, x.count), refAt(r, x.base));
  }
  for (let k = 0; k < rows.length; k++) {
    const x = rows[k];
    if (x.kind === 'bound') {
      if (!(fast && boundHolds(tc, r, x.lhs, x.terms))) bound(ev, refAt(r, x.lhs), x.terms.map((t) => ({ ref: refAt(r, t.col), coef: t.coef })), x.message, x.what);
      continue;
    }
    if (fast && linearHolds(ev, r, x.target, x.terms, rowShape(ev, x, r))) continue;
    const target = refAt(r, x.target);
    const rel = () => (x.family === 'formula' ? tc.m('rel-formula', { label: x.label ?? '' }) : tc.m(x.family === 'balance' ? 'rel-balance' : 'rel-parts', { cell: a1(target.row, target.col) }));
    linear(ev, x.family, 'balance-mismatch', target, terms(r, x.terms), rel, x.label);
  }
}

export function numberedFormulas(ev: EvalState, only?: Set<number>) {
  const { tc } = ev;
  for (const rel of tc.rels.declared) {
    if (rel.kind === 'rate-formula') {
      if (!only) rateFormula(ev, rel.target);
      continue;
    }
    for (const row of tc.table.rows) {
      const anchor = { row: row.row, col: rel.target };
      const at = (col: number): Ref => ({ row: row.row, col });
      if (only && !only.has(row.row)) continue;
      if (rel.kind === 'rate') {
        if (!only && ev.rateCells.has(key(anchor))) continue; // the same relation, already checked from the headers
        rateRelation(ev, row, anchor, at(rel.count), at(rel.base));
      } else if (rel.kind === 'linear') {
        linear(ev, 'formula', 'balance-mismatch', anchor, terms(row.row, rel.terms), tc.m('rel-formula', { label: rel.label! }), rel.label);
      } else exprRelation(ev, row, anchor, rel);
    }
  }
}

/** The relations that hold on the given rows (and the sums those rows belong to), rebuilt as evidence. */
export function evidenceFor(ev: EvalState, rows: Set<number>): Con<Failure>[] {
  const { tc } = ev;
  const out: Con<Failure>[] = [];
  ev.recording = out;
  ev.recorded.clear();
  try {
    const all = tc.table.rows;
    for (const row of all) if (rows.has(row.row)) rowRelations(ev, row, ev.hasBase);
    for (const x of tc.rels.sums) if (rows.has(all[x.row].row) || x.members.some((i) => rows.has(all[i].row))) sumRelation(ev, x);
    numberedFormulas(ev, rows);
  } finally {
    ev.recording = null;
  }
  return out;
}
