// An .xlsx made in the page from sheet plans (the appendix, the allocation
// table): a new ExcelJS workbook written by the same XlsxWriter as the CLI,
// then its bytes for a Blob download. Nothing leaves the computer.
import type { SheetPlan } from '../core/plan';
import { PaneError } from './backend';
import { XlsxWriter } from '../hosts/xlsx/write';

export async function planWorkbookBytes(plans: readonly SheetPlan[]): Promise<Uint8Array> {
  try {
    const writer = XlsxWriter.empty();
    for (const p of plans) await writer.writeSheet(p);
    // writeBuffer, not toBuffer: the page has no Node Buffer.
    const buf = await writer.workbook.xlsx.writeBuffer();
    return buf instanceof Uint8Array ? buf : new Uint8Array(buf as ArrayBuffer);
  } catch (e) {
    throw new PaneError('write-failed', e instanceof Error ? e.message : String(e));
  }
}
