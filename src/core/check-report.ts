// From located failures to issues: one cell that explains the failing
// relations becomes one issue at it, with its suggestion; a tie names the
// tied cells as alternatives; the relations that hold and would break name
// the evidence. The wording is in messages.ts.
import { a1, colName } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import type { Issue, RuleCode, Suggestion, SuggestionKind } from './report';
import { type Msg, type MessageId, render } from './messages';
import { type CellSolution, type Con, assign, domainOf, holds, typoKind } from './locate';
import { type Failure, type Ref, type TableContext, dp, key, same, cellOrder } from './check-table';

/** An unrecorded "other" increase or decrease that would explain a balance. */
export interface Other {
  msg: Msg;
  sug: Suggestion;
}

export type ConIndex = Map<number, Con<Failure>[]>;

export class IssueWriter {
  constructor(private tc: TableContext) {}

  reportComponent(comp: Con<Failure>[], ex: CellSolution[], other: Other | null, idx: ConIndex) {
    const tc = this.tc;
    const fs = comp.map((c) => c.failure!);
    const named = ex.filter((s) => s.value && !s.uncertain);
    if (ex.length === 1 && named.length === 1) {
      this.reportCell(named[0].ref, named[0].value!, fs, idx, other);
      return;
    }
    // A tie (or an explanation that could not be proven): none is picked.
    const primary = pickPrimary(fs);
    const alts = named.map((s) => alternative(tc, s.ref, s.value!, ex.length));
    const rank = (x: Suggestion) => (x.kind === 'implied' ? 1 : 0);
    alts.sort((a, b) => rank(a) - rank(b) || cellOrder(a.cell) - cellOrder(b.cell));
    const unnamed = ex.filter((s) => !s.value || s.uncertain).map((s) => tc.m('alt-cell', { cell: a1(s.ref.row, s.ref.col), unit: tc.unit(s.ref.row) }));
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
      tail = tc.m(id, { stated: dp(primary.stated, null), evidence, n: ex.length, delta: dp(delta.n < 0n ? D.neg(delta) : delta, null) });
      // The candidates themselves are the alternatives; the message counts them by slip.
      const typos = alts.filter((a) => a.kind !== 'implied');
      const rest = alts.filter((a) => a.kind === 'implied');
      if (typos.length) {
        const groups = [...new Set(typos.map((a) => a.kind))].map((k) => tc.m('typo-group', { kind: tc.m(`kind-${k}` as MessageId), n: typos.filter((a) => a.kind === k).length }));
        tail = tc.m('then', { a: tail, b: tc.m('tie-typos', { n: typos.length, list: groups }) });
        if (rest.length) tail = tc.m('then', { a: tail, b: tc.m('tie-rest', { n: rest.length }) });
      }
    } else if (ex.length === 1 && unnamed.length === 1) {
      tail = tc.m('tie-one', { cell: unnamed[0] });
    } else if (ex.length >= 2 || unnamed.length) {
      const rest = unnamed.length ? tc.m('tie-unnamed', { list: capped(tc, unnamed, 12) }) : '';
      tail = tc.m('tie', { n: ex.length, unnamed: rest });
    } else if (ex.length === 0 && other) tail = null;
    let msg = primary.msg;
    if (tail) msg = tc.m('then', { a: msg, b: tail });
    if (other) {
      msg = tc.m('then', { a: msg, b: other.msg });
      alts.push(other.sug);
    }
    tc.issue(primary.rule, primary.severity, anchor, msg, primary.stated ? dp(primary.stated, primary.decimals) : null, primary.expected ? dp(primary.expected, primary.decimals) : null, {
      ...primary.extra,
      ...(fs.length > 1 ? { relations: fs.map((f) => render(f.rel, tc.lang)) } : {}),
      ...(alts.length ? { alternatives: alts } : {}),
    });
  }

  /** One cell is the only smallest change: the issue sits at it, with the suggestion. */
  reportCell(ref: Ref, value: Dec, fs: Failure[], idx: ConIndex, other: Other | null = null) {
    const tc = this.tc;
    const suggestion = suggest(tc, ref, value, fs, !!other);
    const extra: Partial<Issue> = { suggestion, ...(other ? { alternatives: [other.sug] } : {}) };
    const p = tc.shown(ref);
    const stated = tc.val(ref)!;
    const withOther = (m: Msg) => (other ? tc.m('then', { a: m, b: other.msg }) : m);
    if (fs.length === 1 && same(fs[0].anchor, ref)) {
      const f = fs[0];
      tc.issue(f.rule, f.severity, ref, withOther(f.msg), f.stated ? dp(f.stated, f.decimals) : null, f.expected ? dp(f.expected, f.decimals) : null, { ...f.extra, ...extra });
    } else if (fs.length >= 2) {
      this.reportCombined(ref, value, fs, extra, other?.msg);
    } else {
      const f = fs[0];
      const evidence = f.con ? this.evidence(f.anchor, f.con, idx) : [];
      const why = evidence.length ? tc.m('why-evidence', { cell: a1(f.anchor.row, f.anchor.col), evidence }) : '';
      const msg = tc.m('located', { cell: a1(ref.row, ref.col), unit: tc.unit(ref.row), detail: f.msg, why, expected: dp(value, p) });
      tc.issue(f.rule, 'error', ref, withOther(msg), dp(stated, p), dp(value, p), { relations: [render(f.rel, tc.lang)], ...extra });
    }
  }

  private reportCombined(ref: Ref, value: Dec | null, fs: Failure[], extra: Partial<Issue> = {}, tail?: Msg) {
    const tc = this.tc;
    const own = fs.find((f) => same(f.anchor, ref));
    const rule = own?.rule ?? PRIMARY_ORDER.find((r) => fs.some((f) => f.rule === r)) ?? fs[0].rule;
    const stated = tc.val(ref) ?? null;
    const p = tc.shown(ref);
    const cell = a1(ref.row, ref.col);
    let msg = tc.m('combined', {
      cell,
      unit: tc.unit(ref.row),
      n: fs.length,
      relations: fs.map((f) => f.rel),
      fix: value ? tc.m('combined-fix', { expected: dp(value, p) }) : '',
    });
    if (tail) msg = tc.m('then', { a: msg, b: tail });
    tc.issue(rule, 'error', ref, msg, stated ? dp(stated, p) : null, value ? dp(value, p) : null, {
      relations: fs.map((f) => render(f.rel, tc.lang)),
      ...extra,
    });
  }

  /** Relations that hold now and would break if `anchor` took the value `failing` implies. */
  private evidence(anchor: Ref, failing: Con<Failure>, idx: ConIndex): Msg[] {
    const tc = this.tc;
    const d = domainOf(failing, anchor, tc.orig);
    if (d.t !== 'point') return [];
    const k = key(anchor);
    const g = assign(tc.orig, new Map([[k, d.v]]));
    return (idx.get(k) ?? []).filter((c) => !c.fails && holds(c, g) === false).map((c) => relOf(tc, c));
  }
}

