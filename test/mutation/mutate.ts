// Officer-like mutations of real workbooks, and the properties every command
// must keep on them. Shared by the CI test (test/mutation.test.ts, a fixed seed
// and a few hundred cases) and `npm run mutate -- --cases N --seed S` (longer).
//
// A case: one workbook (a sample or an official form) with 1–3 mutations (a
// number typed as text or as a date, float noise, an emoji sheet name, a count
// formatted as %, a rate replaced by "x", a huge number, many units…), run
// through check, fix, allocate and appendix. Properties: exit 0/1/2 only, no
// internal error, --json output that parses on every outcome, the input file
// and its sheets unchanged, fix's corrected sheets re-checked with no error at
// a formula fix wrote, allocations summing exactly to what they report.
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { prng } from '../../src/bench/synthetic';
import { main } from '../../src/cli/main';
import type { Cell, Sheet } from '../../src/core/grid';
import type { Issue } from '../../src/core/report';
import { ownSheetPurposeOf } from '../../src/core/correct';
import { readXlsxFile } from '../../src/hosts/xlsx';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SHARED = path.resolve(ROOT, '..', 'shared');
const BIN = path.join(ROOT, 'bin', 'povcheck.js');

/** The workbooks mutated: the bundled samples and the official forms. */
export function corpus(): string[] {
  const dirs = [path.join(ROOT, 'samples'), path.join(SHARED, 'forms')];
  return dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.xlsx')).sort().map((f) => path.join(d, f)) : []));
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const FIXED_NOW = () => new Date(Date.UTC(2026, 0, 15, 8, 0, 0));

/** The CLI in this process (main() with captured output). */
export async function runInProcess(argv: string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, color: false, now: FIXED_NOW });
  return { code, stdout, stderr };
}

/** The built CLI as a user runs it (`node bin/povcheck.js`, lib/ built by `npm run build:cli`). */
export function runSpawned(argv: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

// ---------------------------------------------------------------------------
// Mutations

export const MUTATIONS = [
  'number-as-text',
  'number-as-date',
  'date-format',
  'float-noise',
  'fraction',
  'emoji-sheet-name',
  'long-sheet-name',
  'count-as-percent',
  'rate-as-x',
  'huge',
  'negative',
  'error-value',
  'formula-text',
  'blank',
  'many-units',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

interface NumCell {
  ws: ExcelJS.Worksheet;
  cell: ExcelJS.Cell;
  value: number;
}

function numberCells(wb: ExcelJS.Workbook): NumCell[] {
  const out: NumCell[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as unknown;
        if (typeof v === 'number') out.push({ ws, cell, value: v });
        else if (v && typeof v === 'object' && 'result' in v && typeof (v as { result: unknown }).result === 'number') {
          out.push({ ws, cell, value: (v as { result: number }).result });
        }
      }),
    );
  });
  return out;
}

/** ExcelJS shares one style object among the cells loaded with the same style: give this cell its own. */
function setFormat(cell: ExcelJS.Cell, numFmt: string): void {
  cell.style = { ...cell.style, numFmt };
}

