// The pane's backend when there is no Excel: an .xlsx file the user opens in
// the page. Everything runs here; the only network use is fetching the
// bundled sample from the same origin.
import type { Sheet, Workbook } from '../core/grid';
import type { SheetPlan } from '../core/plan';
import type { ChartRange } from '../core/appendix-sheet';
import { checkWorkbook } from '../core/engine';
import type { Issue, Report, SheetReport } from '../core/report';
import type { Table } from '../core/tables';
import { HostError } from '../hosts/types';
import { readXlsxBuffer } from '../hosts/xlsx/read';
import { DEFAULT_ZIP_LIMITS } from '../hosts/xlsx/sniff';
import { PaneError, type CheckResult, type CheckRun, type CheckScope, type PaneErrorCode, type RoleOverrides } from '../backend/contract';
import type { FileBackend, SelectListener } from './file-backend';
import { planWorkbookBytes } from './xlsx-export';
// Type only: page-fix writes with ExcelJS, loaded on the first download, not with the page.
import type { FixFiles } from './page-fix';
import type { ApplyMode } from '../core/correct';
import type { Lang } from '../core/report';
import { pushAll } from '../core/arrays';

export const SAMPLE_URL = 'samples/003-thinh-duc.xlsx';
const STORAGE_PREFIX = 'povcheck.roles.v1:';

/** The subset of Storage we use; localStorage may be missing or throw (private mode, sandboxed frames). */
export type RoleStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface BrowserBackendOptions {
  /** Defaults to the global fetch. */
  fetch?: (url: string) => Promise<Pick<Response, 'ok' | 'status' | 'arrayBuffer'>>;
  /** Defaults to window.localStorage when reachable; null for none. */
  storage?: RoleStorage | null;
  sampleUrl?: string;
}

const HOST_TO_PANE: Partial<Record<HostError['code'], PaneErrorCode>> = {
  xls: 'xls',
  encrypted: 'encrypted',
  'not-xlsx': 'not-xlsx',
  corrupt: 'corrupt',
  'too-large': 'too-large',
};

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

/** Lets the page paint the progress bar and take a cancel click between sheets. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class BrowserBackend implements FileBackend {
  readonly kind = 'browser' as const;
  private workbook: Workbook | null = null;
  private fileName: string | null = null;
  /** The opened file as read: the corrections' downloads are made from it, it is never changed. */
  private bytes: Uint8Array | null = null;
  private activeSheet: string | null = null;
  private overrides: RoleOverrides = {};
  private readonly listeners = new Set<SelectListener>();
  private readonly fetchFn: BrowserBackendOptions['fetch'];
  private readonly storage: RoleStorage | null;
  private readonly sampleUrl: string;

  constructor(options: BrowserBackendOptions = {}) {
    this.fetchFn = options.fetch ?? (typeof fetch === 'function' ? (url: string) => fetch(url) : undefined);
    this.storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.sampleUrl = options.sampleUrl ?? SAMPLE_URL;
  }

  async openFile(data: ArrayBuffer | Uint8Array, name: string): Promise<Workbook> {
    const wb = await this.readWorkbookFile(data, name);
    // Only replace the open file once the new one has been read.
    this.workbook = wb;
    this.fileName = name;
    this.bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    this.activeSheet = wb.sheets[0]?.name ?? null;
    this.overrides = this.readStoredOverrides(name);
    return wb;
  }

  /** Reads an .xlsx without opening it (the appendix's sources); throws PaneError like openFile. */
  async readWorkbookFile(data: ArrayBuffer | Uint8Array, name: string): Promise<Workbook> {
    void name;
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    // Anything bigger could never pass the uncompressed-size limit either.
    if (bytes.byteLength > DEFAULT_ZIP_LIMITS.maxTotalUncompressed) throw new PaneError('too-large', `${bytes.byteLength} bytes`);
    let wb: Workbook;
    try {
      wb = await readXlsxBuffer(bytes);
    } catch (e) {
      if (e instanceof HostError) throw new PaneError(HOST_TO_PANE[e.code] ?? 'read-failed', e.detail);
      throw new PaneError('read-failed', e instanceof Error ? e.message : String(e));
    }
    return wb;
  }

  /** A new workbook with these sheets, built here in the page (no network), as .xlsx bytes. */
  exportXlsx(plans: SheetPlan[], chart?: ChartRange): Promise<Uint8Array> {
    return planWorkbookBytes(plans, chart);
  }

  /** "Sửa lỗi": the corrected workbook, the report and the marked-up copy, named after the open file. */
  async buildFixFiles(apply: ApplyMode, lang: Lang, date = new Date()): Promise<FixFiles> {
    if (!this.workbook || !this.bytes) throw new PaneError('no-file');
    const { fixFiles } = await import(/* webpackChunkName: "xlsx-write" */ './page-fix');
    return fixFiles(this.bytes, this.workbook, { file: this.fileName ?? 'PovCheck.xlsx', lang, apply, date, roles: this.overrides });
  }

  async loadSample(): Promise<Workbook> {
    if (!this.fetchFn) throw new PaneError('read-failed', 'fetch is not available');
    let buf: ArrayBuffer;
    try {
      const res = await this.fetchFn(this.sampleUrl);
      if (!res.ok) throw new Error(`HTTP ${res.status} for ${this.sampleUrl}`);
      buf = await res.arrayBuffer();
    } catch (e) {
      throw new PaneError('read-failed', e instanceof Error ? e.message : String(e));
    }
    return this.openFile(buf, this.sampleUrl.split('/').pop() || this.sampleUrl);
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

  async check(scope: CheckScope, run: CheckRun): Promise<CheckResult> {
    const wb = this.workbook;
    if (!wb) throw new PaneError('no-file');
    const sheets: Sheet[] =
      scope === 'all' ? wb.sheets : [wb.sheets.find((s) => s.name === this.activeSheet) ?? wb.sheets[0]].filter((s): s is Sheet => !!s);
    const outSheets: SheetReport[] = [];
    const issues: Issue[] = [];
    const tables: Record<string, Table[]> = {};
    const file = this.fileName ?? '';
    run.onProgress?.(0);
    for (let i = 0; i < sheets.length; i++) {
      if (run.signal?.aborted) throw new PaneError('cancelled');
      const r: Report = checkWorkbook({ sheets: [sheets[i]] }, { file, lang: run.lang, roles: this.overrides }, tables);
      pushAll(outSheets, r.sheets);
      pushAll(issues, r.issues);
      run.onProgress?.((i + 1) / sheets.length);
      if (i + 1 < sheets.length) await nextTask();
    }
    if (run.signal?.aborted) throw new PaneError('cancelled');
    return { report: { file, sheets: outSheets, issues }, workbook: { sheets }, tables };
  }

  async selectCell(sheet: string, cell: string): Promise<void> {
    this.setActiveSheet(sheet);
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
