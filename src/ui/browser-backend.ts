// The pane's backend when there is no Excel: an .xlsx file the user opens in
// the page. The reading, checking, planning and writing run in the page's
// worker (./worker); the page keeps the report, each sheet's size and the rows
// the preview has asked for. The only network use is fetching the bundled
// sample from the same origin.
import type { Cell, Sheet, Workbook } from '../core/grid';
import type { SheetPlan } from '../core/plan';
import type { ChartRange } from '../core/appendix-sheet';
import { parseA1 } from '../core/grid';
import { PaneError, type CheckResult, type CheckRun, type CheckScope, type RoleOverrides, type WorkProgress } from '../backend/contract';
import type { FileBackend, SelectListener } from './file-backend';
// Type only: page-fix writes with ExcelJS, in the worker, on the first download.
import type { FixFiles } from './page-fix';
import type { ApplyMode } from '../core/correct';
import type { Lang } from '../core/report';
import type { AllocationInput, AllocationOutcome, TableChoice } from './allocation-model';
import { type WorkerClient, createWorkerClient } from './worker/client';
import type { AppendixRequest, AppendixSources, AppendixView, FixSummary, RowsWindow, SheetInfo } from './worker/session';

export const SAMPLE_URL = 'samples/003-thinh-duc.xlsx';
const STORAGE_PREFIX = 'povcheck.roles.v1:';

/** The subset of Storage we use; localStorage may be missing or throw (private mode, sandboxed frames). */
export type RoleStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface BrowserBackendOptions {
  /** Where the work runs; defaults to a Web Worker where there is one, else the page itself. */
  client?: WorkerClient;
  /** Defaults to the global fetch. */
  fetch?: (url: string) => Promise<Pick<Response, 'ok' | 'status' | 'arrayBuffer'>>;
  /** Defaults to window.localStorage when reachable; null for none. */
  storage?: RoleStorage | null;
  sampleUrl?: string;
}

function defaultStorage(): RoleStorage | null {
  try {
    return typeof window !== 'undefined' && window.localStorage ? window.localStorage : null;
  } catch {
    return null;
  }
}

function isOverrides(v: unknown): v is RoleOverrides {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.values(v as Record<string, unknown>).every(
    (cols) => !!cols && typeof cols === 'object' && !Array.isArray(cols) && Object.values(cols as object).every((r) => typeof r === 'string'),
  );
}

/** Rows fetched from the worker at a time, around the cell the preview shows. */
const BLOCK = 100;

/** A sheet as the page holds it: every row counted, only fetched rows filled (the rest read as empty until fetched). */
interface PageSheet {
  sheet: Sheet;
  colCount: number;
  blocks: Set<number>;
}

function fill(p: PageSheet, w: RowsWindow): void {
  w.rows.forEach((r, i) => {
    p.sheet.rows[w.from + i] = r as (Cell | undefined)[];
  });
}

function pageSheet(info: SheetInfo): PageSheet {
  const rows: (Cell | undefined)[][] = new Array(info.rowCount);
  const sheet: Sheet = { name: info.name, rows, merges: info.merges, ...(info.hiddenRows ? { hiddenRows: info.hiddenRows } : {}) };
  const p: PageSheet = { sheet, colCount: info.colCount, blocks: new Set() };
  fill(p, info.head);
  for (let b = 0; b * BLOCK < info.head.from + info.head.rows.length; b++) if (b * BLOCK >= info.head.from) p.blocks.add(b);
  return p;
}

export class BrowserBackend implements FileBackend {
  readonly kind = 'browser' as const;
  private workbook: Workbook | null = null;
  private sheets = new Map<string, PageSheet>();
  private fileName: string | null = null;
  private activeSheet: string | null = null;
  private overrides: RoleOverrides = {};
  private readonly listeners = new Set<SelectListener>();
  private readonly fetchFn: BrowserBackendOptions['fetch'];
  private readonly storage: RoleStorage | null;
  private readonly sampleUrl: string;
  private clientP: Promise<WorkerClient> | null;

  constructor(options: BrowserBackendOptions = {}) {
    this.fetchFn = options.fetch ?? (typeof fetch === 'function' ? (url: string) => fetch(url) : undefined);
    this.storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.sampleUrl = options.sampleUrl ?? SAMPLE_URL;
    this.clientP = options.client ? Promise.resolve(options.client) : null;
  }

