// The report as a sheet (fix's "PovCheck report" sheet): one row per issue.
import * as D from './decimal';
import type { Issue, Lang, Report, Suggestion } from './report';
import { phrase } from './messages';
import { type PlannedCell, type SheetPlan, REPORT_SHEET, fitRowHeights } from './plan';
import { FILL_ERROR, FILL_RECOMPUTED, formatDate } from './own-sheets';

export interface ReportPlanOptions {
  date?: Date;
}

/**
 * The report as a sheet: a marker row, a bold frozen header, then one row per
 * issue with a link to its cell, the stated and expected values, and the
 * suggestion (cell = value, reason).
 */
export function reportPlan(report: Report, lang: Lang, options: ReportPlanOptions = {}): SheetPlan {
  const cells: PlannedCell[] = [];
  const file = report.file.split(/[\\/]/).pop() ?? report.file;
  cells.push({ row: 0, col: 0, value: phrase('report-marker', lang, { file, date: formatDate(options.date ?? new Date()) }), bold: true });
  phrase('report-header', lang).split('\t').forEach((h, col) => cells.push({ row: 1, col, value: h, bold: true, fill: 'D9E1F2' }));
  let r = 2;
  for (const issue of report.issues) {
    const sevFill = issue.severity === 'error' ? FILL_ERROR : issue.severity === 'warning' ? FILL_RECOMPUTED : undefined;
    cells.push({ row: r, col: 0, value: issue.sheet });
    cells.push({ row: r, col: 1, value: issue.cell, ...(issue.sheet ? { link: { sheet: issue.sheet, cell: issue.cell } } : {}) });
    cells.push({ row: r, col: 2, value: phrase(`severity-${issue.severity}`, lang), ...(sevFill ? { fill: sevFill } : {}) });
    cells.push({ row: r, col: 3, value: issue.rule });
    cells.push({ row: r, col: 4, value: issue.message, wrap: true });
    const fmt = issue.decimals ? `0.${'0'.repeat(issue.decimals)}` : '#,##0';
    for (const [col, v] of [
      [5, issue.stated],
      [6, issue.expected],
    ] as const) {
      if (v === null || v === undefined) continue;
      cells.push(typeof v === 'number' ? { row: r, col, value: v, numFmt: Number.isInteger(v) || issue.decimals ? fmt : 'General' } : { row: r, col, value: v });
    }
    const s = suggestionText(issue, lang);
    if (s) cells.push({ row: r, col: 7, value: s, wrap: true });
    r++;
  }
  if (!report.issues.length) cells.push({ row: 2, col: 0, value: phrase('no-issues', lang) });
  return fitRowHeights({
    name: REPORT_SHEET,
    purpose: 'report',
    cells,
    merges: [],
    widths: [22, 8, 11, 18, 80, 12, 12, 60],
    freeze: { rows: 2, cols: 0 },
  });
}

/** `C18 = 2.111 (chắc chắn): reason; hoặc C10 = …` */
export function suggestionText(issue: Issue, lang: Lang): string {
  if (!issue.suggestion) return '';
  const one = (s: Suggestion) =>
    `${s.cell} = ${D.format(D.fromNumber(s.value), issue.decimals ?? null, lang)} (${phrase(`confidence-${s.confidence}`, lang)}): ${s.reason}`;
  return [one(issue.suggestion), ...(issue.alternatives ?? []).map(one)].join(`; ${phrase('or', lang)} `);
}
