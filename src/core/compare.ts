// Year over year: this year's start is last year's end. The poor and
// near-poor households at the start of a plan are those approved at the end
// of the previous year; officers retype them, and a typo there passes every
// check within one table. compare matches the units of two workbooks by name
// (match.ts: never merging near-misses) and compares, per population, the
// current start with the previous end. With a map (former unit → new unit,
// the 2025 merger of communes) a new unit's start is compared with the sum of
// its former units' ends.
import { maxOf, minOf } from './arrays';
import { type Sheet, type Workbook, a1, cellAt, colName } from './grid';
import * as D from './decimal';
import type { CellRef, Issue, Lang, Report, SheetReport } from './report';
import { type Table, type TableRow, countAt, findTables, cellText } from './tables';
import { ownSheetPurposeOf } from './correct';
import { nameKeys, pairNames } from './match';
import { fold, tidy } from './text';

/** One figure of one unit: where it is and what it holds. */
interface Figure {
  sheet: string;
  cell: string;
  value: number;
}

interface UnitEntry {
  name: string;
  sheet: string;
  /** The cell of the unit's name (where "found in one file only" is reported). */
  nameCell: string;
  table: number;
  figure?: Figure;
}

/** A figure read from a workbook: the units that have it, by the year its header gives. */
type FigureKind = { kind: 'households' } | { kind: 'pop'; pop: string };

export interface UnitMapEntry {
  former: string;
  current: string;
  /** Where the pair is in the map file, e.g. `Sáp nhập!B5`. */
  at: string;
}

export interface CompareOptions {
  lang?: Lang;
  previousFile?: string;
  currentFile?: string;
  mapFile?: string;
  /** Households changing by more than this share are noted (0.1 = 10 %). */
  share?: number;
  map?: UnitMapEntry[];
  /**
   * Tables already found per sheet name (a check's result, with the officer's
   * role choices); sheets missing here are read afresh.
   */
  previousTables?: Record<string, Table[]>;
  currentTables?: Record<string, Table[]>;
}

/** What `compare --json` prints: check's report of CURRENT, extended. Fields may be added, never renamed. */
export interface CompareReport extends Report {
  previous: { file: string; sheets: SheetReport[] };
  map?: { file: string; pairs: number };
  /** The share of households change above which a note is given (0.1 = 10 %). */
  share: number;
  /** Populations compared (`poor`, `nearPoor`), and how many units were compared for each. */
  compared: { population: string; units: number }[];
}

const L = (lang: Lang, vi: string, en: string) => (lang === 'vi' ? vi : en);

const POP_WORDS: Record<string, [string, string]> = {
  poor: ['hộ nghèo', 'poor households'],
  nearPoor: ['hộ cận nghèo', 'near-poor households'],
};
const popWord = (pop: string, lang: Lang) => (POP_WORDS[pop] ? POP_WORDS[pop][lang === 'vi' ? 0 : 1] : pop);

interface TableAt {
  sheet: Sheet;
  table: Table;
  index: number;
}

function tablesOf(wb: Workbook, found?: Record<string, Table[]>): TableAt[] {
  const out: TableAt[] = [];
  for (const sheet of wb.sheets) {
    // Sheets PovCheck wrote itself (reports, corrected copies) are not the officer's data.
    if (ownSheetPurposeOf(sheet)) continue;
    (found?.[sheet.name] ?? findTables(sheet)).forEach((table, index) => out.push({ sheet, table, index }));
  }
  return out;
}

/** The column of the unit's name: the unit column, else the ordinal, else the table's first. */
function nameCol(t: Table): number {
  return t.columns.find((c) => c.role.kind === 'unit')?.col ?? t.columns.find((c) => c.role.kind === 'ordinal')?.col ?? t.range.left;
}

const unitRows = (t: Table): TableRow[] => t.rows.filter((r) => r.kind === 'unit' && r.label && (r.series === null || /^ho\b/.test(r.series)));

/**
 * The column holding a figure in a table, with its header's year. `side`
 * `end` is last year's closing count: the end column, or a lone stock with no
 * time word and no movements (a review's result, the stock at the review
 * date). `start` is this year's opening count.
 */