/** Applies one mutation; returns what it did, or null when the workbook offers nothing to mutate. */
function applyMutation(wb: ExcelJS.Workbook, m: Mutation, rng: Rng): string | null {
  const nums = numberCells(wb);
  const counts = nums.filter((n) => Number.isInteger(n.value) && n.value > 0);
  const rates = nums.filter((n) => !Number.isInteger(n.value));
  const any = (xs: NumCell[]) => (xs.length ? pick(rng, xs) : nums.length ? pick(rng, nums) : null);
  const where = (n: NumCell) => `${n.ws.name}!${n.cell.address}`;
  switch (m) {
    case 'number-as-text': {
      const n = any(rng() < 0.5 ? counts : rates);
      if (!n) return null;
      const text = Number.isInteger(n.value) ? n.value.toLocaleString('de-DE') : String(n.value).replace('.', ',');
      n.cell.value = rng() < 0.3 ? ` ${text} ` : text;
      return `${where(n)} ${n.value} → "${n.cell.value}"`;
    }
    case 'number-as-date': {
      const n = any(nums);
      if (!n) return null;
      n.cell.value = new Date(Date.UTC(2015, 9, 1 + Math.floor(rng() * 28)));
      setFormat(n.cell, 'dd/mm/yyyy');
      return `${where(n)} → a date`;
    }
    case 'date-format': {
      const n = any(rates);
      if (!n) return null;
      setFormat(n.cell, 'mm-dd-yy');
      return `${where(n)} formatted as a date`;
    }
    case 'float-noise': {
      const n = any(counts);
      if (!n) return null;
      const v = rng() < 0.5 ? n.value - n.value * 2 ** -52 : n.value + 1e-9;
      n.cell.value = v === n.value ? n.value - 1e-9 : v;
      return `${where(n)} ${n.value} → ${n.cell.value}`;
    }
    case 'fraction': {
      const n = any(counts);
      if (!n) return null;
      n.cell.value = n.value + 0.0001;
      return `${where(n)} ${n.value} → ${n.cell.value}`;
    }
    case 'emoji-sheet-name':
    case 'long-sheet-name': {
      const sheets = wb.worksheets;
      if (!sheets.length) return null;
      const ws = pick(rng, sheets);
      const old = ws.name;
      // 15 emoji + "a" is 31 UTF-16 units; the long name is 31 characters.
      const name = m === 'emoji-sheet-name' ? '😀'.repeat(15) + 'a' : `Biểu tổng hợp số liệu ${Math.floor(rng() * 1e8)}`.padEnd(31, 'x').slice(0, 31);
      if (sheets.some((s) => s !== ws && s.name.toLowerCase() === name.toLowerCase())) return null;
      ws.name = name;
      return `sheet "${old}" renamed "${name}"`;
    }
    case 'count-as-percent': {
      const n = any(counts);
      if (!n) return null;
      setFormat(n.cell, '0.00%');
      return `${where(n)} formatted 0.00%`;
    }
    case 'rate-as-x': {
      const n = any(rates);
      if (!n) return null;
      n.cell.value = pick(rng, ['x', 'X', '-', '1/2', '4,3%', '#N/A']);
      return `${where(n)} → "${n.cell.value}"`;
    }
    case 'huge': {
      const n = any(nums);
      if (!n) return null;
      n.cell.value = pick(rng, [1.7976931348623157e308, 1e15, 999999999999999, 9.007199254740993e15, 1e21]);
      return `${where(n)} → ${n.cell.value}`;
    }
    case 'negative': {
      const n = any(counts);
      if (!n) return null;
      n.cell.value = -n.value;
      return `${where(n)} → ${n.cell.value}`;
    }
    case 'error-value': {
      const n = any(nums);
      if (!n) return null;
      n.cell.value = { error: pick(rng, ['#DIV/0!', '#REF!', '#VALUE!']) } as ExcelJS.CellErrorValue;
      return `${where(n)} → an error value`;
    }
    case 'formula-text': {
      const n = any(rates);
      if (!n) return null;
      n.cell.value = '=C5/B5*100';
      return `${where(n)} → formula text`;
    }
    case 'blank': {
      const n = any(nums);
      if (!n) return null;
      n.cell.value = null;
      return `${where(n)} emptied`;
    }
    case 'many-units': {
      // The longest run of rows whose first number cell is a count: repeat its
      // last data row until the sheet has `target` rows (totals then disagree,
      // which is fine: the commands must say so, not fail).
      const ws = nums.length ? pick(rng, nums).ws : null;
      if (!ws) return null;
      const last = ws.actualRowCount;
      const row = ws.getRow(last);
      const values = (row.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in (v as object) ? (v as { result: unknown }).result : v));
      if (!values.some((v) => typeof v === 'number')) return null;
      const target = 500 + Math.floor(rng() * 1500);
      for (let i = 0; i < target; i++) {
        const r = ws.getRow(last + 1 + i);
        values.forEach((v, c) => {
          r.getCell(c + 1).value = typeof v === 'number' && Number.isInteger(v) ? v + (i % 7) : (v as ExcelJS.CellValue);
        });
      }
      return `sheet "${ws.name}": ${target} more rows like row ${last}`;
    }
  }
}

