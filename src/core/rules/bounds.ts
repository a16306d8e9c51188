// Bounds of one population: a planned reduction ≤ the poor who can leave
// (start − unable to work), a subgroup ≤ its population, a count ≤ households.
import type { MessageId } from '../messages';
import type { BoundRelation, TableCols } from '../relations';
import { populationColumns } from './balance';

export function boundRelations(cols: TableCols, pop: string): BoundRelation[] {
  const out: BoundRelation[] = [];
  const start = cols.col(`${pop}.start`);
  const end = cols.col(`${pop}.end`);
  const unable = cols.col(`${pop}.unable`);
  const { dec, subs } = populationColumns(cols, pop);
  if (start !== undefined) {
    for (const d of dec.filter((c) => c.role.flow === 'decrease')) {
      const terms = unable !== undefined ? [{ col: start, coef: 1 }, { col: unable, coef: -1 }] : [{ col: start, coef: 1 }];
      out.push({ kind: 'bound', lhs: d.col, terms, message: 'bound-reduction' });
    }
    for (const c of subs) {
      out.push({ kind: 'bound', lhs: c.col, terms: [{ col: start, coef: 1 }], message: 'bound-subgroup', what: { id: `sub-${c.role.sub}` as MessageId, p: {} } });
    }
  }
  const households = cols.col('households');
  if (households !== undefined) {
    for (const c of [start, end]) if (c !== undefined) out.push({ kind: 'bound', lhs: c, terms: [{ col: households, coef: 1 }], message: 'bound-households' });
  }
  return out;
}
