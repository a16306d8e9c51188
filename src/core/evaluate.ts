// Evaluating a table's relations (relations.ts) on its rows: each relation that
// fails becomes a Failure with its message and, for errors, a constraint for
// localisation; with `recording` set, the relations that hold are recorded as
// evidence instead (see checks.ts).
import { a1, cellAt, colName } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import type { RuleCode, Severity } from './report';
import type { TableRow } from './tables';
import { type Msg, type MessageId, render } from './messages';
import { type Expr, columnsOf, summedRows } from './formula';
import { type ColTerm, type ExprRelation, type LinearRelation, type SumRelation } from './relations';
import { type Con, type Get, holds } from './locate';
import { type Failure, type LinTerm, type Ref, TableReading, dp, key, same, colLabel, format, remember, seen } from './check-table';

export abstract class TableEvaluation extends TableReading {
  // ---- relations within a row ------------------------------------------------

  protected rowRelations(row: TableRow, hasBase: boolean) {
    const r = row.row;
    const at = (col: number): Ref => ({ row: r, col });
    if (hasBase) for (const x of this.rels.rates) if (!x.superseded) this.rateRelation(row, at(x.target), at(x.count), at(x.base));
    for (const x of this.rels.rows) {
      if (x.kind === 'bound') {
        this.bound(at(x.lhs), x.terms.map((t) => ({ ref: at(t.col), coef: t.coef })), x.message, x.what);
        continue;
      }
      const target = at(x.target);
      const rel = () => (x.family === 'formula' ? this.m('rel-formula', { label: x.label ?? '' }) : this.m(x.family === 'balance' ? 'rel-balance' : 'rel-parts', { cell: a1(target.row, target.col) }));
      this.linear(x.family, 'balance-mismatch', target, this.terms(r, x.terms), rel, x.label);
    }
  }

  protected terms(row: number, terms: ColTerm[]): LinTerm[] {
    return terms.map((t) => ({ ref: { row, col: t.col }, coef: t.coef, required: t.required, ...(t.name ? { name: t.name } : {}) }));
  }