export interface MutatedCase {
  source: string;
  mutations: string[];
  file: string;
}

/** Writes a mutated copy of `source` into `dir`. */
export async function mutate(source: string, dir: string, rng: Rng, index: number): Promise<MutatedCase> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(source);
  const n = 1 + Math.floor(rng() * 3);
  const done: string[] = [];
  for (let i = 0; i < n * 3 && done.length < n; i++) {
    // Many units is slow to write and read: one case in twenty-five.
    const m = rng() < 0.04 ? 'many-units' : pick(rng, MUTATIONS.filter((x) => x !== 'many-units'));
    const what = applyMutation(wb, m, rng);
    if (what) done.push(`${m}: ${what}`);
  }
  const file = path.join(dir, `case-${index}.xlsx`);
  await wb.xlsx.writeFile(file);
  return { source, mutations: done, file };
}

// ---------------------------------------------------------------------------
// Properties

const UNEXPECTED = /Lỗi không mong đợi|Unexpected error|^\s+at |\.js:\d+:\d+|\.ts:\d+:\d+/m;

export interface Failure {
  case: number;
  source: string;
  mutations: string[];
  command: string;
  problem: string;
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function cellKey(c: Cell | undefined): string {
  if (!c) return '';
  const v = c.value;
  return JSON.stringify([v.kind, 'value' in v ? v.value : null, c.formula ?? null]);
}

function sameSheet(a: Sheet, b: Sheet): boolean {
  const rows = Math.max(a.rows.length, b.rows.length);
  for (let r = 0; r < rows; r++) {
    const ra = a.rows[r] ?? [];
    const rb = b.rows[r] ?? [];
    for (let c = 0; c < Math.max(ra.length, rb.length); c++) if (cellKey(ra[c]) !== cellKey(rb[c])) return false;
  }
  return true;
}

/**
 * Errors on fix's corrected sheets that a formula could have avoided: an error
 * sitting at a cell fix wrote as a formula (its own arithmetic, decimals or format).
 */
export async function avoidableErrors(out: string): Promise<Issue[]> {
  const wb = await readXlsxFile(out);
  const corrected = wb.sheets.filter((s) => ownSheetPurposeOf(s) === 'corrected');
  const { checkWorkbook } = await import('../../src/core/engine');
  const issues = checkWorkbook({ sheets: corrected }, { file: out, lang: 'en' }).issues;
  const byName = new Map(corrected.map((s) => [s.name, s]));
  return issues.filter((i) => {
    if (i.severity !== 'error') return false;
    const s = byName.get(i.sheet);
    const m = /^([A-Z]+)(\d+)$/.exec(i.cell);
    if (!s || !m) return false;
    let col = 0;
    for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
    return !!s.rows[Number(m[2]) - 1]?.[col - 1]?.formula;
  });
}

function parseJson(r: RunResult): { ok: true; doc: unknown } | { ok: false; why: string } {
  try {
    return { ok: true, doc: JSON.parse(r.stdout) };
  } catch (e) {
    return { ok: false, why: `stdout is not JSON (exit ${r.code}): ${JSON.stringify(r.stdout.slice(0, 120))}; stderr ${JSON.stringify(r.stderr.slice(0, 200))}` };
  }
}

export interface Options {
  cases: number;
  seed: number;
  /** Run one command of every `spawnEvery`-th case through the built CLI (0: never). */
  spawnEvery: number;
  /** Called after each case (progress). */
  onCase?: (i: number, failures: Failure[]) => void;
}

export interface Summary {
  cases: number;
  runs: number;
  spawned: number;
  failures: Failure[];
  byMutation: Record<string, number>;
  /**
   * Sources whose corrected sheets fail `check` before any mutation (a
   * recognition problem of the source, not of a mutation): the avoidable-error
   * property is not asserted on their cases, and they are listed here.
   */
  baselineDirty: { source: string; errors: string[] }[];
  /** Errors on fix's formulas on a rule and column where the input already had one (see runMutations). */
  carried: Failure[];
  seconds: number;
}

/** Runs `cases` mutated workbooks through every command and checks the properties. */
export async function runMutations(o: Options): Promise<Summary> {
  const started = Date.now();
  const rng = prng(o.seed);
  const sources = corpus();
  if (!sources.length) throw new Error('no workbooks to mutate (samples/ and ../shared/forms are empty)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-mutate-'));
  const failures: Failure[] = [];
  const carried: Failure[] = [];
  const byMutation: Record<string, number> = {};
  let runs = 0;
  let spawned = 0;
  const baseline = new Map<string, string[]>();
  const baselineOf = async (source: string): Promise<string[]> => {
    let errs = baseline.get(source);
    if (!errs) {
      const out = path.join(dir, 'baseline.xlsx');
      const r = await runInProcess(['fix', source, '-o', out, '--json', '--lang', 'en']);
      errs = r.code === 2 ? [] : (await avoidableErrors(out)).map((i) => `${i.sheet}!${i.cell} ${i.rule}`);
      fs.rmSync(out, { force: true });
      baseline.set(source, errs);
    }
    return errs;
  };
  try {
    for (let i = 0; i < o.cases; i++) {
      const source = sources[i % sources.length];
      const c = await mutate(source, dir, rng, i);
      for (const m of c.mutations) byMutation[m.split(':')[0]] = (byMutation[m.split(':')[0]] ?? 0) + 1;
      const fail = (command: string, problem: string) => failures.push({ case: i, source: path.relative(ROOT, source), mutations: c.mutations, command, problem });
      const before = sha(c.file);
      const inputSheets = (await readXlsxFile(c.file)).sheets;
      const useSpawn = o.spawnEvery > 0 && i % o.spawnEvery === 0;
      const spawnWhich = useSpawn ? ['check', 'fix', 'allocate', 'appendix'][Math.floor(i / o.spawnEvery) % 4] : '';
      const run = async (name: string, argv: string[]): Promise<RunResult> => {
        runs++;
        if (name === spawnWhich) spawned++;
        const r = name === spawnWhich ? await runSpawned(argv) : await runInProcess(argv);
        if (![0, 1, 2].includes(r.code)) fail(name, `exit ${r.code}`);
        if (UNEXPECTED.test(r.stderr) || UNEXPECTED.test(r.stdout)) fail(name, `internal error: ${(r.stderr || r.stdout).split('\n').find((l) => UNEXPECTED.test(l)) ?? ''}`);
        return r;
      };

      // check
      const chk = await run('check', ['check', c.file, '--json', '--lang', 'en']);
      const cj = parseJson(chk);
      if (!cj.ok) fail('check', cj.why);

      // fix
      const fixOut = path.join(dir, `case-${i}-fixed.xlsx`);
      const fx = await run('fix', ['fix', c.file, '-o', fixOut, '--json', '--lang', 'en', '--apply', pick(rng, ['safe', 'none', 'all'])]);
      const fj = parseJson(fx);
      if (!fj.ok) fail('fix', fj.why);
      if (fx.code !== 2) {
        if (!fs.existsSync(fixOut)) fail('fix', `exit ${fx.code} but no output written`);
        else {
          const out = await readXlsxFile(fixOut);
          for (const s of inputSheets) {
            const o2 = out.sheets.find((x) => x.name === s.name);
            if (!o2) fail('fix', `source sheet "${s.name}" missing from the output`);
            else if (!sameSheet(s, o2)) fail('fix', `source sheet "${s.name}" changed in the output`);
          }
          const avoidable = (await baselineOf(source)).length ? [] : await avoidableErrors(fixOut);
          // An error the input already had on the same rule and column, which fix's
          // derivations could not all satisfy (a total derived from its units while
          // another relation ties it to other cells), is carried over, not new:
          // counted apart, for the relation model to solve.
          const inputErrors = cj.ok && !Array.isArray(cj.doc) ? ((cj.doc as { issues?: Issue[] }).issues ?? []).filter((x) => x.severity === 'error') : [];
          const col = (cell: string) => cell.replace(/\d+$/, '');
          for (const a of avoidable.slice(0, 3)) {
            if (inputErrors.some((x) => x.rule === a.rule && col(x.cell) === col(a.cell))) carried.push({ case: i, source: path.relative(ROOT, source), mutations: c.mutations, command: 'fix', problem: `${a.sheet}!${a.cell} ${a.rule}` });
            else fail('fix', `avoidable error on its own sheet: ${a.sheet}!${a.cell} ${a.rule}: ${a.message}`);
          }
        }
      }

      // allocate
      const allocOut = path.join(dir, `case-${i}-alloc.xlsx`);
      const target = rng() < 0.5 ? ['--target-households', String(1 + Math.floor(rng() * 60))] : ['--target-rate', pick(rng, ['1.5', '2,25', '0', '10'])];
      const al = await run('allocate', ['allocate', c.file, ...target, '-o', allocOut, '--basis', pick(rng, ['poor', 'able']), '--json', '--lang', 'en']);
      const aj = parseJson(al);
      if (!aj.ok) fail('allocate', aj.why);
      else if (al.code !== 2) {
        const d = aj.doc as { units: { reduction: number; end: number; poorStart: number }[]; allocated: number; feasible: boolean; target: { reduction: number } };
        const sum = d.units.reduce((a, u) => a + u.reduction, 0);
        if (sum !== d.allocated) fail('allocate', `units sum to ${sum}, allocated says ${d.allocated}`);
        if (d.feasible && d.allocated !== d.target.reduction) fail('allocate', `feasible but allocated ${d.allocated} ≠ target ${d.target.reduction}`);
        if ((al.code === 0) !== d.feasible) fail('allocate', `exit ${al.code} with feasible=${d.feasible}`);
        for (const u of d.units) if (u.end !== u.poorStart - u.reduction || !Number.isInteger(u.reduction)) fail('allocate', `unit end ${u.end} ≠ ${u.poorStart} − ${u.reduction}`);
      }

      // appendix
      const appOut = path.join(dir, `case-${i}-appendix.xlsx`);
      const ap = await run('appendix', ['appendix', c.file, '-o', appOut, '--json', '--lang', 'en', '--per-file', pick(rng, ['units', 'total']), ...(rng() < 0.5 ? ['--no-chart'] : [])]);
      const pj = parseJson(ap);
      if (!pj.ok) fail('appendix', pj.why);
      else if (ap.code !== 2 && !fs.existsSync(appOut)) fail('appendix', `exit ${ap.code} but no output written`);

      if (sha(c.file) !== before) fail('all', 'the input file changed');
      for (const f of fs.readdirSync(dir)) if (f.startsWith(`case-${i}`)) fs.rmSync(path.join(dir, f), { force: true });
      o.onCase?.(i, failures);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const baselineDirty = [...baseline].filter(([, e]) => e.length).map(([s, e]) => ({ source: path.relative(ROOT, s), errors: e.slice(0, 5) }));
  return { cases: o.cases, runs, spawned, failures, byMutation, baselineDirty, carried, seconds: (Date.now() - started) / 1000 };
}
