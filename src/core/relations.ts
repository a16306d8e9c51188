// The relations a recognised table must satisfy, as data. Rule modules
// (rules/*.ts), one per family, read the table's columns and rows and declare
// relations between columns (holding on every data row) or between rows (a
// group or total and its members). The same objects are evaluated by the
// checks (checks.ts), become constraints for localisation (locate.ts) and
// give each derived cell its formula in a corrected table (correct.ts).
// Nothing here reads a cell value.
import type { Table } from './tables';
import { type LinearRelation, type RateRelation, type TableRelations, NUMERIC_KINDS, TableCols } from './relation-types';
import { balanceRelations } from './rules/balance';
import { boundRelations } from './rules/bounds';
import { declaredRelations } from './rules/declared';
import { partsRelations, tablePartsRelations } from './rules/parts';
import { rateRelations } from './rules/rates';
import { sumRelations } from './rules/sums';

export * from './relation-types';

const cache = new WeakMap<Table, TableRelations>();

/** Every relation of a table, built once per table by the rule modules. */
export function tableRelations(table: Table): TableRelations {
  let r = cache.get(table);
  if (!r) {
    const cols = new TableCols(table);
    r = {
      rates: rateRelations(cols),
      rows: [
        ...cols.populations().flatMap((pop) => [...balanceRelations(cols, pop), ...boundRelations(cols, pop), ...partsRelations(cols, pop)]),
        ...tablePartsRelations(cols),
      ],
      sums: sumRelations(table),
      declared: declaredRelations(cols),
      base: cols.base(),
      cols,
    };
    cache.set(table, r);
  }
  return r;
}

/**
 * The relation that defines each derived column of a unit row, for writing it as a
 * formula: a balance defines its end; a declared sum or difference defines a count
 * column nothing else defines (and whose terms are not derived themselves); a rate
 * is its declared ratio, else count ÷ base from the headers.
 */
export function definingRelations(table: Table): Map<number, LinearRelation | RateRelation> {
  const rels = tableRelations(table);
  const out = new Map<number, LinearRelation | RateRelation>();
  for (const r of rels.rows) if (r.kind === 'linear' && r.family === 'balance') out.set(r.target, r);
  for (const r of rels.declared) {
    if (r.kind !== 'linear' || out.has(r.target) || !NUMERIC_KINDS.includes(rels.cols.at(r.target)!.role.kind)) continue;
    if (r.terms.some((t) => t.col === r.target || out.has(t.col) || t.coef === 0)) continue;
    out.set(r.target, r);
  }
  const declaredRate = new Map<number, RateRelation>();
  for (const r of rels.declared) if (r.kind === 'rate') declaredRate.set(r.target, r);
  for (const c of table.columns) {
    if (c.role.kind !== 'rate') continue;
    const r = declaredRate.get(c.col) ?? rels.rates.find((x) => x.target === c.col);
    if (r) out.set(c.col, r);
  }
  return out;
}
