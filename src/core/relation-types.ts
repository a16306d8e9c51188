// The relation types the rule modules build and the checks, localisation and
// corrections read, with the column lookups the rule modules share. Apart from
// relations.ts, which runs the rule modules, so that a rule module never
// imports the module that imports it.
import type { Msg, MessageId } from './messages';
import type { Expr } from './formula';
import type { Table, TableColumn } from './tables';

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

export { NUMERIC_KINDS } from './role-types';
/** Columns summed over member rows. */
export const SUMMED_KINDS: readonly string[] = ['count', 'households', 'persons'];

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
