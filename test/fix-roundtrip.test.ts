// The proof of `povcheck fix`: LibreOffice, an engine independent of PovCheck,
// recalculates every formula of the written file, and the results must be the
// numbers PovCheck planned; the corrected sheets must check clean; the source
// sheets must be exactly the input. Needs `soffice` (LibreOffice); .ci/run
// installs it. Without it these tests fail, they are never skipped.
import { wrongMemberFile } from './ui/member-file';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workbook as ExcelWorkbook } from 'exceljs';
import { main } from '../src/cli/main';
import type { FixResult } from '../src/cli/fix';
import { checkWorkbook } from '../src/core/engine';
import { type Cell, type Sheet, type Workbook, a1, cellAt, parseA1 } from '../src/core/grid';
import { findTables } from '../src/core/tables';
import { REPORT_SHEET } from '../src/core/plan';
import { FILL_APPLIED, correctedTablePlan } from '../src/core/correct';
import { XlsxWriter, readXlsxFile } from '../src/hosts/xlsx';
import { LO_TIMEOUT, makeProfile, recalc as recalcWith, soffice } from './libreoffice';

const ROOT = path.resolve(__dirname, '..');
const SAMPLES = ['003-thinh-duc', '001-cam-lo', '004-thua-thien-hue', 'clean-formulas', '001-cam-lo-pasted'];
const NOW = new Date(2026, 10, 21, 10, 0, 0);

let tmp: string;
let profile: string;

/** Recalculates and re-saves the files with LibreOffice into outDir (same base names). */
function recalc(files: string[], outDir: string): Promise<void> {
  return recalcWith(profile, files, outDir);
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, color: false, now: () => NOW },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

async function fix(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await main(['fix', ...args], c.io);
  return { code, out: c.out(), err: c.err() };
}

