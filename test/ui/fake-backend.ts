// A PaneBackend double that runs the real engine on an in-memory workbook,
// and records what the pane asked of it.
import { checkedWorkbook } from '../../src/core/engine';
import type { Workbook } from '../../src/core/grid';
import type { Issue, Lang } from '../../src/core/report';
import { PaneError, type CheckResult, type CheckRun, type CheckScope, type PaneBackend, type RoleOverrides, type UndoResult } from '../../src/backend/contract';
import type { FileBackend, SelectListener } from '../../src/ui/file-backend';
import { communeSheet, type Unit } from '../helpers';

export const UNITS: Unit[] = [
  { name: 'Thôn 1', households: 200, poor: 20, unable: 5, reduction: 6, nearPoor: 10 },
  { name: 'Thôn 2', households: 300, poor: 30, unable: 6, reduction: 8, nearPoor: 12 },
  { name: '<b>x</b>', households: 250, poor: 25, unable: 4, reduction: 7, nearPoor: 9 },
];

/**
 * Header on row 3, units on rows 4–6, total on row 7 (A3:J7), with errors put in on purpose:
 * C5 households stored as text (warning) and G5 end of period 99 instead of 22 (error) on the same row;
 * E6 unable-to-work 26 > 25 poor in the unit named `<b>x</b>`; C7 total 1234.5 (not a whole number).
 */
export function faultySheet(name = 'Xã') {
  const s = communeSheet(UNITS, name);
  s.rows[4][2] = { value: { kind: 'text', value: '300' } };
  s.rows[4][6] = { value: { kind: 'number', value: 99 } };
  s.rows[5][4] = { value: { kind: 'number', value: 26 } };
  s.rows[6][2] = { value: { kind: 'number', value: 1234.5 } };
  return s;
}

export interface CheckCall {
  scope: CheckScope;
  run: CheckRun;
}

export class FakeBackend implements PaneBackend {
  readonly kind: 'excel' | 'browser' = 'excel';
  checks: CheckCall[] = [];
  selects: [string, string][] = [];
  saved: RoleOverrides[] = [];
  /** Thrown by the next checks instead of a report. */
  failWith: unknown = null;
  /** Lets a test hold a check open (progress, cancel). */
  gate: ((run: CheckRun) => Promise<void>) | null = null;

  constructor(
    public workbook: Workbook,
    public overrides: RoleOverrides = {},
  ) {}

  async check(scope: CheckScope, run: CheckRun): Promise<CheckResult> {
    this.checks.push({ scope, run });
    if (this.gate) await this.gate(run);
    if (this.failWith) throw this.failWith;
    const sheet = scope === 'active' ? this.activeSheetName() : undefined;
    // As the real backends do: the tables travel with the report, roles as overridden.
    const { report, tables } = checkedWorkbook(this.workbook, { lang: run.lang, roles: this.overrides, file: 'test.xlsx', sheet });
    return { report, workbook: this.workbook, tables };
  }

  protected activeSheetName(): string | undefined {
    return this.workbook.sheets[0]?.name;
  }

  async selectCell(sheet: string, cell: string): Promise<void> {
    this.selects.push([sheet, cell]);
  }

  async loadRoleOverrides(): Promise<RoleOverrides> {
    return JSON.parse(JSON.stringify(this.overrides));
  }

  async saveRoleOverrides(overrides: RoleOverrides): Promise<void> {
    this.saved.push(overrides);
    this.overrides = JSON.parse(JSON.stringify(overrides));
  }
}

/** An Excel-like backend: it can mark and clear cells. */
export class MarkingBackend extends FakeBackend {
  marked: { issues: Issue[]; lang: Lang }[] = [];
  cleared = 0;

  async mark(issues: Issue[], lang: Lang): Promise<number> {
    this.marked.push({ issues, lang });
    return new Set(issues.map((i) => i.cell)).size;
  }

  async clearMarks(): Promise<number> {
    this.cleared++;
    return 3;
  }
}

