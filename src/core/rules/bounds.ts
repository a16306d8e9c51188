// Bounds of one population: a planned reduction ≤ the poor who can leave
// (start − unable to work), a subgroup ≤ its population at the subgroup's own
// time (an end-of-period subgroup ≤ the end count) and ≤ the same subgroup of
// all households, a count ≤ households, persons ≥ households.
import type { MessageId } from '../messages';
import type { BoundRelation, TableCols } from '../relation-types';
import { populationColumns } from './balance';

export function boundRelations(cols: TableCols, pop: string): BoundRelation[] {
  const out: BoundRelation[] = [];
  const start = cols.col(`${pop}.start`);
  const end = cols.col(`${pop}.end`);
  const unable = cols.col(`${pop}.unable`);
  const { dec, subs } = populationColumns(cols, pop);
  if (start !== undefined) {
    for (const d of dec.filter((c) => c.role.flow === 'decrease' && c.role.pop === pop)) {
      const terms = unable !== undefined ? [{ col: start, coef: 1 }, { col: unable, coef: -1 }] : [{ col: start, coef: 1 }];
      out.push({ kind: 'bound', lhs: d.col, terms, message: 'bound-reduction' });
    }
  }
  for (const c of subs) {
    const what = { id: `sub-${c.role.sub}` as MessageId, p: {} };
    // Its own population: persons subgroups are not bounded by household counts.
    if (c.role.measure === 'persons') continue;
    const whole = (c.role.flow === 'end' ? end : undefined) ?? start ?? (pop === 'all' ? cols.col('households') : undefined);
    if (whole !== undefined) out.push({ kind: 'bound', lhs: c.col, terms: [{ col: whole, coef: 1 }], message: 'bound-subgroup', what });
    // "Trong đó hộ DTTS" of all households bounds the DTTS households of every population.
    const all = cols.columns.find((x) => x.role.pop === 'all' && x.role.sub === c.role.sub && !x.role.group && x.role.measure !== 'persons');
    if (all && pop !== 'all' && !c.role.group) out.push({ kind: 'bound', lhs: c.col, terms: [{ col: all.col, coef: 1 }], message: 'bound-subgroup', what });
  }
  const households = cols.col('households');
  if (households !== undefined) {
    for (const c of [start, end]) if (c !== undefined) out.push({ kind: 'bound', lhs: c, terms: [{ col: households, coef: 1 }], message: 'bound-households' });
  }
  // A population's persons ≥ its households (every household has a member).
  for (const flow of ['start', 'end']) {
    const h = cols.col(`${pop}.${flow}`);
    const p = cols.col(`${pop}.persons.${flow}`);
    if (h !== undefined && p !== undefined) out.push({ kind: 'bound', lhs: h, terms: [{ col: p, coef: 1 }], message: 'bound-persons' });
  }
  return out;
}
