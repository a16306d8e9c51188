// The relations a recognised table must satisfy, as data. Rule modules
// (rules/*.ts), one per family, read the table's columns and rows and declare
// relations between columns (holding on every data row) or between rows (a
// group or total and its members). The same objects are evaluated by the
// checks (checks.ts), become constraints for localisation (locate.ts) and
// give each derived cell its formula in a corrected table (correct.ts).
// Nothing here reads a cell value.
import type { Msg, MessageId } from './messages';
import type { Expr } from './formula';
import type { Table, TableColumn } from './tables';
import { balanceRelations } from './rules/balance';
import { boundRelations } from './rules/bounds';
import { declaredRelations } from './rules/declared';
import { partsRelations, tablePartsRelations } from './rules/parts';
import { rateRelations } from './rules/rates';
import { sumRelations } from './rules/sums';

/** One term of a linear relation: coef · (the same row's cell in `col`). */
export interface ColTerm {
  col: number;
  coef: number;
  /** An empty optional term counts as 0; an empty required one leaves nothing to check. */
  required: boolean;
  /** How the term is named in a message (start, decrease…). */
  name?: Msg;
}

/** target = Σ coef·term on each data row: a balance, parts of a whole, a declared formula. */
export interface LinearRelation {
  kind: 'linear';
  family: 'balance' | 'parts' | 'formula';
  target: number;
  terms: ColTerm[];
  /** The numbered row's label (`10=2-8`) for a declared formula. */
  label?: string;
}

/**
 * rate = count ÷ base × 100 on each data row, at the decimals the rate shows;
 * half-up is right, truncation and half-even/up are warnings (the rounding convention).
 */
export interface RateRelation {
  kind: 'rate';
  target: number;
  count: number;
  base: number;
  /** Declared in the numbered row (`4=3/1*100`) rather than read from the headers. */
  label?: string;
  /** A declared formula over the column names its own ratio; the header reading yields to it in the checks. */
  superseded?: boolean;
}

/** lhs ≤ Σ coef·term on each data row. */
export interface BoundRelation {
  kind: 'bound';
  lhs: number;
  terms: { col: number; coef: number }[];
  message: Extract<MessageId, 'bound-reduction' | 'bound-subgroup' | 'bound-households' | 'bound-persons' | 'bound-classes'>;
  what?: Msg;
}

/** A declared column formula that is neither linear nor a ratio, evaluated exactly. */
export interface ExprRelation {
  kind: 'expr';
  target: number;
  expr: Expr;
  /** Column index of each column number the formula names. */
  cols: Map<number, number>;
  label: string;
}

/** A declared formula (`11=3-9`) over a rate column: a difference of rates, which the counts decide. */
export interface RateFormulaRelation {
  kind: 'rate-formula';
  target: LinearRelation;
}

/** A group's or total's cells = Σ its member rows' cells, in every summed column. */
export interface SumRelation {
  kind: 'sum';
  /** Index into Table.rows. */
  row: number;
  members: number[];
  cols: number[];
}

export type RowRelation = LinearRelation | RateRelation | BoundRelation;
export type DeclaredRelation = LinearRelation | RateRelation | ExprRelation | RateFormulaRelation;

/** One population's row relations in the order they are checked. */
export interface TableRelations {
  /** Rates from the headers (count and base columns recognised by role). */
  rates: RateRelation[];
  /** Balances, parts and bounds, population by population. */
  rows: (LinearRelation | BoundRelation)[];
  /** Group and total rows. */
  sums: SumRelation[];
  /** The numbered row's formulas, column by column. */
  declared: DeclaredRelation[];
  /** The column counts and rates are divided by (households, else persons). */
  base?: number;
  /** The column lookups the rules used. */
  cols: TableCols;
}

export type Relation = RowRelation | SumRelation | DeclaredRelation;

/** Columns whose cells are numbers the relations use. */
export const NUMERIC_KINDS: readonly string[] = ['count', 'rate', 'households', 'persons'];
/** Columns summed over member rows. */
export const SUMMED_KINDS: readonly string[] = ['count', 'households', 'persons'];

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

function stableSort<T>(xs: T[], rank: (x: T) => number): T[] {
  return xs.map((x, i) => ({ x, i })).sort((a, b) => rank(a.x) - rank(b.x) || a.i - b.i).map((e) => e.x);
}

/** Lookups over a table's columns the rule modules share. */
export class TableCols {
  readonly byCol = new Map<number, TableColumn>();
  private readonly byCode = new Map<string, number | undefined>();
  constructor(readonly table: Table) {
    for (const c of table.columns) this.byCol.set(c.col, c);
  }

  get columns(): TableColumn[] {
    return this.table.columns;
  }

  at(col: number | undefined): TableColumn | undefined {
    return col === undefined ? undefined : this.byCol.get(col);
  }

  /** The first column with this role code. */
  col(code: string): number | undefined {
    if (!this.byCode.has(code)) this.byCode.set(code, this.table.columns.find((c) => c.role.code === code)?.col);
    return this.byCode.get(code);
  }

  base(): number | undefined {
    return this.col('households') ?? this.col('persons');
  }

  /** Populations the table's columns count, in the order of POPULATIONS (then as met). */
  populations(): string[] {
    const seen = [...new Set(this.table.columns.map((c) => c.role.pop).filter((p): p is NonNullable<typeof p> => !!p))];
    const rank = (p: string) => (POPULATIONS.includes(p) ? POPULATIONS.indexOf(p) : POPULATIONS.length);
    return stableSort(seen as string[], rank);
  }

  /** Numbered-row labels: column number → column. */
  numbered(): Map<number, TableColumn> {
    const byNum = new Map<number, TableColumn>();
    for (const c of this.table.columns) if (c.label?.num != null) byNum.set(c.label.num, c);
    return byNum;
  }
}

/** Populations in report order; a population not listed is checked after these. */
export const POPULATIONS: string[] = ['poor', 'nearPoor', 'middle', 'poorAndNearPoor', 'all'];