const sheetOf = (wb: Workbook, name: string) => {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name} in ${wb.sheets.map((x) => x.name).join(', ')}`);
  return s;
};

/** Every non-empty cell of a sheet as `A1 → value (formula)`, for equality checks. */
function contents(s: Sheet, withFormat = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  s.rows.forEach((row, r) =>
    row.forEach((c: Cell | undefined, col) => {
      if (!c || c.value.kind === 'empty') return;
      out[a1(r, col)] = { value: c.value, ...(c.formula ? { formula: c.formula } : {}), ...(withFormat && c.numFmt ? { numFmt: c.numFmt } : {}) };
    }),
  );
  return out;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

interface Run {
  input: string;
  out: string;
  code: number;
  result: FixResult;
  inputWb: Workbook;
  outWb: Workbook;
  loWb: Workbook;
}

const runs = new Map<string, Run>();

beforeAll(async () => {
  soffice(); // fail first, and clearly, when LibreOffice is missing
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-fix-'));
  profile = makeProfile(path.join(tmp, `lo-profile-${process.pid}`));
  const outs: string[] = [];
  const pending: Omit<Run, 'loWb'>[] = [];
  for (const name of SAMPLES) {
    const input = path.join(ROOT, 'samples', `${name}.xlsx`);
    const out = path.join(tmp, `${name}.fixed.xlsx`);
    const r = await fix([input, '-o', out, '--json']);
    if (r.err) throw new Error(`fix ${name}: ${r.err}`);
    pending.push({ input, out, code: r.code, result: JSON.parse(r.out) as FixResult, inputWb: await readXlsxFile(input), outWb: await readXlsxFile(out) });
    outs.push(out);
  }
  // One LibreOffice start for every file: it takes seconds.
  await recalc(outs, path.join(tmp, 'lo'));
  for (const p of pending) runs.set(path.basename(p.input, '.xlsx'), { ...p, loWb: await readXlsxFile(path.join(tmp, 'lo', path.basename(p.out))) });
}, LO_TIMEOUT + 60_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('LibreOffice recalculates on load with the profile setting', () => {
  test('a deliberately wrong cached result is replaced by the real one', async () => {
    const wb = new ExcelWorkbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = 2;
    ws.getCell('A2').value = { formula: 'A1*3', result: 999 };
    const file = path.join(tmp, 'canary.xlsx');
    await wb.xlsx.writeFile(file);
    await recalc([file], path.join(tmp, 'canary'));
    const back = await readXlsxFile(path.join(tmp, 'canary', 'canary.xlsx'));
    expect(cellAt(back.sheets[0], 1, 0)).toMatchObject({ value: { kind: 'number', value: 6 }, formula: 'A1*3' });
  }, LO_TIMEOUT);
});

describe.each(SAMPLES)('povcheck fix %s, recalculated by LibreOffice', (name) => {
  const run = () => runs.get(name)!;

  test('exit code follows the corrected sheets (no error remains)', () => {
    const { code, result } = run();
    expect(result.remaining.filter((i) => i.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
    expect(result.sheets.length).toBe(run().inputWb.sheets.reduce((n, s) => n + findTables(s).length, 0));
  });

  test('the corrected sheets follow their sources and check clean after recalculation', () => {
    const { result, loWb, inputWb } = run();
    const names = loWb.sheets.map((s) => s.name);
    for (const s of result.sheets) {
      const at = names.indexOf(s.name);
      expect(names.slice(0, at).includes(s.source)).toBe(true);
      // Between the source and its corrected sheets, only corrected sheets of that source.
      for (const between of names.slice(names.indexOf(s.source) + 1, at)) expect(result.sheets.find((x) => x.name === between)?.source).toBe(s.source);
    }
    expect(names.slice(0, inputWb.sheets.length + result.sheets.length).filter((n) => !result.sheets.some((s) => s.name === n))).toEqual(inputWb.sheets.map((s) => s.name));
    expect(names[names.length - 1]).toBe(REPORT_SHEET);
    const corrected = result.sheets.map((s) => sheetOf(loWb, s.name));
    const rep = checkWorkbook({ sheets: corrected });
    expect(rep.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(rep.sheets.every((s) => s.tables.length >= 1)).toBe(true);
  });

  test("LibreOffice's results equal the results PovCheck planned, formula by formula", () => {
    const { result, outWb, loWb } = run();
    let formulas = 0;
    const off: string[] = [];
    for (const s of result.sheets) {
      const planned = sheetOf(outWb, s.name);
      const recalculated = sheetOf(loWb, s.name);
      planned.rows.forEach((row, r) =>
        row.forEach((c, col) => {
          if (!c?.formula) return;
          formulas++;
          const lo = cellAt(recalculated, r, col);
          const mine = c.value.kind === 'number' ? c.value.value : NaN;
          const theirs = lo.value.kind === 'number' ? lo.value.value : NaN;
          if (!lo.formula || !close(mine, theirs)) off.push(`${s.name}!${a1(r, col)} =${c.formula}: PovCheck ${mine}, LibreOffice ${JSON.stringify(lo.value)}`);
        }),
      );
    }
    expect(off).toEqual([]);
    expect(formulas).toBeGreaterThan(0);
  });

  test('the source sheets are exactly the input, in the written file and after recalculation', () => {
    const { inputWb, outWb, loWb } = run();
    for (const s of inputWb.sheets) {
      expect(contents(sheetOf(outWb, s.name), true)).toEqual(contents(s, true));
      expect(sheetOf(outWb, s.name).merges).toEqual(s.merges);
      // LibreOffice recomputes the source's own formulas too: still the same values.
      expect(contents(sheetOf(loWb, s.name))).toEqual(contents(s));
    }
  });

  test('the report sheet lists every issue of the input, with a link to its cell', () => {
    const { result, loWb } = run();
    const report = sheetOf(loWb, REPORT_SHEET);
    const rows = report.rows.slice(2).filter((r) => r.some((c) => c && c.value.kind !== 'empty'));
    const text = (c: Cell | undefined) => (c && c.value.kind === 'text' ? c.value.value : null);
    if (!result.issues.length) {
      expect(rows.map((r) => text(r[0]))).toEqual(['Không có vấn đề nào.']);
      return;
    }
    expect(rows.map((r) => [text(r[0]), text(r[1]), text(r[3])])).toEqual(result.issues.map((i) => [i.sheet, i.cell, i.rule]));
    for (const r of rows) expect(r[1]?.formula).toMatch(/^HYPERLINK\("#'/);
  });
});

describe('numbers LibreOffice confirmed', () => {
  test('003: totals become 2.111 households and the total rates 1,47 and 0,90', () => {
    const { loWb, result } = runs.get('003-thinh-duc')!;
    const [poor, near] = result.sheets.map((s) => sheetOf(loWb, s.name));
    const n = (s: Sheet, addr: string) => {
      const p = parseA1(addr)!;
      const c = cellAt(s, p.row, p.col);
      return c.value.kind === 'number' ? c.value.value : null;
    };
    expect([n(poor, 'C20'), n(poor, 'G20'), n(poor, 'H20')]).toEqual([2111, 31, 1.47]);
    expect([n(near, 'C20'), n(near, 'F20'), n(near, 'G20')]).toEqual([2111, 19, 0.9]);
  });

  test('001: the truncated rates are rounded (CAM THUY 1,11 and 3,46; total 3,60)', () => {
    const { loWb, result } = runs.get('001-cam-lo')!;
    const s = sheetOf(loWb, result.sheets[0].name);
    const n = (addr: string) => {
      const p = parseA1(addr)!;
      return (cellAt(s, p.row, p.col).value as { value: number }).value;
    };
    expect([n('G14'), n('I14'), n('K14'), n('M14'), n('I22')]).toEqual([1.11, 3.46, 1.11, 3.46, 3.6]);
  });
});


describe('a hand-set high-confidence suggestion', () => {
  test('is applied in the corrected sheet with its note, and LibreOffice agrees with every result', async () => {
    const input = path.join(tmp, 'member.xlsx');
    await wrongMemberFile(input);
    const wb = await readXlsxFile(input);
    const sheet = wb.sheets[0];
    const issues = checkWorkbook(wb).issues.map((i) => ({ ...i }));
    expect(issues.filter((i) => i.severity === 'error').length).toBeGreaterThan(0);
    // Until the checks propose it themselves: the typo 309 → 209, set by hand.
    const first = issues.find((i) => i.severity === 'error')!;
    first.suggestion = { cell: 'C5', value: 209, kind: 'typo-digit', reason: 'Một chữ số gõ nhầm: 309 → 209.', confidence: 'high' };
    const plan = correctedTablePlan(sheet, findTables(sheet)[0], issues, { lang: 'vi', apply: 'safe', date: NOW });
    const w = await XlsxWriter.load(fs.readFileSync(input));
    const name = await w.writeSheet(plan);
    const out = path.join(tmp, 'member.fixed.xlsx');
    await w.save(out);
    await recalc([out], path.join(tmp, 'lo-member'));
    const lo = await readXlsxFile(path.join(tmp, 'lo-member', 'member.fixed.xlsx'));
    const s = sheetOf(lo, name);
    // Row 5 of the source is row 7 of the corrected sheet.
    expect(cellAt(s, 6, 2).value).toEqual({ kind: 'number', value: 209 });
    expect(cellAt(s, 8, 2)).toMatchObject({ value: { kind: 'number', value: 626 }, formula: 'SUM(C6:C8)' });
    expect(cellAt(s, 6, 6)).toMatchObject({ value: { kind: 'number', value: 2.39 }, formula: 'ROUND(F7/C7*100,2)' });
    expect(checkWorkbook({ sheets: [s] }).issues).toEqual([]);
    // The fill and the note survive ExcelJS and LibreOffice.
    const x = new ExcelWorkbook();
    await x.xlsx.readFile(path.join(tmp, 'lo-member', 'member.fixed.xlsx'));
    const cell = x.getWorksheet(name)!.getCell('C7');
    expect((cell.fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FF' + FILL_APPLIED);
    expect(JSON.stringify(cell.note)).toContain('309');
    expect(JSON.stringify(cell.note)).toContain('Một chữ số gõ nhầm');
    // And the source sheet still says 309.
    expect(cellAt(sheetOf(lo, 'Xã'), 4, 2).value).toEqual({ kind: 'number', value: 309 });
  }, LO_TIMEOUT);
});

describe('a rate column typed as fractions (rate-as-fraction)', () => {
  test('the recomputed rates stay count ÷ base in the column format, and LibreOffice agrees', async () => {
    const input = path.join(tmp, 'fraction.xlsx');
    const wb = new ExcelWorkbook();
    const ws = wb.addWorksheet('Xã');
    ws.addRow(['TT', 'Tên thôn', 'Tổng số hộ', 'Số hộ nghèo', 'Tỷ lệ hộ nghèo']);
    // E3 typed 0,0500 for 12 ÷ 300 = 0,0400; the others and the total right.
    ws.addRow(['1', 'Thôn A', 200, 10, 0.05]);
    ws.addRow(['2', 'Thôn B', 300, 12, 0.05]);
    ws.addRow(['3', 'Thôn C', 250, 9, 0.036]);
    ws.addRow(['4', 'Thôn D', 1210, 100, 0.0826]);
    ws.addRow(['', 'Tổng cộng', { formula: 'SUM(C2:C5)', result: 1960 }, { formula: 'SUM(D2:D5)', result: 131 }, 0.0668]);
    for (let r = 2; r <= 6; r++) ws.getCell(r, 5).numFmt = '0.0000';
    await wb.xlsx.writeFile(input);
    const out = path.join(tmp, 'fraction.fixed.xlsx');
    const r = await fix([input, '-o', out, '--json']);
    const result = JSON.parse(r.out) as FixResult;
    expect(result.issues.map((i) => `${i.cell} ${i.rule}`)).toEqual(['E1 rate-as-fraction', 'E3 rate-mismatch']);
    expect(result.sheets[0].recomputed).toEqual([{ sourceCell: 'E3', cell: 'E5' }]);
    expect(result.remaining.filter((i) => i.severity !== 'info')).toEqual([]);
    await recalc([out], path.join(tmp, 'lo-fraction'));
    const lo = sheetOf(await readXlsxFile(path.join(tmp, 'lo-fraction', 'fraction.fixed.xlsx')), result.sheets[0].name);
    // Source rows 2–6 are rows 4–8 of the corrected sheet.
    const expected = [0.05, 0.04, 0.036, 0.0826, 0.0668];
    expected.forEach((v, i) => {
      const c = cellAt(lo, 3 + i, 4);
      expect(c.formula).toBe(`ROUND(D${4 + i}/C${4 + i},4)`);
      expect(c.value).toEqual({ kind: 'number', value: v });
      expect(c.numFmt).toBe('0.0000');
    });
    // After LibreOffice, still fractions: one note, no error.
    expect(checkWorkbook({ sheets: [lo] }).issues.map((i) => `${i.cell} ${i.rule}`)).toEqual(['E3 rate-as-fraction']);
  }, LO_TIMEOUT);
});

describe('write-back invariants', () => {
  test('fix on its own output gives the same workbook as once', async () => {
    for (const name of ['003-thinh-duc', 'clean-formulas']) {
      // Under the input's own name, as a user would keep it: the report names the file.
      const once = path.join(tmp, 'again', `${name}.xlsx`);
      fs.mkdirSync(path.dirname(once), { recursive: true });
      fs.copyFileSync(runs.get(name)!.out, once);
      const twice = path.join(tmp, `${name}.twice.xlsx`);
      const r = await fix([once, '-o', twice, '--json']);
      expect(r.code).toBe(0);
      const res = JSON.parse(r.out) as FixResult;
      expect(res.sheets.map((s) => s.name)).toEqual(runs.get(name)!.result.sheets.map((s) => s.name));
      expect(res.removed).toEqual([]);
      const a = await readXlsxFile(once);
      const b = await readXlsxFile(twice);
      expect(b.sheets.map((s) => s.name)).toEqual(a.sheets.map((s) => s.name));
      for (const s of a.sheets) {
        expect(contents(sheetOf(b, s.name), true)).toEqual(contents(s, true));
        expect(sheetOf(b, s.name).merges).toEqual(s.merges);
      }
    }
  });

  test("a user's sheet with the corrected sheet's name is never overwritten, also on a second run", async () => {
    const input = path.join(tmp, 'collide.xlsx');
    await wrongMemberFile(input, (wb) => {
      const mine = wb.addWorksheet('Xã – đã sửa');
      mine.getCell('A1').value = 'Bảng tôi tự sửa';
      mine.getCell('B2').value = 123;
    });
    const out1 = path.join(tmp, 'collide.1.xlsx');
    const out2 = path.join(tmp, 'collide.2.xlsx');
    const r1 = JSON.parse((await fix([input, '-o', out1, '--json'])).out) as FixResult;
    expect(r1.sheets.map((s) => s.name)).toEqual(['Xã – đã sửa (2)']);
    const r2 = JSON.parse((await fix([out1, '-o', out2, '--json'])).out) as FixResult;
    expect(r2.sheets.map((s) => s.name)).toEqual(['Xã – đã sửa (2)']);
    const wb = await readXlsxFile(out2);
    expect(wb.sheets.map((s) => s.name)).toEqual(['Xã', 'Xã – đã sửa (2)', 'Xã – đã sửa', REPORT_SHEET]);
    const mine = sheetOf(wb, 'Xã – đã sửa');
    expect(contents(mine)).toEqual(contents(sheetOf(await readXlsxFile(input), 'Xã – đã sửa')));
  });

  test('--apply all changes the corrected sheets only, never the source', async () => {
    const { inputWb } = runs.get('003-thinh-duc')!;
    const out = path.join(tmp, '003.all.xlsx');
    const r = await fix([path.join(ROOT, 'samples', '003-thinh-duc.xlsx'), '-o', out, '--apply', 'all']);
    expect(r.code).toBe(0);
    const wb = await readXlsxFile(out);
    expect(contents(sheetOf(wb, 'Phân bổ 2022'), true)).toEqual(contents(inputWb.sheets[0], true));
  });
});

describe('fix on the command line', () => {
  test('prints what it wrote', async () => {
    const out = path.join(tmp, '003.txt.xlsx');
    const r = await fix([path.join(ROOT, 'samples', '003-thinh-duc.xlsx'), '-o', out, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Wrote ${out}`);
    expect(r.out).toContain("Phân bổ 2022 – corrected  (table A4:H18 of 'Phân bổ 2022')");
    expect(r.out).toContain('Phân bổ 2022 – corrected 2  (table A24:G38');
    expect(r.out).toContain(`${REPORT_SHEET}  (2 issue(s) of the input)`);
    expect(r.out).toContain('Corrected sheets: 0 error(s)');
  });

  test('refuses to overwrite the input, however it is spelled', async () => {
    const input = path.join(tmp, 'keep.xlsx');
    fs.copyFileSync(path.join(ROOT, 'samples', '003-thinh-duc.xlsx'), input);
    const before = fs.readFileSync(input);
    for (const o of [input, path.join(tmp, '.', 'x', '..', 'keep.xlsx')]) {
      const r = await fix([input, '-o', o]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('Không ghi đè lên tệp gốc');
    }
    fs.linkSync(input, path.join(tmp, 'hardlink.xlsx'));
    expect((await fix([input, '-o', path.join(tmp, 'hardlink.xlsx')])).code).toBe(2);
    expect(fs.readFileSync(input).equals(before)).toBe(true);
  });

  test('unreadable input: exit 2, one line, nothing written', async () => {
    const out = path.join(tmp, 'never.xlsx');
    const bad = path.join(tmp, 'bad.xlsx');
    fs.writeFileSync(bad, 'not a workbook');
    for (const input of [path.join(tmp, 'missing.xlsx'), bad]) {
      const r = await fix([input, '-o', out]);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  test('a folder that does not exist: exit 2 and no file half-written', async () => {
    const out = path.join(tmp, 'nope', 'out.xlsx');
    const r = await fix([path.join(ROOT, 'samples', '003-thinh-duc.xlsx'), '-o', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Không ghi được');
    expect(fs.existsSync(path.join(tmp, 'nope'))).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test.each([
    [['fix', 'samples/003-thinh-duc.xlsx']],
    [['fix', '-o', 'x.xlsx']],
    [['fix', 'a.xlsx', 'b.xlsx', '-o', 'x.xlsx']],
    [['fix', 'samples/003-thinh-duc.xlsx', '-o', 'x.xlsx', '--apply', 'most']],
    [['fix', 'samples/003-thinh-duc.xlsx', '-o', 'x.xlsx', '--sheet', 'A']],
    [['check', 'samples/003-thinh-duc.xlsx', '-o', 'x.xlsx']],
    [['check', 'samples/003-thinh-duc.xlsx', '--apply', 'safe']],
  ])('bad usage %j: exit 2 with the usage', async (args) => {
    const c = capture();
    expect(await main(args, c.io)).toBe(2);
    expect(c.err()).toContain('povcheck fix');
    expect(c.out()).toBe('');
  });
});
