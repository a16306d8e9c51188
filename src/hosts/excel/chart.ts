// The appendix's chart in Excel: a small helper range beside the table (units
// sorted by rate, each cell a formula pointing at the table, so the chart
// follows later edits) and a native clustered bar chart drawn from it.
import { a1, colName, rangeA1 } from '../../core/grid';
import type { PlannedCell, SheetPlan } from '../../core/plan';
import type { AppendixChart } from '../../ui/backend';

/** Worksheet.charts.add, Chart.title and Chart.setPosition are ExcelApi 1.1. */
export const CHART_API = '1.1';

export interface ChartPlacement {
  /** A1 range of the helper (header row included): the chart's source data. */
  source: string;
  /** Top-left and bottom-right cells the chart covers. */
  topLeft: string;
  bottomRight: string;
  title: string;
}

/**
 * The plan with the helper range added one empty column right of the table,
 * starting on the table's header row, and where the chart goes (right of the helper).
 */
export function withChartSource(plan: SheetPlan, chart: AppendixChart): { plan: SheetPlan; placement: ChartPlacement } {
  const width = plan.cells.reduce((m, c) => Math.max(m, c.col + 1), 0);
  const left = width + 1;
  const top = chart.headerRow;
  const cells: PlannedCell[] = chart.headers.map((h, i) => ({ row: top, col: left + i, value: h, bold: true, wrap: true }));
  const ref = (row: number, col: number) => a1(row, col);
  chart.rows.forEach((r, i) => {
    const row = top + 1 + i;
    const [nameCol, beforeCol, afterCol] = chart.cols;
    // Formulas, not copies: the chart keeps up when the table is edited (the order is fixed at writing).
    cells.push({ row, col: left, formula: ref(r.row, nameCol) });
    cells.push({ row, col: left + 1, formula: ref(r.row, beforeCol), ...(r.before !== null ? { result: r.before } : {}), numFmt: '0.00' });
    cells.push({ row, col: left + 2, formula: ref(r.row, afterCol), ...(r.after !== null ? { result: r.after } : {}), numFmt: '0.00' });
  });
  const bottom = top + chart.rows.length;
  const widths = [...(plan.widths ?? [])];
  widths[left] = 20;
  widths[left + 1] = 10;
  widths[left + 2] = 10;
  const chartLeft = left + 4;
  return {
    plan: { ...plan, cells: [...plan.cells, ...cells], widths },
    placement: {
      source: rangeA1({ top, left, bottom, right: left + 2 }),
      topLeft: `${colName(chartLeft)}${top + 1}`,
      // Tall enough for a bar per unit (two bars each), never less than 15 rows.
      bottomRight: `${colName(chartLeft + 8)}${top + 1 + Math.max(15, chart.rows.length * 2)}`,
      title: chart.title,
    },
  };
}

/** Queues the chart on `ws` (same batch as the sheet's last rows, so a failure rolls both back). */
export function queueChart(ws: Excel.Worksheet, p: ChartPlacement): void {
  // String forms of Excel.ChartType.barClustered and Excel.ChartSeriesBy.columns: no Excel global needed.
  const chart = ws.charts.add('BarClustered', ws.getRange(p.source), 'Columns');
  chart.title.text = p.title;
  chart.setPosition(p.topLeft, p.bottomRight);
}
