// The pane's backend inside Excel: reads through ExcelHost, checks with the
// core engine, and writes marks and role choices back into the workbook.
import { type Sheet, isEmpty } from '../../core/grid';
import { checkWorkbook } from '../../core/engine';
import type { Issue, Lang } from '../../core/report';
import {
  type CheckResult,
  type CheckRun,
  type CheckScope,
  type PaneBackend,
  type RoleOverrides,
  PaneError,
} from '../../ui/backend';
import { HostError } from '../types';
import { clearMarksInContext, markInContext, type MarkEnv } from './marks';
import { syncMetered } from './meter';
import { ExcelHost, type ExcelHostOptions, readSheetsInContext } from './read';
import { capabilities, missingFeatures, type MissingFeature } from './requirements';

export const ROLES_KEY = 'povcheck.roles';

/** Role overrides as stored, keeping only sheet → column letters → role code strings. */
export function parseRoleOverrides(value: unknown): RoleOverrides {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return {};
    }
  }
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
    const report = checkWorkbook(workbook, {
      lang: run.lang,
      roles,
      file,
      ...(scope === 'active' ? { sheet: workbook.sheets[0].name } : {}),
    });
    onProgress?.(1);
    return { report, workbook };
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
}
