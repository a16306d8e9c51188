// GridWriter through Office.js: PovCheck's own sheets (write.ts) and logged
// in-place edits with undo (edits.ts), one Excel.run per call. Kept apart from
// both so that they do not import each other.
import type { CellEdit, SheetPlan } from '../../core/plan';
import { PaneError } from '../../backend/contract';
import type { GridWriter } from '../types';
import type { ExcelRunner } from './read';
import { type ChartPlacement, queueChart } from './chart';
import { type EditTarget, type UndoOutcome, applyEditsInContext, undoLastInContext } from './edits';
import { type WriteEnv, writeSheetInContext } from './write';

export interface ExcelWriterOptions extends WriteEnv {
  run: ExcelRunner;
}

/** GridWriter through Office.js: one Excel.run per call. */
export class ExcelWriter implements GridWriter {
  constructor(private readonly options: ExcelWriterOptions) {}

  writeSheet(plan: SheetPlan): Promise<string> {
    return guard(() => this.options.run((ctx) => writeSheetInContext(ctx, plan, this.options)));
  }

  /** A sheet and, in the same round trip as its last rows, a chart on it: both are written or neither. */
  writeSheetWithChart(plan: SheetPlan, chart: ChartPlacement): Promise<string> {
    return guard(() => this.options.run((ctx) => writeSheetInContext(ctx, plan, this.options, { beforeFinish: (ws) => queueChart(ws, chart) })));
  }

  /** Several sheets (one per corrected table), each all-or-nothing, in one Excel.run. */
  writeSheets(plans: readonly SheetPlan[]): Promise<string[]> {
    return guard(() =>
      this.options.run(async (ctx) => {
        const out: string[] = [];
        for (const p of plans) out.push(await writeSheetInContext(ctx, p, this.options));
        return out;
      }),
    );
  }

  async applyEdits(edits: CellEdit[], when: Date): Promise<void> {
    await this.applyTargets(edits, when);
  }

  /** Like applyEdits, for edits whose old value is read in the same batch; returns the edits as logged. */
  applyTargets(targets: readonly EditTarget[], when: Date): Promise<CellEdit[]> {
    return guard(() => this.options.run((ctx) => applyEditsInContext(ctx, targets, when, this.options)));
  }

  async undoLast(): Promise<number> {
    return (await this.undoLastDetailed()).restored;
  }

  /** undoLast with the cells it left alone because they were changed since. */
  undoLastDetailed(): Promise<UndoOutcome> {
    return guard(() => this.options.run((ctx) => undoLastInContext(ctx, this.options)));
  }
}

/** Our own errors pass through; anything Excel threw becomes 'write-failed' with its message. */
async function guard<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof PaneError) throw e;
    throw new PaneError('write-failed', e instanceof Error ? e.message : String(e));
  }
}
