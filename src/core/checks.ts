// Recompute and check one table. Every relation the headers allow is built
// (sums of members, rates, end = start − decreases + increases, parts of a
// whole, bounds, the numbered row's formulas), evaluated in exact decimals,
// and the failures are turned into issues at the cell that is wrong: the
// fewest cells whose change makes every relation hold, the relations that
// hold counting as evidence (see locate.ts). A tie is reported as a tie.
import { type Sheet, a1, colName, rangeA1 } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import type { Issue, Lang, RuleCode, Suggestion, SuggestionKind } from './report';
import type { Table } from './tables';
import { type Msg, type MessageId, render } from './messages';
import { populationColumns } from './rules/balance';
import { ANY, COUNT, assign, type CellSolution, type Con, type Domain, type Get, cellDomain, domainOf, holds, solveCell, typoKind } from './locate';
import { type Failure, type Ref, dp, key, same, cellOrder, parseRef, uniqueRefs } from './check-table';
import { TableEvaluation } from './evaluate';
import { pushAll } from './arrays';

export function checkTable(sheet: Sheet, table: Table, tableIndex: number, lang: Lang): Issue[] {
  return new TableCheck(sheet, table, tableIndex, lang).run();
}

class TableCheck extends TableEvaluation {

  run(): Issue[] {
    const rows = this.table.rows;
    const topLeft = { row: this.table.range.top, col: this.table.range.left };
    // Indicators as rows: no per-unit relation applies; say so once rather than guess.
    if (this.table.layout) {
      this.issue('not-checked', 'info', topLeft, this.m('indicator-rows', { range: rangeA1(this.table.range), reason: this.table.layout.reason }), null, null);
      return this.issues;
    }
    this.reportColumns();
    if (!rows.length) {
      this.issue('not-checked', 'info', topLeft, this.m('header-only', { range: rangeA1(this.table.range) }), null, null);
      return this.issues;
    }
    if (rows.every((r) => r.kind === 'total')) {
      this.issue('not-checked', 'info', topLeft, this.m('totals-only', { range: rangeA1(this.table.range) }), null, null);
    }
    this.validate();
    const hasBase = (this.hasBase = !!this.rels.base);
    let sums = 0;
    const empty = this.zeroRows();
    this.table.rows.forEach((row, i) => {
      if (!empty.has(row.row)) this.rowRelations(row, hasBase);
      if (this.rels.sums[sums]?.row === i) this.sumRelation(this.rels.sums[sums++]);
    });
    if (!hasBase) this.impliedBaseChecks();
    const inferred = this.failures.length;
    this.numberedFormulas();
    this.preferDeclared(inferred);
    this.locate();
    this.consequences();
    return this.issues;
  }


  /**
   * The sheet's own word: where a declared formula and a balance read from the headers
   * disagree at one column, the declared formula wins on the rows where it holds, if it
   * holds on most rows (one note says so); where both fail at one cell, one issue says
   * both expected values.
   */
  protected preferDeclared(firstDeclared: number) {
    const declared = this.failures.slice(firstDeclared);
    for (const rel of this.rels.declared) {
      if (rel.kind !== 'linear') continue;
      const own = new Set([rel.target, ...rel.terms.map((t) => t.col)]);
      const other = this.failures
        .slice(0, firstDeclared)
        .filter((f) => f.anchor.col === rel.target && f.rule === 'balance-mismatch' && f.cells.some((c) => !own.has(c.col)));
      if (!other.length) continue;
      const mine = declared.filter((f) => f.anchor.col === rel.target);
      // The declared formula is the sheet's convention when it holds on most rows.
      const convention = mine.length * 2 < this.table.rows.length;
      let held = 0;
      for (const f of other) {
        const g = mine.find((x) => same(x.anchor, f.anchor));
        if (!g && !convention) continue;
        if (g && f.expected) g.msg = this.m('then', { a: g.msg, b: this.m('also-reading', { expected: dp(f.expected, f.decimals) }) });
        if (!g) held++;
        this.failures.splice(this.failures.indexOf(f), 1);
      }
      if (held) {
        const col = this.colByIndex.get(rel.target)!;
        const cell = this.table.numberedRow !== null ? { row: this.table.numberedRow, col: rel.target } : col.headerCell;
        this.issue('declared-formula-used', 'info', cell, this.m('declared-wins', { label: rel.label ?? '', n: held, col: colName(rel.target) }), null, null);
      }
    }
  }