function columnFor(t: Table, f: FigureKind, side: 'start' | 'end'): { col: number; year: number | null } | null {
  if (f.kind === 'households') {
    const hh = t.columns.filter((c) => c.role.code === 'households').sort((a, b) => (a.role.year ?? 0) - (b.role.year ?? 0));
    if (!hh.length) return null;
    const c = side === 'start' ? hh[0] : hh[hh.length - 1];
    return { col: c.col, year: c.role.year ?? null };
  }
  const end = t.columns.find((c) => c.role.code === `${f.pop}.end`);
  const start = t.columns.find((c) => c.role.code === `${f.pop}.start`);
  if (side === 'start') return start ? { col: start.col, year: start.role.year ?? null } : null;
  if (end) return { col: end.col, year: end.role.year ?? null };
  const moves = t.columns.some((c) => c.role.kind === 'count' && c.role.pop === f.pop && c.role.flow && c.role.flow !== 'start');
  if (start && !start.role.explicitFlow && !moves) return { col: start.col, year: start.role.year ?? null };
  return null;
}

/**
 * The units that have a figure in a workbook. Tables are taken by year: the
 * latest for last year's end, or the one `year` names. A unit repeated in two
 * tables of the same year (seed 003 repeats households) counts once; the
 * cross-table check sees to it that the copies agree.
 */
function unitsWith(tables: TableAt[], f: FigureKind, side: 'start' | 'end', year?: number | null): { units: UnitEntry[]; year: number | null } {
  const cands = tables.map((t) => ({ t, c: columnFor(t.table, f, side) })).filter((x) => x.c !== null) as { t: TableAt; c: { col: number; year: number | null } }[];
  if (!cands.length) return { units: [], year: null };
  const years = cands.map((x) => x.c.year);
  let chosen: number | null;
  if (year !== undefined && year !== null && years.includes(year)) chosen = year;
  else if (years.some((y) => y !== null)) {
    const known = years.filter((y): y is number => y !== null);
    chosen = side === 'end' ? maxOf(known) : minOf(known);
  }
  else chosen = null;
  const units: UnitEntry[] = [];
  const seen = new Map<string, number>(); // exact key → table position of its first entry
  cands.forEach((x, pos) => {
    if (x.c.year !== chosen && chosen !== null && x.c.year !== null) return;
    for (const r of unitRows(x.t.table)) {
      const key = nameKeys(r.label).exact;
      const first = seen.get(key);
      if (first !== undefined && first !== pos) continue;
      seen.set(key, pos);
      const v = countAt(x.t.sheet, r.row, x.c.col);
      units.push({
        name: tidy(r.label),
        sheet: x.t.sheet.name,
        nameCell: a1(r.row, nameCol(x.t.table)),
        table: x.t.index,
        ...(v !== undefined ? { figure: { sheet: x.t.sheet.name, cell: a1(r.row, x.c.col), value: v } } : {}),
      });
    }
  });
  return { units, year: chosen };
}

/** Every population any table of either workbook has a start or end for. */
function populations(tables: TableAt[]): string[] {
  const pops = new Set<string>();
  for (const t of tables) for (const c of t.table.columns) if (c.role.kind === 'count' && c.role.pop && (c.role.flow === 'start' || c.role.flow === 'end')) pops.add(c.role.pop);
  return ['poor', 'nearPoor', ...[...pops].filter((p) => p !== 'poor' && p !== 'nearPoor')].filter((p) => pops.has(p));
}

// ---------------------------------------------------------------------------
// The map

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

// ---------------------------------------------------------------------------
// The comparison