/** A browser-page backend without ExcelJS: "opening" a file picks a prepared workbook by name. */
export class FakeFileBackend extends FakeBackend implements FileBackend {
  readonly kind = 'browser' as const;
  opened: { name: string; bytes: number }[] = [];
  private current: Workbook | null = null;
  private name: string | null = null;
  private active: string | null = null;
  private listeners = new Set<SelectListener>();
  sampleLoads = 0;

  constructor(
    private files: Record<string, Workbook>,
    overrides: RoleOverrides = {},
  ) {
    super({ sheets: [] }, overrides);
  }

  async openFile(data: ArrayBuffer | Uint8Array, name: string): Promise<Workbook> {
    this.opened.push({ name, bytes: data.byteLength });
    const wb = this.files[name];
    if (!wb) {
      throw new PaneError('not-xlsx', name);
    }
    this.current = this.workbook = wb;
    this.name = name;
    this.active = wb.sheets[0]?.name ?? null;
    return wb;
  }

  async loadSample(): Promise<Workbook> {
    this.sampleLoads++;
    return this.openFile(new Uint8Array(4), 'sample.xlsx');
  }

  async check(scope: CheckScope, run: CheckRun): Promise<CheckResult> {
    if (!this.current) {
      this.checks.push({ scope, run });
      throw new PaneError('no-file');
    }
    return super.check(scope, run);
  }

  protected activeSheetName(): string | undefined {
    return this.active ?? undefined;
  }

  getWorkbook() {
    return this.current;
  }
  getFileName() {
    return this.name;
  }
  getActiveSheet() {
    return this.active;
  }
  setActiveSheet(name: string) {
    this.active = name;
  }

  async selectCell(sheet: string, cell: string): Promise<void> {
    await super.selectCell(sheet, cell);
    this.active = sheet;
    for (const l of this.listeners) l(sheet, cell);
  }

  onSelect(listener: SelectListener) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/** Suggestions the write-back tests put on the engine's issues, by cell (whatever the engine itself suggests is removed first). */
export type SuggestionPlan = Record<string, Pick<Issue, 'suggestion' | 'alternatives'>>;

/**
 * An Excel-like backend that can also write back: it records what the pane
 * asked to apply, undo and write, and answers like the Excel backend would.
 */
export class WritingBackend extends MarkingBackend {
  applied: Issue[][] = [];
  undos = 0;
  corrected: { result: CheckResult; lang: Lang }[] = [];
  reports: { result: CheckResult; lang: Lang }[] = [];
  undoAnswer: UndoResult = { restored: 1, skipped: [] };
  /** Thrown by the next write-back call. */
  writeFailWith: unknown = null;

  constructor(
    workbook: Workbook,
    public suggestions: SuggestionPlan,
  ) {
    super(workbook);
  }

  async check(scope: CheckScope, run: CheckRun): Promise<CheckResult> {
    const res = await super.check(scope, run);
    for (const i of res.report.issues) {
      delete i.suggestion;
      delete i.alternatives;
      Object.assign(i, this.suggestions[i.cell] ?? {});
    }
    return res;
  }

  private fail(): void {
    const e = this.writeFailWith;
    this.writeFailWith = null;
    if (e) throw e;
  }

  async applySuggestions(issues: Issue[]): Promise<number> {
    this.fail();
    this.applied.push(issues);
    return new Set(issues.map((i) => `${i.sheet}!${i.suggestion!.cell}`)).size;
  }

  async undo(): Promise<number> {
    return (await this.undoDetailed()).restored;
  }

  async undoDetailed(): Promise<UndoResult> {
    this.fail();
    this.undos++;
    return this.undoAnswer;
  }

  async writeCorrected(result: CheckResult, lang: Lang): Promise<string[]> {
    this.fail();
    this.corrected.push({ result, lang });
    return result.report.sheets.filter((s) => s.tables.length).map((s) => `${s.name} – đã sửa`);
  }

  async writeReport(result: CheckResult, lang: Lang): Promise<string> {
    this.fail();
    this.reports.push({ result, lang });
    return 'PovCheck – Báo cáo';
  }
}
