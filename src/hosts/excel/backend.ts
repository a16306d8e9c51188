// The pane's backend inside Excel: reads through ExcelHost, checks with the
// core engine, and writes marks and role choices back into the workbook.
import { type Sheet, isEmpty } from '../../core/grid';
import { checkedTables, checkedWorkbook } from '../../core/engine';
import { correctedSheetPlans, ownSheetPurposeOf, reportPlan } from '../../core/correct';
import type { SheetPlan } from '../../core/plan';
import type { Issue, Lang } from '../../core/report';
import {
  type CheckResult,
  type CheckRun,
  type CheckScope,
  type PaneBackend,
  type RoleOverrides,
  type UndoResult,
  PaneError,
} from '../../backend/contract';
import { HostError } from '../types';
import { clearMarksInContext, markInContext, storedValue, type MarkEnv } from './marks';
import { syncMetered } from './meter';
import { ExcelHost, type ExcelHostOptions, readSheetsInContext } from './read';
import { capabilities, missingFeatures, type MissingFeature } from './requirements';
import type { EditTarget } from './edits';
import { ExcelWriter } from './writer';
import { CHART_API, chartPlacement } from './chart';
import type { AppendixSheet } from '../../core/appendix-sheet';
import type { Workbook } from '../../core/grid';
import { pushAll } from '../../core/arrays';

export const ROLES_KEY = 'povcheck.roles';

/** Role overrides as stored, keeping only sheet → column letters → role code strings. */
export function parseRoleOverrides(value: unknown): RoleOverrides {
  const v = storedValue(value);
  const out: RoleOverrides = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [sheet, cols] of Object.entries(v as Record<string, unknown>)) {
    if (!cols || typeof cols !== 'object' || Array.isArray(cols)) continue;
    const kept: Record<string, string> = {};
    for (const [col, role] of Object.entries(cols as Record<string, unknown>)) {
      if (/^[A-Z]{1,3}$/.test(col) && typeof role === 'string') kept[col] = role;
    }
    if (Object.keys(kept).length) out[sheet] = kept;
  }
  return out;
}

/**
 * The in-place edits for these issues' suggestions: one per cell (the first
 * issue naming a cell wins). Where the suggestion is for the issue's own cell
 * and the check read a number there, the cell must still hold it: a value
 * typed after the check is never overwritten by a stale suggestion.
 */
export function suggestionTargets(issues: readonly Issue[]): EditTarget[] {
  const out: EditTarget[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const s = issue.suggestion;
    if (!s) continue;
    const cell = s.cell.replace(/\$/g, '').toUpperCase();
    const k = `${issue.sheet}\u0000${cell}`;
    if (seen.has(k)) continue;
    seen.add(k);
    // The report rounds `stated` to the decimals the sheet shows; the cell must still show it.
    const own = cell === issue.cell.replace(/\$/g, '').toUpperCase() && typeof issue.stated === 'number';
    const shown = own ? { shown: { value: issue.stated as number, ...(issue.decimals !== undefined ? { decimals: issue.decimals } : {}) } } : {};
    out.push({ sheet: issue.sheet, cell, value: s.value, rule: issue.rule, reason: s.reason, ...shown });
  }
  return out;
}

function isBlankSheet(s: Sheet): boolean {
  for (const row of s.rows) for (const c of row) if (c && !isEmpty(c)) return false;
  return true;
}

/** Our own errors pass through; anything Excel threw becomes `fallback` with its message. */
function toPaneError(e: unknown, fallback: 'read-failed' | 'write-failed'): Error {
  if (e instanceof PaneError) return e;
  if (e instanceof HostError) return new PaneError('read-failed', e.message);
  return new PaneError(fallback, e instanceof Error ? e.message : String(e));
}

export class ExcelBackend implements PaneBackend {
  readonly kind = 'excel' as const;
  readonly host: ExcelHost;

  constructor(options: ExcelHostOptions = {}) {
    this.host = new ExcelHost(options);
  }

  /** What this Excel cannot do (older requirement sets), for the pane to explain. */
  missingFeatures(): MissingFeature[] {
    return missingFeatures(this.host.isSetSupported);
  }

  /** Request bytes per write round trip (tests make it small to see chunking). */
  writeBudgetBytes?: number;

  private writer(): ExcelWriter {
    const { caps, meter } = this.env();
    return new ExcelWriter({ run: this.host.run, caps, meter, budgetBytes: this.writeBudgetBytes });
  }

  private env(): MarkEnv {
    const caps = capabilities(this.host.isSetSupported);
    if (!caps.read) throw new PaneError('unsupported', 'ExcelApi 1.4 is required');
    return { caps, meter: this.host.meter };
  }

  /** Round trips for a small active sheet: 2 (role choices and file name ride along with the first). */
  async check(scope: CheckScope, run: CheckRun): Promise<CheckResult> {
    const config = this.host.readConfig();
    const caps = capabilities(this.host.isSetSupported);
    const onProgress = run.onProgress;
    let read;
    try {
      read = await this.host.run(async (ctx) => {
        const setting = ctx.workbook.settings.getItemOrNullObject(ROLES_KEY);
        setting.load('value');
        if (caps.workbookName) ctx.workbook.load('name');
        const workbook = await readSheetsInContext(ctx, { kind: scope }, config, {
          signal: run.signal,
          // Reading is most of the time; the engine gets the last tenth.
          onProgress: onProgress && ((f) => onProgress(f * 0.9)),
        });
        return {
          workbook,
          roles: setting.isNullObject ? {} : parseRoleOverrides(setting.value),
          file: caps.workbookName ? ctx.workbook.name : '',
        };
      });
    } catch (e) {
      throw toPaneError(e, 'read-failed');
    }
    const { workbook, roles, file } = read;
    if (workbook.sheets.every(isBlankSheet)) throw new PaneError('empty-sheet');
    if (run.signal?.aborted) throw new PaneError('cancelled');
    const { report, tables } = checkedWorkbook(workbook, {
      lang: run.lang,
      roles,
      file,
      ...(scope === 'active' ? { sheet: workbook.sheets[0].name } : {}),
    });
    onProgress?.(1);
    return { report, workbook, tables };
  }

