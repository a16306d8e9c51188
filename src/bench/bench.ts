// `npm run bench`: how long reading and checking a large commune table takes.
//
//   node lib/bench/bench.js [--rows 1000,10000,100000] [--keep]
//
// The default is all three sizes (about 2 minutes on 2 vCPUs); `--rows 10000` is the quick run.
//
// For each size it writes a consistent commune table with ExcelJS into a temp
// dir, then measures, each in a fresh child process so memory peaks do not mix:
//   bare read   new ExcelJS.Workbook().xlsx.readFile(file)      median of 3
//   reader      readXlsxFile(file): the checking reader alone   median of 3
//   engine      checkWorkbook on the already-read grid          median of 5
//   CLI         node bin/povcheck.js check --json FILE          median of 3
//               beside the bare read as a process and the CLI with V8's default
//               inlining (POVCHECK_V8_DEFAULTS=1), run in turns
//   fix         node bin/povcheck.js fix FILE -o OUT            median of 3 (1 at 100,000 rows)
//               beside ExcelJS reading and writing the same file unchanged, as a process too
//   Excel host  the pane's check of the active sheet (ExcelBackend, the real
//               src/hosts/excel code) against an in-memory Excel holding the
//               same grid (./excel-double.ts), metered by its SyncLog:
//               context.sync count and JSON bytes each round trip returns
// Numbers only: nothing here passes or fails; the targets are printed beside them.
import { spawn } from 'child_process';
import { COMMUNE_HEADER, prng, ratePct } from './synthetic';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { checkWorkbook } from '../core/engine';
import { readXlsxFile } from '../hosts/xlsx';
import { CELL_BUDGET, ExcelBackend, PAYLOAD_LIMIT_BYTES, SyncLog } from '../hosts/excel';
import { CURRENT_EXCEL, ExcelDouble } from './excel-double';
import { maxOf } from '../core/arrays';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'povcheck.js');
const SELF = __filename;
const TIME_BIN = '/usr/bin/time';

const ENGINE_TARGET_MS_PER_10K = 100;
const CLI_RATIO_TARGET = 0.5;
const CLI_PEAK_TARGET_MB = 200;
const FIX_RATIO_TARGET = 2;

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Samples RSS every few ms (whenever the event loop lets it) and keeps the high-water mark. */
class RssSampler {
  peak = process.memoryUsage().rss;
  private timer: NodeJS.Timeout;
  constructor(intervalMs = 5) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }
  sample(): void {
    const r = process.memoryUsage().rss;
    if (r > this.peak) this.peak = r;
  }
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return this.peak;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function ms(x: number): string {
  return x >= 10000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
}

