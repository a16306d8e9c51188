// Rates evaluated on a row: rate = count ÷ base × 100 at the decimals the
// sheet shows, with the rounding conventions that are only warnings, and what
// explains an error (a mean of member rates, a difference of rounded rates).
// Without a households column, the households each rate implies are compared
// with its members' instead.
import { a1 } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import type { Severity } from './report';
import type { TableRow } from './tables';
import type { Msg } from './messages';
import { type EvalState, type Failure, type Ref, type TableContext, dp, key } from './check-table';

export function rateRelation(ev: EvalState, row: TableRow, rate: Ref, count: Ref, base: Ref) {
  const { tc } = ev;
  const s = tc.val(rate);
  const c = tc.val(count);
  const b = tc.val(base);
  if (!s || c === null || c === undefined || b === null || b === undefined) {
    if (s && !ev.recording) ev.rateCells.set(key(rate), 'ok'); // nothing to compare; not a failure
    return;
  }
  const p = tc.shown(rate);
  if (D.isZero(b)) {
    // 0 ÷ 0 typed as 0: nothing to divide, nothing wrong.
    if (D.isZero(c) && D.isZero(s)) {
      if (!ev.recording) ev.rateCells.set(key(rate), 'ok');
      return;
    }
    if (ev.recording) return;
    const unit = tc.unit(rate.row);
    const cell = a1(rate.row, rate.col);
    tc.bad.add(key(rate));
    tc.issue('invalid-value', 'error', rate, tc.m('rate-zero-base', { cell, unit, stated: dp(s, p), baseCell: a1(base.row, base.col) }), dp(s, p), null);
    return;
  }
  const expected = D.ratio(c, b, 100, p)!;
  const stated = D.round(s, p);
  if (D.eq(expected, stated)) {
    if (ev.recording) ev.recording.push({ t: 'rate', rel: 'rate', cells: [rate, count, base], p, fails: false });
    else ev.rateCells.set(key(rate), 'ok');
    return;
  }
  const cells = [rate, count, base];
  const unit = tc.unit(rate.row);
  const cell = a1(rate.row, rate.col);
  let why: Msg | null = null;
  let severity: Severity = 'error';
  if (D.eq(D.ratio(c, b, 100, p, 'down')!, stated)) {
    why = tc.m('why-truncated');
    severity = 'warning';
  } else if (D.eq(D.ratio(c, b, 100, p, 'half-even')!, stated) || D.eq(D.ratio(c, b, 100, p, 'up')!, stated)) {
    why = tc.m('why-rounding');
    severity = 'warning';
  }
  if (ev.recording) {
    // A tolerated convention holds as a constraint (|100·count/base − rate| < 10^-p).
    if (severity !== 'error') ev.recording.push({ t: 'rate', rel: 'rate', cells, p, fails: false });
    return;
  }
  if (severity === 'error') why = explainRate(tc, row, rate, stated, p);
  const exact = D.ratio(c, b, 100, Math.max(p + 2, 4))!;
  const f: Failure = {
    rule: 'rate-mismatch',
    severity,
    anchor: rate,
    cells,
    msg: tc.m('rate', {
      cell,
      unit,
      stated: dp(stated, p),
      count: dp(c, null),
      base: dp(b, null),
      exact: dp(exact, null),
      p,
      expected: dp(expected, p),
      why: why ?? '',
      why2: '',
    }),
    rel: tc.m('rel-rate', { cell }),
    stated,
    expected,
    decimals: p,
    cascade: severity === 'error',
  };
  if (severity === 'error') f.con = { t: 'rate', rel: 'rate', cells, p, fails: true, failure: f };
  else f.rounding = true;
  ev.rateCells.set(key(rate), f);
  tc.failures.push(f);
}

