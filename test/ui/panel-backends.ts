// Test doubles for the allocation and appendix panels: they run the real
// core and record what the pane asked to write.
import type { Workbook } from '../../src/core/grid';
import type { SheetPlan } from '../../src/core/plan';
import type { AppendixSheet } from '../../src/core/appendix-sheet';
import { planWorkbookBytes } from '../../src/ui/xlsx-export';
import { FakeBackend } from './fake-backend';

/** Excel-like: writes allocation and appendix sheets (recorded), reads every sheet of its workbook. */
export class SheetWritingBackend extends FakeBackend {
  allocations: SheetPlan[] = [];
  appendices: AppendixSheet[] = [];
  reads = 0;

  async writeAllocation(plan: SheetPlan): Promise<string> {
    this.allocations.push(plan);
    return plan.name;
  }

  async readAllSheets(): Promise<Workbook> {
    this.reads++;
    return this.workbook;
  }

  async writeAppendix(sheet: AppendixSheet): Promise<string> {
    this.appendices.push(sheet);
    return sheet.plan.name;
  }
}

/** Browser-page-like: "reads" files by name from prepared workbooks, exports with the real page writer. */
export class FilesBackend extends FakeBackend {
  readonly kind = 'browser' as const;
  exported: SheetPlan[][] = [];
  read: string[] = [];

  constructor(private files: Record<string, Workbook>) {
    super({ sheets: [] });
  }

  async readWorkbookFile(_data: ArrayBuffer | Uint8Array, name: string): Promise<Workbook> {
    this.read.push(name);
    const wb = this.files[name];
    if (!wb) throw new Error(`no such file ${name}`);
    return wb;
  }

  async exportXlsx(plans: SheetPlan[]): Promise<Uint8Array> {
    this.exported.push(plans);
    return planWorkbookBytes(plans);
  }
}
