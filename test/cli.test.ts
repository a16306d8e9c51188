// The command line end to end: `node bin/povcheck.js` on the samples and on
// files made here. lib/ is built by `pretest`. Engine findings are asserted
// elsewhere; here only exit codes, the JSON contract, languages and messages.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { main } from '../src/cli/main';
import { ROOT, expectNoStack, run } from './cli-run';

const S = (f: string) => path.join('samples', f);

const ISSUE_FIELDS = ['sheet', 'cell', 'rule', 'severity', 'message', 'stated', 'expected'];

function expectReportContract(doc: any, file?: string): void {
  expect(typeof doc.file).toBe('string');
  if (file !== undefined) expect(doc.file).toBe(file);
  expect(Array.isArray(doc.sheets)).toBe(true);
  for (const s of doc.sheets) {
    expect(typeof s.name).toBe('string');
    expect(Array.isArray(s.tables)).toBe(true);
    for (const t of s.tables) {
      expect(t.range).toMatch(/^[A-Z]+\d+:[A-Z]+\d+$/);
      for (const c of t.columns) {
        expect(c.column).toMatch(/^[A-Z]+$/);
        expect(typeof c.role).toBe('string');
        expect(typeof c.header).toBe('string');
      }
    }
  }
  expect(Array.isArray(doc.issues)).toBe(true);
  for (const i of doc.issues) {
    for (const f of ISSUE_FIELDS) expect(i).toHaveProperty(f);
    expect(typeof i.sheet).toBe('string');
    expect(i.cell).toMatch(/^[A-Z]+\d+$/);
    expect(i.rule).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(['error', 'warning', 'info']).toContain(i.severity);
    expect(typeof i.message).toBe('string');
    expect(i.message.length).toBeGreaterThan(0);
    for (const v of [i.stated, i.expected]) expect(v === null || ['number', 'string'].includes(typeof v)).toBe(true);
  }
}

let tmp: string;
const T = (f: string) => path.join(tmp, f);

const HEADER = ['TT', 'Tên thôn', 'Tổng số hộ', 'Hộ nghèo đầu kỳ', 'Chỉ tiêu giảm', 'Hộ nghèo cuối kỳ'];
const UNITS: [string, number, number, number][] = [
  ['Thôn Một', 320, 18, 5],
  ['Thôn Hai', 275, 11, 3],
  ['Thôn Ba', 410, 24, 7],
];

