// The browser page's view of a checked workbook, out of React: one status per
// sheet (so a notes-first workbook or an error on the second sheet is never
// hidden behind the first sheet), and the sheet worth showing first.
import type { Issue, Report } from '../core/report';

export type SheetState =
  /** No table was found on the sheet (notes, a cover page…). */
  | 'no-table'
  /** Tables found, but only their headers: nothing was checked. */
  | 'no-rows'
  | 'issues'
  | 'clean';

export interface SheetStatus {
  sheet: string;
  state: SheetState;
  tables: number;
  errors: number;
  warnings: number;
  notes: number;
}

export function sheetStatuses(report: Report): SheetStatus[] {
  return report.sheets.map((s) => {
    const own = report.issues.filter((i) => i.sheet === s.name);
    const errors = own.filter((i) => i.severity === 'error').length;
    const warnings = own.filter((i) => i.severity === 'warning').length;
    const notes = own.length - errors - warnings;
    // A table with neither unit nor total rows had nothing to check (`rows` is an extension: absent means unknown, so checked).
    const hasRows = s.tables.some((tb) => !tb.rows || tb.rows.units + tb.rows.totals > 0);
    const state: SheetState = !s.tables.length ? 'no-table' : errors + warnings ? 'issues' : hasRows ? 'clean' : 'no-rows';
    return { sheet: s.name, state, tables: s.tables.length, errors, warnings, notes };
  });
}

/** The sheet to show when a workbook has just been checked: the first with errors or warnings, else the first with a table. */
export function firstSheetToShow(statuses: readonly SheetStatus[]): string | null {
  return (statuses.find((s) => s.state === 'issues') ?? statuses.find((s) => s.state !== 'no-table') ?? statuses[0])?.sheet ?? null;
}

export function issuesOfSheet(issues: readonly Issue[], sheet: string | null): Issue[] {
  return sheet === null ? [...issues] : issues.filter((i) => i.sheet === sheet);
}
