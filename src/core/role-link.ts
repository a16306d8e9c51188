// What only the whole table tells about a column: the table's population for
// counts that name none, "Khác" and named ethnic groups by their neighbours,
// the later of two unqualified stocks as the end, and each rate's count and
// base — on either side of it.
import { maxOf, minOf } from './arrays';
import type { TransferPop } from './header-words';
import { type ColumnRole, type Flow, type Population, type Subgroup, countCode, transferCode } from './role-types';

/** Below this a column is left `unknown` with its candidates rather than guessed. */
export const SURE = 0.5;

/** Completes codes across a table. `parents[i]` is column i's group header ('' when none). */
export function linkRoles(roles: ColumnRole[], parents: string[]): ColumnRole[] {
  const out = roles.map((r) => ({ ...r }));
  const counts = out.filter((r) => r.kind === 'count');
  const named = (p: Population) => counts.some((r) => r.pop === p);
  const tablePop: 'poor' | 'nearPoor' = named('poor') || !named('nearPoor') ? 'poor' : 'nearPoor';
  const onePop = named('poor') !== named('nearPoor');
  settleNeighbours(out, parents);
  for (const r of out) {
    if (r.kind === 'unknown' && r.candidates?.length && onePop) {
      // A transfer with no direction: the table's only population decides, if it is one of the two sides.
      const pick = r.candidates.find((c) => c.startsWith(`${tablePop}.`));
      if (pick) Object.assign(r, roleFromCode(pick) ?? {}, { confidence: 0.6, decidedBy: r.decidedBy, candidates: r.candidates });
    }
  }
  for (const r of out) {
    if (r.kind !== 'count') continue;
    if (!r.pop) {
      r.pop = tablePop;
      r.confidence = (r.confidence ?? 1) - 0.1;
    }
    if (!r.flow && !r.sub && !r.group) {
      r.flow = 'start';
      r.confidence = (r.confidence ?? 1) - 0.05;
    }
  }
  // Two unqualified stocks of the same population: the later year is the end.
  for (const pop of ['poor', 'nearPoor', 'middle'] as const) {
    const stocks = counts.filter((r) => r.pop === pop && r.flow === 'start' && !r.explicitFlow && !r.sub && r.year && r.measure !== 'persons');
    if (stocks.length >= 2) {
      const maxYear = maxOf(stocks.map((r) => r.year as number));
      const minYear = minOf(stocks.map((r) => r.year as number));
      if (maxYear > minYear) for (const r of stocks) if (r.year === maxYear) r.flow = 'end';
    }
  }
  for (const r of out) if (r.kind === 'count' && !r.code) r.code = countCode(r);
  out.forEach((r, col) => {
    if (r.kind === 'rate') linkRate(out, r, col, parents);
  });
  for (const r of out) {
    delete r.residual;
    delete r.ethnicName;
  }
  return out;
}

