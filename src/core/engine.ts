// Entry point of the pure core: workbook grid in, report out.
import type { Workbook } from './grid';
import type { Lang, Report } from './report';

export interface CheckOptions {
  /** File name shown in the report. */
  file?: string;
  lang?: Lang;
  /** Only this sheet. */
  sheet?: string;
}

export function checkWorkbook(wb: Workbook, options: CheckOptions = {}): Report {
  // Placeholder until the engine lands (same session); keeps the CLI compilable.
  return { file: options.file ?? '', sheets: wb.sheets.map((s) => ({ name: s.name, tables: [] })), issues: [] };
}
