// Circular references among a sheet's formulas. Excel shows 0 or a stale
// value for such cells, so their values must not be trusted as evidence.
import { type Sheet, a1, colIndex } from './grid';

interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

// Same-sheet references: A1, $A$1, A1:B9, C:C, 3:3. A name followed by "(" is a
// function (LOG10), one after "!" belongs to another sheet.
const REF = /(?<![A-Za-z0-9_.!'$])(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?|\$?[A-Z]{1,3}:\$?[A-Z]{1,3}|\$?\d+:\$?\d+)(?![A-Za-z0-9_(!])/g;

function areasOf(formula: string, maxRow: number, maxCol: number): Area[] {
  const areas: Area[] = [];
  const text = formula.replace(/"[^"]*"/g, '""');
  for (const m of text.matchAll(REF)) {
    const [a, b = a] = m[1].replace(/\$/g, '').split(':');
    const pa = /^([A-Z]*)(\d*)$/.exec(a);
    const pb = /^([A-Z]*)(\d*)$/.exec(b);
    if (!pa || !pb) continue;
    const c1 = pa[1] ? colIndex(pa[1]) : 0;
    const c2 = pb[1] ? colIndex(pb[1]) : maxCol;
    const r1 = pa[2] ? parseInt(pa[2], 10) - 1 : 0;
    const r2 = pb[2] ? parseInt(pb[2], 10) - 1 : maxRow;
    areas.push({ top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) });
  }
  return areas;
}

/** Every formula cell that is part of a reference cycle → the cycle's cells as A1 addresses. */
export function circularCells(sheet: Sheet): Map<number, string[]> {
  const key = (r: number, c: number) => r * 16384 + c;
  const formulaRows = new Map<number, number[]>();
  const formulas: { k: number; row: number; col: number; formula: string }[] = [];
  sheet.rows.forEach((cells, r) =>
    cells?.forEach((cell, c) => {
      if (!cell?.formula) return;
      formulas.push({ k: key(r, c), row: r, col: c, formula: cell.formula });
      const list = formulaRows.get(r) ?? [];
      list.push(c);
      formulaRows.set(r, list);
    }),
  );
  const out = new Map<number, string[]>();
  if (!formulas.length) return out;
  const maxRow = sheet.rows.length - 1;
  const maxCol = 16383;
  // Edges only to formula cells: a constant cannot close a cycle.
  const edges = new Map<number, number[]>();
  for (const f of formulas) {
    const deps: number[] = [];
    for (const a of areasOf(f.formula, maxRow, maxCol)) {
      for (let r = a.top; r <= Math.min(a.bottom, maxRow); r++) {
        for (const c of formulaRows.get(r) ?? []) if (c >= a.left && c <= a.right) deps.push(key(r, c));
      }
    }
    edges.set(f.k, deps);
  }
  // Tarjan's strongly connected components, iterative (long dependency chains).
  let counter = 0;
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  for (const f of formulas) {
    if (index.has(f.k)) continue;
    const work: { v: number; i: number }[] = [{ v: f.k, i: 0 }];
    index.set(f.k, counter);
    low.set(f.k, counter++);
    stack.push(f.k);
    onStack.add(f.k);
    while (work.length) {
      const top = work[work.length - 1];
      const deps = edges.get(top.v) ?? [];
      if (top.i < deps.length) {
        const w = deps[top.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const scc: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== top.v);
        if (scc.length > 1 || (edges.get(top.v) ?? []).includes(top.v)) {
          const names = scc.sort((x, y) => x - y).map((k) => a1(Math.floor(k / 16384), k % 16384));
          for (const k of scc) out.set(k, names);
        }
      }
    }
  }
  return out;
}