  /**
   * A count above its households makes its rate above 100 %: one root. The rate's
   * invalid-value is dropped when the rate is exactly what the (wrong) count gives;
   * the count's issue names it.
   */
  protected consequences() {
    for (const x of this.rels.rates) {
      for (const row of this.table.rows) {
        const cell = a1(row.row, x.target);
        const over = this.issues.findIndex((i) => i.rule === 'invalid-value' && i.cell === cell);
        if (over < 0) continue;
        const read = (col: number) => {
          const r = this.readAt(row.row, col);
          return r.ok ? r.value : null;
        };
        const c = read(x.count);
        const b = read(x.base);
        const r = read(x.target);
        if (!c || !b || !r || D.isZero(b) || D.cmp(c, b) <= 0) continue;
        const p = this.shown({ row: row.row, col: x.target });
        if (!D.eq(D.ratio(c, b, 100, p)!, D.round(r, p))) continue;
        const root = this.issues.find((i) => i.severity === 'error' && i.cell === a1(row.row, x.count));
        if (!root) continue;
        root.message += render(this.m('also-rate', { cell }), this.lang);
        this.issues.splice(over, 1);
      }
    }
  }

  /** Unit rows whose every number is 0: a unit with no data yet, one note instead of a check per relation. */
  protected zeroRows(): Set<number> {
    const out = new Set<number>();
    const numeric = this.table.columns.filter((c) => ['count', 'rate', 'households', 'persons'].includes(c.role.kind));
    for (const row of this.table.rows) {
      if (row.members.length || numeric.length < 2) continue;
      const vals = numeric.map((c) => this.val({ row: row.row, col: c.col }));
      if (!vals.every((v) => v === null || (v && D.isZero(v))) || vals.filter((v) => v).length < 2) continue;
      out.add(row.row);
      this.issue('not-checked', 'info', { row: row.row, col: numeric[0].col }, this.m('zero-row', { unit: this.unit(row.row), row: row.row + 1 }), null, null);
    }
    return out;
  }

  // ---- from failures to issues -------------------------------------------------

  protected orig: Get = (r) => this.val(r) ?? null;

  /** What a cell may hold at all: counts are whole and not negative. */
  protected domainBase(ref: Ref): Domain {
    return this.colByIndex.get(ref.col)?.role.kind === 'rate' ? ANY : COUNT;
  }

  /**
   * Error localisation (Fellegi–Holt): the fewest cells whose change makes every relation
   * hold, the relations that hold included as evidence. What it explains becomes one issue
   * at the cell (for a tie: at the relation, with the tied cells as alternatives); the rest
   * is reported relation by relation.
   */
  protected locate() {
    const failing = this.failures.filter((f) => f.con).map((f) => f.con!);
    const done = new Set<Failure>();
    if (failing.length) this.localise(failing, done);
    const all = this.failures.filter((f) => !done.has(f)).sort((a, b) => a.anchor.row - b.anchor.row || a.anchor.col - b.anchor.col);
    for (const f of all) {
      const extra: Partial<Issue> = { ...f.extra };
      let msg = f.msg;
      if (f.rounding && f.stated && f.expected) extra.suggestion = this.roundingSuggestion(f);
      const other = f.con?.rel === 'balance' ? this.otherChange([f.con]) : null;
      if (other) {
        msg = this.m('then', { a: msg, b: other.msg });
        extra.alternatives = [other.sug];
      }
      this.issue(f.rule, f.severity, f.anchor, msg, f.stated ? dp(f.stated, f.decimals) : null, f.expected ? dp(f.expected, f.decimals) : null, extra);
    }
    this.issues.sort((a, b) => cellOrder(a.cell) - cellOrder(b.cell));
  }