/** "Khác" and ethnic names: a residual among groups, another ethnic group, or another flow. */
function settleNeighbours(out: ColumnRole[], parents: string[]): void {
  const siblings = (i: number) => out.filter((_, k) => k !== i && parents[k] === parents[i]);
  out.forEach((r, i) => {
    if (r.kind !== 'count') return;
    const sib = siblings(i);
    if (r.ethnicName && r.ethnicName !== 'other') {
      const ethnicWorld = r.sub === 'ethnic' || sib.some((s) => s.ethnicName || s.sub === 'ethnic' || s.sub === 'kinh');
      if (ethnicWorld) {
        r.sub = 'ethnic';
        r.group = r.ethnicName;
        r.decidedBy = [...(r.decidedBy ?? []), 'dan toc (neighbours)'];
      } else if (!r.flow && !r.pop) Object.assign(r, { kind: 'unknown', code: 'unknown', confidence: 0 });
      return;
    }
    if (!r.residual) return;
    const ethnicSubs: (Subgroup | undefined)[] = ['ethnic', 'kinh', 'ethnicLocal'];
    const ethnic = sib.some((s) => s.ethnicName || ethnicSubs.includes(s.sub));
    const groups = sib.some((s) => s.sub && !ethnicSubs.includes(s.sub));
    // Beside only decreases (or only increases) a "Khác" is one more of them; beside both it is not known.
    const ups = sib.some((s) => s.flow === 'increase' || s.flow === 'new' || s.flow === 'reentry' || s.flow === 'increaseOther');
    const downs = sib.some((s) => s.flow === 'decrease' || s.flow === 'exit' || s.flow === 'decreaseOther');
    // Among named ethnic groups "Khác" is the other groups; beside "DTTS" alone it is everyone else.
    const named = sib.some((s) => s.ethnicName || (s.sub === 'ethnic' && s.group));
    if (r.ethnicName === 'other' || (named && !groups)) {
      r.sub = 'ethnic';
      r.group = 'other';
    } else if (groups || ethnic) r.sub = 'otherGroup';
    else if (ups !== downs) r.flow = ups ? 'increaseOther' : 'decreaseOther';
    else {
      Object.assign(r, {
        kind: 'unknown',
        code: 'unknown',
        confidence: 0.3,
        candidates: ['decreaseOther', 'increaseOther', 'otherGroup'].map((x) => `${r.pop ?? 'poor'}.${x}`),
      });
      return;
    }
    r.decidedBy = [...(r.decidedBy ?? []), 'khac (neighbours)'];
  });
}

/** A rate's count: the best-matching count on either side (left preferred), and its base. */
function linkRate(out: ColumnRole[], r: ColumnRole, col: number, parents: string[]): void {
  type Cand = { c: number; score: number };
  const cands: Cand[] = [];
  out.forEach((cand, c) => {
    if (c === col || cand.kind !== 'count') return;
    if (r.pop && cand.pop !== r.pop) return;
    if (r.sub && cand.sub !== r.sub) return;
    let score = 1;
    if (r.pop) score += 4;
    if (r.explicitFlow && r.flow && cand.flow === r.flow) score += 2;
    if (r.explicitFlow && r.flow && cand.flow !== r.flow) score -= 2;
    if (r.sub && cand.sub === r.sub) score += 2;
    if (parents[col] && parents[c] === parents[col]) score += 3;
    if (r.year && cand.year === r.year) score += 1;
    if (cand.group === 'total') score -= 3;
    // Nearer is better; the left side (count then rate) is the usual order.
    const dist = c < col ? col - c : c - col + 0.5;
    score -= dist / 100;
    cands.push({ c, score });
  });
  cands.sort((a, b) => b.score - a.score);
  // A target in rate points ("giảm tỷ lệ … từ / đến") with no count of the decrease: a rate of its own.
  if (r.ratePoints && !cands.some(({ c }) => out[c].flow === r.flow)) {
    const pop = r.pop ?? (cands.length ? out[cands[0].c].pop : undefined);
    if (pop) {
      r.code = `${pop}.${r.flow ?? 'decrease'}.rate`;
      r.confidence = Math.min(r.confidence ?? 1, 0.8);
      return;
    }
  }
  if (!cands.length) {
    // "Hộ nghèo và cận nghèo (%)" with no combined count: the rate of the named population, with no count to recompute it.
    if (r.pop) {
      r.code = `${r.pop}.${r.flow ?? 'start'}.rate`;
      r.confidence = Math.min(r.confidence ?? 1, 0.7);
      return;
    }
    Object.assign(r, { kind: 'unknown', code: 'unknown', confidence: 0.2, candidates: [] });
    return;
  }
  const best = cands[0];
  const count = out[best.c];
  r.countCol = best.c;
  r.code = `${count.code}.rate`;
  // Two counts that fit as well: say so rather than guess silently.
  if (cands.length > 1 && best.score - cands[1].score < 0.004) {
    r.confidence = Math.min(r.confidence ?? 1, 0.55);
    r.candidates = cands.slice(0, 3).map((x) => `${out[x.c].code}.rate`);
  } else r.confidence = Math.min(r.confidence ?? 1, Math.max(0.6, 0.9 - (cands.length > 1 ? 0 : 0.1) + Math.min(0.1, best.score / 100)));
  r.decidedBy = [...(r.decidedBy ?? []), `→ ${count.code}`];
  const base = rateBase(out, r, count);
  if (base !== undefined) r.baseCol = base;
}

