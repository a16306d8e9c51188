// The browser page's heavy work on one opened file: reading it, checking it,
// planning corrections and allocations, writing downloads. It runs inside the
// page's Web Worker (./page.worker.ts) or, where there is no Worker (jsdom,
// old hosts), in the page itself through the same protocol (./protocol.ts).
// The grids stay here: the page gets reports, plans and windows of rows.
import { type Cell, type Range, type Sheet, type Workbook, colCount } from '../../core/grid';
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
import { type AppendixSource, type AppendixState, type PlanTable, type SourceMode, buildAppendix, planTable, sourceRange, sourcesOf } from '../appendix-model';
import type { PaneErrorCode } from '../../backend/contract';
import { pushAll } from '../../core/arrays';

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

/** An appendix source as the page lists it (its sheet and tables stay in the session). */
export interface AppendixSourceInfo {
  id: string;
  where: string;
  range: string;
}

/** The appendix sources read from the chosen files, and the files that gave none. */
export interface AppendixSources {
  sources: AppendixSourceInfo[];
  /** A file that could not be read (its PaneError code) or had no table with units or a total (`noSources`). */
  unreadable: { name: string; code?: PaneErrorCode; detail?: string; noSources?: true }[];
}

export interface AppendixRequest {
  /** The sources ticked, by id. */
  ids: string[];
  mode: SourceMode;
  /** Near-misses confirmed, by nearMissId. */
  confirmed: string[];
  year: number;
  totalAt: 'top' | 'bottom';
  lang: Lang;
  date: number;
}

/** The appendix as the panel shows it: the model's state and the plan read back as a table. */
export interface AppendixView {
  state: AppendixState;
  table: PlanTable | null;
}

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Unit rows of the sheet checked to warm the engine: enough for its loops to be compiled, little next to a real file. */
const WARM_ROWS = 2000;

/**
 * The built-in sheet's unit rows repeated to `n`, numbered and named apart so
 * they read as distinct units. Without its total row: that total is off (for
 * the small check's sake), and one wrong total under thousands of rows sends
 * the engine looking for the cell at fault, which is not what needs warming.
 */
function grownSheet(sheet: Sheet, n: number): Sheet {
  const rows = sheet.rows.slice(0, 3);
  const units = sheet.rows.slice(3, -1);
  for (let k = 0; k < n && units.length; k++) {
    const row = [...(units[k % units.length] ?? [])];
    if (row[0]?.value.kind === 'number') row[0] = { ...row[0], value: { kind: 'number', value: k + 1 } };
    const name = row[1]?.value;
    if (name?.kind === 'text') row[1] = { ...row[1]!, value: { kind: 'text', value: `${name.value} ${k + 1}` } };
    rows.push(row);
  }
  return { ...sheet, rows };
}

/**
 * Reads the built-in small sheet and checks it (its wrong total gets a
 * suggestion), then checks its unit rows grown to WARM_ROWS, in a session of
 * its own, so the reader's and the engine's code has been fetched, parsed and
 * compiled before the officer's file comes. Between steps it gives way: once
 * `waiting()` says a request is queued (the file came already), it stops.
 * Returns the steps done.
 */
export async function warmUp(waiting: () => boolean = () => false): Promise<number> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 0));
  // A chunk of its own, fetched by the worker: the page never loads it.
  const { WARM_WORKBOOK_BASE64 } = await import(/* webpackChunkName: "warm" */ './warm-workbook');
  const wb = await readWorkbookBytes(decodeBase64(WARM_WORKBOOK_BASE64));
  let steps = 1;
  for (const grow of [false, true]) {
    await pause();
    if (waiting()) break;
    const sheets = grow ? wb.sheets.map((s) => grownSheet(s, WARM_ROWS)) : wb.sheets;
    checkedWorkbook({ sheets }, { file: 'warm.xlsx', lang: 'vi', roles: {} });
    steps++;
  }
  return steps;
}

export class WorkbookSession {
  private workbook: Workbook | null = null;
  private bytes: Uint8Array | null = null;
  private name = '';
  /** The latest check, whose tables allocation and corrections use (roles as overridden). */
  private checked: { report: Report; tables: Record<string, Table[]>; roles: RoleOverrides } | null = null;
  private readonly plans = new Map<string, SheetPlan>();
  /** The appendix's sources, read from files chosen in its tab (not the open file). */
  private appendix: AppendixSource[] = [];
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

  /** Reads the appendix's files: each gives one source (its first sheet with units or a total). */
  async appendixSources(files: { bytes: Uint8Array; name: string }[]): Promise<AppendixSources> {
    const out: AppendixSource[] = [];
    const unreadable: AppendixSources['unreadable'] = [];
    for (const f of files) {
      try {
        const found = sourcesOf(await readWorkbookBytes(f.bytes), f.name);
        if (found.length) pushAll(out, found);
        else unreadable.push({ name: f.name, noSources: true });
      } catch (e) {
        const err = e instanceof PaneError ? e : new PaneError('read-failed', e instanceof Error ? e.message : String(e));
        unreadable.push({ name: f.name, code: err.code, detail: err.message });
      }
    }
    this.appendix = out;
    return { sources: out.map((s) => ({ id: s.id, where: s.where, range: sourceRange(s) })), unreadable };
  }

  /** The appendix of the ticked sources, checked by the engine, and its preview table. */
  buildAppendix(req: AppendixRequest): AppendixView {
    const ticked = new Set(req.ids);
    const sources = this.appendix.filter((s) => ticked.has(s.id));
    const state = buildAppendix(sources, req.mode, new Set(req.confirmed), { lang: req.lang, year: req.year, totalAt: req.totalAt }, new Date(req.date));
    return { state, table: state.sheet ? planTable(state.sheet.plan) : null };
  }

  exportXlsx(plans: SheetPlan[], chart?: ChartRange): Promise<Uint8Array> {
    return planWorkbookBytes(plans, chart);
  }
}
