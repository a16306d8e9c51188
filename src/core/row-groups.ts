// Rows of a table grouped into totals, groups and their members: by the
// ordinals' kinds (I, 1, 1.1, a, -) and the units' level words (huyện, xã,
// thôn), and a total listed by two breakdowns split into its runs.
import { fold } from './text';
import { maxOf } from './arrays';

export type RowKind = 'unit' | 'group' | 'total';

export interface TableRow {
  row: number;
  kind: RowKind;
  ordinal: string;
  label: string;
  /** Breakdown series (`ho`, `nhan khau`) when the table has a Phân tổ column. */
  series: string | null;
  /** Indexes into Table.rows of the rows this one sums (groups and totals). */
  members: number[];
  /**
   * Further breakdowns of the same row, each summing to it as well: a total
   * listed by area (thành thị, nông thôn) and then by district. `members` is
   * the first breakdown.
   */
  alsoMembers?: number[][];
}

/**
 * The members of a row that sums none, shared by all of them (a table of 100,000
 * units would otherwise hold 100,000 empty arrays). Frozen: a row's list is replaced, never grown in place.
 */
export const NO_MEMBERS: number[] = Object.freeze([]) as unknown as number[];

/**
 * A total whose members add up to twice (or k times) its figures may list the
 * same units more than once, by two breakdowns: "Thành thị, Nông thôn", then
 * the districts. When its members split into consecutive runs that each add
 * up exactly to the total in at least half of the count columns, the runs
 * are breakdowns of it, each checked on its own in every column: a typo in
 * one run fails that run's sum, at its own cells.
 */
export function splitBreakdowns(rows: TableRow[], cols: number[], countAt: (row: number, col: number) => number | undefined): void {
  if (!cols.length) return;
  const w = cols.length;
  // A province total has thousands of members: plain loops over preallocated sums, no array per member.
  const target: (number | undefined)[] = new Array(w);
  const acc = new Array<number>(w);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.members.length < 4) continue;
    let nonZero = 0;
    for (let k = 0; k < w; k++) if ((target[k] = countAt(row.row, cols[k]))) nonZero++;
    if (!nonZero) continue;
    const runs: number[][] = [];
    let run: number[] = [];
    acc.fill(0);
    for (let j = 0; j < row.members.length; j++) {
      const m = row.members[j];
      run.push(m);
      let matched = 0;
      let zeroHeld = true;
      for (let k = 0; k < w; k++) {
        const a = (acc[k] += countAt(rows[m].row, cols[k]) ?? 0);
        const t = target[k];
        if (t && a === t) matched++;
        if (t === 0 && a !== 0) zeroHeld = false;
      }
      // A run ends where it adds up to the total in at least half the columns (one of them may hold a typo).
      // Columns whose total is 0 prove nothing: they match after every row.
      if (matched && matched * 2 >= nonZero && zeroHeld) {
        runs.push(run);
        run = [];
        acc.fill(0);
      }
    }
    if (runs.length < 2 || run.length) continue;
    row.members = runs[0];
    row.alsoMembers = runs.slice(1);
  }
}

type OrdinalKind = 'letter' | 'roman' | 'arabic' | 'dotted' | 'lower' | 'dash' | 'none';

export function ordinalKind(o: string): OrdinalOf {
  // Most ordinals are plain numbers (1 … 10000): no trimming, no pattern.
  if (allDigits(o)) return ORDINAL.arabic;
  const t = o.trim().replace(/[.)]$/, '');
  if (!t) return ORDINAL.none;
  if (/^\d+$/.test(t)) return ORDINAL.arabic;
  if (/^\d+(\.\d+)+$/.test(t)) return { kind: 'dotted', depth: t.split('.').length };
  if (/^[IVXLC]+$/.test(t)) return ORDINAL.roman;
  if (/^[A-Z]$/.test(t)) return ORDINAL.letter;
  if (/^[a-zđ]$/.test(t)) return ORDINAL.lower;
  if (/^[-+*•–]$/.test(t)) return ORDINAL.dash;
  return ORDINAL.none;
}

type OrdinalOf = Readonly<{ kind: OrdinalKind; depth: number }>;

// One shared answer per kind (all but dotted have a fixed depth): one per row otherwise.
const ORDINAL: Record<Exclude<OrdinalKind, 'dotted'>, OrdinalOf> = Object.freeze({
  arabic: Object.freeze({ kind: 'arabic', depth: 1 }),
  none: Object.freeze({ kind: 'none', depth: 0 }),
  roman: Object.freeze({ kind: 'roman', depth: 0 }),
  letter: Object.freeze({ kind: 'letter', depth: 0 }),
  lower: Object.freeze({ kind: 'lower', depth: 0 }),
  dash: Object.freeze({ kind: 'dash', depth: 0 }),
});

const ORDINAL_RANK: Record<OrdinalKind, number> = { letter: 1, roman: 2, arabic: 3, dotted: 3, lower: 7, dash: 8, none: NaN };

const NAME_RANKS: [RegExp, number][] = [
  [/^(tinh)\b/, 0],
  [/^(huyen|thi xa|thanh pho|quan)\b/, 1],
  [/^(thanh thi|nong thon|khu vuc)\b/, 1.5],
  [/^(xa|phuong|thi tran|tt)\b/, 2],
  [/^(thon|xom|ban|ap|to dan pho|to|khu pho|lang|buon|khoi|khom)\b/, 3],
];

