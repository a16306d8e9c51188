// Entry point of the pure core: workbook grid in, checked workbook out.
// The pipeline, one step per module:
//   1. read grid            hosts/xlsx, hosts/excel → grid.ts (Workbook)
//   2. tables and roles     tables.ts, roles.ts (the user's role overrides applied here)
//   3. relations            relations.ts + rules/*.ts
//   4. evaluate             checks.ts (each relation on each row → failures)
//   5. localise             locate.ts + explain.ts (the fewest cells that explain the failures)
//   6. render               messages.ts (ids + parameters → vi / en text)
// The tables travel with the report, so fix, allocate, appendix and the pane
// never find them again (and never lose the overrides).
import { type Sheet, type Workbook, a1, rangeA1 } from './grid';
import type { Issue, Lang, Report, SheetReport } from './report';
import { type Table, findTables } from './tables';
import { checkTable } from './checks';
import { render } from './messages';
import { columnReport, tableLayoutReport } from './role-report';
import { type SheetTables, crossTableIssues } from './cross-table';
import { pushAll } from './arrays';

export interface CheckOptions {
  /** File name shown in the report. */
  file?: string;
  lang?: Lang;
  /** Only this sheet. */
  sheet?: string;
  /** Column roles chosen by the user where recognition got them wrong. */
  roles?: RoleOverrides;
  /** Called after each sheet with the sheets and tables checked so far (the page's progress). */
  onProgress?: (done: { sheets: number; tables: number }) => void;
}

/** Role codes chosen by the user, per sheet name then per column letter, e.g. `{ 'Phụ lục': { E: 'poor.end' } }`. */
export type RoleOverrides = Record<string, Record<string, string>>;

/** A checked workbook: the report, the grids it was made from and every sheet's tables (roles as overridden). */
export interface CheckedWorkbook {
  report: Report;
  workbook: Workbook;
  /** Tables by sheet name, for the sheets that were checked. */
  tables: Record<string, Table[]>;
}

/** The report (the CLI's `check --json`); `tables`, when given, receives each checked sheet's tables. */
export function checkWorkbook(wb: Workbook, options: CheckOptions = {}, tables?: Record<string, Table[]>): Report {
  const checked = checkedWorkbook(wb, options);
  if (tables) Object.assign(tables, checked.tables);
  return checked.report;
}

/** Steps 2 to 6 of the pipeline for every sheet (or the one `options.sheet` names). */
export function checkedWorkbook(wb: Workbook, options: CheckOptions = {}): CheckedWorkbook {
  const lang = options.lang ?? 'vi';
  const sheets: SheetReport[] = [];
  const issues: Issue[] = [];
  const found: Record<string, Table[]> = {};
  const shared: SheetTables[] = [];
  let tablesDone = 0;
  for (const sheet of wb.sheets) {
    if (options.sheet !== undefined && sheet.name !== options.sheet) continue;
    const tables = (found[sheet.name] = tablesOf(sheet, options.roles));
    shared.push({ sheet, tables });
    sheets.push({
      name: sheet.name,
      tables: tables.map((t) => ({
        range: rangeA1(t.range),
        columns: t.columns.map(columnReport),
        headerRows: [t.headerTop + 1, (t.numberedRow ?? t.headerBottom) + 1] as [number, number],
        dataRows: t.rows.length ? ([t.rows[0].row + 1, t.rows[t.rows.length - 1].row + 1] as [number, number]) : undefined,
        rows: {
          units: t.rows.filter((r) => r.kind === 'unit').length,
          groups: t.rows.filter((r) => r.kind === 'group').length,
          totals: t.rows.filter((r) => r.kind === 'total').length,
        },
        ...tableLayoutReport(t),
      })),
    });
    if (!tables.length) {
      issues.push({
        sheet: sheet.name,
        cell: a1(0, 0),
        rule: 'no-table',
        severity: 'info',
        message: render({ id: 'no-table', p: {} }, lang),
        stated: null,
        expected: null,
      });
      options.onProgress?.({ sheets: sheets.length, tables: tablesDone });
      continue;
    }
    tables.forEach((t, i) => pushAll(issues, checkTable(sheet, t, i, lang)));
    tablesDone += tables.length;
    options.onProgress?.({ sheets: sheets.length, tables: tablesDone });
  }
  pushAll(issues, crossTableIssues(shared, lang));
  if (!wb.sheets.length) {
    issues.push({ sheet: '', cell: 'A1', rule: 'no-table', severity: 'info', message: render({ id: 'no-sheets', p: {} }, lang), stated: null, expected: null });
  }
  return { report: { file: options.file ?? '', sheets, issues }, workbook: wb, tables: found };
}

/** Step 2: a sheet's tables, with the user's role overrides for it. */
export function tablesOf(sheet: Sheet, roles?: RoleOverrides): Table[] {
  return findTables(sheet, roles?.[sheet.name]);
}

/**
 * The tables of a sheet in a checked result: those the check found, else found now
 * with the same overrides (a result made before tables travelled with it).
 */
export function checkedTables(result: { tables?: Record<string, Table[]> }, sheet: Sheet, roles?: RoleOverrides): Table[] {
  return result.tables?.[sheet.name] ?? tablesOf(sheet, roles);
}