function rateBase(out: ColumnRole[], r: ColumnRole, count: ColumnRole): number | undefined {
  const find = (code: string) => {
    const all = out.map((x, i) => ({ x, i })).filter(({ x }) => x.code === code);
    const year = r.year ?? count.year;
    return (all.find(({ x }) => year && x.year === year) ?? (count.flow === 'end' ? all[all.length - 1] : all[0]))?.i;
  };
  if (r.base === 'poor') return find(`${count.pop}.start`);
  if (count.measure === 'persons') return find('persons');
  return find('households');
}

const FLOW_CODES: Flow[] = ['start', 'end', 'decrease', 'exit', 'reentry', 'new', 'increase', 'decreaseOther', 'increaseOther'];
const SUB_CODES: Subgroup[] = ['unable', 'able', 'ethnic', 'merit', 'protection', 'kinh', 'ethnicLocal', 'femaleHead', 'otherGroup'];
const POPS = ['poor', 'nearPoor'] as const;

/** Every role code a user may pick for a column (the pane's dropdown), `unknown` last. */
export const ROLE_CODES: readonly string[] = [
  'ordinal',
  'unit',
  'breakdown',
  'households',
  'persons',
  ...POPS.flatMap((pop) => [
    ...FLOW_CODES.map((f) => `${pop}.${f}`),
    ...SUB_CODES.map((s) => `${pop}.${s}`),
    `${pop}.start.rate`,
    `${pop}.end.rate`,
    `${pop}.decrease.rate`,
  ]),
  'poor.fromNearPoor',
  'poor.toNearPoor',
  'nearPoor.fromPoor',
  'nearPoor.toPoor',
  ...(['start', 'end'] as const).flatMap((f) => [`middle.${f}`, `poorAndNearPoor.${f}`, `poor.persons.${f}`, `nearPoor.persons.${f}`]),
  'households.ethnic',
  'unknown',
];

/**
 * The role a code stands for, as if its header had said so (a user's choice
 * in the pane). Undefined for a code that is not in ROLE_CODES.
 */
export function roleFromCode(code: string): ColumnRole | undefined {
  if (!ROLE_CODES.includes(code)) return undefined;
  if (code === 'ordinal' || code === 'unit' || code === 'breakdown' || code === 'households' || code === 'persons' || code === 'unknown') {
    return { kind: code, code };
  }
  if (code === 'households.ethnic') return { kind: 'count', code, pop: 'all', sub: 'ethnic', measure: 'households' };
  const parts = code.split('.');
  const pop = parts[0] as Population;
  const measure = parts[1] === 'persons' ? 'persons' : 'households';
  if (measure === 'persons') parts.splice(1, 1);
  const facet = parts[1];
  const transfer = /^(from|to)(Poor|NearPoor)$/.exec(facet);
  if (transfer && (pop === 'poor' || pop === 'nearPoor')) {
    const other: TransferPop = transfer[2] === 'Poor' ? 'poor' : 'nearPoor';
    const t: { from: TransferPop; to: TransferPop } = transfer[1] === 'from' ? { from: other, to: pop } : { from: pop, to: other };
    const role: ColumnRole = { kind: 'count', code, pop, flow: transfer[1] === 'from' ? 'increase' : 'decrease', transfer: t, explicitFlow: true, measure };
    return { ...role, code: transferCode(pop, t) };
  }
  const sub = (SUB_CODES as string[]).includes(facet) ? (facet as Subgroup) : undefined;
  const flow = sub ? undefined : (facet as Flow);
  if (parts[2] === 'rate') return { kind: 'rate', code: 'rate', pop, flow, explicitFlow: true };
  return { kind: 'count', code, pop, flow, sub, explicitFlow: !!flow, measure };
}
