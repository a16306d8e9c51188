// The browser page's heavy work on one opened file: reading it, checking it,
// planning corrections and allocations, writing downloads. It runs inside the
// page's Web Worker (./page.worker.ts) or, where there is no Worker (jsdom,
// old hosts), in the page itself through the same protocol (./protocol.ts).
// The grids stay here: the page gets reports, plans and windows of rows.
import { type Cell, type Range, type Workbook, colCount } from '../../core/grid';
import { checkedWorkbook, type RoleOverrides } from '../../core/engine';
import type { Lang, Report } from '../../core/report';
import type { Table } from '../../core/tables';
import type { SheetPlan } from '../../core/plan';
import type { ChartRange } from '../../core/appendix-sheet';
import type { ApplyMode } from '../../core/correct';
import { PaneError, type WorkProgress } from '../../backend/contract';
import { type Report$, readWorkbookBytes } from '../xlsx-read';
import { type AllocationInput, type AllocationOutcome, type TableChoice, allocatableTables, computeAllocation, sourceTableOf } from '../allocation-model';
import { type FixPlan, planFix } from '../page-fix-plan';
import type { FixFiles } from '../page-fix';
import { planWorkbookBytes } from '../xlsx-export';

/** Rows sent with each sheet when a file opens: the preview's first window. */
export { type Report$, readWorkbookBytes } from '../xlsx-read';

export const HEAD_ROWS = 200;
/** Allocation plans kept for their download. */
const KEPT_PLANS = 4;

export interface RowsWindow {
  from: number;
  rows: (Cell | undefined)[][];
}

/** What the page keeps of a sheet: its size, merges and the rows it has asked for. */
export interface SheetInfo {
  name: string;
  rowCount: number;
  colCount: number;
  merges: Range[];
  hiddenRows?: number[];
  head: RowsWindow;
}

/** The cells the corrected copy changes, per mode, for the page's list and confirmation. */
export interface FixSummary {
  safe: Pick<FixPlan, 'applied'>;
  all: Pick<FixPlan, 'applied'>;
}

export class WorkbookSession {
  private workbook: Workbook | null = null;
  private bytes: Uint8Array | null = null;
  private name = '';
  /** The latest check, whose tables allocation and corrections use (roles as overridden). */
  private checked: { report: Report; tables: Record<string, Table[]>; roles: RoleOverrides } | null = null;
  private readonly plans = new Map<string, SheetPlan>();
  private planSeq = 0;

  /** Reads a file and makes it the open one; a cancelled or failed read leaves the previous file open. */
  async open(bytes: Uint8Array, name: string, onProgress?: Report$, signal?: AbortSignal): Promise<SheetInfo[]> {
    const wb = await readWorkbookBytes(bytes, onProgress);
    if (signal?.aborted) throw new PaneError('cancelled');
    this.workbook = wb;
    this.bytes = bytes;
    this.name = name;
    this.checked = null;
    return wb.sheets.map((s) => ({
      name: s.name,
      rowCount: s.rows.length,
      colCount: colCount(s),
      merges: s.merges,
      ...(s.hiddenRows ? { hiddenRows: s.hiddenRows } : {}),
      head: this.rows(s.name, 0, HEAD_ROWS),
    }));
  }

  private open$(): Workbook {
    if (!this.workbook) throw new PaneError('no-file');
    return this.workbook;
  }

  /** Every sheet, checked together (tables across sheets are compared too). */
  check(lang: Lang, roles: RoleOverrides, onProgress?: Report$, signal?: AbortSignal): Report {
    const wb = this.open$();
    const res = checkedWorkbook(wb, {
      file: this.name,
      lang,
      roles,
      onProgress: onProgress && ((d) => onProgress({ stage: 'check', sheets: d.sheets, sheetCount: wb.sheets.length, tables: d.tables })),
    });
    if (signal?.aborted) throw new PaneError('cancelled');
    this.checked = { report: res.report, tables: res.tables, roles };
    return res.report;
  }

  /** Rows [from, to) of a sheet, for the preview. */
  rows(sheet: string, from: number, to: number): RowsWindow {
    const s = this.open$().sheets.find((x) => x.name === sheet);
    if (!s) return { from, rows: [] };
    const start = Math.max(0, Math.min(from, s.rows.length));
    return { from: start, rows: s.rows.slice(start, Math.max(start, Math.min(to, s.rows.length))) };
  }

  /** The whole grid (the comparison with last year's file needs every row). */
  fullWorkbook(): Workbook {
    return this.open$();
  }

  private result() {
    const wb = this.open$();
    if (!this.checked) throw new PaneError('no-file');
    return { result: { report: this.checked.report, workbook: wb, tables: this.checked.tables }, roles: this.checked.roles };
  }

  allocationChoices(): TableChoice[] {
    const { result, roles } = this.result();
    return allocatableTables(result, roles);
  }

  /** The outcome without its plan's cells: they stay here under `planKey` for exportAllocation. */
  allocate(choice: TableChoice, input: AllocationInput, lang: Lang, date: Date): AllocationOutcome | null {
    const { result, roles } = this.result();
    const src = sourceTableOf(result, choice, roles);
    const out = src ? computeAllocation(src, input, lang, date) : null;
    if (!out?.result) return out;
    const planKey = String(++this.planSeq);
    this.plans.set(planKey, out.result.plan);
    // The last few only: an answer the page has not shown yet may still be asked for.
    for (const k of this.plans.keys()) if (this.plans.size > KEPT_PLANS) this.plans.delete(k);
    return { ...out, planKey, result: { ...out.result, plan: { ...out.result.plan, cells: [], merges: [], heights: undefined } } };
  }

  exportAllocation(planKey: string): Promise<Uint8Array> {
    const plan = this.plans.get(planKey);
    if (!plan) throw new PaneError('write-failed', 'allocation plan no longer kept');
    return planWorkbookBytes([plan]);
  }

  fixSummary(lang: Lang, date: Date): FixSummary {
    const { roles } = this.result();
    const of = (apply: ApplyMode) => ({ applied: planFix(this.open$(), { file: this.name, lang, apply, date, roles }).applied });
    return { safe: of('safe'), all: of('all') };
  }

  async fixFiles(apply: ApplyMode, lang: Lang, date: Date): Promise<FixFiles> {
    const { roles } = this.result();
    if (!this.bytes) throw new PaneError('no-file');
    const { fixFiles } = await import(/* webpackChunkName: "xlsx-write" */ '../page-fix');
    return fixFiles(this.bytes, this.open$(), { file: this.name || 'PovCheck.xlsx', lang, apply, date, roles });
  }

  exportXlsx(plans: SheetPlan[], chart?: ChartRange): Promise<Uint8Array> {
    return planWorkbookBytes(plans, chart);
  }
}
