// Circular references among a sheet's formulas. Excel shows 0 or a stale
// value for such cells, so their values must not be trusted as evidence.
//
// Runs on every check, so it is written for speed: a hand-written reference
// scanner (no regexes, no strings built per reference), formula cells numbered
// 0..n-1 with typed arrays instead of Maps, and an iterative Tarjan (chains of
// thousands of cells would overflow a recursive one).
import { type Sheet, a1 } from './grid';

const MAX_COL = 16383;

// Character classes of the reference grammar, by char code (ASCII only).
const UPPER = 1; // A-Z: column letters
const DIGIT = 2;
const WORD = 4; // a reference cannot start right after one of [A-Za-z0-9_.!'$]
const STOP = 8; // nor end right before one of [A-Za-z0-9_(!]
const CLASS = new Uint8Array(128);
for (let c = 65; c <= 90; c++) CLASS[c] |= UPPER | WORD | STOP;
for (let c = 97; c <= 122; c++) CLASS[c] |= WORD | STOP;
for (let c = 48; c <= 57; c++) CLASS[c] |= DIGIT | WORD | STOP;
for (const ch of "_.!'$") CLASS[ch.charCodeAt(0)] |= WORD;
for (const ch of '_(!') CLASS[ch.charCodeAt(0)] |= STOP;

const DOLLAR = 36;
const COLON = 58;
const QUOTE = 34;

const cls = (code: number) => (code < 128 ? CLASS[code] : 0);

/**
 * One part of a reference at `i` (`$A$1`, `$A`, `$1`): sets the fields below
 * and returns the index after it, or -1. Column letters are 1 to 3 capitals,
 * the whole run of them; digits are the whole run too.
 */
let partCol = -1;
let partRow = -1;
function part(f: string, i: number, wantCol: boolean, wantRow: boolean): number {
  const n = f.length;
  partCol = -1;
  partRow = -1;
  if (wantCol) {
    if (i < n && f.charCodeAt(i) === DOLLAR) i++;
    let col = 0;
    const start = i;
    while (i < n && cls(f.charCodeAt(i)) & UPPER) col = col * 26 + (f.charCodeAt(i++) - 64);
    if (i === start || i - start > 3) return -1;
    partCol = col - 1;
  }
  if (wantRow) {
    if (i < n && f.charCodeAt(i) === DOLLAR) i++;
    let row = 0;
    const start = i;
    while (i < n && cls(f.charCodeAt(i)) & DIGIT) row = row * 10 + (f.charCodeAt(i++) - 48);
    if (i === start) return -1;
    partRow = row - 1;
  }
  return i;
}

const endsRef = (f: string, i: number) => i >= f.length || !(cls(f.charCodeAt(i)) & STOP);

/**
 * Same-sheet references in a formula as areas (top, left, bottom, right; a
 * whole column runs to `maxRow`), written to `out` from index 0; returns how
 * many numbers it wrote (4 per area). The array is reused from formula to
 * formula without emptying it: setting its length to 0 gave up its storage,
 * one new allocation per formula (57 MB at 100,000 rows). A1, $A$1, A1:B9,
 * C:C, 3:3. A name followed by "(" is a function (LOG10), one after "!"
 * belongs to another sheet, text in quotes is skipped.
 */
export function scanRefs(f: string, maxRow: number, out: number[]): number {
  const n = f.length;
  let k = 0;
  let prev = 0; // class of the character before i
  for (let i = 0; i < n; ) {
    const code = f.charCodeAt(i);
    if (code === QUOTE) {
      const close = f.indexOf('"', i + 1);
      if (close >= 0) {
        i = close + 1;
        prev = 0;
        continue;
      }
    }
    const c = cls(code);
    if (prev & WORD || !(c & (UPPER | DIGIT) || code === DOLLAR)) {
      prev = c;
      i++;
      continue;
    }
    // A cell, optionally a range of cells; then a column range; then a row range.
    let end = part(f, i, true, true);
    if (end >= 0) {
      const r1 = partRow;
      const c1 = partCol;
      if (end < n && f.charCodeAt(end) === COLON) {
        const e2 = part(f, end + 1, true, true);
        if (e2 >= 0 && endsRef(f, e2)) {
          k = pushArea(out, k, r1, c1, partRow, partCol);
          prev = cls(f.charCodeAt(e2 - 1));
          i = e2;
          continue;
        }
      }
      if (endsRef(f, end)) {
        k = pushArea(out, k, r1, c1, r1, c1);
        prev = cls(f.charCodeAt(end - 1));
        i = end;
        continue;
      }
    }
    end = part(f, i, true, false);
    if (end >= 0 && end < n && f.charCodeAt(end) === COLON) {
      const c1 = partCol;
      const e2 = part(f, end + 1, true, false);
      if (e2 >= 0 && endsRef(f, e2)) {
        k = pushArea(out, k, 0, c1, maxRow, partCol);
        prev = cls(f.charCodeAt(e2 - 1));
        i = e2;
        continue;
      }
    }
    end = part(f, i, false, true);
    if (end >= 0 && end < n && f.charCodeAt(end) === COLON) {
      const r1 = partRow;
      const e2 = part(f, end + 1, false, true);
      if (e2 >= 0 && endsRef(f, e2)) {
        k = pushArea(out, k, r1, 0, partRow, MAX_COL);
        prev = cls(f.charCodeAt(e2 - 1));
        i = e2;
        continue;
      }
    }
    prev = c;
    i++;
  }
  return k;
}

function pushArea(out: number[], k: number, r1: number, c1: number, r2: number, c2: number): number {
  out[k] = Math.min(r1, r2);
  out[k + 1] = Math.min(c1, c2);
  out[k + 2] = Math.max(r1, r2);
  out[k + 3] = Math.max(c1, c2);
  return k + 4;
}

