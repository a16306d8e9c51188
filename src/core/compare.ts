// Year over year: this year's start is last year's end. The poor and
// near-poor households at the start of a plan are those approved at the end
// of the previous year; officers retype them, and a typo there passes every
// check within one table. compare matches the units of two workbooks by name
// (match.ts: never merging near-misses) and compares, per population, the
// current start with the previous end. With a map (former unit → new unit,
// the 2025 merger of communes) a new unit's start is compared with the sum of
// its former units' ends.
import type { Workbook } from './grid';
import * as D from './decimal';
import type { CellRef, Issue, Lang, Report, SheetReport } from './report';
import type { Table } from './tables';
import { nameKeys, pairNames } from './match';
import { type MessageId, type Param, render } from './messages';
import { type Figure, type FigureKind, type TableAt, type UnitEntry, populations, tablesOf, unitsWith } from './compare-units';
import { type MapIndex, type UnitMapEntry, mapIndex, splitAt } from './compare-map';

export { type UnitMapEntry, readUnitMap } from './compare-map';


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

type Side = 'prev' | 'cur';
type Why = 'diacritics' | 'letter';

/** One comparison of two workbooks: the issues it finds, each once. */
class Comparison {
  readonly issues: Issue[] = [];
  readonly compared: CompareReport['compared'] = [];
  private readonly seen = new Set<string>();
  private readonly lang: Lang;
  private readonly share: number;
  private readonly prevFile: string;
  private readonly curFile: string;
  private readonly map: MapIndex | null;
  /** Units no figure paired, by name; reported unless a near-miss or another figure settled them. */
  private readonly unmatched = { prev: new Map<string, UnitEntry>(), cur: new Map<string, UnitEntry>() };
  private readonly settled = { prev: new Set<string>(), cur: new Set<string>() };

  constructor(private readonly o: CompareOptions) {
    this.lang = o.lang ?? 'vi';
    this.share = o.share ?? 0.1;
    this.prevFile = o.previousFile ?? '';
    this.curFile = o.currentFile ?? '';
    // With a map: former names → new names, checked before anything is compared.
    this.map = o.map ? mapIndex(o.map, this.lang) : null;
    if (this.map) for (const i of this.map.problems) this.push({ ...i, file: o.mapFile });
  }

  run(pt: TableAt[], ct: TableAt[]): void {
    const figures: FigureKind[] = [...populations([...pt, ...ct]).map((pop) => ({ kind: 'pop', pop }) as FigureKind), { kind: 'households' }];
    for (const f of figures) {
      const prev = unitsWith(pt, f, 'end');
      const cur = unitsWith(ct, f, 'start', prev.year);
      if (!prev.units.length || !cur.units.length) continue;
      const n = this.map ? this.pairMapped(f, prev.units, cur.units, this.map) : this.pairByName(f, prev.units, cur.units);
      if (f.kind === 'pop') this.compared.push({ population: f.pop, units: n });
    }
    this.reportUnmatched();
    if (!this.compared.length) this.push({ file: this.curFile, sheet: '', cell: 'A1', rule: 'not-checked', severity: 'info', message: this.say('compare-nothing', {}), stated: null, expected: null });
  }

