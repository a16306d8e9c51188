// "Sửa lỗi" in the browser page, the writing half: the three downloads made
// from the opened file's bytes, which are never changed — the corrected
// workbook (`povcheck fix`: source sheets, one corrected sheet per table, the
// report sheet), the report sheet on its own, and a copy with the flagged cells
// filled and noted (what "Đánh dấu trên bảng" does in Excel).
import { MARK_COLORS, markTargets, noteText } from '../core/marks';
import type { Workbook } from '../core/grid';
import type { Issue, Lang } from '../core/report';
import type { ApplyMode } from '../core/correct';
import type { RoleOverrides } from '../core/engine';
import { XlsxWriter } from '../hosts/xlsx/write';
import { PaneError } from '../backend/contract';
import { type FixPlan, downloadNames, planFix } from './page-fix-plan';
import { planWorkbookBytes } from './xlsx-export';

export interface FixFile {
  name: string;
  bytes: Uint8Array;
}

export interface FixFiles {
  corrected: FixFile;
  report: FixFile;
  marked: FixFile;
  /** Cells changed in the corrected sheets. */
  applied: number;
}

/** Excel's "Light Red Fill" and "Yellow Fill" presets, as the pane's marks in Excel. */

async function bytesOf(writer: XlsxWriter): Promise<Uint8Array> {
  // writeBuffer, not toBuffer: the page has no Node Buffer.
  const buf = await writer.workbook.xlsx.writeBuffer();
  return buf instanceof Uint8Array ? buf : new Uint8Array(buf as ArrayBuffer);
}

/** Flagged cells (errors and warnings) filled and noted; several issues on one cell share one note. */
export async function markedBytes(source: Uint8Array, issues: readonly Issue[]): Promise<Uint8Array> {
  const writer = await XlsxWriter.load(source);
  for (const m of markTargets(issues)) {
    const ws = writer.workbook.worksheets.find((w) => w.name === m.sheet);
    if (!ws) continue;
    const c = ws.getCell(m.cell);
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${MARK_COLORS[m.severity].slice(1)}` } };
    const old = typeof c.note === 'string' ? c.note : '';
    c.note = `${old ? `${old}\n` : ''}${noteText(m)}`;
  }
  return bytesOf(writer);
}

/** Builds the three downloads; `apply` as `povcheck fix --apply`. */
export async function fixFiles(
  source: Uint8Array,
  workbook: Workbook,
  o: { file: string; lang: Lang; apply: ApplyMode; date: Date; roles?: RoleOverrides },
): Promise<FixFiles> {
  const names = downloadNames(o.file, o.lang);
  try {
    const writer = await XlsxWriter.load(source);
    const plan: FixPlan = planFix(workbook, { ...o, widths: (n) => writer.widthsOf(n) });
    for (const { plans } of plan.corrected) for (const p of plans) await writer.writeSheet(p);
    await writer.writeSheet(plan.reportPlan);
    writer.removeStaleSheets();
    const corrected = await bytesOf(writer);
    const report = await planWorkbookBytes([plan.reportPlan]);
    const marked = await markedBytes(source, plan.report.issues);
    return {
      corrected: { name: names.corrected, bytes: corrected },
      report: { name: names.report, bytes: report },
      marked: { name: names.marked, bytes: marked },
      applied: plan.applied.length,
    };
  } catch (e) {
    if (e instanceof PaneError) throw e;
    throw new PaneError('write-failed', e instanceof Error ? e.message : String(e));
  }
}