  /** The worker (or the in-page fallback), started with the first piece of work. */
  private client(): Promise<WorkerClient> {
    return (this.clientP ??= createWorkerClient());
  }

  /** Starts and warms the worker before the first file (the page is idle, or the officer is about to choose one). */
  prewarm(): void {
    void this.client().then(
      (c) => c.warm(),
      () => undefined,
    );
  }

  /** Where the work runs: 'worker' in a browser, 'thread' where there is no Worker. */
  async workerKind(): Promise<WorkerClient['kind']> {
    return (await this.client()).kind;
  }

  async openFile(data: ArrayBuffer | Uint8Array, name: string, run: { onWork?: (p: WorkProgress) => void; signal?: AbortSignal } = {}): Promise<Workbook> {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    const client = await this.client();
    const infos = await client.call('open', { bytes, name }, { onProgress: run.onWork, signal: run.signal });
    // Only replace the open file once the new one has been read.
    this.sheets = new Map(infos.map((i) => [i.name, pageSheet(i)]));
    const wb: Workbook = { sheets: [...this.sheets.values()].map((p) => p.sheet) };
    this.workbook = wb;
    this.fileName = name;
    this.activeSheet = wb.sheets[0]?.name ?? null;
    this.overrides = this.readStoredOverrides(name);
    return wb;
  }

  /** Reads an .xlsx without opening it (the appendix's sources); throws PaneError like openFile. */
  async readWorkbookFile(data: ArrayBuffer | Uint8Array, name: string): Promise<Workbook> {
    void name;
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    return (await this.client()).call('read', { bytes });
  }

  /** Every row of the open file (the comparison with last year's needs them all; the preview only fetches windows). */
  async fullWorkbook(): Promise<Workbook> {
    if (!this.workbook) throw new PaneError('no-file');
    return (await this.client()).call('workbook', {});
  }

  /** Columns of a sheet (its rows are fetched in windows, so the grid alone may not tell). */
  colCount(sheet: string): number | undefined {
    return this.sheets.get(sheet)?.colCount;
  }

  /** Fetches the rows around `row` the preview will show, when they are not here yet. */
  async ensureRows(sheet: string, row: number, around = 150): Promise<void> {
    const p = this.sheets.get(sheet);
    if (!p) return;
    const first = Math.max(0, Math.floor((row - around) / BLOCK));
    const last = Math.floor(Math.min(p.sheet.rows.length - 1, row + around) / BLOCK);
    const missing: number[] = [];
    for (let b = first; b <= last; b++) if (!p.blocks.has(b)) missing.push(b);
    if (!missing.length) return;
    const w = await (await this.client()).call('rows', { sheet, from: missing[0] * BLOCK, to: (missing[missing.length - 1] + 1) * BLOCK });
    if (this.sheets.get(sheet) !== p) return;
    fill(p, w);
    for (const b of missing) p.blocks.add(b);
  }

  /** A new workbook with these sheets, built in the worker (no network), as .xlsx bytes. */
  async exportXlsx(plans: SheetPlan[], chart?: ChartRange): Promise<Uint8Array> {
    return (await this.client()).call('exportXlsx', chart ? { plans, chart } : { plans });
  }

  /** The allocation file for an outcome of allocate(), written in the worker from the plan it kept. */
  async exportAllocation(planKey: string): Promise<Uint8Array> {
    return (await this.client()).call('exportAllocation', { planKey });
  }

  /** "Sửa lỗi": the corrected workbook, the report and the marked-up copy, named after the open file. */
  async buildFixFiles(apply: ApplyMode, lang: Lang, date = new Date()): Promise<FixFiles> {
    if (!this.workbook) throw new PaneError('no-file');
    return (await this.client()).call('fixFiles', { apply, lang, date: date.getTime() });
  }

  /** The cells each correction mode would change (planned in the worker on the last check's tables). */
  async fixSummary(lang: Lang, date: Date): Promise<FixSummary> {
    if (!this.workbook) throw new PaneError('no-file');
    return (await this.client()).call('fixSummary', { lang, date: date.getTime() });
  }

