// Recompute and check one table. Every relation the headers allow is built
// (sums of members, rates, end = start − decreases + increases, parts of a
// whole, bounds, the numbered row's formulas), evaluated in exact decimals,
// and the failures are turned into issues at the cell that is wrong: the
// fewest cells whose change makes every relation hold, the relations that
// hold counting as evidence (see locate.ts). A tie is reported as a tie.
// The steps, in order: check-cells.ts, evaluate.ts, check-locate.ts; this
// file runs them and adds what spans them.
import { type Sheet, a1, colName, parseA1, rangeA1 } from './grid';
import * as D from './decimal';
import type { Issue, Lang } from './report';
import type { Table } from './tables';
import { render } from './messages';
import { EvalState, TableContext, dp, keyOf, same } from './check-table';
import { reportColumns, validate } from './check-cells';
import { impliedBaseChecks, numberedFormulas, rowRelations, sumRelation } from './evaluate';
import { Localiser } from './check-locate';
import { NUMERIC_KINDS } from './role-types';

export function checkTable(sheet: Sheet, table: Table, tableIndex: number, lang: Lang): Issue[] {
  const tc = new TableContext(sheet, table, tableIndex, lang);
  const ev = new EvalState(tc);
  const rows = table.rows;
  const topLeft = { row: table.range.top, col: table.range.left };
  // Indicators as rows: no per-unit relation applies; say so once rather than guess.
  if (table.layout) {
    tc.issue('not-checked', 'info', topLeft, tc.m('indicator-rows', { range: rangeA1(table.range), reason: table.layout.reason }), null, null);
    return tc.issues;
  }
  reportColumns(tc);
  if (!rows.length) {
    tc.issue('not-checked', 'info', topLeft, tc.m('header-only', { range: rangeA1(table.range) }), null, null);
    return tc.issues;
  }
  if (rows.every((r) => r.kind === 'total')) {
    tc.issue('not-checked', 'info', topLeft, tc.m('totals-only', { range: rangeA1(table.range) }), null, null);
  }
  validate(tc);
  const hasBase = (ev.hasBase = !!tc.rels.base);
  let sums = 0;
  const empty = zeroRows(tc);
  rows.forEach((row, i) => {
    if (!empty.has(row.row)) rowRelations(ev, row, hasBase);
    while (tc.rels.sums[sums]?.row === i) sumRelation(ev, tc.rels.sums[sums++]);
  });
  if (!hasBase) impliedBaseChecks(ev);
  const inferred = tc.failures.length;
  numberedFormulas(ev);
  preferDeclared(tc, inferred);
  new Localiser(ev).locate();
  consequences(tc);
  return tc.issues;
}

/**
 * The sheet's own word: where a declared formula and a balance read from the headers
 * disagree at one column, the declared formula wins on the rows where it holds, if it
 * holds on most rows (one note says so); where both fail at one cell, one issue says
 * both expected values.
 */
function preferDeclared(tc: TableContext, firstDeclared: number) {
  const declared = tc.failures.slice(firstDeclared);
  for (const rel of tc.rels.declared) {
    if (rel.kind !== 'linear') continue;
    const own = new Set([rel.target, ...rel.terms.map((t) => t.col)]);
    const other = tc.failures
      .slice(0, firstDeclared)
      .filter((f) => f.anchor.col === rel.target && f.rule === 'balance-mismatch' && f.cells.some((c) => !own.has(c.col)));
    if (!other.length) continue;
    const mine = declared.filter((f) => f.anchor.col === rel.target);
    // The declared formula is the sheet's convention when it holds on most rows.
    const convention = mine.length * 2 < tc.table.rows.length;
    let held = 0;
    for (const f of other) {
      const g = mine.find((x) => same(x.anchor, f.anchor));
      if (!g && !convention) continue;
      if (g && f.expected) g.msg = tc.m('then', { a: g.msg, b: tc.m('also-reading', { expected: dp(f.expected, f.decimals) }) });
      if (!g) held++;
      tc.failures.splice(tc.failures.indexOf(f), 1);
    }
    if (held) {
      const col = tc.colByIndex.get(rel.target)!;
      const cell = tc.table.numberedRow !== null ? { row: tc.table.numberedRow, col: rel.target } : col.headerCell;
      tc.issue('declared-formula-used', 'info', cell, tc.m('declared-wins', { label: rel.label ?? '', n: held, col: colName(rel.target) }), null, null);
    }
  }
}

/**
 * A count above its households makes its rate above 100 %: one root. The rate's
 * invalid-value is dropped when the rate is exactly what the (wrong) count gives;
 * the count's issue names it.
 */
function consequences(tc: TableContext) {
  // Only cells with an invalid-value issue can be one; the rest are skipped without naming them.
  const invalid = new Set<number>();
  for (const i of tc.issues) {
    const at = i.rule === 'invalid-value' ? parseA1(i.cell) : null;
    if (at) invalid.add(keyOf(at.row, at.col));
  }
  if (!invalid.size) return;
  for (const x of tc.rels.rates) {
    for (const row of tc.table.rows) {
      if (!invalid.has(keyOf(row.row, x.target))) continue;
      const cell = a1(row.row, x.target);
      const over = tc.issues.findIndex((i) => i.rule === 'invalid-value' && i.cell === cell);
      if (over < 0) continue;
      const read = (col: number) => {
        const r = tc.readAt(row.row, col);
        return r.ok ? r.value : null;
      };
      const c = read(x.count);
      const b = read(x.base);
      const r = read(x.target);
      if (!c || !b || !r || D.isZero(b) || D.cmp(c, b) <= 0) continue;
      const p = tc.shown({ row: row.row, col: x.target });
      if (!D.eq(D.ratio(c, b, 100, p)!, D.round(r, p))) continue;
      const root = tc.issues.find((i) => i.severity === 'error' && i.cell === a1(row.row, x.count));
      if (!root) continue;
      root.message += render(tc.m('also-rate', { cell }), tc.lang);
      tc.issues.splice(over, 1);
    }
  }
}

/** Unit rows whose every number is 0: a unit with no data yet, one note instead of a check per relation. */
function zeroRows(tc: TableContext): Set<number> {
  const out = new Set<number>();
  const numeric = tc.table.columns.filter((c) => NUMERIC_KINDS.includes(c.role.kind));
  const rows = tc.table.rows;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    if (row.members.length || numeric.length < 2) continue;
    // Every value empty or 0 (an unusable one is neither), at least two of them 0.
    let zeros = 0;
    let all = true;
    for (let j = 0; j < numeric.length; j++) {
      const v = tc.valAt(row.row, numeric[j].col);
      if (v === null) continue;
      if (v && D.isZero(v)) zeros++;
      else {
        all = false;
        break;
      }
    }
    if (!all || zeros < 2) continue;
    out.add(row.row);
    tc.issue('not-checked', 'info', { row: row.row, col: numeric[0].col }, tc.m('zero-row', { unit: tc.unit(row.row), row: String(row.row + 1) }), null, null);
  }
  return out;
}