/** A small consistent commune table; `wrongTotal` makes the households total off by 100. */
async function writeCommune(file: string, opts: { wrongTotal?: boolean; extraSheet?: boolean } = {}): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Xã Thử');
  ws.addRow(['KẾ HOẠCH GIẢM NGHÈO NĂM 2024']);
  ws.addRow([]);
  ws.addRow(HEADER);
  UNITS.forEach(([name, h, p, d], i) => ws.addRow([i + 1, name, h, p, d, p - d]));
  const sum = (k: number) => UNITS.reduce((a, u) => a + (u[k] as number), 0);
  ws.addRow([null, 'Tổng cộng', sum(1) + (opts.wrongTotal ? 100 : 0), sum(2), sum(3), sum(2) - sum(3)]);
  if (opts.extraSheet) wb.addWorksheet('Ghi chú').addRow(['Chỉ là ghi chú.']);
  await wb.xlsx.writeFile(file);
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-cli-'));
  await writeCommune(T('good.xlsx'), { extraSheet: true });
  await writeCommune(T('bad.xlsx'), { wrongTotal: true });
  fs.writeFileSync(T('notes.xlsx'), 'Đây là tệp văn bản, không phải Excel.\n');
  fs.writeFileSync(T('empty.xlsx'), '');
  const sample = fs.readFileSync(path.join(ROOT, S('clean-formulas.xlsx')));
  fs.writeFileSync(T('truncated.xlsx'), sample.subarray(0, Math.floor(sample.length / 2)));
  fs.writeFileSync(T('old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('exit codes', () => {
  test('a clean workbook exits 0', async () => {
    const r = await run(['check', S('clean-formulas.xlsx')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('003-thinh-duc exits 1 with a sum-mismatch at C18', async () => {
    const r = await run(['check', '--json', S('003-thinh-duc.xlsx')]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.issues).toEqual(expect.arrayContaining([expect.objectContaining({ cell: 'C18', rule: 'sum-mismatch', severity: 'error' })]));
  });

  test('files made here: consistent 0, wrong total 1', async () => {
    expect((await run(['check', T('good.xlsx')])).code).toBe(0);
    const bad = await run(['check', T('bad.xlsx')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('✖');
  });
});

describe('--json', () => {
  test.each(['001-cam-lo.xlsx', '001-cam-lo-pasted.xlsx', '003-thinh-duc.xlsx', '004-thua-thien-hue.xlsx', 'clean-formulas.xlsx'])(
    '%s: one document with the contract fields',
    async (f) => {
      const r = await run(['check', S(f), '--json']);
      expect([0, 1]).toContain(r.code);
      const doc = JSON.parse(r.stdout);
      expect(Array.isArray(doc)).toBe(false);
      expectReportContract(doc, S(f));
      expect(doc.sheets.length).toBeGreaterThan(0);
      // Exit code follows the error-severity issues.
      expect(r.code).toBe(doc.issues.some((i: any) => i.severity === 'error') ? 1 : 0);
    },
  );

  test('JSON output has no colour codes even when colour could apply', async () => {
    const r = await run(['check', '--json', S('003-thinh-duc.xlsx')], { FORCE_COLOR: '1' });
    expect(r.stdout).not.toContain('\x1b[');
  });
});

describe('languages', () => {
  test('Vietnamese by default', async () => {
    const r = await run(['check', S('003-thinh-duc.xlsx')]);
    expect(r.stdout).toContain('Trang tính: Phân bổ 2022');
    expect(r.stdout).toMatch(/Dòng 18 \(CỘNG\)/);
    expect(r.stdout).toMatch(/\d+ lỗi, \d+ cảnh báo, \d+ ghi chú/);
    expect(r.stdout).toMatch(/✖ C18 sum-mismatch: /);
  });

  test('--lang en gives English', async () => {
    const r = await run(['check', S('003-thinh-duc.xlsx'), '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Sheet: Phân bổ 2022');
    expect(r.stdout).toMatch(/Row 18 \(CỘNG\)/);
    expect(r.stdout).toMatch(/\d+ errors?, \d+ warnings?, \d+ notes?/);
    expect(r.stdout).not.toMatch(/lỗi|cảnh báo|Dòng /);
    const json = JSON.parse((await run(['check', '--lang=en', '--json', S('003-thinh-duc.xlsx')])).stdout);
    const c18 = json.issues.find((i: any) => i.cell === 'C18');
    expect(c18.message).not.toMatch(/ghi|nhưng/);
  });

  test('no colour when stdout is not a terminal', async () => {
    const r = await run(['check', S('003-thinh-duc.xlsx')]);
    expect(r.stdout).not.toContain('\x1b[');
  });

  test('tables and columns are listed', async () => {
    const r = await run(['check', S('003-thinh-duc.xlsx')]);
    expect(r.stdout).toMatch(/Bảng A\d+:[A-Z]+\d+/);
    expect(r.stdout).toMatch(/^\s+C\s+households\s+\S/m);
  });
});

describe('files that cannot be read', () => {
  const cases: [string, () => string, RegExp, RegExp][] = [
    ['a missing file', () => T('missing.xlsx'), /^Không tìm thấy tệp: .*missing\.xlsx$/m, /^File not found: .*missing\.xlsx$/m],
    ['a text file renamed .xlsx', () => T('notes.xlsx'), /notes\.xlsx không phải tệp Excel \.xlsx/, /notes\.xlsx is not an Excel \.xlsx file/],
    ['an empty file', () => T('empty.xlsx'), /empty\.xlsx không phải tệp Excel \.xlsx/, /empty\.xlsx is not an Excel \.xlsx file/],
    ['a truncated xlsx', () => T('truncated.xlsx'), /truncated\.xlsx bị hỏng hoặc chưa lưu hết/, /truncated\.xlsx is damaged/],
    ['an old .xls', () => T('old.xls'), /old\.xls là tệp Excel cũ \(\.xls\).*soffice --headless --convert-to xlsx/, /old\.xls is an old Excel file/],
  ];

  test.each(cases)('%s: exit 2, a message, no stack trace', async (_name, file, vi, en) => {
    const r = await run(['check', file()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(vi);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expectNoStack(r.stderr);
    expectNoStack(r.stdout);
    const e = await run(['check', file(), '--lang', 'en']);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(en);
    expectNoStack(e.stderr);
  });

  test('with --json the error is a document too', async () => {
    const r = await run(['check', '--json', T('truncated.xlsx')]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.file).toBe(T('truncated.xlsx'));
    expect(doc.error.code).toBe('corrupt');
    expect(doc.error.message).toContain('truncated.xlsx');
  });
});

describe('--sheet', () => {
  test('selects one sheet', async () => {
    const r = await run(['check', '--json', S('clean-formulas.xlsx'), '--sheet', 'Phân tổ']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.sheets.map((s: any) => s.name)).toEqual(['Phân tổ']);
    expect(doc.issues.every((i: any) => i.sheet === 'Phân tổ')).toBe(true);
  });

  test('--sheet=NAME form, on a file made here', async () => {
    const r = await run(['check', '--json', T('good.xlsx'), '--sheet=Ghi chú']);
    const doc = JSON.parse(r.stdout);
    expect(doc.sheets.map((s: any) => s.name)).toEqual(['Ghi chú']);
  });

  test('a sheet that does not exist: exit 2 and the sheet names', async () => {
    const r = await run(['check', T('good.xlsx'), '--sheet', 'Không có']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Không có');
    expect(r.stderr).toContain('Xã Thử');
    expect(r.stderr).toContain('Ghi chú');
    expectNoStack(r.stderr);
  });
});

describe('several files', () => {
  test('human output: one block per file and a total line', async () => {
    const r = await run(['check', S('clean-formulas.xlsx'), S('003-thinh-duc.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Tệp: samples/clean-formulas.xlsx');
    expect(r.stdout).toContain('Tệp: samples/003-thinh-duc.xlsx');
    expect(r.stdout).toMatch(/Đã kiểm tra 2\/2 tệp/);
  });

  test('--json: an array, one document per file in order', async () => {
    const files = [S('clean-formulas.xlsx'), S('001-cam-lo.xlsx'), S('003-thinh-duc.xlsx')];
    const r = await run(['check', '--json', ...files]);
    expect(r.code).toBe(1);
    const docs = JSON.parse(r.stdout);
    expect(Array.isArray(docs)).toBe(true);
    expect(docs.map((d: any) => d.file)).toEqual(files);
    docs.forEach((d: any) => expectReportContract(d));
  });

  test('an unreadable file: the others are still checked, then exit 2', async () => {
    const files = [T('missing.xlsx'), S('003-thinh-duc.xlsx'), T('notes.xlsx'), S('clean-formulas.xlsx')];
    const r = await run(['check', '--json', ...files]);
    expect(r.code).toBe(2);
    const docs = JSON.parse(r.stdout);
    expect(docs).toHaveLength(4);
    expect(docs[0]).toEqual({ file: T('missing.xlsx'), error: { code: 'not-found', message: expect.stringContaining('missing.xlsx') } });
    expect(docs[2].error.code).toBe('not-xlsx');
    expectReportContract(docs[1]);
    expectReportContract(docs[3]);
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    expectNoStack(r.stderr);

    const human = await run(['check', ...files]);
    expect(human.code).toBe(2);
    expect(human.stdout).toContain('Tệp: samples/003-thinh-duc.xlsx');
    expect(human.stdout).toContain('Tệp: samples/clean-formulas.xlsx');
    expect(human.stdout).toMatch(/2 tệp không đọc được/);
  });
});

describe('usage', () => {
  test('--help and --version exit 0', async () => {
    const h = await run(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('povcheck check');
    const v = await run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^povcheck \d+\.\d+\.\d+/);
  });

  test.each([[['frob']], [['check']], [['check', '--frob', S('003-thinh-duc.xlsx')]], [['check', '--lang', 'fr', S('003-thinh-duc.xlsx')]], [[]]])(
    'bad usage %j: exit 2 and the usage message',
    async (args) => {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('povcheck check');
      expect(r.stdout).toBe('');
      expectNoStack(r.stderr);
    },
  );
});

describe('in-process main()', () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return {
      io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, color: false },
      out: () => out.join(''),
      err: () => err.join(''),
    };
  }

  test('returns the exit code and writes through the given writers', async () => {
    const c = capture();
    expect(await main(['check', path.join(ROOT, S('003-thinh-duc.xlsx')), '--lang', 'en'], c.io)).toBe(1);
    expect(c.out()).toContain('Row 18');
    expect(c.err()).toBe('');
  });

  test('colour only when asked for', async () => {
    const c = capture();
    await main(['check', path.join(ROOT, S('003-thinh-duc.xlsx'))], { ...c.io, color: true });
    expect(c.out()).toContain('\x1b[31m✖\x1b[39m');
  });

  test('unknown command returns 2', async () => {
    const c = capture();
    expect(await main(['nope'], c.io)).toBe(2);
    expect(c.err()).toContain('Lệnh không hợp lệ: nope');
  });
});

describe('the launcher (bin/povcheck.js)', () => {
  const launcher = fs.readFileSync(path.join(ROOT, 'bin', 'povcheck.js'), 'utf8');
  // setFlagsFromString ignores a flag V8 does not know; node's own command line refuses it.
  const flags = /setFlagsFromString\('([^']+)'\)/.exec(launcher)?.[1];

  test('its V8 flag is one this Node knows', () => {
    expect(flags).toMatch(/^--[a-z-]+=\d+$/);
    const r = spawnSync(process.execPath, [flags!, '-e', '0'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('the flag changes speed, not findings: the same report with V8 defaults, exit code included', async () => {
    const args = ['check', S('003-thinh-duc.xlsx'), S('001-cam-lo.xlsx'), '--json'];
    const tuned = await run(args);
    const plain = await run(args, { POVCHECK_V8_DEFAULTS: '1' });
    expect(tuned.code).toBe(1);
    expect(plain).toEqual(tuned);
    expect(JSON.parse(tuned.stdout)).toHaveLength(2); // the whole output arrived before the exit
  });
});