/** Why a group's or an end rate is off: a mean of member rates, or a difference of rounded rates. */
export function explainRate(tc: TableContext, row: TableRow, rate: Ref, stated: Dec, p: number): Msg | null {
  if (row.members.length) {
    const vals = row.members.map((i) => tc.val({ row: tc.table.rows[i].row, col: rate.col }));
    if (vals.every((v): v is Dec => !!v)) {
      const sum = vals.reduce((a, b) => D.add(a, b), D.ZERO);
      const mean = D.ratio(sum, D.dec(vals.length), 1, p)!;
      if (D.eq(mean, stated)) return tc.m('why-mean', { mean: dp(mean, p) });
    }
  }
  const col = tc.colByIndex.get(rate.col)!;
  const countRole = tc.colByIndex.get(col.role.countCol!)?.role;
  if (countRole?.flow === 'end') {
    const rateOf = (flow: string) =>
      tc.table.columns.find(
        (c) => c.role.kind === 'rate' && c.role.countCol !== undefined && tc.colByIndex.get(c.role.countCol)?.role.code === `${countRole.pop}.${flow}`,
      );
    const startRate = rateOf('start');
    const decRate = rateOf('decrease');
    if (startRate && decRate) {
      const a = tc.val({ row: rate.row, col: startRate.col });
      const b = tc.val({ row: rate.row, col: decRate.col });
      if (a && b && D.eq(D.round(D.sub(a, b), p), stated)) return tc.m('why-difference', { a: dp(a, p), b: dp(b, p) });
    }
  }
  return null;
}

export function impliedBaseChecks(ev: EvalState) {
  const { tc } = ev;
  const rates = tc.table.columns.filter((c) => c.role.kind === 'rate' && c.role.countCol !== undefined);
  if (!rates.length) return;
  tc.issue('not-checked', 'info', rates[0].headerCell, tc.m('no-base'), null, null);
  for (const row of tc.table.rows) {
    if (!row.members.length) continue;
    for (const c of rates) {
      const own = impliedBase(tc, { row: row.row, col: c.role.countCol! }, { row: row.row, col: c.col });
      if (!own) continue;
      let lo = 0n;
      let hi: bigint | null = 0n;
      let usable = true;
      for (const i of row.members) {
        const m = impliedBase(tc, { row: tc.table.rows[i].row, col: c.role.countCol! }, { row: tc.table.rows[i].row, col: c.col });
        if (!m) {
          usable = false;
          break;
        }
        lo += m.lo;
        hi = hi === null || m.hi === null ? null : hi + m.hi;
      }
      if (!usable) continue;
      const overlaps = (hi === null || own.lo <= hi) && (own.hi === null || lo <= own.hi);
      if (overlaps) continue;
      const rate = { row: row.row, col: c.col };
      const p = tc.shown(rate);
      const stated = D.round(tc.val(rate)!, p);
      const range = (a: bigint, b: bigint | null) => `${D.format(D.dec(a), 0, tc.lang)}–${b === null ? '∞' : D.format(D.dec(b), 0, tc.lang)}`;
      const why = explainRate(tc, row, rate, stated, p);
      tc.failures.push({
        rule: 'rate-mismatch',
        severity: 'error',
        anchor: rate,
        cells: [rate],
        msg: tc.m('implied-base', {
          cell: a1(rate.row, rate.col),
          unit: tc.unit(rate.row),
          stated: dp(stated, p),
          count: dp(tc.val({ row: row.row, col: c.role.countCol! })!, null),
          memberRange: range(lo, hi),
          ownRange: range(own.lo, own.hi),
          why: why ?? '',
        }),
        rel: tc.m('rel-rate', { cell: a1(rate.row, rate.col) }),
        stated,
        expected: null,
        decimals: p,
        cascade: false,
      });
    }
  }
}

/** Whole numbers of households for which count ÷ households × 100 rounds to the stated rate. */
export function impliedBase(tc: TableContext, count: Ref, rate: Ref): { lo: bigint; hi: bigint | null } | null {
  const c = tc.val(count);
  const r = tc.val(rate);
  if (!c || !r || D.isZero(c)) return null;
  const p = tc.shown(rate);
  const rn = D.round(r, p).n; // rate = rn / 10^p
  const scale = D.pow10(p + 1);
  const cn = c.n * D.pow10(0) * 100n * scale;
  const cden = D.pow10(c.s);
  // households > 100c / (r + h) and ≤ 100c / (r − h), with h = 0.5·10^-p
  const lo = cn / (cden * (10n * rn + 5n)) + 1n;
  const hiDen = 10n * rn - 5n;
  const hi = hiDen > 0n ? cn / (cden * hiDen) : null;
  return { lo, hi };
}