/** The relation a tie is reported at: a sum first, then a balance, a rate, a bound. */
const PRIMARY_ORDER: RuleCode[] = ['sum-mismatch', 'balance-mismatch', 'rate-mismatch', 'exceeds-bound'];

function pickPrimary(fs: Failure[]): Failure {
  const rank = (f: Failure) => {
    const i = PRIMARY_ORDER.indexOf(f.rule);
    return i < 0 ? PRIMARY_ORDER.length : i;
  };
  return [...fs].sort((a, b) => rank(a) - rank(b) || a.anchor.row - b.anchor.row || a.anchor.col - b.anchor.col)[0];
}

function relOf(tc: TableContext, c: Con<Failure>): Msg {
  const at = c.cells[0];
  const cell = a1(at.row, at.col);
  switch (c.rel) {
    case 'sum':
      return tc.m('rel-sum', { col: colName(at.col) });
    case 'rate':
      return tc.m('rel-rate', { cell });
    case 'balance':
      return tc.m('rel-balance', { cell });
    case 'parts':
      return tc.m('rel-parts', { cell });
    case 'formula':
      return tc.m('rel-formula', { label: c.label ?? '' });
    case 'bound':
      return tc.m('rel-bound', { cell });
  }
}

function kindParen(tc: TableContext, kind: SuggestionKind): Msg | '' {
  return kind === 'implied' ? '' : tc.m('paren', { x: tc.m(`kind-${kind}` as MessageId) });
}

function capped(tc: TableContext, items: Msg[], n: number): Msg[] {
  return items.length > n ? [...items.slice(0, n - 1), tc.m('and-more', { n: items.length - n + 1 })] : items;
}

function suggest(tc: TableContext, ref: Ref, value: Dec, fs: Failure[], contested: boolean): Suggestion {
  const stated = tc.val(ref)!;
  const p = tc.shown(ref);
  const kind = typoKind(stated, value, p) ?? 'implied';
  const cell = a1(ref.row, ref.col);
  const reason = render(tc.m('reason-fix', { cell, stated: dp(stated, p), value: dp(value, p), kind: kindParen(tc, kind), rels: fs.map((f) => f.rel) }), tc.lang);
  const confidence = kind !== 'implied' && !contested ? 'high' : 'medium';
  return { cell, ...unitOf(tc, ref.row), value: tc.typed(ref, D.round(value, p)), kind, reason, confidence };
}

/** The suggestion's unit (its row's label), where the row has one: a list of tied cells names them. */
export function unitOf(tc: TableContext, row: number): { unit?: string } {
  const label = tc.rowAt(row)?.label;
  return label ? { unit: label } : {};
}

function alternative(tc: TableContext, ref: Ref, value: Dec, n: number): Suggestion {
  const stated = tc.val(ref)!;
  const p = tc.shown(ref);
  const kind = typoKind(stated, value, p) ?? 'implied';
  const cell = a1(ref.row, ref.col);
  const reason = render(tc.m('reason-alt', { cell, unit: tc.unit(ref.row), stated: dp(stated, p), value: dp(value, p), kind: kindParen(tc, kind), n }), tc.lang);
  return { cell, ...unitOf(tc, ref.row), value: tc.typed(ref, D.round(value, p)), kind, reason, confidence: 'low' };
}

/** A rate off only by its rounding convention: the rounded value, sure. */
export function roundingSuggestion(tc: TableContext, f: Failure): Suggestion {
  const p = f.decimals ?? 0;
  const cell = a1(f.anchor.row, f.anchor.col);
  const reason = render(tc.m('reason-rounding', { cell, stated: dp(f.stated!, p), value: dp(f.expected!, p) }), tc.lang);
  return { cell, ...unitOf(tc, f.anchor.row), value: tc.typed(f.anchor, D.round(f.expected!, p)), kind: 'rounding', reason, confidence: 'high' };
}
