// "Sửa lỗi" in the browser page (issue 13): the three downloads are made by
// the same planners as `povcheck fix`, from the opened file's bytes, which stay
// as they were. The corrected workbook must equal the CLI's, cell for cell,
// and check clean once LibreOffice has recalculated it; the marked-up copy
// fills and notes exactly the flagged cells.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workbook as ExcelWorkbook } from 'exceljs';
import { main } from '../../src/cli/main';
import { checkWorkbook } from '../../src/core/engine';
import { ownSheetPurposeOf } from '../../src/core/correct';
import type { Sheet } from '../../src/core/grid';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';
import { fixFiles } from '../../src/ui/page-fix';
import { downloadNames, planFix } from '../../src/ui/page-fix-plan';
import { LO_TIMEOUT, makeProfile, recalc, soffice } from '../libreoffice';
import { wrongMemberFile } from './member-file';

jest.setTimeout(LO_TIMEOUT + 60_000);

let SAMPLE: string;
const NOW = new Date(2026, 11, 2, 9, 0, 0);
let tmp: string;

beforeAll(() => {
  soffice();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-page-fix-'));
  SAMPLE = path.join(tmp, 'xa-thon.xlsx');
  return wrongMemberFile(SAMPLE);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const values = (s: Sheet) => s.rows.map((r) => r.map((c) => (c ? [c.value, c.formula ?? null] : null)));

test('names: after the opened file', () => {
  expect(downloadNames('003-thinh-duc.xlsx', 'vi')).toEqual({
    corrected: '003-thinh-duc - đã sửa.xlsx',
    report: '003-thinh-duc - báo cáo.xlsx',
    marked: '003-thinh-duc - đánh dấu.xlsx',
  });
});

test('the corrected workbook is the one `povcheck fix` writes; the source bytes are untouched; LibreOffice finds it consistent', async () => {
  const source = new Uint8Array(fs.readFileSync(SAMPLE));
  const before = crypto.createHash('sha256').update(source).digest('hex');
  const wb = await readXlsxBuffer(source);
  const plan = planFix(wb, { file: 'xa-thon.xlsx', lang: 'vi', apply: 'safe', date: NOW });
  // The one certain fix: C5 back to 209.
  expect(plan.applied.map((a) => `${a.cell} ${a.old} → ${a.value}`)).toEqual(['C5 309 → 209']);

  const files = await fixFiles(source, wb, { file: 'xa-thon.xlsx', lang: 'vi', apply: 'safe', date: NOW });
  expect(crypto.createHash('sha256').update(source).digest('hex')).toBe(before);
  expect(files.applied).toBe(1);
  expect([files.corrected.name, files.report.name, files.marked.name]).toEqual(['xa-thon - đã sửa.xlsx', 'xa-thon - báo cáo.xlsx', 'xa-thon - đánh dấu.xlsx']);

  // The CLI on the same file, same date.
  const cliOut = path.join(tmp, 'cli.xlsx');
  const code = await main(['fix', SAMPLE, '-o', cliOut, '--apply', 'safe'], {
    stdout: { write: () => true },
    stderr: { write: () => true },
    color: false,
    now: () => NOW,
  });
  expect(code).toBe(0);
  const cli = await readXlsxBuffer(fs.readFileSync(cliOut));
  const page = await readXlsxBuffer(files.corrected.bytes);
  expect(page.sheets.map((s) => s.name)).toEqual(cli.sheets.map((s) => s.name));
  for (const [i, s] of page.sheets.entries()) expect([s.name, values(s)]).toEqual([s.name, values(cli.sheets[i])]);

  // LibreOffice recalculates the corrected file: its corrected sheets check without an error.
  const file = path.join(tmp, 'page-corrected.xlsx');
  fs.writeFileSync(file, files.corrected.bytes);
  await recalc(makeProfile(path.join(tmp, 'profile')), [file], path.join(tmp, 'lo'));
  const lo = await readXlsxBuffer(fs.readFileSync(path.join(tmp, 'lo', 'page-corrected.xlsx')));
  const corrected = lo.sheets.filter((s) => ownSheetPurposeOf(s) === 'corrected');
  expect(corrected.length).toBeGreaterThan(0);
  expect(checkWorkbook({ sheets: corrected }, { lang: 'vi' }).issues).toEqual([]);
  // Row 5 of the source is row 7 of the corrected sheet: 209 there, as LibreOffice reads it.
  expect(corrected[0].rows[6][2]?.value).toEqual({ kind: 'number', value: 209 });

  // The report on its own: one sheet, one row per issue of the input.
  const report = await readXlsxBuffer(files.report.bytes);
  expect(report.sheets.map((s) => ownSheetPurposeOf(s))).toEqual(['report']);

  // The marked-up copy: the user's sheets only, the two flagged cells filled and noted, nothing else.
  const marked = new ExcelWorkbook();
  await marked.xlsx.load(files.marked.bytes as unknown as ArrayBuffer);
  expect(marked.worksheets.map((w) => w.name)).toEqual(wb.sheets.map((s) => s.name));
  const notes: string[] = [];
  for (const ws of marked.worksheets)
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (typeof c.note === 'string' && c.note.startsWith('PovCheck: ')) {
          notes.push(`${c.address} ${(c.fill as { fgColor?: { argb?: string } }).fgColor?.argb}`);
        }
      }),
    );
  const flagged = new Set(plan.report.issues.filter((i) => i.severity !== 'info').flatMap((i) => [i.cell, ...(i.cells ?? [])]));
  expect(flagged.has('C5')).toBe(true);
  expect(notes.sort()).toEqual([...flagged].map((c) => `${c} FFFFC7CE`).sort());
});
