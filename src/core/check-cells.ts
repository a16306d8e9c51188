// The first step of checking a table: the columns no role was found for, and
// every data cell read and validated (numbers, not text, dates or errors; whole
// and not negative counts; rates within 0–100; no circular references; no
// merged data cells). A cell found unusable is left out of the relations.
import { type Sheet, a1, colName, rangeA1 } from './grid';
import * as D from './decimal';
import { render } from './messages';
import { circularCells } from './cycles';
import { NUMERIC_KINDS } from './role-types';
import { type Ref, type TableContext, HUNDRED, dp, key, keyOf } from './check-table';

// One cycle search per sheet, shared by its tables.
const cyclesOf = new WeakMap<Sheet, Map<number, string[]>>();

export function reportColumns(t: TableContext) {
  for (const col of t.fractionCols) {
    const c = t.colByIndex.get(col)!;
    const first = t.table.rows.map((r) => ({ ref: { row: r.row, col }, v: t.val({ row: r.row, col }) })).find((x) => x.v && !D.isZero(x.v));
    if (!first) continue;
    // An example at two decimals of percent: formula results in General format show many more.
    const shown = Math.min(t.shown(first.ref), 2);
    const example = D.format(D.mul(first.v!, D.dec(1, 2)), shown + 2, t.lang);
    t.issue('rate-as-fraction', 'info', c.headerCell, t.m('rate-as-fraction', { col: colName(col), example, percent: D.format(first.v!, shown, t.lang) }), null, null);
  }
  for (const c of t.table.columns) {
    if (c.role.kind === 'unknown' && c.header && !c.role.words) {
      t.issue('unknown-column', 'info', c.headerCell, t.m('unknown-column', { col: colName(c.col), header: c.header }), null, null);
    }
  }
}

/** 100 at s decimals (the n of a rate at most 100 is at most this), made once per s. */
const hundreds: bigint[] = [];
const hundredAt = (s: number) => (hundreds[s] ??= HUNDRED.n * D.pow10(s));

export function validate(t: TableContext) {
  let cycles = cyclesOf.get(t.sheet);
  if (!cycles) cyclesOf.set(t.sheet, (cycles = circularCells(t.sheet)));
  const numeric = (col: number) => NUMERIC_KINDS.includes(t.colByIndex.get(col)?.role.kind ?? '');
  for (const m of t.sheet.merges) {
    if (m.bottom === m.top || m.left < t.table.range.left || m.left > t.table.range.right || !numeric(m.left)) continue;
    const spanned = t.table.rows.filter((r) => r.row >= m.top && r.row <= m.bottom);
    if (spanned.length < 2) continue;
    const ref = { row: m.top, col: m.left };
    t.issue('merged-cells', 'warning', ref, t.m('merged-data', { range: rangeA1(m), n: spanned.length, cell: a1(m.top, m.left) }), null, null);
  }
  for (const c of t.table.columns) {
    const kind = c.role.kind;
    if (!NUMERIC_KINDS.includes(kind)) continue;
    const asText: Ref[] = [];
    const isRate = kind === 'rate';
    const rows = t.table.rows;
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k];
      const cycle = cycles.size ? cycles.get(keyOf(row.row, c.col)) : undefined;
      if (!cycle) {
        // The usual cell, checked without allocating: a plain number in range.
        const q = t.readAt(row.row, c.col);
        if (q.ok ? !q.fromText && q.value.n >= 0n && (isRate ? q.value.n <= hundredAt(q.value.s) : D.isInteger(q.value)) : q.reason === 'empty') continue;
      }
      const ref = { row: row.row, col: c.col };
      if (cycle) {
        t.bad.add(key(ref));
        const cell = a1(ref.row, ref.col);
        t.issue('invalid-value', 'error', ref, t.m('invalid-circular', { cell, unit: t.unit(row.row), cycle: cycle.slice(0, 6).join(' → ') }), null, null);
        continue;
      }
      const r = t.read(ref);
      const unit = t.unit(row.row);
      const cell = a1(ref.row, ref.col);
      if (!r.ok) {
        t.bad.add(key(ref));
        const id = r.reason === 'error' ? 'invalid-error' : r.reason === 'date' ? 'invalid-date' : r.reason === 'too-large' ? 'invalid-too-large' : 'invalid-text';
        t.issue('invalid-value', 'error', ref, t.m(id, { cell, unit, value: r.raw }), r.raw, null);
        continue;
      }
      if (r.fromText) asText.push(ref);
      const p = r.shown;
      if (D.isNegative(r.value)) {
        t.bad.add(key(ref));
        t.issue('invalid-value', 'error', ref, t.m('invalid-negative', { cell, unit, stated: dp(r.value, null) }), dp(r.value, null), null);
      } else if (kind !== 'rate' && !D.isInteger(r.value)) {
        t.bad.add(key(ref));
        t.issue('invalid-value', 'error', ref, t.m('invalid-fraction', { cell, unit, stated: dp(r.value, null) }), dp(r.value, null), null);
      } else if (kind === 'rate' && D.cmp(r.value, D.dec(100)) > 0) {
        t.bad.add(key(ref));
        t.issue('invalid-value', 'error', ref, t.m('invalid-over-100', { cell, unit, stated: dp(r.value, p) }), dp(r.value, p), null);
      }
    }
    if (asText.length) {
      const names = asText.map((r) => a1(r.row, r.col));
      const shownNames = names.length > 6 ? [...names.slice(0, 5), render(t.m('and-more', { n: names.length - 5 }), t.lang)] : names;
      t.issue('number-as-text', 'warning', asText[0], t.m('as-text', { n: asText.length, col: colName(c.col), cells: shownNames }), null, null, {
        cells: names,
      });
    }
  }
}