  protected rateRelation(row: TableRow, rate: Ref, count: Ref, base: Ref) {
    const s = this.val(rate);
    const c = this.val(count);
    const b = this.val(base);
    if (!s || c === null || c === undefined || b === null || b === undefined) {
      if (s && !this.recording) this.rateCells.set(key(rate), 'ok'); // nothing to compare; not a failure
      return;
    }
    const p = this.shown(rate);
    if (D.isZero(b)) {
      // 0 ÷ 0 typed as 0: nothing to divide, nothing wrong.
      if (D.isZero(c) && D.isZero(s)) {
        if (!this.recording) this.rateCells.set(key(rate), 'ok');
        return;
      }
      if (this.recording) return;
      const unit = this.unit(rate.row);
      const cell = a1(rate.row, rate.col);
      this.bad.add(key(rate));
      this.issue('invalid-value', 'error', rate, this.m('rate-zero-base', { cell, unit, stated: dp(s, p), baseCell: a1(base.row, base.col) }), dp(s, p), null);
      return;
    }
    const expected = D.ratio(c, b, 100, p)!;
    const stated = D.round(s, p);
    if (D.eq(expected, stated)) {
      if (this.recording) this.recording.push({ t: 'rate', rel: 'rate', cells: [rate, count, base], p, fails: false });
      else this.rateCells.set(key(rate), 'ok');
      return;
    }
    const cells = [rate, count, base];
    const unit = this.unit(rate.row);
    const cell = a1(rate.row, rate.col);
    let why: Msg | null = null;
    let severity: Severity = 'error';
    if (D.eq(D.ratio(c, b, 100, p, 'down')!, stated)) {
      why = this.m('why-truncated');
      severity = 'warning';
    } else if (D.eq(D.ratio(c, b, 100, p, 'half-even')!, stated) || D.eq(D.ratio(c, b, 100, p, 'up')!, stated)) {
      why = this.m('why-rounding');
      severity = 'warning';
    }
    if (this.recording) {
      // A tolerated convention holds as a constraint (|100·count/base − rate| < 10^-p).
      if (severity !== 'error') this.recording.push({ t: 'rate', rel: 'rate', cells, p, fails: false });
      return;
    }
    if (severity === 'error') why = this.explainRate(row, rate, stated, p);
    const exact = D.ratio(c, b, 100, Math.max(p + 2, 4))!;
    const f: Failure = {
      rule: 'rate-mismatch',
      severity,
      anchor: rate,
      cells,
      msg: this.m('rate', {
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
      rel: this.m('rel-rate', { cell }),
      stated,
      expected,
      decimals: p,
      cascade: severity === 'error',
    };
    if (severity === 'error') f.con = { t: 'rate', rel: 'rate', cells, p, fails: true, failure: f };
    else f.rounding = true;
    this.rateCells.set(key(rate), f);
    this.failures.push(f);
  }

  /** Why a group's or an end rate is off: a mean of member rates, or a difference of rounded rates. */
  protected explainRate(row: TableRow, rate: Ref, stated: Dec, p: number): Msg | null {
    if (row.members.length) {
      const vals = row.members.map((i) => this.val({ row: this.table.rows[i].row, col: rate.col }));
      if (vals.every((v): v is Dec => !!v)) {
        const sum = vals.reduce((a, b) => D.add(a, b), D.ZERO);
        const mean = D.ratio(sum, D.dec(vals.length), 1, p)!;
        if (D.eq(mean, stated)) return this.m('why-mean', { mean: dp(mean, p) });
      }
    }
    const col = this.colByIndex.get(rate.col)!;
    const countRole = this.colByIndex.get(col.role.countCol!)?.role;
    if (countRole?.flow === 'end') {
      const rateOf = (flow: string) =>
        this.table.columns.find(
          (c) => c.role.kind === 'rate' && c.role.countCol !== undefined && this.colByIndex.get(c.role.countCol)?.role.code === `${countRole.pop}.${flow}`,
        );
      const startRate = rateOf('start');
      const decRate = rateOf('decrease');
      if (startRate && decRate) {
        const a = this.val({ row: rate.row, col: startRate.col });
        const b = this.val({ row: rate.row, col: decRate.col });
        if (a && b && D.eq(D.round(D.sub(a, b), p), stated)) return this.m('why-difference', { a: dp(a, p), b: dp(b, p) });
      }
    }
    return null;
  }

  /**
   * anchor = Σ coef·term. Optional terms count as 0 when empty; an empty anchor
   * or required term means there is nothing to check yet.
   */
  protected linear(
    kind: 'balance' | 'parts' | 'formula',
    rule: RuleCode,
    anchor: Ref,
    terms: LinTerm[],
    rel: Msg | (() => Msg),
    label?: string,
    evidence = true,
  ): Failure | 'ok' | null {
    const k = key(anchor);
    if (this.recording) {
      if (seen(this.recorded, k, terms)) return null;
      remember(this.recorded, k, terms);
    } else if (seen(this.linearSeen, k, terms)) return null;
    const stated = this.val(anchor);
    if (!stated) return null;
    let sum = D.ZERO;
    const values: Dec[] = [];
    for (const t of terms) {
      const v = this.val(t.ref);
      if (v === undefined) return null;
      if (v === null && t.required) return null;
      const x = v ?? D.ZERO;
      values.push(x);
      sum = t.coef > 0 ? D.add(sum, x) : D.sub(sum, x);
    }
    if (!this.recording) remember(this.linearSeen, k, terms);
    const p = this.shown(anchor);
    const expected = D.round(sum, p);
    const ok = D.eq(expected, D.round(stated, p));
    const con = (fails: boolean): Con<Failure> => ({ t: 'lin', rel: kind, cells: [anchor, ...terms.map((t) => t.ref)], coefs: terms.map((t) => t.coef), p, fails, label });
    if (this.recording) {
      if (ok && evidence) this.recording.push(con(false));
      return ok ? 'ok' : null;
    }
    if (ok) return 'ok';
    const unit = this.unit(anchor.row);
    const cell = a1(anchor.row, anchor.col);
    const termText = terms
      .map((t, i) => {
        const v = format(values[i], this.lang);
        const name = t.name ? ` (${render(t.name, this.lang)})` : '';
        return (i === 0 ? (t.coef < 0 ? '−' : '') : t.coef < 0 ? ' − ' : ' + ') + v + name;
      })
      .join('');
    const id: MessageId = kind === 'balance' ? 'balance' : kind === 'parts' ? 'parts' : 'formula';
    const f: Failure = {
      rule,
      severity: 'error',
      anchor,
      cells: [anchor, ...terms.map((t) => t.ref)],
      msg: this.m(id, { cell, unit, stated: dp(stated, p), expected: dp(expected, p), terms: termText, label: label ?? '' }),
      rel: typeof rel === 'function' ? rel() : rel,
      stated,
      expected,
      decimals: p,
      cascade: true,
    };
    if (evidence) f.con = { ...con(true), failure: f };
    this.failures.push(f);
    return f;
  }

  /** lhs ≤ Σ coef·term. */
  protected bound(lhs: Ref, terms: { ref: Ref; coef: number }[], id: 'bound-reduction' | 'bound-subgroup' | 'bound-households' | 'bound-persons' | 'bound-classes', what?: Msg) {
    const v = this.val(lhs);
    if (!v) return;
    let sum = D.ZERO;
    const values: Dec[] = [];
    for (const t of terms) {
      const x = this.val(t.ref);
      if (x === undefined || (x === null && t.coef > 0)) return;
      values.push(x ?? D.ZERO);
      sum = t.coef > 0 ? D.add(sum, x ?? D.ZERO) : D.sub(sum, x ?? D.ZERO);
    }
    const ok = D.cmp(v, sum) <= 0;
    if (ok && !this.recording) return;
    const con: Con<Failure> = { t: 'le', rel: 'bound', cells: [lhs, ...terms.map((t) => t.ref)], coefs: terms.map((t) => t.coef), p: 0, fails: !ok };
    if (this.recording) {
      if (ok) this.recording.push(con);
      return;
    }
    const cell = a1(lhs.row, lhs.col);
    const termText = values.map((x, i) => (i === 0 ? '' : terms[i].coef < 0 ? ' − ' : ' + ') + format(x, this.lang)).join('');
    const bf: Failure = {
      rule: 'exceeds-bound',
      severity: 'error',
      anchor: lhs,
      cells: [lhs, ...terms.map((t) => t.ref)],
      msg: this.m(id, { cell, unit: this.unit(lhs.row), stated: dp(v, null), expected: dp(sum, null), terms: termText, what: what ?? '' }),
      rel: this.m('rel-bound', { cell }),
      stated: v,
      expected: sum,
      decimals: null,
      cascade: true,
      con,
    };
    con.failure = bf;
    this.failures.push(bf);
  }

  // ---- sums of members -------------------------------------------------------

  protected sumRelation(rel: SumRelation) {
    const row = this.table.rows[rel.row];
    const members = rel.members.map((i) => this.table.rows[i]);
    columns: for (const col of rel.cols) {
      const c = { col };
      const anchor = { row: row.row, col: c.col };
      const stated = this.val(anchor);
      if (!stated) continue;
      // Summed in place: a province total has thousands of members and most totals hold.
      let sum: Dec = D.ZERO;
      let any = false;
      for (const m of members) {
        const v = this.valAt(m.row, c.col);
        if (v === undefined) continue columns;
        if (v === null) continue;
        any = true;
        sum = D.add(sum, v);
      }
      if (!any) continue;
      const cell = a1(anchor.row, anchor.col);
      // A SUM formula that leaves a member row out breaks as soon as that row changes.
      const formula = cellAt(this.sheet, anchor.row, anchor.col).formula;
      if (formula) {
        const covered = summedRows(formula, c.col);
        const missing = covered ? members.filter((r) => !covered.has(r.row)) : [];
        if (covered && missing.length) {
          if (this.recording) continue;
          const f: Failure = {
            rule: 'sum-mismatch',
            severity: 'error',
            anchor,
            cells: [anchor],
            msg: this.m('sum-formula', { formula, cell, missing: missing.map((r) => String(r.row + 1)), expected: dp(sum, null) }),
            rel: this.m('rel-sum', { col: colName(c.col) }),
            stated,
            expected: sum,
            decimals: null,
            cascade: false,
          };
          this.failures.push(f);
          continue;
        }
      }
      const ok = D.eq(sum, stated);
      if (ok && !this.recording) continue;
      const refs = members.map((m) => ({ row: m.row, col: c.col }));
      if (this.recording) {
        if (ok) this.recording.push({ t: 'lin', rel: 'sum', cells: [anchor, ...refs], p: 0, fails: false });
        continue;
      }
      const unit = this.unit(anchor.row);
      const memberNames = refs.length <= 4 ? refs.map((r) => a1(r.row, r.col)).join(', ') : `${a1(refs[0].row, refs[0].col)}…${a1(refs[refs.length - 1].row, refs[refs.length - 1].col)}`;
      const con: Con<Failure> = { t: 'lin', rel: 'sum', cells: [anchor, ...refs], p: 0, fails: true };
      const f: Failure = {
        rule: 'sum-mismatch',
        severity: 'error',
        anchor,
        cells: [anchor, ...refs],
        msg: this.m('sum', { cell, unit, stated: dp(stated, null), n: refs.length, members: memberNames, expected: dp(sum, null) }),
        rel: this.m('rel-sum', { col: colName(c.col) }),
        stated,
        expected: sum,
        decimals: null,
        cascade: true,
      };
      con.failure = f;
      f.con = con;
      this.failures.push(f);
    }
  }

  // ---- tables without a households column (province appendix) ---------------

  protected impliedBaseChecks() {
    const rates = this.table.columns.filter((c) => c.role.kind === 'rate' && c.role.countCol !== undefined);
    if (!rates.length) return;
    this.issue('not-checked', 'info', rates[0].headerCell, this.m('no-base'), null, null);
    for (const row of this.table.rows) {
      if (!row.members.length) continue;
      for (const c of rates) {
        const own = this.impliedBase({ row: row.row, col: c.role.countCol! }, { row: row.row, col: c.col });
        if (!own) continue;
        let lo = 0n;
        let hi: bigint | null = 0n;
        let usable = true;
        for (const i of row.members) {
          const m = this.impliedBase({ row: this.table.rows[i].row, col: c.role.countCol! }, { row: this.table.rows[i].row, col: c.col });
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
        const p = this.shown(rate);
        const stated = D.round(this.val(rate)!, p);
        const range = (a: bigint, b: bigint | null) => `${D.format(D.dec(a), 0, this.lang)}–${b === null ? '∞' : D.format(D.dec(b), 0, this.lang)}`;
        const why = this.explainRate(row, rate, stated, p);
        this.failures.push({
          rule: 'rate-mismatch',
          severity: 'error',
          anchor: rate,
          cells: [rate],
          msg: this.m('implied-base', {
            cell: a1(rate.row, rate.col),
            unit: this.unit(rate.row),
            stated: dp(stated, p),
            count: dp(this.val({ row: row.row, col: c.role.countCol! })!, null),
            memberRange: range(lo, hi),
            ownRange: range(own.lo, own.hi),
            why: why ?? '',
          }),
          rel: this.m('rel-rate', { cell: a1(rate.row, rate.col) }),
          stated,
          expected: null,
          decimals: p,
          cascade: false,
        });
      }
    }
  }

  /** Whole numbers of households for which count ÷ households × 100 rounds to the stated rate. */
  protected impliedBase(count: Ref, rate: Ref): { lo: bigint; hi: bigint | null } | null {
    const c = this.val(count);
    const r = this.val(rate);
    if (!c || !r || D.isZero(c)) return null;
    const p = this.shown(rate);
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

  // ---- the numbered-column row ----------------------------------------------

  protected numberedFormulas(only?: Set<number>) {
    for (const rel of this.rels.declared) {
      if (rel.kind === 'rate-formula') {
        if (!only) this.rateFormula(rel.target);
        continue;
      }
      for (const row of this.table.rows) {
        const anchor = { row: row.row, col: rel.target };
        const at = (col: number): Ref => ({ row: row.row, col });
        if (only && !only.has(row.row)) continue;
        if (rel.kind === 'rate') {
          if (!only && this.rateCells.has(key(anchor))) continue; // the same relation, already checked from the headers
          this.rateRelation(row, anchor, at(rel.count), at(rel.base));
        } else if (rel.kind === 'linear') {
          this.linear('formula', 'balance-mismatch', anchor, this.terms(row.row, rel.terms), this.m('rel-formula', { label: rel.label! }), rel.label);
        } else this.exprRelation(row, anchor, rel);
      }
    }
  }

  /**
   * A rate declared as a difference of rates (`11=3-9`): the counts decide. Where the
   * rate from the counts holds, the declared formula is what is off (one note per column).
   */
  protected rateFormula(rel: LinearRelation) {
    const label = rel.label!;
    const target = this.colByIndex.get(rel.target)!;
    const offRows: Ref[] = [];
    let ruleText = '';
    for (const row of this.table.rows) {
      const anchor = { row: row.row, col: rel.target };
      const rateState = this.rateCells.get(key(anchor));
      const res = this.linear('formula', 'balance-mismatch', anchor, this.terms(row.row, rel.terms), this.m('rel-formula', { label }), label, false);
      if (!res || res === 'ok') continue;
      this.failures.splice(this.failures.indexOf(res), 1);
      if (rateState === 'ok') offRows.push(anchor);
      else if (rateState) rateState.msg.p.why2 = this.m('why-formula', { label, value: dp(res.expected!, res.decimals) });
      else this.failures.push(res);
      if (!ruleText && rateState === 'ok') {
        const cc = this.colByIndex.get(target.role.countCol!);
        const base = this.rels.base;
        if (cc && base !== undefined) ruleText = `${colLabel(cc)} ÷ ${colLabel(this.colByIndex.get(base)!)} × 100`;
      }
    }
    if (offRows.length) {
      const cell = this.table.numberedRow !== null ? { row: this.table.numberedRow, col: target.col } : target.headerCell;
      const names = offRows.map((r) => `${a1(r.row, r.col)}${this.unit(r.row)}`);
      this.issue('balance-mismatch', 'warning', cell, this.m('formula-rate-column', { label, rule: ruleText, n: offRows.length, rows: names }), label, null, {
        cells: offRows.map((r) => a1(r.row, r.col)),
      });
    }
  }

  /** A numbered formula that is neither a plain sum nor a rate, evaluated exactly. */
  protected exprRelation(row: TableRow, anchor: Ref, rel: ExprRelation) {
    const { expr, label } = rel;
    const stated = this.val(anchor);
    if (!stated) return;
    let get: Get = (r) => this.val(r) ?? null;
    const evalQ = (e: Expr): { n: bigint; d: bigint } | null => {
      if (e.t === 'const') {
        const x = D.fromNumber(e.v);
        return { n: x.n, d: D.pow10(x.s) };
      }
      if (e.t === 'col') {
        const ref = { row: row.row, col: rel.cols.get(e.n)! };
        if (this.val(ref) === undefined) return null;
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
    const p = this.shown(anchor);
    const expected: Dec = { n: D.divRound(q.n * D.pow10(p), q.d, 'half-up'), s: p };
    // The same evaluation under another assignment, for localisation.
    const valueUnder = (g: Get): Dec | null => {
      get = g;
      const r = evalQ(expr);
      get = (x) => this.val(x) ?? null;
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
    if (this.recording) {
      if (ok) this.recording.push(con);
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
      msg: this.m('formula', { label, cell, unit: this.unit(anchor.row), expected: dp(expected, p), stated: dp(stated, p) }),
      rel: this.m('rel-formula', { label }),
      stated,
      expected,
      decimals: p,
      cascade: true,
      con,
    };
    con.failure = ef;
    this.failures.push(ef);
  }

}
