// The report the engine produces. Its JSON form is the CLI's public
// contract (`povcheck check --json`): fields and rule codes may be added,
// never renamed or removed.

export type Severity = 'error' | 'warning' | 'info';

/** Stable rule codes. Extend, never rename. */
export type RuleCode =
  | 'sum-mismatch'
  | 'rate-mismatch'
  | 'balance-mismatch'
  | 'exceeds-bound'
  | 'number-as-text'
  | 'invalid-value'
  /** A sheet in which no table was found. */
  | 'no-table'
  /** A header the engine could not give a role; it is left out of every check. */
  | 'unknown-column'
  /** Something the numbers do not allow to check (e.g. rates without a households column). */
  | 'not-checked'
  /** A merged cell spanning several data rows: only its first row gets the value. */
  | 'merged-cells';

/** Every rule code, in the order they were introduced (the JSON contract's list). */
export const RULE_CODES: readonly RuleCode[] = [
  'sum-mismatch',
  'rate-mismatch',
  'balance-mismatch',
  'exceeds-bound',
  'number-as-text',
  'invalid-value',
  'no-table',
  'unknown-column',
  'not-checked',
  'merged-cells',
];

export interface Issue {
  sheet: string;
  /** A1 address of the cell the issue sits at. */
  cell: string;
  rule: RuleCode;
  severity: Severity;
  message: string;
  /** The value the sheet holds, as a number where it is one. */
  stated: number | string | null;
  /** The value the relations imply, where one can be stated. */
  expected: number | string | null;
  /** Extension: all cells concerned when one issue stands for several (e.g. a column of numbers stored as text). */
  cells?: string[];
  /** Extension: the unit (row label) the cell belongs to. */
  unit?: string;
  /** Extension: 0-based index of the table in its sheet's `tables`. */
  table?: number;
  /** Extension: the relations this cell breaks, when one cell explains several. */
  relations?: string[];
  /** Extension: the cell's row is hidden (or filtered out) in the sheet; it is checked all the same. */
  hiddenRow?: boolean;
  /** Extension: decimals the sheet shows for `stated` and `expected` (1.1 is shown as 1,10 when 2). */
  decimals?: number;
}

export interface ColumnReport {
  /** Column letters, e.g. `C`. */
  column: string;
  /** Role code (see roles.ts), or `unknown`. */
  role: string;
  /** Header text the role came from, group and child joined by ` / `. */
  header: string;
  /** Extension: numbered-column label such as `10=2-8`, if the table has that row. */
  label?: string;
}

export interface TableReport {
  /** A1 range of the whole table, header included. */
  range: string;
  columns: ColumnReport[];
  /** Extension: header rows, numbered row, data rows as A1 row numbers. */
  headerRows?: [number, number];
  dataRows?: [number, number];
  /** Extension: count of rows by kind. */
  rows?: { units: number; groups: number; totals: number };
}

export interface SheetReport {
  name: string;
  tables: TableReport[];
}

export interface Report {
  file: string;
  sheets: SheetReport[];
  issues: Issue[];
}

export type Lang = 'vi' | 'en';
