// The appendix's chart in Excel: a native clustered bar chart drawn from the
// sorted rate range the core planner puts on the appendix sheet
// (src/core/appendix-sheet.ts: names, rate N−1, rate N, formulas pointing at the table).
import { colName, rangeA1 } from '../../core/grid';
import type { ChartRange } from '../../core/appendix-sheet';

/** Worksheet.charts.add, Chart.title and Chart.setPosition are ExcelApi 1.1. */
export const CHART_API = '1.1';

export interface ChartPlacement {
  /** A1 range of the chart's source (header row included: the series names). */
  source: string;
  /** Top-left and bottom-right cells the chart covers. */
  topLeft: string;
  bottomRight: string;
  title: string;
}

/** The chart over the planner's range, placed to its right, tall enough for two bars per unit. */
export function chartPlacement(c: ChartRange): ChartPlacement {
  const left = c.endCol + 2;
  const units = c.lastRow - c.firstRow + 1;
  return {
    source: rangeA1({ top: c.headerRow, left: c.nameCol, bottom: c.lastRow, right: c.endCol }),
    topLeft: `${colName(left)}${c.headerRow + 1}`,
    bottomRight: `${colName(left + 8)}${c.headerRow + 1 + Math.max(15, units * 2)}`,
    title: c.title,
  };
}

/** Queues the chart on `ws` (same batch as the sheet's last rows, so a failure rolls both back). */
export function queueChart(ws: Excel.Worksheet, p: ChartPlacement): void {
  // String forms of Excel.ChartType.barClustered and Excel.ChartSeriesBy.columns: no Excel global needed.
  const chart = ws.charts.add('BarClustered', ws.getRange(p.source), 'Columns');
  chart.title.text = p.title;
  chart.setPosition(p.topLeft, p.bottomRight);
}