function allDigits(s: string): boolean {
  if (!s.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function nameRank(label: string): number | null {
  return foldedNameRank(fold(label));
}

/** nameRank of a label already folded. */
export function foldedNameRank(f: string): number | null {
  // Indexed: this runs once per data row, mostly before it is optimised, where for-of allocates an iterator and a pair per step.
  for (let k = 0; k < NAME_RANKS.length; k++) if (NAME_RANKS[k][0].test(f)) return NAME_RANKS[k][1];
  return null;
}

/**
 * Assigns members to totals and groups, separately for each breakdown series.
 * `names`, when given, holds each row's nameRank (tables.ts has the labels folded already).
 */
export function groupRows(rows: TableRow[], names?: (number | null)[]): void {
  const bySeries = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const key = row.series ?? '';
    if (!bySeries.has(key)) bySeries.set(key, []);
    bySeries.get(key)!.push(i);
  });
  for (const idx of bySeries.values()) groupSeries(rows, idx, names);
}

function groupSeries(rows: TableRow[], idx: number[], names?: (number | null)[]): void {
  const body = idx.filter((i) => rows[i].kind !== 'total');
  const ranks = rankRows(
    body.map((i) => rows[i]),
    names ? body.map((i) => names[i]) : undefined,
  );
  // Tree by rank: a row is a member of the nearest earlier row of smaller rank.
  // A flat list (every row of one rank: the usual commune or hamlet list) is all top level,
  // said without the walk below, which runs once per table and mostly before it is compiled.
  let flat = true;
  for (let k = 1; k < ranks.length && flat; k++) if (ranks[k] !== ranks[0]) flat = false;
  let top: number[] = [];
  if (flat) top = body;
  else {
    const stackRow: number[] = [];
    const stackRank: number[] = [];
    for (let k = 0; k < body.length; k++) {
      const i = body[k];
      const rank = ranks[k];
      while (stackRank.length && stackRank[stackRank.length - 1] >= rank) {
        stackRow.pop();
        stackRank.pop();
      }
      if (stackRow.length) {
        const parent = stackRow[stackRow.length - 1];
        const p = rows[parent];
        if (p.members === NO_MEMBERS) p.members = [i];
        else p.members.push(i);
        rows[parent].kind = 'group';
      } else top.push(i);
      stackRow.push(i);
      stackRank.push(rank);
    }
  }
  // Totals: first or last is the grand total; one in the middle closes the rows since the previous one.
  const totals = idx.filter((i) => rows[i].kind === 'total');
  if (!totals.length) return;
  const first = idx[0];
  const last = idx[idx.length - 1];
  // `top` ascends, and so do the totals: each subtotal takes the next run of it (no refiltering).
  let from = 0;
  const subtotals: number[] = [];
  const grand: number[] = [];
  for (const t of totals) {
    if (t === first || t === last) {
      grand.push(t);
      continue;
    }
    let to = from;
    while (to < top.length && top[to] < t) to++;
    rows[t].members = top.slice(from, to);
    from = to;
    subtotals.push(t);
  }
  const grandMembers = mergeAscending(subtotals, top.slice(from));
  for (const g of grand) rows[g].members = grandMembers;
}

/** Two ascending lists of distinct numbers as one ascending list. */
function mergeAscending(a: number[], b: number[]): number[] {
  if (!a.length) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++]);
  return out;
}

const LETTER_ORDINAL = /^[ABEFGHJKNOPQRSTUWYZ]\.?$/;

function rankRows(body: TableRow[], given?: (number | null)[]): number[] {
  const kinds = body.map((r) => ordinalKind(r.ordinal));
  const present = new Set(kinds.map((k) => k.kind).filter((k) => k !== 'none'));
  // "A, B" with no other capitals than roman-looking ones stay roman unless a non-roman letter exists.
  const hasLetters = body.some((r) => !allDigits(r.ordinal) && LETTER_ORDINAL.test(r.ordinal.trim()));
  const names = given ?? body.map((r) => nameRank(r.label));
  const groupWords = names.some((n) => n === 1.5);
  const distinctNames = new Set(names.filter((n): n is number => n !== null));
  const useOrdinals = present.size >= 2 || (present.size === 1 && kinds.some((k) => k.kind === 'dotted'));
  const useNames = !useOrdinals && (distinctNames.size >= 2 || groupWords);
  const maxName = maxOf(distinctNames, 0);
  let prev = 3;
  return body.map((r, k) => {
    const { kind, depth } = kinds[k];
    if (useOrdinals) {
      if (kind === 'none') {
        if (names[k] === 1.5) return 1.5;
        return prev;
      }
      let rank = kind === 'letter' && !hasLetters ? ORDINAL_RANK.roman : ORDINAL_RANK[kind];
      if (kind === 'dotted') rank = 3 + (depth - 1);
      if (kind === 'roman' && /^[A-Z]$/.test(r.ordinal.trim()) && hasLetters) rank = ORDINAL_RANK.letter;
      prev = rank;
      return rank;
    }
    if (useNames) return names[k] ?? maxName + 1;
    return 3;
  });
}
