// "Sửa lỗi" in the browser page, the planning half (pure, no ExcelJS): the
// same steps as `povcheck fix` (src/cli/fix.ts) — PovCheck's own sheets left
// out, the workbook checked, one corrected plan per table, the report plan —
// so the page can list exactly which cells will change before asking.
import { type ApplyMode, type CorrectedPlan, correctedSheetPlans, ownSheetPurposeOf, reportPlan } from '../core/correct';
import { checkedWorkbook, type RoleOverrides } from '../core/engine';
import type { Sheet, Workbook } from '../core/grid';
import type { SheetPlan } from '../core/plan';
import type { Issue, Lang, Report } from '../core/report';

export interface FixPlan {
  report: Report;
  /** Corrected plans per source sheet, in workbook order. */
  corrected: { sheet: Sheet; plans: CorrectedPlan[] }[];
  reportPlan: SheetPlan;
  /** Every suggestion written into a corrected sheet, with the issue it answers (for the confirmation). */
  applied: { sheet: string; cell: string; old: number | string | null; value: number; issue?: Issue }[];
}

export interface FixOptions {
  file: string;
  lang: Lang;
  apply: ApplyMode;
  date: Date;
  roles?: RoleOverrides;
  /** Column widths per sheet name (the writer knows them; planning works without). */
  widths?: (sheet: string) => (number | undefined)[];
}

/** Base name for the downloads: the source file's name without `.xlsx`. */
export function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.xlsx$/i, '') || 'PovCheck';
}

export function downloadNames(file: string, lang: Lang): { corrected: string; report: string; marked: string } {
  const b = baseName(file);
  return lang === 'en'
    ? { corrected: `${b} - corrected.xlsx`, report: `${b} - report.xlsx`, marked: `${b} - marked.xlsx` }
    : { corrected: `${b} - đã sửa.xlsx`, report: `${b} - báo cáo.xlsx`, marked: `${b} - đánh dấu.xlsx` };
}

export function planFix(workbook: Workbook, o: FixOptions): FixPlan {
  // PovCheck's own sheets from an earlier run are neither checked nor corrected again (as `fix`).
  const sheets = workbook.sheets.filter((s) => !ownSheetPurposeOf(s));
  // The tables the check found, with the officer's role choices: never found again without them.
  const checked = checkedWorkbook({ sheets }, { file: o.file, lang: o.lang, roles: o.roles });
  const report = checked.report;
  const corrected = sheets.map((sheet) => ({
    sheet,
    plans: correctedSheetPlans(sheet, report.issues, { lang: o.lang, apply: o.apply, date: o.date, widths: o.widths?.(sheet.name) }, checked.tables[sheet.name]),
  }));
  const applied: FixPlan['applied'] = [];
  for (const { sheet, plans } of corrected)
    for (const p of plans)
      for (const a of p.applied) {
        const issue = report.issues.find((i) => i.sheet === sheet.name && i.suggestion?.cell === a.sourceCell);
        applied.push({ sheet: sheet.name, cell: a.sourceCell, old: a.old, value: a.value, issue });
      }
  return { report, corrected, reportPlan: reportPlan(report, o.lang, { date: o.date }), applied };
}
