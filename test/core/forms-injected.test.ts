// Each official form in ../shared/forms with one injected error of each kind
// that applies to it (sum, rate, balance, bound, declared formula, transfer):
// the form is loaded with ExcelJS, one cell changed, the workbook written to a
// temporary .xlsx, read back by the file host and checked; the error must be
// reported AT the changed cell. Which cell is chosen comes from the table's
// relations, so every relation family the form has is exercised.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workbook as ExcelWorkbook } from 'exceljs';
import { readXlsxFile } from '../../src/hosts/xlsx';
import { findTables, type Table } from '../../src/core/tables';
import { a1, cellAt, type Sheet } from '../../src/core/grid';
import { tableRelations } from '../../src/core/relations';
import { checkWorkbook } from '../../src/core/engine';

const FORMS = path.resolve(__dirname, '..', '..', '..', 'shared', 'forms');
const files = fs.readdirSync(FORMS).filter((f) => f.endsWith('.xlsx')).sort();

type Kind = 'sum' | 'rate' | 'balance' | 'bound' | 'declared' | 'transfer';
interface Injection {
  kind: Kind;
  sheet: string;
  row: number;
  col: number;
  value: number;
}

const num = (s: Sheet, row: number, col: number): number | null => {
  const v = cellAt(s, row, col).value;
  return v.kind === 'number' ? v.value : null;
};

/** A unit row that is a member of a group or total (so the sums witness its cells), else any unit row. */
function leafRow(t: Table): number {
  const members = new Set(t.rows.flatMap((r) => r.members));
  const i = t.rows.findIndex((r, k) => members.has(k) && !r.members.length && r.kind !== 'total');
  return t.rows[i >= 0 ? i : t.rows.findIndex((r) => !r.members.length)].row;
}

/** One injection per kind that the table's relations make applicable. */
function injections(s: Sheet, t: Table): Injection[] {
  const rels = tableRelations(t);
  const out: Injection[] = [];
  const row = leafRow(t);
  const at = (kind: Kind, r: number, col: number, f: (v: number) => number) => {
    const v = num(s, r, col);
    if (v !== null && !out.some((x) => x.kind === kind)) out.push({ kind, sheet: s.name, row: r, col, value: f(v) });
  };
  const sum = rels.sums.find((x) => x.cols.length);
  if (sum) {
    const r = t.rows[sum.row].row;
    const col = sum.cols.find((c) => (num(s, r, c) ?? 0) > 0);
    if (col !== undefined) at('sum', r, col, (v) => v + 7);
  }
  const rate = rels.rates.find((x) => !x.superseded) ?? rels.declared.find((x) => x.kind === 'rate');
  if (rate && rate.kind === 'rate') at('rate', row, rate.target, (v) => (v > 50 ? v - 1.5 : v + 1.5));
  const balance = rels.rows.find((x) => x.kind === 'linear' && x.family === 'balance');
  if (balance && balance.kind === 'linear') at('balance', row, balance.target, (v) => v + 3);
  const bound = rels.rows.find((x) => x.kind === 'bound' && x.message === 'bound-subgroup');
  if (bound && bound.kind === 'bound') {
    const whole = bound.terms.reduce((a, t2) => a + t2.coef * (num(s, row, t2.col) ?? 0), 0);
    at('bound', row, bound.lhs, () => whole + 5);
  }
  const declared = rels.declared.find((x) => x.kind === 'linear' || x.kind === 'rate');
  if (declared && (declared.kind === 'linear' || declared.kind === 'rate')) at('declared', row, declared.target, (v) => (declared.kind === 'rate' ? (v > 50 ? v - 2 : v + 2) : v + 2));
  const transfer = t.columns.find((c) => c.role.transfer && c.role.kind === 'count');
  if (transfer) at('transfer', row, transfer.col, (v) => v + 4);
  return out;
}

async function inject(file: string, inj: Injection): Promise<string> {
  const wb = new ExcelWorkbook();
  await wb.xlsx.readFile(path.join(FORMS, file));
  wb.getWorksheet(inj.sheet)!.getCell(inj.row + 1, inj.col + 1).value = inj.value;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-inject-')), file);
  await wb.xlsx.writeFile(out);
  return out;
}

const found: Record<string, [number, number]> = {};

describe('one injected error in each official form is found at its cell', () => {
  test.each(files)('%s', async (file) => {
    const wb = await readXlsxFile(path.join(FORMS, file));
    const plan = wb.sheets.flatMap((s) => findTables(s).slice(0, 1).flatMap((t) => injections(s, t)));
    expect(plan.length).toBeGreaterThan(0);
    const missed: string[] = [];
    for (const inj of plan) {
      const tmp = await inject(file, inj);
      const report = checkWorkbook(await readXlsxFile(tmp), { file });
      fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
      const cell = a1(inj.row, inj.col);
      const hit = report.issues.some((i) => i.sheet === inj.sheet && i.severity === 'error' && i.cell === cell);
      const f = (found[inj.kind] ??= [0, 0]);
      f[1]++;
      if (hit) f[0]++;
      else missed.push(`${inj.kind} ${inj.sheet}!${cell}: ${report.issues.filter((i) => i.severity !== 'info').map((i) => `${i.cell} ${i.rule}`).join(', ')}`);
    }
    expect(missed).toEqual([]);
  });

  afterAll(() => {
    // The numbers for the record: found / injected, by kind.
    console.log(Object.entries(found).map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', '));
  });
});