/** Every formula cell that is part of a reference cycle → the cycle's cells as A1 addresses. */
export function circularCells(sheet: Sheet): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const rows = sheet.rows;
  const nRows = rows.length;

  // Formula cells numbered row by row, columns ascending: row r owns ids rowFirst[r]..rowFirst[r+1]-1.
  // Counted first, then kept in arrays of their final size: a sheet of 100,000 rows has
  // 300,000 formulas, and arrays grown by push leave their old copies behind.
  let n = 0;
  for (let r = 0; r < nRows; r++) {
    const cells = rows[r];
    if (cells) for (let c = 0; c < cells.length; c++) if (cells[c]?.formula) n++;
  }
  const rowFirst = new Int32Array(nRows + 1);
  const rowOf = new Int32Array(n);
  const colOf = new Int32Array(n);
  const formulas: string[] = new Array(n);
  let id = 0;
  for (let r = 0; r < nRows; r++) {
    rowFirst[r] = id;
    const cells = rows[r];
    if (!cells) continue;
    for (let c = 0; c < cells.length; c++) {
      const f = cells[c]?.formula;
      if (!f) continue;
      rowOf[id] = r;
      colOf[id] = c;
      formulas[id++] = f;
    }
  }
  rowFirst[nRows] = n;
  if (!n) return out;
  const maxRow = nRows - 1;

  // When every reference lies wholly before its formula in row-major order (D5-F5,
  // ROUND(G5/C5*100,2), a total's SUM above it), every edge points to a smaller id and
  // there is no cycle: the usual sheet stops here, at the first reference forward otherwise.
  // One formula's areas at a time, in one array reused by both passes.
  const areas: number[] = [];
  let forward = false;
  for (let v = 0; v < n && !forward; v++) {
    const r = rowOf[v];
    const c = colOf[v];
    const m = scanRefs(formulas[v], maxRow, areas);
    for (let a = 0; a < m; a += 4) {
      const bottom = Math.min(areas[a + 2], maxRow);
      if (!(bottom < r || (bottom === r && areas[a + 3] < c))) forward = true;
    }
  }
  if (!forward) return out;

  // Edges only to formula cells (a constant cannot close a cycle), as one flat list.
  const edgeFirst = new Int32Array(n + 1);
  const edges = new Edges(n * 2);
  const selfLoop = new Uint8Array(n);
  // A one-column area (SUM(C4:C10003)) looks only at that column's formula cells: a total
  // over a column of typed counts costs nothing, instead of a walk over every row.
  const byCol = new Map<number, number[]>();
  for (let w = 0; w < n; w++) {
    const list = byCol.get(colOf[w]);
    if (list) list.push(w);
    else byCol.set(colOf[w], [w]);
  }
  for (let v = 0; v < n; v++) {
    edgeFirst[v] = edges.length;
    const m = scanRefs(formulas[v], maxRow, areas);
    for (let a = 0; a < m; a += 4) {
      const left = areas[a + 1];
      const right = areas[a + 3];
      const bottom = Math.min(areas[a + 2], maxRow);
      const top = Math.max(areas[a], 0);
      if (left === right) {
        // Ids in a column ascend with the row, as the walk below would find them.
        const list = byCol.get(left);
        if (!list) continue;
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (rowOf[list[mid]] < top) lo = mid + 1;
          else hi = mid;
        }
        for (let k = lo; k < list.length && rowOf[list[k]] <= bottom; k++) {
          const w = list[k];
          edges.push(w);
          if (w === v) selfLoop[v] = 1;
        }
        continue;
      }
      for (let r = top; r <= bottom; r++) {
        for (let w = rowFirst[r], end = rowFirst[r + 1]; w < end; w++) {
          const c = colOf[w];
          if (c < left) continue;
          if (c > right) break;
          edges.push(w);
          if (w === v) selfLoop[v] = 1;
        }
      }
    }
  }
  edgeFirst[n] = edges.length;

  // Tarjan's strongly connected components, iterative.
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const callV = new Int32Array(n);
  const callE = new Int32Array(n); // next edge to follow
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    let depth = 0;
    callV[0] = root;
    callE[0] = edgeFirst[root];
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callV[depth];
      if (callE[depth] < edgeFirst[v + 1]) {
        const w = edges.at(callE[depth]++);
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callV[depth] = w;
          callE[depth] = edgeFirst[w];
        } else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      depth--;
      if (depth >= 0) {
        const parent = callV[depth];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
      if (low[v] !== index[v]) continue;
      // v is the root of a component: pop it.
      let size = 0;
      for (let k = sp - 1; ; k--) {
        size++;
        if (stack[k] === v) break;
      }
      for (let k = sp - size; k < sp; k++) onStack[stack[k]] = 0;
      if (size > 1 || selfLoop[v]) {
        // Ids run in row-major order, so sorting ids sorts the cells.
        const ids = Array.from(stack.subarray(sp - size, sp)).sort((x, y) => x - y);
        const names = ids.map((id) => a1(rowOf[id], colOf[id]));
        for (const id of ids) out.set(rowOf[id] * 16384 + colOf[id], names);
      }
      sp -= size;
    }
  }
  return out;
}

/** A list of ids in one typed array, doubled when full. */
class Edges {
  private a: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.a = new Int32Array(Math.max(capacity, 16));
  }

  push(x: number) {
    if (this.length === this.a.length) {
      const next = new Int32Array(this.a.length * 2);
      next.set(this.a);
      this.a = next;
    }
    this.a[this.length++] = x;
  }

  at(i: number): number {
    return this.a[i];
  }
}