  protected localise(failing: Con<Failure>[], done: Set<Failure>) {
    // Candidates: the filled cells of failing relations (a blank is not a mistyped value).
    const cand = new Map<number, Ref>();
    for (const c of failing) for (const r of c.cells) if (this.val(r)) cand.set(key(r), r);
    this.cons = [...failing, ...this.evidenceFor(new Set([...cand.values()].map((r) => r.row)))];
    const idx = new Map<number, Con<Failure>[]>();
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
      const sol = solveCell(ref, cons, this.orig, this.domainBase(ref), this.val(ref) ?? null);
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
      this.reportComponent(comp, ex, other, idx);
      for (const c of comp) done.add(c.failure!);
    }
    if (leftover.length > 1 && this.pairs(leftover, idx, alone)) for (const c of leftover) done.add(c.failure!);
  }

  /** The relations that hold on the given rows (and the sums those rows belong to), rebuilt. */
  protected evidenceFor(rows: Set<number>): Con<Failure>[] {
    const out: Con<Failure>[] = [];
    this.recording = out;
    this.recorded.clear();
    try {
      const all = this.table.rows;
      for (const row of all) if (rows.has(row.row)) this.rowRelations(row, this.hasBase);
      for (const x of this.rels.sums) if (rows.has(all[x.row].row) || x.members.some((i) => rows.has(all[i].row))) this.sumRelation(x);
      this.numberedFormulas(rows);
    } finally {
      this.recording = null;
    }
    return out;
  }

  protected reportComponent(comp: Con<Failure>[], ex: CellSolution[], other: Other | null, idx: Map<number, Con<Failure>[]>) {
    const fs = comp.map((c) => c.failure!);
    const named = ex.filter((s) => s.value && !s.uncertain);
    if (ex.length === 1 && named.length === 1) {
      this.reportCell(named[0].ref, named[0].value!, fs, idx, other);
      return;
    }
    // A tie (or an explanation that could not be proven): none is picked.
    const primary = pickPrimary(fs);
    const alts = named.map((s) => this.alternative(s.ref, s.value!, ex.length));
    const rank = (x: Suggestion) => (x.kind === 'implied' ? 1 : 0);
    alts.sort((a, b) => rank(a) - rank(b) || cellOrder(a.cell) - cellOrder(b.cell));
    const item = (x: Suggestion, withKind = false) => {
      const ref = parseRef(x.cell);
      const kind = withKind ? this.kindParen(x.kind) : '';
      return this.m('alt-item', { cell: x.cell, unit: this.unit(ref.row), stated: dp(this.val(ref)!, this.shown(ref)), value: dp(D.fromNumber(x.value), this.shown(ref)), kind });
    };
    const unnamed = ex.filter((s) => !s.value || s.uncertain).map((s) => this.m('alt-cell', { cell: a1(s.ref.row, s.ref.col), unit: this.unit(s.ref.row) }));
    let tail: Msg | null = null;
    const anchor = primary.anchor;
    const evidence = primary.con ? this.evidence(anchor, primary.con, idx) : [];
    if (
      ex.length >= 2 &&
      primary.con?.rel === 'sum' &&
      evidence.length &&
      !unnamed.length &&
      named.every((s) => s.ref.col === anchor.col && !same(s.ref, anchor)) &&
      primary.stated &&
      primary.expected
    ) {
      // The total is backed by other relations: one member row is off by the difference.
      const delta = D.sub(primary.stated, primary.expected);
      const id: MessageId = delta.n > 0n ? 'tie-members-low' : 'tie-members-high';
      tail = this.m(id, { stated: dp(primary.stated, null), evidence, n: ex.length, delta: dp(delta.n < 0n ? D.neg(delta) : delta, null) });
      const typos = alts.filter((a) => a.kind !== 'implied');
      const rest = alts.filter((a) => a.kind === 'implied');
      if (typos.length) {
        // Grouped by slip: "one digit mistyped: C6 219 → 319, …; a digit dropped: C13 94 → 194".
        const groups = [...new Set(typos.map((a) => a.kind))].map((k) =>
          render(this.m('typo-group', { kind: this.m(`kind-${k}` as MessageId), list: this.capped(typos.filter((a) => a.kind === k).map((a) => item(a)), 12) }), this.lang),
        );
        tail = this.m('then', { a: tail, b: this.m('tie-typos', { list: groups.join('; ') }) });
      }
      if (rest.length) tail = this.m('then', { a: tail, b: this.m('tie-rest', { n: rest.length, list: this.capped(rest.map((a) => item(a)), 6) }) });
    } else if (ex.length >= 2 || unnamed.length) {
      tail = this.m('tie', { n: ex.length, list: this.capped([...alts.map((a) => item(a, true)), ...unnamed], 12) });
    } else if (ex.length === 0 && other) tail = null;
    let msg = primary.msg;
    if (tail) msg = this.m('then', { a: msg, b: tail });
    if (other) {
      msg = this.m('then', { a: msg, b: other.msg });
      alts.push(other.sug);
    }
    this.issue(primary.rule, primary.severity, anchor, msg, primary.stated ? dp(primary.stated, primary.decimals) : null, primary.expected ? dp(primary.expected, primary.decimals) : null, {
      ...primary.extra,
      ...(fs.length > 1 ? { relations: fs.map((f) => render(f.rel, this.lang)) } : {}),
      ...(alts.length ? { alternatives: alts } : {}),
    });
  }

  /** One cell is the only smallest change: the issue sits at it, with the suggestion. */
  protected reportCell(ref: Ref, value: Dec, fs: Failure[], idx: Map<number, Con<Failure>[]>, other: Other | null = null) {
    const suggestion = this.suggest(ref, value, fs, !!other);
    const extra: Partial<Issue> = { suggestion, ...(other ? { alternatives: [other.sug] } : {}) };
    const p = this.shown(ref);
    const stated = this.val(ref)!;
    const withOther = (m: Msg) => (other ? this.m('then', { a: m, b: other.msg }) : m);
    if (fs.length === 1 && same(fs[0].anchor, ref)) {
      const f = fs[0];
      this.issue(f.rule, f.severity, ref, withOther(f.msg), f.stated ? dp(f.stated, f.decimals) : null, f.expected ? dp(f.expected, f.decimals) : null, { ...f.extra, ...extra });
    } else if (fs.length >= 2) {
      this.reportCombined(ref, value, fs, extra, other?.msg);
    } else {
      const f = fs[0];
      const evidence = f.con ? this.evidence(f.anchor, f.con, idx) : [];
      const why = evidence.length ? this.m('why-evidence', { cell: a1(f.anchor.row, f.anchor.col), evidence }) : '';
      const msg = this.m('located', { cell: a1(ref.row, ref.col), unit: this.unit(ref.row), detail: f.msg, why, expected: dp(value, p) });
      this.issue(f.rule, 'error', ref, withOther(msg), dp(stated, p), dp(value, p), { relations: [render(f.rel, this.lang)], ...extra });
    }
  }

  protected reportCombined(ref: Ref, value: Dec | null, fs: Failure[], extra: Partial<Issue> = {}, tail?: Msg) {
    const own = fs.find((f) => same(f.anchor, ref));
    const order: RuleCode[] = ['sum-mismatch', 'balance-mismatch', 'rate-mismatch', 'exceeds-bound'];
    const rule = own?.rule ?? order.find((r) => fs.some((f) => f.rule === r)) ?? fs[0].rule;
    const stated = this.val(ref) ?? null;
    const p = this.shown(ref);
    const cell = a1(ref.row, ref.col);
    let msg = this.m('combined', {
      cell,
      unit: this.unit(ref.row),
      n: fs.length,
      relations: fs.map((f) => f.rel),
      fix: value ? this.m('combined-fix', { expected: dp(value, p) }) : '',
    });
    if (tail) msg = this.m('then', { a: msg, b: tail });
    this.issue(rule, 'error', ref, msg, stated ? dp(stated, p) : null, value ? dp(value, p) : null, {
      relations: fs.map((f) => render(f.rel, this.lang)),
      ...extra,
    });
  }

  /** Two cells together, when no single cell explains what is left (size-2 search, capped). */
  protected pairs(L: Con<Failure>[], idx: Map<number, Con<Failure>[]>, alone: Map<number, { sol: CellSolution }>): boolean {
    if (L.length > 16) return false;
    const inL = new Set(L);
    const failsOf = (r: Ref) => (idx.get(key(r)) ?? []).filter((c) => inL.has(c));
    // One of the two cells is in the relation with the fewest cells.
    const f0 = L.reduce((a, b) => (b.cells.length < a.cells.length ? b : a));
    const found = new Map<string, { a: Ref; va: Dec; b: Ref; vb: Dec }>();
    let open = false;
    let budget = 2000;
    for (const a of uniqueRefs(f0.cells)) {
      if (!this.val(a)) continue;
      const fa = failsOf(a);
      const rest = L.filter((c) => !fa.includes(c));
      if (!rest.length) continue; // a alone touches everything yet fails: would need a partner anywhere
      for (const b of uniqueRefs(rest[0].cells)) {
        if (same(a, b) || !this.val(b)) continue;
        const fb = failsOf(b);
        if (!rest.every((c) => fb.includes(c))) continue;
        if (--budget < 0) return false;
        const id = [key(a), key(b)].sort((x, y) => x - y).join(':');
        if (found.has(id)) continue;
        const j = this.joint(a, b, idx, alone);
        if (j === 'open') open = true;
        else if (j) found.set(id, j);
      }
    }
    if (found.size !== 1 || open) return false;
    const [{ a, va, b, vb }] = [...found.values()];
    const fa = failsOf(a);
    const fb = failsOf(b);
    this.reportCell(a, va, fa.map((c) => c.failure!), idx);
    this.reportCell(b, vb, (fb.some((c) => !fa.includes(c)) ? fb.filter((c) => !fa.includes(c)) : fb).map((c) => c.failure!), idx);
    return true;
  }

  /** Values for a and b together that make every relation on either hold; 'open' when undecidable. */
  protected joint(a: Ref, b: Ref, idx: Map<number, Con<Failure>[]>, alone: Map<number, { sol: CellSolution }>): { a: Ref; va: Dec; b: Ref; vb: Dec } | 'open' | null {
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
      const { dom } = cellDomain(x, cx.filter((c) => !shared.includes(c)), this.orig, this.domainBase(x));
      if (dom.t === 'none') return null;
      if (dom.t !== 'point') continue;
      const kx = key(x);
      const g = assign(this.orig, new Map([[kx, dom.v]]));
      const sy = solveCell(y, cy, g, this.domainBase(y), this.val(y) ?? null);
      if (!sy) return null;
      if (!sy.value || sy.uncertain) return 'open';
      const ky = key(y);
      const vy = sy.value;
      const g2 = assign(this.orig, new Map([[kx, dom.v], [ky, vy]]));
      if (cx.some((c) => holds(c, g2) === false)) return null;
      return x === a ? { a, va: dom.v, b, vb: vy } : { a, va: vy, b, vb: dom.v };
    }
    return 'open';
  }

  /** Relations that hold now and would break if `anchor` took the value `failing` implies. */
  protected evidence(anchor: Ref, failing: Con<Failure>, idx: Map<number, Con<Failure>[]>): Msg[] {
    const d = domainOf(failing, anchor, this.orig);
    if (d.t !== 'point') return [];
    const k = key(anchor);
    const g = assign(this.orig, new Map([[k, d.v]]));
    return (idx.get(k) ?? []).filter((c) => !c.fails && holds(c, g) === false).map((c) => this.relOf(c));
  }

  protected relOf(c: Con<Failure>): Msg {
    const at = c.cells[0];
    const cell = a1(at.row, at.col);
    switch (c.rel) {
      case 'sum':
        return this.m('rel-sum', { col: colName(at.col) });
      case 'rate':
        return this.m('rel-rate', { cell });
      case 'balance':
        return this.m('rel-balance', { cell });
      case 'parts':
        return this.m('rel-parts', { cell });
      case 'formula':
        return this.m('rel-formula', { label: c.label ?? '' });
      case 'bound':
        return this.m('rel-bound', { cell });
    }
  }

  protected kindParen(kind: SuggestionKind): Msg | '' {
    return kind === 'implied' ? '' : this.m('paren', { x: this.m(`kind-${kind}` as MessageId) });
  }

  protected capped(items: Msg[], n: number): Msg[] {
    return items.length > n ? [...items.slice(0, n - 1), this.m('and-more', { n: items.length - n + 1 })] : items;
  }

  protected suggest(ref: Ref, value: Dec, fs: Failure[], contested: boolean): Suggestion {
    const stated = this.val(ref)!;
    const p = this.shown(ref);
    const kind = typoKind(stated, value, p) ?? 'implied';
    const cell = a1(ref.row, ref.col);
    const reason = render(this.m('reason-fix', { cell, stated: dp(stated, p), value: dp(value, p), kind: this.kindParen(kind), rels: fs.map((f) => f.rel) }), this.lang);
    const confidence = kind !== 'implied' && !contested ? 'high' : 'medium';
    return { cell, value: D.toNumber(D.round(value, p)), kind, reason, confidence };
  }

  protected alternative(ref: Ref, value: Dec, n: number): Suggestion {
    const stated = this.val(ref)!;
    const p = this.shown(ref);
    const kind = typoKind(stated, value, p) ?? 'implied';
    const cell = a1(ref.row, ref.col);
    const reason = render(this.m('reason-alt', { cell, stated: dp(stated, p), value: dp(value, p), kind: this.kindParen(kind), n }), this.lang);
    return { cell, value: D.toNumber(D.round(value, p)), kind, reason, confidence: 'low' };
  }

  protected roundingSuggestion(f: Failure): Suggestion {
    const p = f.decimals ?? 0;
    const cell = a1(f.anchor.row, f.anchor.col);
    const reason = render(this.m('reason-rounding', { cell, stated: dp(f.stated!, p), value: dp(f.expected!, p) }), this.lang);
    return { cell, value: D.toNumber(D.round(f.expected!, p)), kind: 'rounding', reason, confidence: 'high' };
  }

  /**
   * end = start − decreases + increases is off and the row's "other" flow column (khác) is
   * empty: an unrecorded other change would explain it, when it explains the whole component.
   */
  protected otherChange(comp: Con<Failure>[]): Other | null {
    const bal = comp.find((c) => c.rel === 'balance');
    if (!bal?.failure?.stated || !bal.failure.expected) return null;
    const end = bal.cells[0];
    const pop = this.colByIndex.get(end.col)?.role.pop;
    if (!pop) return null;
    const diff = D.sub(bal.failure.stated, bal.failure.expected);
    if (D.isZero(diff)) return null;
    const up = diff.n > 0n;
    const flows = populationColumns(this.rels.cols, pop);
    const col = (up ? flows.inc : flows.dec).find((c) => c.role.flow === (up ? 'increaseOther' : 'decreaseOther'));
    if (!col) return null;
    const ref = { row: end.row, col: col.col };
    if (this.val(ref) !== null) return null;
    if (!comp.every((c) => c.cells.some((r) => same(r, ref)))) return null;
    const n = up ? diff : D.neg(diff);
    const k = key(ref);
    const g = assign(this.orig, new Map([[k, n]]));
    if (this.cons.some((c) => c.cells.some((r) => same(r, ref)) && holds(c, g) === false)) return null;
    const cell = a1(ref.row, ref.col);
    const what = this.m(up ? 'other-increase' : 'other-decrease');
    return {
      msg: this.m('other-change', { n: dp(n, null), what, header: col.header, cell }),
      sug: { cell, value: D.toNumber(n), kind: 'implied', reason: render(this.m('reason-other', { n: dp(n, null), what, cell }), this.lang), confidence: 'low' },
    };
  }
}

interface Other {
  msg: Msg;
  sug: Suggestion;
}

/** The relation a tie is reported at: a sum first, then a balance, a rate, a bound. */
function pickPrimary(fs: Failure[]): Failure {
  const order: RuleCode[] = ['sum-mismatch', 'balance-mismatch', 'rate-mismatch', 'exceeds-bound'];
  const rank = (f: Failure) => {
    const i = order.indexOf(f.rule);
    return i < 0 ? order.length : i;
  };
  return [...fs].sort((a, b) => rank(a) - rank(b) || a.anchor.row - b.anchor.row || a.anchor.col - b.anchor.col)[0];
}

