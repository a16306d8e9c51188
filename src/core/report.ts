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
  | 'merged-cells'
  /** The same unit's count differs between two tables of one workbook (reported at both cells). */
  | 'cross-table-mismatch'
  /** compare: this year's start differs from last year's end (or the sum of the former units' ends). */
  | 'carry-mismatch'
  /** compare: a unit found in one of the two files only. */
  | 'unit-unmatched'
  /** compare: two names that look alike but were not matched (accents or one letter): confirm. */
  | 'name-near-miss'
  /** compare: households changed by more than the chosen share. */
  | 'households-change'
  /** compare --map: a former unit mapped twice, a new unit without former units, or a map name found in no file. */
  | 'map-problem'
  /** A declared column formula holds on every row where the headers' reading does not: the declared one was used (info). */
  | 'declared-formula-used'
  /** A rate column holds fractions (0,05 for 5 %) without a % format: read as percentages, checked as such (info, one per column). */
  | 'rate-as-fraction';

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
  'cross-table-mismatch',
  'carry-mismatch',
  'unit-unmatched',
  'name-near-miss',
  'households-change',
  'map-problem',
  'declared-formula-used',
  'rate-as-fraction',
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
  /** Extension: the change most likely to fix this issue, where the evidence justifies one. */
  suggestion?: Suggestion;
  /** Extension: other changes that explain the same failures equally well (a tie: none is picked silently). */
  alternatives?: Suggestion[];
  /** Extension: the cells this one is compared with (another table's, last year's file, the former units'). */
  others?: CellRef[];
  /** Extension: the file the issue's cell is in, when a report covers two files (compare). */
  file?: string;
}

/** A cell somewhere else, with the value it holds. */
export interface CellRef {
  /** Set when the cell is in another file than the issue's. */
  file?: string;
  sheet: string;
  cell: string;
  unit?: string;
  value: number | null;
}

/** Why a value is proposed. */
export type SuggestionKind =
  /** The relations imply this value and nothing more specific is known. */
  | 'implied'
  /** Stated and implied differ by one changed digit (2.211 → 2.111). */
  | 'typo-digit'
  /** Two neighbouring digits swapped (1.254 → 1.524). */
  | 'typo-swap'
  /** A digit dropped (94 → 194) or typed twice / added (1.1940 → 194). */
  | 'typo-dropped'
  | 'typo-added'
  /** A rate off only by its rounding convention (truncated instead of rounded). */
  | 'rounding';

export interface Suggestion {
  /** A1 address of the cell to change, on the issue's sheet. */
  cell: string;
  /** Extension: the unit (row label) the cell belongs to, where its row has one. */
  unit?: string;
  /** The value that makes every relation hold. */
  value: number;
  kind: SuggestionKind;
  /** One sentence in the report's language: what to change and why. */
  reason: string;
  /**
   * `high`: the only smallest change that makes every relation hold, and the
   * evidence agrees (e.g. a typo pattern) — "Áp dụng các sửa chắc chắn" applies these only.
   * `medium`: the only smallest change, without further evidence. `low`: one of a tie.
   */
  confidence: 'high' | 'medium' | 'low';
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
  /** Extension: 0 … 1, how sure the role is; below 0.5 the role is `unknown`. */
  confidence?: number;
  /** Extension: the (folded) header words that decided the role, own header first. */
  decidedBy?: string[];
  /** Extension: the role codes the column could have when two meanings are close. */
  candidates?: string[];
  /** Extension: for a rate, the column of its count and of its base. */
  countColumn?: string;
  baseColumn?: string;
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
  /** Extension: a table that is not one row per unit (indicators as rows); its relations are not checked. */
  layout?: { kind: 'indicator-rows'; reason: string };
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