  private push(i: Issue): void {
    const id = `${i.file ?? ''}|${i.sheet}|${i.cell}|${i.rule}|${(i.others ?? []).map((x) => `${x.sheet}!${x.cell}`).join(',')}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.issues.push(i);
  }

  private say(id: MessageId, p: Record<string, Param>): string {
    return render({ id, p }, this.lang);
  }

  private fmt(n: number): string {
    return D.format(D.dec(n), 0, this.lang);
  }

  private settle(side: Side, u: UnitEntry): void {
    this.settled[side].add(nameKeys(u.name).exact);
  }

  /** Without a map: units paired by name. Returns how many were compared. */
  private pairByName(f: FigureKind, prev: UnitEntry[], cur: UnitEntry[]): number {
    const p = pairNames(
      prev.map((u) => u.name),
      cur.map((u) => u.name),
    );
    let n = 0;
    for (const [i, j] of p.pairs) {
      this.settle('prev', prev[i]);
      this.settle('cur', cur[j]);
      if (this.compareOne(f, cur[j], [prev[i]])) n++;
    }
    for (const i of p.onlyA) this.unmatched.prev.set(prev[i].name, prev[i]);
    for (const j of p.onlyB) this.unmatched.cur.set(cur[j].name, cur[j]);
    for (const m of p.nearMisses) this.nearMiss(prev[m.a], cur[m.b], m.why);
    for (const i of p.duplicatesA) this.duplicate('prev', prev[i]);
    for (const j of p.duplicatesB) this.duplicate('cur', cur[j]);
    return n;
  }

  /** With a map: former names against last year's units, new names against this year's. */
  private pairMapped(f: FigureKind, prev: UnitEntry[], cur: UnitEntry[], map: MapIndex): number {
    const pf = pairNames(map.formers, prev.map((u) => u.name));
    const pc = pairNames(map.currents, cur.map((u) => u.name));
    const prevOf = new Map(pf.pairs.map(([i, j]) => [i, prev[j]]));
    const curOf = new Map(pc.pairs.map(([i, j]) => [i, cur[j]]));
    for (const u of prevOf.values()) this.settle('prev', u);
    for (const u of curOf.values()) this.settle('cur', u);
    let n = 0;
    map.currents.forEach((name, ci) => {
      const c = curOf.get(ci);
      const fs = map.formersOf[ci];
      const found = fs.map((fi) => prevOf.get(fi));
      if (!c) {
        // A province-wide map lists units of other files: only a half-found one is reported.
        if (found.some((x) => x)) this.mapMissing(name, 'current', fs.map((fi) => map.formers[fi]));
        return;
      }
      if (map.doubled.has(ci)) return;
      if (found.some((x) => !x)) {
        for (const [k, fi] of fs.entries()) if (!found[k]) this.mapMissing(map.formers[fi], 'former', [name]);
        return;
      }
      if (this.compareOne(f, c, found as UnitEntry[])) n++;
    });
    for (const j of pf.onlyB) this.unmatched.prev.set(prev[j].name, prev[j]);
    for (const j of pc.onlyB) this.unmatched.cur.set(cur[j].name, cur[j]);
    for (const m of pf.nearMisses) this.nearMissMap(map.formers[m.a], prev[m.b], 'prev', m.why);
    for (const m of pc.nearMisses) this.nearMissMap(map.currents[m.a], cur[m.b], 'cur', m.why);
    for (const j of pf.duplicatesB) this.duplicate('prev', prev[j]);
    for (const j of pc.duplicatesB) this.duplicate('cur', cur[j]);
    return n;
  }

  /** This year's unit against its former units' ends; false when a figure is missing (not compared). */
  private compareOne(f: FigureKind, c: UnitEntry, formers: UnitEntry[]): boolean {
    if (!c.figure || !formers.length || formers.some((p) => !p.figure)) return false;
    const num = (n: number) => ({ dec: D.dec(n), p: 0 });
    const where = (x: Figure) => `'${x.sheet}'!${x.cell}`;
    const sum = formers.reduce((a, p) => a + p.figure!.value, 0);
    const others = formers.map((p): CellRef => ({ file: this.prevFile, sheet: p.figure!.sheet, cell: p.figure!.cell, unit: p.name, value: p.figure!.value }));
    const list = formers.map((p) => `${p.name} (${where(p.figure!)}) ${this.fmt(p.figure!.value)}`).join(', ');
    const v = c.figure.value;
    // Key order as in every report: where, what, then the figures.
    const at = { file: this.curFile, sheet: c.sheet, cell: c.figure.cell };
    const figures = { stated: v, expected: sum, unit: c.name, table: c.table, others };
    if (f.kind === 'pop') {
      if (v === sum) return true;
      const diff = v > sum ? `+${this.fmt(v - sum)}` : `−${this.fmt(sum - v)}`;
      const p = { cell: c.figure.cell, unit: c.name, stated: num(v), expected: num(sum), what: f.pop === 'poor' || f.pop === 'nearPoor' ? { id: `population-${f.pop}` as const, p: {} } : f.pop, diff, file: this.prevFile };
      const message =
        formers.length === 1 && !this.map
          ? this.say('compare-carry', { ...p, where: where(formers[0].figure!) })
          : this.say('compare-carry-formers', { ...p, n: formers.length, list });
      this.push({ ...at, rule: 'carry-mismatch', severity: 'error', message, ...figures });
      return true;
    }
    // Households move every year (new families, people leaving): only a large change is worth a look.
    if (sum > 0 && Math.abs(v - sum) / sum > this.share) {
      const total = this.fmt(sum);
      const from = formers.length === 1 ? `${total} (${this.prevFile} › ${where(formers[0].figure!)})` : `${total} (${list})`;
      const change = `${v > sum ? '+' : '−'}${D.format(D.fromNumber(Math.round((Math.abs(v - sum) / sum) * 1000) / 10), 1, this.lang)}`;
      const share = D.format(D.fromNumber(Math.round(this.share * 10000) / 100), null, this.lang);
      const message = this.say('compare-households-change', { cell: c.figure.cell, unit: c.name, stated: num(v), from, change, share });
      this.push({ ...at, rule: 'households-change', severity: 'info', message, ...figures });
    }
    return true;
  }

  private nearMiss(p: UnitEntry, c: UnitEntry, why: Why): void {
    this.settle('prev', p);
    this.settle('cur', c);
    const message = this.say('compare-near-miss', { current: c.name, previous: p.name, file: this.prevFile, where: `'${p.sheet}'!${p.nameCell}`, why: { id: `compare-why-${why}`, p: {} } });
    const others = [{ file: this.prevFile, sheet: p.sheet, cell: p.nameCell, unit: p.name, value: null }];
    this.push({ file: this.curFile, sheet: c.sheet, cell: c.nameCell, rule: 'name-near-miss', severity: 'warning', message, stated: c.name, expected: p.name, unit: c.name, table: c.table, others });
  }

  private nearMissMap(name: string, u: UnitEntry, side: Side, why: Why): void {
    this.settle(side, u);
    const message = this.say('compare-near-miss-map', { name: u.name, mapName: name, why: { id: `compare-why-${why}`, p: {} } });
    const file = side === 'prev' ? this.prevFile : this.curFile;
    this.push({ file, sheet: u.sheet, cell: u.nameCell, rule: 'name-near-miss', severity: 'warning', message, stated: u.name, expected: name, unit: u.name, table: u.table });
  }

  private duplicate(side: Side, u: UnitEntry): void {
    const file = side === 'prev' ? this.prevFile : this.curFile;
    const message = this.say(side === 'prev' ? 'compare-duplicate-previous' : 'compare-duplicate-current', { name: u.name, file });
    this.push({ file, sheet: u.sheet, cell: u.nameCell, rule: 'not-checked', severity: 'info', message, stated: null, expected: null, unit: u.name, table: u.table });
  }

  private mapMissing(name: string, side: 'current' | 'former', partners: string[]): void {
    const [sheet, cell] = splitAt(this.map?.at.get(name) ?? '!');
    const message =
      side === 'current'
        ? this.say('compare-map-new-missing', { name, partners: partners.join(', '), file: this.curFile })
        : this.say('compare-map-former-missing', { name, file: this.prevFile, partner: partners[0] });
    this.push({ file: this.o.mapFile, sheet, cell, rule: 'map-problem', severity: 'warning', message, stated: name, expected: null });
  }

  /** A unit is "in one file only" when no figure matched it and no near-miss names it. */
  private reportUnmatched(): void {
    const files = { previous: this.prevFile, current: this.curFile };
    for (const [name, u] of this.unmatched.prev) {
      if (this.settled.prev.has(nameKeys(name).exact)) continue;
      const message = this.map ? this.say('compare-previous-not-in-map', { name, file: this.prevFile }) : this.say('compare-previous-only', { name, ...files });
      this.push({ file: this.prevFile, sheet: u.sheet, cell: u.nameCell, rule: 'unit-unmatched', severity: 'warning', message, stated: name, expected: null, unit: name, table: u.table });
    }
    for (const [name, u] of this.unmatched.cur) {
      if (this.settled.cur.has(nameKeys(name).exact)) continue;
      const message = this.map ? this.say('compare-new-without-former', { name }) : this.say('compare-current-only', { name, ...files });
      const rule = this.map ? 'map-problem' : 'unit-unmatched';
      this.push({ file: this.curFile, sheet: u.sheet, cell: u.nameCell, rule, severity: 'warning', message, stated: name, expected: null, unit: name, table: u.table });
    }
  }
}

export function compareWorkbooks(previous: Workbook, current: Workbook, o: CompareOptions = {}): Omit<CompareReport, 'sheets' | 'previous'> {
  const c = new Comparison(o);
  c.run(tablesOf(previous, o.previousTables), tablesOf(current, o.currentTables));
  return {
    file: o.currentFile ?? '',
    issues: c.issues,
    ...(o.map ? { map: { file: o.mapFile ?? '', pairs: o.map.length } } : {}),
    share: o.share ?? 0.1,
    compared: c.compared,
  };
}
