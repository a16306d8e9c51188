// Entry point of the pure core: workbook grid in, report out.
import { type Workbook, a1, rangeA1, colName } from './grid';
import type { Issue, Lang, Report, SheetReport } from './report';
import { findTables } from './tables';
import { checkTable } from './checks';
import { render } from './messages';
import { pushAll } from './arrays';

export interface CheckOptions {
  /** File name shown in the report. */
  file?: string;
  lang?: Lang;
  /** Only this sheet. */
  sheet?: string;
  /** Column roles chosen by the user where recognition got them wrong. */
  roles?: RoleOverrides;
}

/** Role codes chosen by the user, per sheet name then per column letter, e.g. `{ 'Phụ lục': { E: 'poor.end' } }`. */
export type RoleOverrides = Record<string, Record<string, string>>;

export function checkWorkbook(wb: Workbook, options: CheckOptions = {}): Report {
  const lang = options.lang ?? 'vi';
  const sheets: SheetReport[] = [];
  const issues: Issue[] = [];
  for (const sheet of wb.sheets) {
    if (options.sheet !== undefined && sheet.name !== options.sheet) continue;
    const tables = findTables(sheet, options.roles?.[sheet.name]);
    sheets.push({
      name: sheet.name,
      tables: tables.map((t) => ({
        range: rangeA1(t.range),
        columns: t.columns.map((c) => ({
          column: colName(c.col),
          role: c.role.code,
          header: c.header,
          ...(c.label ? { label: c.label.text } : {}),
        })),
        headerRows: [t.headerTop + 1, (t.numberedRow ?? t.headerBottom) + 1] as [number, number],
        dataRows: t.rows.length ? ([t.rows[0].row + 1, t.rows[t.rows.length - 1].row + 1] as [number, number]) : undefined,
        rows: {
          units: t.rows.filter((r) => r.kind === 'unit').length,
          groups: t.rows.filter((r) => r.kind === 'group').length,
          totals: t.rows.filter((r) => r.kind === 'total').length,
        },
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
      continue;
    }
    tables.forEach((t, i) => pushAll(issues, checkTable(sheet, t, i, lang)));
  }
  if (!wb.sheets.length) {
    issues.push({ sheet: '', cell: 'A1', rule: 'no-table', severity: 'info', message: render({ id: 'no-sheets', p: {} }, lang), stated: null, expected: null });
  }
  return { file: options.file ?? '', sheets, issues };
}