export function compareWorkbooks(previous: Workbook, current: Workbook, o: CompareOptions = {}): Omit<CompareReport, 'sheets' | 'previous'> {
  const lang = o.lang ?? 'vi';
  const share = o.share ?? 0.1;
  const prevFile = o.previousFile ?? '';
  const curFile = o.currentFile ?? '';
  const fmt = (n: number) => D.format(D.dec(n), 0, lang);
  const pct = (x: number) => D.format(D.fromNumber(Math.round(x * 1000) / 10), 1, lang);
  const pctShare = (x: number) => D.format(D.fromNumber(Math.round(x * 10000) / 100), null, lang);
  const diff = (n: number) => (n > 0 ? `+${fmt(n)}` : `−${fmt(-n)}`);
  const pt = tablesOf(previous, o.previousTables);
  const ct = tablesOf(current, o.currentTables);
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const push = (i: Issue) => {
    const id = `${i.file ?? ''}|${i.sheet}|${i.cell}|${i.rule}|${(i.others ?? []).map((x) => `${x.sheet}!${x.cell}`).join(',')}`;
    if (seen.has(id)) return;
    seen.add(id);
    issues.push(i);
  };
  const ref = (file: string, f: Figure, unit: string): CellRef => ({ file, sheet: f.sheet, cell: f.cell, unit, value: f.value });
  const where = (f: Figure) => `'${f.sheet}'!${f.cell}`;

  const figures: FigureKind[] = [...populations([...pt, ...ct]).map((pop) => ({ kind: 'pop', pop }) as FigureKind), { kind: 'households' }];
  const compared: CompareReport['compared'] = [];
  const unmatched = { prev: new Map<string, UnitEntry>(), cur: new Map<string, UnitEntry>() };
  // A unit is "in one file only" when no figure matched it and no near-miss names it.
  const settled = { prev: new Set<string>(), cur: new Set<string>() };
  const settle = (side: 'prev' | 'cur', u: UnitEntry) => settled[side].add(nameKeys(u.name).exact);

  // With a map: former names → new names, checked before anything is compared.
  const map = o.map ? mapIndex(o.map, lang) : null;
  if (map) for (const i of map.problems) push({ ...i, file: o.mapFile });

  for (const f of figures) {
    const prev = unitsWith(pt, f, 'end');
    const cur = unitsWith(ct, f, 'start', prev.year);
    if (!prev.units.length || !cur.units.length) continue;
    const what = f.kind === 'households' ? L(lang, 'hộ', 'households') : popWord(f.pop, lang);
    let n = 0;
    const compareOne = (c: UnitEntry, formers: UnitEntry[]) => {
      if (!c.figure || !formers.length || formers.some((p) => !p.figure)) return;
      n++;
      const sum = formers.reduce((a, p) => a + p.figure!.value, 0);
      const others = formers.map((p) => ref(prevFile, p.figure!, p.name));
      const list = formers.map((p) => `${p.name} (${where(p.figure!)}) ${fmt(p.figure!.value)}`).join(', ');
      const v = c.figure.value;
      if (f.kind === 'pop') {
        if (v === sum) return;
        const message =
          formers.length === 1 && !map
            ? L(
                lang,
                `${c.figure.cell} (${c.name}) bắt đầu năm với ${fmt(v)} ${what} nhưng năm trước kết thúc với ${fmt(sum)} (${prevFile} › ${where(formers[0].figure!)}); chênh ${diff(v - sum)}. Số đầu kỳ phải bằng số cuối kỳ năm trước: hãy đối chiếu quyết định công nhận kết quả rà soát.`,
                `${c.figure.cell} (${c.name}) starts the year with ${fmt(v)} ${what} but last year ended with ${fmt(sum)} (${prevFile} › ${where(formers[0].figure!)}); ${diff(v - sum)} apart. The start must equal last year's end: check the approved review results.`,
              )
            : L(
                lang,
                `${c.figure.cell} (${c.name}) bắt đầu năm với ${fmt(v)} ${what} nhưng ${formers.length} đơn vị cũ kết thúc năm trước với tổng ${fmt(sum)}: ${list} (${prevFile}); chênh ${diff(v - sum)}.`,
                `${c.figure.cell} (${c.name}) starts the year with ${fmt(v)} ${what} but its ${formers.length} former units ended last year with ${fmt(sum)} in all: ${list} (${prevFile}); ${diff(v - sum)} apart.`,
              );
        push({ file: curFile, sheet: c.sheet, cell: c.figure.cell, rule: 'carry-mismatch', severity: 'error', message, stated: v, expected: sum, unit: c.name, table: c.table, others });
        return;
      }
      // Households move every year (new families, people leaving): only a large change is worth a look.
      if (sum > 0 && Math.abs(v - sum) / sum > share) {
        const from = formers.length === 1 ? `${fmt(sum)} (${prevFile} › ${where(formers[0].figure!)})` : `${fmt(sum)} (${list})`;
        push({
          file: curFile,
          sheet: c.sheet,
          cell: c.figure.cell,
          rule: 'households-change',
          severity: 'info',
          message: L(
            lang,
            `${c.figure.cell} (${c.name}): ${fmt(v)} hộ, năm trước ${from}; thay đổi ${v > sum ? '+' : '−'}${pct(Math.abs(v - sum) / sum)} %, hơn ${pctShare(share)} %. Hãy xem lại nếu không có lý do.`,
            `${c.figure.cell} (${c.name}): ${fmt(v)} households, last year ${from}; a change of ${v > sum ? '+' : '−'}${pct(Math.abs(v - sum) / sum)} %, more than ${pctShare(share)} %. Worth a look unless there is a reason.`,
          ),
          stated: v,
          expected: sum,
          unit: c.name,
          table: c.table,
          others,
        });
      }
    };

    if (!map) {
      const p = pairNames(
        prev.units.map((u) => u.name),
        cur.units.map((u) => u.name),
      );
      for (const [i, j] of p.pairs) {
        settle('prev', prev.units[i]);
        settle('cur', cur.units[j]);
        compareOne(cur.units[j], [prev.units[i]]);
      }
      for (const i of p.onlyA) unmatched.prev.set(prev.units[i].name, prev.units[i]);
      for (const j of p.onlyB) unmatched.cur.set(cur.units[j].name, cur.units[j]);
      for (const m of p.nearMisses) nearMiss(prev.units[m.a], cur.units[m.b], m.why);
      for (const i of p.duplicatesA) duplicate(prevFile, prev.units[i]);
      for (const j of p.duplicatesB) duplicate(curFile, cur.units[j]);
    } else {
      // Former names against last year's units, new names against this year's.
      const formerNames = map.formers;
      const pf = pairNames(formerNames, prev.units.map((u) => u.name));
      const pc = pairNames(map.currents, cur.units.map((u) => u.name));
      const prevOf = new Map(pf.pairs.map(([i, j]) => [i, prev.units[j]]));
      const curOf = new Map(pc.pairs.map(([i, j]) => [i, cur.units[j]]));
      for (const u of prevOf.values()) settle('prev', u);
      for (const u of curOf.values()) settle('cur', u);
      map.currents.forEach((name, ci) => {
        const c = curOf.get(ci);
        const fs = map.formersOf[ci];
        const found = fs.map((fi) => prevOf.get(fi));
        if (!c) {
          // A province-wide map lists units of other files: only a half-found one is reported.
          if (found.some((x) => x)) mapMissing(name, 'current', fs.map((fi) => map.formers[fi]));
          return;
        }
        if (map.doubled.has(ci)) return;
        if (found.some((x) => !x)) {
          for (const [k, fi] of fs.entries()) if (!found[k]) mapMissing(map.formers[fi], 'former', [name]);
          return;
        }
        compareOne(c, found as UnitEntry[]);
      });
      for (const j of pf.onlyB) unmatched.prev.set(prev.units[j].name, prev.units[j]);
      for (const j of pc.onlyB) unmatched.cur.set(cur.units[j].name, cur.units[j]);
      for (const m of pf.nearMisses) nearMissMap(map.formers[m.a], prev.units[m.b], prevFile, m.why);
      for (const m of pc.nearMisses) nearMissMap(map.currents[m.a], cur.units[m.b], curFile, m.why);
      for (const j of pf.duplicatesB) duplicate(prevFile, prev.units[j]);
      for (const j of pc.duplicatesB) duplicate(curFile, cur.units[j]);
    }
    if (f.kind === 'pop') compared.push({ population: f.pop, units: n });
  }

  function nearMiss(p: UnitEntry, c: UnitEntry, why: 'diacritics' | 'letter') {
    settle('prev', p);
    settle('cur', c);
    push({
      file: curFile,
      sheet: c.sheet,
      cell: c.nameCell,
      rule: 'name-near-miss',
      severity: 'warning',
      message: L(
        lang,
        `"${c.name}" năm nay và "${p.name}" năm trước (${prevFile} › '${p.sheet}'!${p.nameCell}) chỉ khác ${why === 'diacritics' ? 'dấu' : 'một chữ'}: chưa so sánh. Nếu là cùng một đơn vị, hãy sửa tên cho giống nhau rồi so sánh lại.`,
        `"${c.name}" this year and "${p.name}" last year (${prevFile} › '${p.sheet}'!${p.nameCell}) differ only in ${why === 'diacritics' ? 'accents' : 'one letter'}: not compared. If they are the same unit, make the names the same and compare again.`,
      ),
      stated: c.name,
      expected: p.name,
      unit: c.name,
      table: c.table,
      others: [{ file: prevFile, sheet: p.sheet, cell: p.nameCell, unit: p.name, value: null }],
    });
  }

  function nearMissMap(name: string, u: UnitEntry, file: string, why: 'diacritics' | 'letter') {
    settle(file === prevFile ? 'prev' : 'cur', u);
    push({
      file,
      sheet: u.sheet,
      cell: u.nameCell,
      rule: 'name-near-miss',
      severity: 'warning',
      message: L(
        lang,
        `"${u.name}" và "${name}" trong bảng sáp nhập chỉ khác ${why === 'diacritics' ? 'dấu' : 'một chữ'}: chưa ghép. Hãy sửa tên cho giống nhau.`,
        `"${u.name}" and "${name}" in the map differ only in ${why === 'diacritics' ? 'accents' : 'one letter'}: not matched. Make the names the same.`,
      ),
      stated: u.name,
      expected: name,
      unit: u.name,
      table: u.table,
    });
  }

  function duplicate(file: string, u: UnitEntry) {
    push({
      file,
      sheet: u.sheet,
      cell: u.nameCell,
      rule: 'not-checked',
      severity: 'info',
      message: L(
        lang,
        `"${u.name}" có nhiều dòng cùng tên trong ${file}: không biết dòng nào ứng với năm ${file === prevFile ? 'nay' : 'trước'}, nên không so sánh.`,
        `"${u.name}" is on more than one row in ${file}: which one is the other year's unit is unknown, so it is not compared.`,
      ),
      stated: null,
      expected: null,
      unit: u.name,
      table: u.table,
    });
  }

  function mapMissing(name: string, side: 'current' | 'former', partners: string[]) {
    const [sheet, cell] = splitAt(map?.at.get(name) ?? '!');
    push({
      file: o.mapFile,
      sheet,
      cell,
      rule: 'map-problem',
      severity: 'warning',
      message:
        side === 'current'
          ? L(lang, `Đơn vị mới "${name}" (gồm ${partners.join(', ')}) không có trong ${curFile}: chưa so sánh.`, `New unit "${name}" (from ${partners.join(', ')}) is not in ${curFile}: not compared.`)
          : L(
              lang,
              `Đơn vị cũ "${name}" không có trong ${prevFile}: chưa so sánh được "${partners[0]}" (thiếu số của một đơn vị cũ).`,
              `Former unit "${name}" is not in ${prevFile}: "${partners[0]}" is not compared (a former unit's figures are missing).`,
            ),
      stated: name,
      expected: null,
    });
  }

  for (const [name, u] of unmatched.prev) {
    if (settled.prev.has(nameKeys(name).exact)) continue;
    push({
      file: prevFile,
      sheet: u.sheet,
      cell: u.nameCell,
      rule: 'unit-unmatched',
      severity: 'warning',
      message: map
        ? L(lang, `"${name}" có trong ${prevFile} nhưng không có trong bảng sáp nhập.`, `"${name}" is in ${prevFile} but not in the map.`)
        : L(lang, `"${name}" có trong tệp năm trước (${prevFile}) nhưng không có trong ${curFile}.`, `"${name}" is in last year's file (${prevFile}) but not in ${curFile}.`),
      stated: name,
      expected: null,
      unit: name,
      table: u.table,
    });
  }
  for (const [name, u] of unmatched.cur) {
    if (settled.cur.has(nameKeys(name).exact)) continue;
    push({
      file: curFile,
      sheet: u.sheet,
      cell: u.nameCell,
      rule: map ? 'map-problem' : 'unit-unmatched',
      severity: 'warning',
      message: map
        ? L(lang, `Đơn vị mới "${name}" không có đơn vị cũ nào trong bảng sáp nhập: chưa so sánh.`, `New unit "${name}" has no former unit in the map: not compared.`)
        : L(lang, `"${name}" có trong ${curFile} nhưng không có trong tệp năm trước (${prevFile}).`, `"${name}" is in ${curFile} but not in last year's file (${prevFile}).`),
      stated: name,
      expected: null,
      unit: name,
      table: u.table,
    });
  }
  if (!compared.length) {
    push({
      file: curFile,
      sheet: '',
      cell: 'A1',
      rule: 'not-checked',
      severity: 'info',
      message: L(
        lang,
        'Không có số nào để so sánh: cần số cuối kỳ (hoặc còn lại) ở tệp năm trước và số đầu kỳ (sau rà soát) ở tệp năm nay.',
        'Nothing to compare: last year\'s file needs end-of-period counts and this year\'s start-of-period counts.',
      ),
      stated: null,
      expected: null,
    });
  }
  return {
    file: curFile,
    issues,
    ...(o.map ? { map: { file: o.mapFile ?? '', pairs: o.map.length } } : {}),
    share,
    compared,
  };
}

interface MapIndex {
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

function mapIndex(entries: UnitMapEntry[], lang: Lang): MapIndex {
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
        message: L(
          lang,
          `Đơn vị cũ "${e.former}" có hai lần trong bảng sáp nhập (${first.at} → ${currents[first.ci]}, ${e.at} → ${e.current}): không so sánh ${currents[first.ci]}${first.ci !== ci ? ` và ${e.current}` : ''}.`,
          `Former unit "${e.former}" is in the map twice (${first.at} → ${currents[first.ci]}, ${e.at} → ${e.current}): ${currents[first.ci]}${first.ci !== ci ? ` and ${e.current} are` : ' is'} not compared.`,
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

function splitAt(at: string): [string, string] {
  const i = at.lastIndexOf('!');
  return [at.slice(0, i), at.slice(i + 1)];
}
