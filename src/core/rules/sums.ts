// Sums: a group or total row = Σ its member rows, in every count column
// (counts, households, persons; rates are not summed).
import type { Table } from '../tables';
import { SUMMED_KINDS, type SumRelation } from '../relation-types';

export function sumRelations(table: Table): SumRelation[] {
  const cols = table.columns.filter((c) => SUMMED_KINDS.includes(c.role.kind)).map((c) => c.col);
  const out: SumRelation[] = [];
  table.rows.forEach((r, i) => {
    if (r.members.length) out.push({ kind: 'sum', row: i, members: r.members, cols });
    for (const m of r.alsoMembers ?? []) out.push({ kind: 'sum', row: i, members: m, cols });
  });
  return out;
}