  /** One round trip. */
  async selectCell(sheet: string, cell: string): Promise<void> {
    const { meter } = this.env();
    try {
      await this.host.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem(sheet);
        ws.activate();
        ws.getRange(cell).select();
        await syncMetered(ctx, meter, 'select');
      });
    } catch (e) {
      throw toPaneError(e, 'read-failed');
    }
  }

  async loadRoleOverrides(): Promise<RoleOverrides> {
    const { meter } = this.env();
    try {
      return await this.host.run(async (ctx) => {
        const setting = ctx.workbook.settings.getItemOrNullObject(ROLES_KEY);
        setting.load('value');
        await syncMetered(ctx, meter, 'roles:load', [setting]);
        return setting.isNullObject ? {} : parseRoleOverrides(setting.value);
      });
    } catch (e) {
      throw toPaneError(e, 'read-failed');
    }
  }

  /** Stored in the workbook's settings (saved with the file), so the choice travels with the workbook. */
  async saveRoleOverrides(overrides: RoleOverrides): Promise<void> {
    const { meter } = this.env();
    const clean = parseRoleOverrides(overrides);
    try {
      await this.host.run(async (ctx) => {
        ctx.workbook.settings.add(ROLES_KEY, JSON.stringify(clean));
        await syncMetered(ctx, meter, 'roles:save');
      });
    } catch (e) {
      throw toPaneError(e, 'write-failed');
    }
  }

  /** Messages are already in the report's language; `lang` is kept for the interface. */
  async mark(issues: Issue[], _lang: Lang): Promise<number> {
    const env = this.env();
    try {
      return await this.host.run((ctx) => markInContext(ctx, issues, env));
    } catch (e) {
      throw toPaneError(e, 'write-failed');
    }
  }

  async clearMarks(): Promise<number> {
    const env = this.env();
    try {
      return await this.host.run((ctx) => clearMarksInContext(ctx, env));
    } catch (e) {
      throw toPaneError(e, 'write-failed');
    }
  }

  /**
   * Writes each issue's suggestion into its cell, logged, in one round trip
   * after reading the cells (3 in all; 2 before the log exists). Returns how
   * many cells changed.
   */
  async applySuggestions(issues: Issue[]): Promise<number> {
    const targets = suggestionTargets(issues);
    if (!targets.length) return 0;
    const edits = await this.writer().applyTargets(targets, new Date());
    return edits.length;
  }

  async undo(): Promise<number> {
    return (await this.undoDetailed()).restored;
  }

  async undoDetailed(): Promise<UndoResult> {
    const { restored, skipped } = await this.writer().undoLastDetailed();
    return { restored, skipped };
  }

  /**
   * A corrected copy of every table in the result (suggestions of high
   * confidence applied, derived cells as formulas), each on its own sheet
   * right after its source. PovCheck's own sheets are never corrected.
   */
  async writeCorrected(result: CheckResult, lang: Lang): Promise<string[]> {
    const roles = await this.loadRoleOverrides();
    const plans: SheetPlan[] = [];
    for (const sr of result.report.sheets) {
      if (!sr.tables.length) continue;
      const sheet = result.workbook.sheets.find((s) => s.name === sr.name);
      if (!sheet || ownSheetPurposeOf(sheet) !== null) continue;
      const issues = result.report.issues.filter((i) => i.sheet === sheet.name);
      pushAll(plans, correctedSheetPlans(sheet, issues, { lang, apply: 'safe' }, checkedTables(result, sheet, roles)));
    }
    if (!plans.length) return [];
    return this.writer().writeSheets(plans);
  }

  /** The report sheet (PovCheck – Báo cáo), replacing PovCheck's earlier one. */
  async writeReport(result: CheckResult, lang: Lang): Promise<string> {
    return this.writer().writeSheet(reportPlan(result.report, lang));
  }

  /** The allocation table (purpose 'allocation'), after its source sheet; an earlier PovCheck allocation sheet of that name is replaced. */
  async writeAllocation(plan: SheetPlan): Promise<string> {
    return this.writer().writeSheet(plan);
  }

  /** Every sheet of the workbook, for the appendix's sources. */
  async readAllSheets(): Promise<Workbook> {
    try {
      return await this.host.readWorkbook();
    } catch (e) {
      throw toPaneError(e, 'read-failed');
    }
  }

  /**
   * The appendix sheet (with the planner's sorted rate range) and a clustered
   * bar chart of that range, in the round trips of one sheet write (2 or 3):
   * a failure leaves neither the sheet nor the chart. Without any unit having
   * both rates there is nothing to draw, and only the sheet is written.
   */
  async writeAppendix(sheet: AppendixSheet): Promise<string> {
    if (!sheet.chart) return this.writer().writeSheet(sheet.plan);
    if (!this.host.isSetSupported('ExcelApi', CHART_API)) throw new PaneError('unsupported', `ExcelApi ${CHART_API} (charts) is required`);
    return this.writer().writeSheetWithChart(sheet.plan, chartPlacement(sheet.chart));
  }
}
