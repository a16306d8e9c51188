// A column as the `--json` report shows it: its role code, header and
// numbered label (the contract's fields), then how the role was read
// (extensions): confidence, the header words that decided it, the close
// alternatives, and the facets a reader of the report may want.
import { colName } from './grid';
import type { ColumnReport, TableReport } from './report';
import type { Table, TableColumn } from './tables';

export function columnReport(c: TableColumn): ColumnReport {
  const r = c.role;
  return {
    column: colName(c.col),
    role: r.code,
    header: c.header,
    ...(c.label ? { label: c.label.text } : {}),
    ...(r.confidence !== undefined ? { confidence: Math.round(Math.max(0, Math.min(1, r.confidence)) * 100) / 100 } : {}),
    ...(r.decidedBy?.length ? { decidedBy: r.decidedBy } : {}),
    ...(r.candidates?.length ? { candidates: r.candidates } : {}),
    ...(r.countCol !== undefined ? { countColumn: colName(r.countCol) } : {}),
    ...(r.baseCol !== undefined ? { baseColumn: colName(r.baseCol) } : {}),
  };
}

/** The table-level extension: why a table is not checked row by row, if it is not. */
export function tableLayoutReport(t: Table): Pick<TableReport, 'layout'> {
  return t.layout ? { layout: { kind: t.layout.kind, reason: t.layout.reason } } : {};
}