  async allocationChoices(): Promise<TableChoice[]> {
    if (!this.workbook) return [];
    return (await this.client()).call('allocationChoices', {});
  }

  async allocate(choice: TableChoice, input: AllocationInput, lang: Lang, date = new Date()): Promise<AllocationOutcome | null> {
    return (await this.client()).call('allocate', { choice, input, lang, date: date.getTime() });
  }

  /** Reads the appendix's files in the worker, which keeps their sources for appendix(). */
  async appendixSources(files: { bytes: Uint8Array; name: string }[]): Promise<AppendixSources> {
    return (await this.client()).call('appendixSources', { files });
  }

  /** The appendix of the sources appendixSources() kept, worked out and checked in the worker. */
  async appendix(req: Omit<AppendixRequest, 'date'>, date = new Date()): Promise<AppendixView> {
    return (await this.client()).call('appendix', { ...req, date: date.getTime() });
  }

  async loadSample(run: { onWork?: (p: WorkProgress) => void; signal?: AbortSignal } = {}): Promise<Workbook> {
    if (!this.fetchFn) throw new PaneError('read-failed', 'fetch is not available');
    let buf: ArrayBuffer;
    try {
      const res = await this.fetchFn(this.sampleUrl);
      if (!res.ok) throw new Error(`HTTP ${res.status} for ${this.sampleUrl}`);
      buf = await res.arrayBuffer();
    } catch (e) {
      throw new PaneError('read-failed', e instanceof Error ? e.message : String(e));
    }
    return this.openFile(buf, this.sampleUrl.split('/').pop() || this.sampleUrl, run);
  }

  getWorkbook(): Workbook | null {
    return this.workbook;
  }

  getFileName(): string | null {
    return this.fileName;
  }

  getActiveSheet(): string | null {
    return this.activeSheet;
  }

  setActiveSheet(name: string): void {
    if (this.workbook?.sheets.some((s) => s.name === name)) this.activeSheet = name;
  }

  /** Checked in the worker, every sheet together; 'active' reports only the active sheet's part (the page asks for 'all'). */
  async check(scope: CheckScope, run: CheckRun): Promise<CheckResult> {
    const wb = this.workbook;
    if (!wb) throw new PaneError('no-file');
    run.onProgress?.(0);
    const client = await this.client();
    const report = await client.call(
      'check',
      { lang: run.lang, roles: this.overrides },
      {
        signal: run.signal,
        onProgress: (p) => {
          run.onWork?.(p);
          if (p.stage === 'check' && p.sheetCount) run.onProgress?.((p.sheets ?? 0) / p.sheetCount);
        },
      },
    );
    if (run.signal?.aborted) throw new PaneError('cancelled');
    if (scope === 'active') {
      const name = this.activeSheet ?? wb.sheets[0]?.name;
      const sheets = wb.sheets.filter((s) => s.name === name);
      return {
        report: { ...report, sheets: report.sheets.filter((s) => s.name === name), issues: report.issues.filter((i) => i.sheet === name) },
        workbook: { sheets },
      };
    }
    return { report, workbook: wb };
  }

  async selectCell(sheet: string, cell: string): Promise<void> {
    this.setActiveSheet(sheet);
    const at = parseA1(cell);
    if (at) await this.ensureRows(sheet, at.row);
    for (const listener of [...this.listeners]) listener(sheet, cell);
  }

  onSelect(listener: SelectListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async loadRoleOverrides(): Promise<RoleOverrides> {
    return structuredCloneOverrides(this.overrides);
  }

  async saveRoleOverrides(overrides: RoleOverrides): Promise<void> {
    this.overrides = structuredCloneOverrides(overrides);
    if (!this.storage || !this.fileName) return;
    try {
      this.storage.setItem(STORAGE_PREFIX + this.fileName, JSON.stringify(this.overrides));
    } catch {
      // Storage full or blocked: the choices still hold for this session.
    }
  }

  private readStoredOverrides(name: string): RoleOverrides {
    if (!this.storage) return {};
    try {
      const raw = this.storage.getItem(STORAGE_PREFIX + name);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      return isOverrides(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
}

function structuredCloneOverrides(o: RoleOverrides): RoleOverrides {
  const out: RoleOverrides = {};
  for (const [sheet, cols] of Object.entries(o)) out[sheet] = { ...cols };
  return out;
}
