// Linear relations and bounds evaluated on a row: anchor = Σ coef·term (a
// balance, parts of a whole, a declared column formula) and lhs ≤ Σ coef·term.
// A relation that fails becomes a Failure (with its constraint for
// localisation); while the state is recording, one that holds is recorded
// as evidence instead.
import { a1, colName } from './grid';
import * as D from './decimal';
import type { Dec } from './decimal';
import type { RuleCode } from './report';
import { type Msg, type MessageId, render } from './messages';
import type { ColTerm } from './relations';
import type { Con } from './locate';
import { type EvalState, type Failure, type LinTerm, type Ref, dp, format } from './check-table';

export function terms(row: number, terms: ColTerm[]): LinTerm[] {
  return terms.map((t) => ({ ref: { row, col: t.col }, coef: t.coef, required: t.required, ...(t.name ? { name: t.name } : {}) }));
}

/**
 * anchor = Σ coef·term. Optional terms count as 0 when empty; an empty anchor
 * or required term means there is nothing to check yet.
 */
export function linear(
  ev: EvalState,
  kind: 'balance' | 'parts' | 'formula',
  rule: RuleCode,
  anchor: Ref,
  terms: LinTerm[],
  rel: Msg | (() => Msg),
  label?: string,
  evidence = true,
): Failure | 'ok' | null {
  const { tc } = ev;
  const built = ev.recording ? ev.recorded : ev.linearSeen;
  const shape = built.shape(anchor, terms);
  if (built.seen(anchor, terms, shape)) return null;
  if (ev.recording) built.remember(anchor, shape);
  const stated = tc.val(anchor);
  if (!stated) return null;
  let sum = D.ZERO;
  const values: Dec[] = [];
  for (const t of terms) {
    const v = tc.val(t.ref);
    if (v === undefined) return null;
    if (v === null && t.required) return null;
    const x = v ?? D.ZERO;
    values.push(x);
    sum = t.coef > 0 ? D.add(sum, x) : D.sub(sum, x);
  }
  if (!ev.recording) built.remember(anchor, shape);
  const p = tc.shown(anchor);
  const expected = D.round(sum, p);
  const ok = D.eq(expected, D.round(stated, p));
  const con = (fails: boolean): Con<Failure> => ({ t: 'lin', rel: kind, cells: [anchor, ...terms.map((t) => t.ref)], coefs: terms.map((t) => t.coef), p, fails, label });
  if (ev.recording) {
    if (ok && evidence) ev.recording.push(con(false));
    return ok ? 'ok' : null;
  }
  if (ok) return 'ok';
  const unit = tc.unit(anchor.row);
  const cell = a1(anchor.row, anchor.col);
  const termText = terms
    .map((t, i) => {
      const v = format(values[i], tc.lang);
      const name = t.name ? ` (${render(t.name, tc.lang)})` : '';
      return (i === 0 ? (t.coef < 0 ? '−' : '') : t.coef < 0 ? ' − ' : ' + ') + v + name;
    })
    .join('');
  const id: MessageId = kind === 'balance' ? 'balance' : kind === 'parts' ? 'parts' : 'formula';
  const f: Failure = {
    rule,
    severity: 'error',
    anchor,
    cells: [anchor, ...terms.map((t) => t.ref)],
    msg: tc.m(id, { cell, unit, stated: dp(stated, p), expected: dp(expected, p), terms: termText, label: label ?? '', col: colName(anchor.col) }),
    rel: typeof rel === 'function' ? rel() : rel,
    stated,
    expected,
    decimals: p,
    cascade: true,
  };
  if (evidence) f.con = { ...con(true), failure: f };
  tc.failures.push(f);
  return f;
}

/** lhs ≤ Σ coef·term. */
export function bound(ev: EvalState, lhs: Ref, terms: { ref: Ref; coef: number }[], id: 'bound-reduction' | 'bound-subgroup' | 'bound-households' | 'bound-persons' | 'bound-classes', what?: Msg) {
  const { tc } = ev;
  const v = tc.val(lhs);
  if (!v) return;
  let sum = D.ZERO;
  const values: Dec[] = [];
  for (const t of terms) {
    const x = tc.val(t.ref);
    if (x === undefined || (x === null && t.coef > 0)) return;
    values.push(x ?? D.ZERO);
    sum = t.coef > 0 ? D.add(sum, x ?? D.ZERO) : D.sub(sum, x ?? D.ZERO);
  }
  const ok = D.cmp(v, sum) <= 0;
  if (ok && !ev.recording) return;
  const con: Con<Failure> = { t: 'le', rel: 'bound', cells: [lhs, ...terms.map((t) => t.ref)], coefs: terms.map((t) => t.coef), p: 0, fails: !ok };
  if (ev.recording) {
    if (ok) ev.recording.push(con);
    return;
  }
  const cell = a1(lhs.row, lhs.col);
  const termText = values.map((x, i) => (i === 0 ? '' : terms[i].coef < 0 ? ' − ' : ' + ') + format(x, tc.lang)).join('');
  const bf: Failure = {
    rule: 'exceeds-bound',
    severity: 'error',
    anchor: lhs,
    cells: [lhs, ...terms.map((t) => t.ref)],
    msg: tc.m(id, { cell, unit: tc.unit(lhs.row), stated: dp(v, null), expected: dp(sum, null), terms: termText, what: what ?? '' }),
    rel: tc.m('rel-bound', { cell }),
    stated: v,
    expected: sum,
    decimals: null,
    cascade: true,
    con,
  };
  con.failure = bf;
  tc.failures.push(bf);
}
