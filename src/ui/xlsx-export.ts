// An .xlsx made in the page from sheet plans (the appendix, the allocation
// table): a new ExcelJS workbook written by the same XlsxWriter as the CLI,
// then its bytes for a Blob download. Nothing leaves the computer.
// ExcelJS (with the JSZip inside its browser build) is loaded here, on the
// first download, as a chunk of its own: the page reads and checks files
// without it (hosts/xlsx/grid-read.ts). The chart is added without a second
// zip library (hosts/xlsx/chart.ts).
import type { SheetPlan } from '../core/plan';
import { PaneError } from '../backend/contract';
import type { ChartRange } from '../core/appendix-sheet';

export async function planWorkbookBytes(plans: readonly SheetPlan[], chart?: ChartRange): Promise<Uint8Array> {
  try {
    const [{ XlsxWriter }, { addBarChart, appendixChartSpec }] = await Promise.all([
      import(/* webpackChunkName: "xlsx-write" */ '../hosts/xlsx/write'),
      import(/* webpackChunkName: "xlsx-write" */ '../hosts/xlsx/chart'),
    ]);
    const writer = XlsxWriter.empty();
    const names: string[] = [];
    for (const p of plans) names.push(await writer.writeSheet(p));
    // writeBuffer, not toBuffer: the page has no Node Buffer.
    const buf = await writer.workbook.xlsx.writeBuffer();
    const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf as ArrayBuffer);
    // The appendix's bar chart goes on the first sheet, as the CLI does it.
    return chart ? await addBarChart(bytes, appendixChartSpec(names[0], chart)) : bytes;
  } catch (e) {
    throw new PaneError('write-failed', e instanceof Error ? e.message : String(e));
  }
}
