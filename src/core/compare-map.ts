// The map of the 2025 merger: former unit → new unit, read from a two-column
// sheet, and indexed for compare (a former unit mapped twice is a problem).
import { type Workbook, cellAt, colName } from './grid';
import type { Issue, Lang } from './report';
import { cellText } from './tables';
import { nameKeys } from './match';
import { render } from './messages';
import { fold, tidy } from './text';

export interface UnitMapEntry {
  former: string;
  current: string;
  /** Where the pair is in the map file, e.g. `Sáp nhập!B5`. */
  at: string;
}

const MAP_HEADER = /\b(cu|moi|truoc|sau|former|new|old|don vi|ten|xa|phuong|sap nhap)\b/;

/**
 * The pairs of a two-column map sheet (former unit → new unit). The new unit
 * may be typed once over its former units' rows (merged, or left blank below):
 * a blank new-unit cell takes the one above. Numbers (an STT column) are
 * skipped: the first two text columns are the map.
 */
export function readUnitMap(wb: Workbook): UnitMapEntry[] {
  for (const sheet of wb.sheets) {
    const textCols = new Map<number, number>();
    sheet.rows.forEach((row) =>
      (row ?? []).forEach((c, col) => {
        if (c && c.value.kind === 'text' && c.value.value.trim() && !/^\d+([.,]\d+)?$/.test(c.value.value.trim())) textCols.set(col, (textCols.get(col) ?? 0) + 1);
      }),
    );
    const cols = [...textCols.entries()].filter(([, n]) => n >= 1).map(([c]) => c).sort((a, b) => a - b);
    if (cols.length < 2) continue;
    // The two text columns filled most, in sheet order.
    const [fc, nc] = [...cols].sort((a, b) => (textCols.get(b) ?? 0) - (textCols.get(a) ?? 0) || a - b).slice(0, 2).sort((a, b) => a - b);
    const masterOf = (r: number, c: number): string => {
      const m = sheet.merges.find((g) => r >= g.top && r <= g.bottom && c >= g.left && c <= g.right);
      return m ? cellText(cellAt(sheet, m.top, m.left)) : cellText(cellAt(sheet, r, c));
    };
    const out: UnitMapEntry[] = [];
    let carry = '';
    let headerSeen = false;
    for (let r = 0; r < sheet.rows.length; r++) {
      const former = masterOf(r, fc);
      let current = masterOf(r, nc);
      if (!former && !current) {
        carry = '';
        continue;
      }
      if (!headerSeen && !out.length && MAP_HEADER.test(fold(former)) && MAP_HEADER.test(fold(current)) && /cu|truoc|former|old/.test(fold(former + ' ' + current))) {
        headerSeen = true;
        continue;
      }
      if (!current) current = carry;
      carry = current;
      if (!former || !current) continue;
      out.push({ former: tidy(former), current: tidy(current), at: `${sheet.name}!${colName(fc)}${r + 1}` });
    }
    if (out.length) return out;
  }
  return [];
}


export interface MapIndex {
  formers: string[];
  /** Distinct new units, in map order. */
  currents: string[];
  /** For each new unit, indexes into `formers`. */
  formersOf: number[][];
  /** New units with a former unit mapped twice: not compared. */
  doubled: Set<number>;
  at: Map<string, string>;
  problems: Issue[];
}

export function mapIndex(entries: UnitMapEntry[], lang: Lang): MapIndex {
  const formers: string[] = [];
  const formerKey = new Map<string, number>();
  const currents: string[] = [];
  const currentKey = new Map<string, number>();
  const formersOf: number[][] = [];
  const doubled = new Set<number>();
  const at = new Map<string, string>();
  const problems: Issue[] = [];
  const firstOf = new Map<number, { ci: number; at: string }>();
  for (const e of entries) {
    const ck = nameKeys(e.current).exact;
    let ci = currentKey.get(ck);
    if (ci === undefined) {
      ci = currents.length;
      currentKey.set(ck, ci);
      currents.push(e.current);
      formersOf.push([]);
      at.set(e.current, e.at);
    }
    const fk = nameKeys(e.former).exact;
    let fi = formerKey.get(fk);
    if (fi !== undefined) {
      // Mapped twice: the sums would count it twice (or a split commune the map cannot divide).
      const first = firstOf.get(fi)!;
      doubled.add(ci);
      doubled.add(first.ci);
      const [sheet, cell] = splitAt(e.at);
      problems.push({
        sheet,
        cell,
        rule: 'map-problem',
        severity: 'error',
        message: render(
          { id: 'compare-map-twice', p: { former: e.former, firstAt: first.at, first: currents[first.ci], at: e.at, current: e.current, second: first.ci !== ci ? e.current : '' } },
          lang,
        ),
        stated: e.former,
        expected: null,
      });
      continue;
    }
    fi = formers.length;
    formerKey.set(fk, fi);
    formers.push(e.former);
    at.set(e.former, e.at);
    firstOf.set(fi, { ci, at: e.at });
    formersOf[ci].push(fi);
  }
  return { formers, currents, formersOf, doubled, at, problems };
}

export function splitAt(at: string): [string, string] {
  const i = at.lastIndexOf('!');
  return [at.slice(0, i), at.slice(i + 1)];
}
