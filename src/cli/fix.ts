// `povcheck fix IN.xlsx -o OUT.xlsx`: a copy of IN with one corrected sheet
// per table and the report sheet. The source sheets are never changed; OUT is
// written atomically and never over IN.
import * as fs from 'fs';
import { type CheckedWorkbook, checkWorkbook, checkedWorkbook } from '../core/engine';
import type { Issue, Lang, Report } from '../core/report';
import { type AppliedCorrection, type ApplyMode, correctedSheetPlans, ownSheetPurposeOf, planToSheet, reportPlan } from '../core/correct';
import { rangeA1 } from '../core/grid';
import { FIX_TEXT as W, T } from './text';
import { countIssues } from './render';
import { detail, failWith, isSameFile, readFailureOf } from './options';

export interface FixArgs {
  input: string;
  output: string;
  apply: ApplyMode;
  json: boolean;
  lang: Lang;
}

interface Out {
  write(s: string): unknown;
}

/** What `fix --json` prints. Fields may be added, never renamed. */
export interface FixResult {
  file: string;
  output: string;
  apply: ApplyMode;
  sheets: {
    name: string;
    source: string;
    /** The table in the source sheet, and in the corrected sheet. */
    sourceRange: string;
    range: string;
    applied: AppliedCorrection[];
    recomputed: { sourceCell: string; cell: string }[];
  }[];
  report: string;
  /** PovCheck's sheets from an earlier run that no longer have a table to hold. */
  removed: string[];
  /** The issues of the input (the report sheet lists these). */
  issues: Issue[];
  /** The issues that remain in the corrected sheets; errors among them make the exit code 1. */
  remaining: Issue[];
}



/** Runs `fix`; returns the exit code (0 no error remains in the corrected sheets, 1 some remain, 2 unreadable input or write failure). */
export async function runFix(args: FixArgs, io: { stdout: Out; stderr: Out; now?: () => Date }): Promise<number> {
  const { lang } = args;
  const fail = (e: unknown) => failWith(io, args.json, readFailureOf(lang, args.input, e));
  if (isSameFile(args.input, args.output)) return failWith(io, args.json, { code: 'same-file', file: args.input, message: T.sameFile(lang, args.input) });
  const now = io.now?.() ?? new Date();
  // Loaded on first use, as for check: ExcelJS is slow to load.
  const { readXlsxFile, XlsxWriter } = await import('../hosts/xlsx');
  let report: Report;
  let checked: CheckedWorkbook;
  let writer: InstanceType<typeof XlsxWriter>;
  let sheets;
  try {
    const wb = await readXlsxFile(args.input);
    // PovCheck's own sheets from an earlier run are neither checked nor corrected again.
    sheets = wb.sheets.filter((s) => !ownSheetPurposeOf(s));
    checked = checkedWorkbook({ sheets }, { file: args.input, lang });
    report = checked.report;
    writer = await XlsxWriter.load(await fs.promises.readFile(args.input));
  } catch (e) {
    return fail(e);
  }

  const result: FixResult = { file: args.input, output: args.output, apply: args.apply, sheets: [], report: '', removed: [], issues: report.issues, remaining: [] };
  const written = [];
  for (const sheet of sheets) {
    const widths = writer.widthsOf(sheet.name);
    const tables = checked.tables[sheet.name];
    const plans = correctedSheetPlans(sheet, report.issues, { lang, apply: args.apply, date: now, widths }, tables);
    for (const [i, plan] of plans.entries()) {
      const name = await writer.writeSheet(plan);
      written.push({ ...plan, name });
      result.sheets.push({
        name,
        source: sheet.name,
        sourceRange: rangeA1(tables[i].range),
        range: rangeA1(plan.range),
        applied: plan.applied,
        recomputed: plan.recomputed,
      });
    }
  }
  result.report = await writer.writeSheet(reportPlan(report, lang, { date: now }));
  result.removed = writer.removeStaleSheets();
  result.remaining = checkWorkbook({ sheets: written.map(planToSheet) }, { file: args.output, lang }).issues;

  try {
    await writer.save(args.output);
  } catch (e) {
    return failWith(io, args.json, { code: 'write-failed', file: args.output, message: T.writeFailed(lang, args.output, detail(e)) });
  }

  const c = countIssues(result.remaining);
  if (args.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const lines = [W.wrote(lang, args.output)];
    for (const s of result.sheets) {
      lines.push(W.sheet(lang, s.name, s.source, s.sourceRange));
      lines.push(W.applied(lang, s.applied.length, s.recomputed.length));
      for (const a of s.applied) lines.push(W.change(a.cell, a.sourceCell, String(a.old ?? ''), String(a.value), a.reason));
    }
    if (!result.sheets.length) lines.push(W.noTables(lang));
    lines.push(W.report(lang, result.report, report.issues.length));
    if (result.removed.length) lines.push(W.removed(lang, result.removed));
    lines.push(W.remaining(lang, c.error, c.warning, c.info));
    for (const i of result.remaining) if (i.severity !== 'info') lines.push(W.remainingIssue(i));
    io.stdout.write(lines.join('\n') + '\n');
  }
  return c.error ? 1 : 0;
}
