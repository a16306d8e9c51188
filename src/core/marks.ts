// Which cells a check marks (fill + note) and what the note says: one mark per
// cell, error over warning. Used by the Excel pane (hosts/excel/marks.ts) and
// the browser page's marked-up copy (ui/page-fix.ts).
import { parseA1 } from './grid';
import type { Issue } from './report';

export const NOTE_PREFIX = 'PovCheck: ';
/** Excel's own "Light Red Fill" and "Yellow Fill" presets, so the marks look familiar. */
export const MARK_COLORS = { error: '#FFC7CE', warning: '#FFEB9C' } as const;

export interface MarkTarget {
  sheet: string;
  cell: string;
  severity: 'error' | 'warning';
  messages: string[];
}

export const keyOf = (x: { sheet: string; cell: string }) => `${x.sheet}\u0000${x.cell}`;

export function normalCell(ref: string): string | null {
  const p = parseA1(ref);
  return p ? ref.replace(/\$/g, '').trim().toUpperCase() : null;
}

/** Cells to mark, one per cell: error beats warning, messages in issue order. Info issues are never marked. */
export function markTargets(issues: readonly Issue[]): MarkTarget[] {
  const byKey = new Map<string, MarkTarget>();
  for (const issue of issues) {
    if (issue.severity !== 'error' && issue.severity !== 'warning') continue;
    const cells = new Set<string>();
    for (const ref of [issue.cell, ...(issue.cells ?? [])]) {
      const c = normalCell(ref);
      if (c) cells.add(c);
    }
    for (const cell of cells) {
      const k = keyOf({ sheet: issue.sheet, cell });
      let t = byKey.get(k);
      if (!t) byKey.set(k, (t = { sheet: issue.sheet, cell, severity: issue.severity, messages: [] }));
      if (issue.severity === 'error') t.severity = 'error';
      if (!t.messages.includes(issue.message)) t.messages.push(issue.message);
    }
  }
  return [...byKey.values()];
}

export function noteText(t: MarkTarget): string {
  return NOTE_PREFIX + t.messages.join('\n');
}