function thousands(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// ---------------------------------------------------------------------------
// The workbook: one commune-style table, consistent by construction
// ---------------------------------------------------------------------------


const FMT_COUNT = '#,##0';
const FMT_RATE = '0.00';

/**
 * Title, header on row 3, `rows` unit rows from row 4, a `Tổng cộng` row last.
 * Counts are typed values; end-of-period counts, rates and totals are live
 * formulas with their correct cached results, as in a sheet made in Excel.
 */
export async function writeBenchWorkbook(file: string, rows: number, seed = 2024): Promise<void> {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Phân bổ');
  ws.columns = [5, 18, 10, 10, 14, 10, 10, 12, 10, 12].map((width) => ({ width }));
  ws.mergeCells('A1:J1');
  const title = ws.getRow(1);
  title.getCell(1).value = `KẾ HOẠCH GIẢM HỘ NGHÈO NĂM 2024 (${thousands(rows)} THÔN)`;
  title.getCell(1).font = { bold: true, size: 13 };
  title.commit();
  ws.getRow(2).commit();
  const header = ws.getRow(3);
  COMMUNE_HEADER.forEach((h, i) => {
    const c = header.getCell(i + 1);
    c.value = h;
    c.font = { bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.commit();

  const sums = { c: 0, d: 0, e: 0, f: 0, g: 0, i: 0 };
  const first = 4;
  for (let k = 0; k < rows; k++) {
    const r = first + k;
    const households = int(80, 980);
    const poor = int(0, Math.floor(households / 8));
    const unable = int(0, Math.floor(poor / 2));
    const reduce = int(0, poor - unable);
    const end = poor - reduce;
    const near = int(0, Math.floor(households / 10));
    sums.c += households;
    sums.d += poor;
    sums.e += unable;
    sums.f += reduce;
    sums.g += end;
    sums.i += near;
    const row = ws.getRow(r);
    row.values = [
      k + 1,
      `Thôn ${k + 1}`,
      households,
      poor,
      unable,
      reduce,
      { formula: `D${r}-F${r}`, result: end },
      { formula: `ROUND(G${r}/C${r}*100,2)`, result: ratePct(end, households) },
      near,
      { formula: `ROUND(I${r}/C${r}*100,2)`, result: ratePct(near, households) },
    ];
    for (const c of [3, 4, 5, 6, 7, 9]) row.getCell(c).numFmt = FMT_COUNT;
    for (const c of [8, 10]) row.getCell(c).numFmt = FMT_RATE;
    row.commit();
  }
  const last = first + rows - 1;
  const t = first + rows;
  const total = ws.getRow(t);
  const sum = (col: string, result: number) => ({ formula: `SUM(${col}${first}:${col}${last})`, result });
  total.values = [
    null,
    'Tổng cộng',
    sum('C', sums.c),
    sum('D', sums.d),
    sum('E', sums.e),
    sum('F', sums.f),
    sum('G', sums.g),
    { formula: `ROUND(G${t}/C${t}*100,2)`, result: ratePct(sums.g, sums.c) },
    sum('I', sums.i),
    { formula: `ROUND(I${t}/C${t}*100,2)`, result: ratePct(sums.i, sums.c) },
  ];
  total.font = { bold: true };
  for (const c of [3, 4, 5, 6, 7, 9]) total.getCell(c).numFmt = FMT_COUNT;
  for (const c of [8, 10]) total.getCell(c).numFmt = FMT_RATE;
  total.commit();
  ws.commit();
  await wb.commit();
}

// ---------------------------------------------------------------------------
// Child-process measurements
// ---------------------------------------------------------------------------

interface BareResult {
  bareMs: number[];
  barePeak: number;
}

interface HostResult {
  hostMs: number[];
  engineMs: number[];
  hostEnginePeak: number;
  tables: number;
  units: number;
  errors: number;
  warnings: number;
  infos: number;
}

async function measureBare(file: string): Promise<BareResult> {
  const sampler = new RssSampler();
  const bareMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = now();
    await new ExcelJS.Workbook().xlsx.readFile(file);
    bareMs.push(now() - t0);
    sampler.sample();
  }
  return { bareMs, barePeak: sampler.stop() };
}

async function measureHost(file: string): Promise<HostResult> {
  const sampler = new RssSampler();
  const hostMs: number[] = [];
  let wb = await (async () => {
    const t0 = now();
    const w = await readXlsxFile(file);
    hostMs.push(now() - t0);
    return w;
  })();
  for (let i = 0; i < 2; i++) {
    sampler.sample();
    const t0 = now();
    wb = await readXlsxFile(file);
    hostMs.push(now() - t0);
  }
  const engineMs: number[] = [];
  let report = checkWorkbook(wb, { file, lang: 'vi' });
  sampler.sample();
  for (let i = 0; i < 5; i++) {
    const t0 = now();
    report = checkWorkbook(wb, { file, lang: 'vi' });
    engineMs.push(now() - t0);
    sampler.sample();
  }
  const count = (s: string) => report.issues.filter((x) => x.severity === s).length;
  const tables = report.sheets.reduce((a, s) => a + s.tables.length, 0);
  const units = report.sheets.reduce((a, s) => a + s.tables.reduce((b, t) => b + (t.rows?.units ?? 0), 0), 0);
  return {
    hostMs,
    engineMs,
    hostEnginePeak: sampler.stop(),
    tables,
    units,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
  };
}

interface ExcelResult {
  /** Cells in the sheet's used range. */
  cells: number;
  syncs: number;
  /** Round trips by label, e.g. `read:dimensions 1, read:chunk 6`. */
  labels: string;
  maxBytes: number;
  totalBytes: number;
  /** The grid and the issues match what the .xlsx host and the engine give for the file. */
  same: boolean;
}

/**
 * What the task pane would ask of Excel to check this sheet: the real
 * ExcelBackend.check('active') on an in-memory Excel serving the grid the
 * .xlsx host read from the same file, as a current Excel (ExcelApi 1.18:
 * merges and hidden rows are requested too).
 */
async function measureExcel(file: string): Promise<ExcelResult> {
  const wb = await readXlsxFile(file);
  const sheet = wb.sheets[0];
  const double = new ExcelDouble(sheet);
  const log = new SyncLog();
  const backend = new ExcelBackend({ run: double.run, isSetSupported: CURRENT_EXCEL, meter: log });
  const { report, workbook } = await backend.check('active', { lang: 'vi' });
  const direct = checkWorkbook(wb, { lang: 'vi' });
  const cols = sheet.rows.reduce((a, r) => Math.max(a, r.length), 0);
  const counts = new Map<string, number>();
  for (const s of log.syncs) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  return {
    cells: sheet.rows.length * cols,
    syncs: log.count,
    labels: [...counts].map(([k, n]) => `${k} ${n}`).join(', '),
    maxBytes: log.maxBytes,
    totalBytes: log.bytes,
    same:
      double.syncs === log.count &&
      JSON.stringify(workbook.sheets[0]) === JSON.stringify(sheet) &&
      JSON.stringify(report.issues) === JSON.stringify(direct.issues),
  };
}

interface ChildOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runChild(cmd: string, args: string[], env: Record<string, string> = {}): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, ms: now() - t0, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

async function inChild<T>(mode: string, file: string): Promise<T> {
  const r = await runChild(process.execPath, ['--max-old-space-size=8192', SELF, mode, file]);
  if (r.code !== 0) throw new Error(`${mode} ${file} failed (${r.code}): ${r.stderr.trim()}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

interface CliResult {
  /** The same read as a process of its own: node start, require('exceljs'), readFile. */
  bareProcessMs: number[];
  cliMs: number[];
  /** The CLI with V8's default inlining (POVCHECK_V8_DEFAULTS=1, see bin/povcheck.js). */
  cliDefaultsMs: number[];
  cliPeak: number | null;
  exitCode: number | null;
}

/** Preload for the fallback when /usr/bin/time is missing: prints the child's maxRSS on exit. */
function maxRssPreload(dir: string): string {
  const f = path.join(dir, 'maxrss-preload.js');
  fs.writeFileSync(f, "process.on('exit',()=>{process.stderr.write('\\nPOVCHECK_MAXRSS_KB '+process.resourceUsage().maxRSS+'\\n')});\n");
  return f;
}

async function measureCli(file: string, dir: string): Promise<CliResult> {
  const useTime = fs.existsSync(TIME_BIN);
  const preload = useTime ? '' : maxRssPreload(dir);
  const cliMs: number[] = [];
  const cliDefaultsMs: number[] = [];
  const bareProcessMs: number[] = [];
  let peakKb = 0;
  let exitCode: number | null = null;
  // The fair comparison for a command: ExcelJS reading the file in a fresh process too.
  const script = `new (require('exceljs').Workbook)().xlsx.readFile(${JSON.stringify(file)}).then(() => process.exit(0))`;
  // In turns, so that the machine's drift falls on all three alike.
  for (let i = 0; i < 3; i++) {
    const nodeArgs = [...(useTime ? [] : ['--require', preload]), BIN, 'check', '--json', file];
    const r = useTime ? await runChild(TIME_BIN, ['-v', process.execPath, ...nodeArgs]) : await runChild(process.execPath, nodeArgs);
    cliMs.push(r.ms);
    exitCode = r.code;
    const m = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr) : /POVCHECK_MAXRSS_KB (\d+)/.exec(r.stderr);
    if (m) peakKb = Math.max(peakKb, parseInt(m[1], 10));
    bareProcessMs.push((await runChild(process.execPath, ['-e', script])).ms);
    cliDefaultsMs.push((await runChild(process.execPath, [BIN, 'check', '--json', file], { POVCHECK_V8_DEFAULTS: '1' })).ms);
  }
  return { bareProcessMs, cliMs, cliDefaultsMs, cliPeak: peakKb ? peakKb * 1024 : null, exitCode };
}

interface FixResult {
  fixMs: number[];
  fixPeak: number | null;
  fixExit: number | null;
  /** ExcelJS reading the file and writing it back unchanged, in a process of its own. */
  roundTripMs: number[];
}

async function measureFix(file: string, dir: string, runs: number): Promise<FixResult> {
  const useTime = fs.existsSync(TIME_BIN);
  const preload = useTime ? '' : maxRssPreload(dir);
  const out = path.join(dir, `fixed-${path.basename(file)}`);
  const copy = path.join(dir, `copy-${path.basename(file)}`);
  const fixMs: number[] = [];
  const roundTripMs: number[] = [];
  let peakKb = 0;
  let fixExit: number | null = null;
  const script = `const E = require('exceljs'); const w = new E.Workbook(); w.xlsx.readFile(${JSON.stringify(file)}).then(() => w.xlsx.writeFile(${JSON.stringify(copy)})).then(() => process.exit(0))`;
  for (let i = 0; i < runs; i++) {
    fs.rmSync(out, { force: true });
    const nodeArgs = [...(useTime ? [] : ['--require', preload]), BIN, 'fix', file, '-o', out];
    const r = useTime ? await runChild(TIME_BIN, ['-v', process.execPath, ...nodeArgs]) : await runChild(process.execPath, nodeArgs);
    fixMs.push(r.ms);
    fixExit = r.code;
    const m = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr) : /POVCHECK_MAXRSS_KB (\d+)/.exec(r.stderr);
    if (m) peakKb = Math.max(peakKb, parseInt(m[1], 10));
    roundTripMs.push((await runChild(process.execPath, ['-e', script])).ms);
  }
  fs.rmSync(out, { force: true });
  fs.rmSync(copy, { force: true });
  return { fixMs, fixPeak: peakKb ? peakKb * 1024 : null, fixExit, roundTripMs };
}

// ---------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------

interface Row {
  rows: number;
  size: number;
  bare: BareResult;
  host: HostResult;
  cli: CliResult;
  fix: FixResult;
  excel: ExcelResult;
}

function parseRowsArg(argv: string[]): { sizes: number[]; keep: boolean } {
  let sizes = [1000, 10000, 100000];
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = a.startsWith('--rows=') ? a.slice(7) : a === '--rows' ? argv[++i] : undefined;
    if (v !== undefined) {
      sizes = v
        .split(',')
        .map((s) => parseInt(s.replace(/[_\s]/g, ''), 10))
        .filter((n) => Number.isFinite(n) && n > 0);
      if (!sizes.length) throw new Error(`--rows: no row count in "${v}"`);
    } else if (a === '--keep') keep = true;
    else throw new Error(`unknown argument: ${a} (use --rows 1000,10000,100000 [--keep])`);
  }
  return { sizes, keep };
}

function bytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(0)} KiB` : `${n} B`;
}

function printTable(results: Row[], startup: { cli: number; bare: number }): void {
  const head = ['', ...results.map((r) => `${thousands(r.rows)} rows`), 'target'];
  const lines: string[][] = [];
  const add = (name: string, cells: string[], target = '') => lines.push([name, ...cells, target]);
  const per = (f: (r: Row) => string) => results.map(f);
  const engine = (r: Row) => median(r.host.engineMs);
  add('file size', per((r) => `${(r.size / 1024).toFixed(0)} KiB`));
  add('tables / unit rows found', per((r) => `${r.host.tables} / ${thousands(r.host.units)}`));
  add('issues (err/warn/info)', per((r) => `${r.host.errors}/${r.host.warnings}/${r.host.infos}`), '0 errors');
  add('ExcelJS bare read (median 3)', per((r) => ms(median(r.bare.bareMs))));
  add('reader readXlsxFile (median 3)', per((r) => ms(median(r.host.hostMs))));
  add('  reader / bare read, in process', per((r) => `${(median(r.host.hostMs) / median(r.bare.bareMs)).toFixed(2)}×`));
  add('engine checkWorkbook (median 5)', per((r) => ms(engine(r))), `≤ ${ENGINE_TARGET_MS_PER_10K} ms at 10,000 rows`);
  add('  engine ms per 1,000 rows', per((r) => ((engine(r) * 1000) / r.rows).toFixed(1)), 'flat: linear in rows');
  add('whole CLI check --json (median 3)', per((r) => ms(median(r.cli.cliMs))));
  add('  of which: node start + loading CLI and reader', per(() => ms(startup.cli)));
  add("  the same with V8's default inlining (median 3)", per((r) => ms(median(r.cli.cliDefaultsMs))));
  add('bare read as a process (median 3)', per((r) => ms(median(r.cli.bareProcessMs))));
  add("  of which: node start + require('exceljs')", per(() => ms(startup.bare)));
  add(
    'check / bare read, process to process',
    per((r) => `${(median(r.cli.cliMs) / median(r.cli.bareProcessMs)).toFixed(2)}×`),
    `≤ ${CLI_RATIO_TARGET}× at 10,000 and 100,000 rows`,
  );
  add('peak RSS, CLI check (maxRSS)', per((r) => (r.cli.cliPeak ? mb(r.cli.cliPeak) : 'n/a')), `≤ ${CLI_PEAK_TARGET_MB} MB at 100,000 rows`);
  add('peak RSS, reader + engine in process (sampled)', per((r) => mb(r.host.hostEnginePeak)));
  add('peak RSS, bare read (sampled)', per((r) => mb(r.bare.barePeak)));
  add('CLI exit code', per((r) => String(r.cli.exitCode)), '0');
  add('fix FILE -o OUT (median of runs)', per((r) => `${ms(median(r.fix.fixMs))} (${r.fix.fixMs.length})`));
  add('ExcelJS read + write unchanged, as a process', per((r) => ms(median(r.fix.roundTripMs))));
  add(
    'fix / ExcelJS read + write',
    per((r) => `${(median(r.fix.fixMs) / median(r.fix.roundTripMs)).toFixed(2)}×`),
    `≤ ${FIX_RATIO_TARGET}× at 10,000 rows`,
  );
  add('peak RSS, fix (maxRSS)', per((r) => (r.fix.fixPeak ? mb(r.fix.fixPeak) : 'n/a')));
  add('fix exit code', per((r) => String(r.fix.fixExit)), '0');
  add('Excel host: cells in the used range', per((r) => thousands(r.excel.cells)), `chunk = ${thousands(CELL_BUDGET)} cells`);
  add('  context.sync calls', per((r) => String(r.excel.syncs)), '≤ 2 under one chunk');
  add('  of which read:chunk', per((r) => String(/read:chunk (\d+)/.exec(r.excel.labels)?.[1] ?? 0)));
  add('  largest response', per((r) => bytes(r.excel.maxBytes)), `< ${bytes(PAYLOAD_LIMIT_BYTES)} each`);
  add('  total response bytes', per((r) => bytes(r.excel.totalBytes)));
  add('  bytes per sync (mean)', per((r) => bytes(Math.round(r.excel.totalBytes / r.excel.syncs))));
  add('  bytes per cell', per((r) => (r.excel.totalBytes / r.excel.cells).toFixed(1)));
  add('  same grid and issues as the .xlsx host', per((r) => (r.excel.same ? 'yes' : 'NO')), 'yes');

  const all = [head, ...lines];
  const widths = head.map((_, c) => maxOf(all.map((l) => l[c].length)));
  const fmt = (l: string[]) =>
    l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : c === l.length - 1 ? cell : cell.padStart(widths[c]))).join('  ').trimEnd();
  process.stdout.write(fmt(head) + '\n');
  process.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  for (const l of lines) process.stdout.write(fmt(l) + '\n');
}

async function driver(argv: string[]): Promise<void> {
  const { sizes, keep } = parseRowsArg(argv);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-bench-'));
  const cpus = os.cpus();
  process.stdout.write(
    `PovCheck bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.platform()} ${os.arch()}, ` +
      `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${mb(os.totalmem())} RAM\n`,
  );
  process.stdout.write(`Workbooks in ${dir}${keep ? ' (kept)' : ''}\n\n`);
  const results: Row[] = [];
  try {
    for (const rows of sizes) {
      const file = path.join(dir, `bench-${rows}.xlsx`);
      const t0 = now();
      await writeBenchWorkbook(file, rows);
      const size = fs.statSync(file).size;
      process.stderr.write(`${thousands(rows)} rows: written in ${ms(now() - t0)}; measuring…\n`);
      const bare = await inChild<BareResult>('--measure-bare', file);
      const host = await inChild<HostResult>('--measure-host', file);
      const excel = await inChild<ExcelResult>('--measure-excel', file);
      const cli = await measureCli(file, dir);
      const fix = await measureFix(file, dir, rows >= 100000 ? 1 : 3);
      results.push({ rows, size, bare, host, cli, fix, excel });
    }
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  // Start-up alone: the CLI's check loads the reader and no ExcelJS, the bare read the whole package.
  const cliStart: number[] = [];
  const bareStart: number[] = [];
  for (let i = 0; i < 3; i++) {
    const load = `require(${JSON.stringify(path.join(ROOT, 'lib', 'cli', 'main.js'))}); require(${JSON.stringify(path.join(ROOT, 'lib', 'hosts', 'xlsx', 'read'))})`;
    cliStart.push((await runChild(process.execPath, ['-e', load])).ms);
    bareStart.push((await runChild(process.execPath, ['-e', "require('exceljs')"])).ms);
  }
  process.stdout.write('\n');
  printTable(results, { cli: median(cliStart), bare: median(bareStart) });
  process.stdout.write(
    '\nbare read = new ExcelJS.Workbook().xlsx.readFile; reader = readXlsxFile (the checking reader, src/hosts/xlsx/grid-read.ts); ' +
      'engine = checkWorkbook on the grid already read; CLI = node bin/povcheck.js check --json FILE, process start to exit; ' +
      'fix = node bin/povcheck.js fix FILE -o OUT, beside a process in which ExcelJS reads FILE and writes it back unchanged.\n' +
      `Load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${os.cpus().length} CPUs: other work on the machine slows every figure; ratios compare runs made side by side.\n` +
      'Excel host = ExcelBackend.check of the active sheet on an in-memory Excel (src/bench/excel-double.ts) holding the same grid; ' +
      'bytes = JSON of what each context.sync loads (the response; requests carry only addresses and property names).\n',
  );
}

async function entry(argv: string[]): Promise<void> {
  if (argv[0] === '--measure-bare') {
    process.stdout.write(JSON.stringify(await measureBare(argv[1])) + '\n');
    return;
  }
  if (argv[0] === '--measure-excel') {
    process.stdout.write(JSON.stringify(await measureExcel(argv[1])) + '\n');
    return;
  }
  if (argv[0] === '--measure-host') {
    process.stdout.write(JSON.stringify(await measureHost(argv[1])) + '\n');
    return;
  }
  await driver(argv);
}

if (require.main === module) {
  entry(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
