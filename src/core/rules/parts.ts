// Parts of a whole read from what the columns mean, where the parts are
// disjoint and cover the whole by definition: Kinh + ethnic minority = the
// population; named ethnic groups with a residual "Khác" = the ethnic
// minority (without a residual, each ≤ it); the deprivation total = Σ its
// indicators; poor + near-poor = the combined column; households ≤ persons;
// poor + near-poor + middle ≤ all households (disjoint classes).
import type { BoundRelation, LinearRelation, TableCols } from '../relation-types';

const FLOWS = ['start', 'end'] as const;
const DISJOINT = ['poor', 'nearPoor', 'middle'] as const;

export function partsRelations(cols: TableCols, pop: string): (LinearRelation | BoundRelation)[] {
  const out: (LinearRelation | BoundRelation)[] = [];
  const counts = cols.columns.filter((c) => c.role.kind === 'count' && c.role.pop === pop && c.role.measure !== 'persons');
  const whole = (flow: string | undefined) => cols.col(`${pop}.${flow ?? 'start'}`);
  const parts = (target: number, terms: number[]) =>
    out.push({ kind: 'linear', family: 'parts', target, terms: terms.map((col) => ({ col, coef: 1, required: true })) });
  // Kinh + DTTS = the population, at the same time.
  const kinh = counts.filter((c) => c.role.sub === 'kinh' && !c.role.group);
  for (const k of kinh) {
    const eth = counts.find((c) => c.role.sub === 'ethnic' && !c.role.group && c.role.flow === k.role.flow);
    const w = whole(k.role.flow);
    if (eth && w !== undefined) parts(w, [k.col, eth.col]);
  }
  // Named ethnic groups: with a residual they add up to the ethnic minority; without, each is part of it.
  const ethnic = counts.find((c) => c.role.sub === 'ethnic' && !c.role.group);
  const named = counts.filter((c) => c.role.sub === 'ethnic' && c.role.group);
  if (ethnic && named.length) {
    if (named.some((c) => c.role.group === 'other') && named.length > 1) parts(ethnic.col, named.map((c) => c.col));
    else for (const c of named) out.push({ kind: 'bound', lhs: c.col, terms: [{ col: ethnic.col, coef: 1 }], message: 'bound-subgroup', what: { id: 'sub-ethnic', p: {} } });
  }
  // "Tổng số thiếu hụt" = Σ households lacking each indicator.
  const total = counts.find((c) => c.role.group === 'total' && c.role.code.includes('deprivation'));
  const indicators = counts.filter((c) => c.role.sub === 'deprivation' && c.role.group !== 'total');
  if (total && indicators.length > 1) parts(total.col, indicators.map((c) => c.col));
  return out;
}

/** Relations between populations and whole columns, once per table. */
export function tablePartsRelations(cols: TableCols): (LinearRelation | BoundRelation)[] {
  const out: (LinearRelation | BoundRelation)[] = [];
  for (const flow of FLOWS) {
    const both = cols.col(`poorAndNearPoor.${flow}`);
    const poor = cols.col(`poor.${flow}`);
    const near = cols.col(`nearPoor.${flow}`);
    if (both !== undefined && poor !== undefined && near !== undefined)
      out.push({ kind: 'linear', family: 'parts', target: both, terms: [poor, near].map((col) => ({ col, coef: 1, required: true })) });
  }
  const households = cols.col('households');
  const persons = cols.col('persons');
  if (households !== undefined && persons !== undefined) out.push({ kind: 'bound', lhs: households, terms: [{ col: persons, coef: 1 }], message: 'bound-persons' });
  // Poor, near-poor and middle are disjoint classes: together at most all households (persons).
  for (const [whole, measure] of [[households, ''], [persons, 'persons.']] as const) {
    if (whole === undefined) continue;
    for (const flow of FLOWS) {
      const classes = DISJOINT.map((pop) => cols.col(`${pop}.${measure}${flow}`)).filter((c): c is number => c !== undefined);
      if (classes.length < 2) continue;
      out.push({ kind: 'bound', lhs: classes[0], terms: [{ col: whole, coef: 1 }, ...classes.slice(1).map((col) => ({ col, coef: -1 }))], message: 'bound-classes' });
    }
  }
  return out;
}
