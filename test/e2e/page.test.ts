// End to end, issue 13: the built browser page in Chromium at a 350 px and a
// 450 px task pane and a 1280 px window — every sheet checked with its own
// summary, the issue list first and kept in place while the pinned preview
// follows a clicked issue, the corrections' downloads (recalculated by
// LibreOffice), the allocation and appendix tables on one line per row, the
// tab bar and every control in Vietnamese; the appendix's download with its
// chart, added in the browser. Screenshots go to
// POVCHECK_SHOTS (default test/e2e/output) for a person to look at.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { COMMUNE_HEADER, totalOf, type Unit } from '../helpers';
import { checkWorkbook } from '../../src/core/engine';
import { ownSheetPurposeOf } from '../../src/core/correct';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';
import { LO_TIMEOUT, makeProfile, recalc } from '../libreoffice';
import { HEADER, tableRow } from '../seed004-districts';
import { wrongMemberFile } from '../ui/member-file';
import { addCommuneSheet } from '../ui/big-file';
import { launchChromium, newPaneSession, type PaneSession } from './browser';
import { startStaticServer, type StaticServer } from './server';

jest.setTimeout(LO_TIMEOUT + 120_000);

const ROOT = path.join(__dirname, '..', '..');
const DIST = process.env.POVCHECK_E2E_DIST ?? path.join(ROOT, 'dist');
const SHOTS = process.env.POVCHECK_SHOTS ?? path.join(__dirname, 'output');
const WIDTHS = [350, 450, 1280];

let server: StaticServer;
let browser: Browser;
let tmp: string;
const sessions: PaneSession[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(DIST, 'taskpane.html'))) throw new Error(`${DIST}/taskpane.html is missing: run npm run build first.`);
  fs.mkdirSync(SHOTS, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-page-e2e-'));
  server = await startStaticServer(DIST);
  browser = await launchChromium();
});
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function openPane(width: number): Promise<PaneSession> {
  const s = await newPaneSession(browser, server.origin, { width, height: 900 });
  sessions.push(s);
  await s.page.goto(`${server.origin}/taskpane.html`, { waitUntil: 'load' });
  await s.page.waitForSelector('[data-testid="file-input"]', { state: 'attached', timeout: 30_000 });
  return s;
}

async function fitsWidth(page: Page): Promise<void> {
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(w.scroll).toBeLessThanOrEqual(w.inner);
}

/** Text of every visible control: buttons, labels, links, options — for the "all Vietnamese" check. */
async function controlTexts(page: Page): Promise<string[]> {
  return page.$$eval('button, label, a, [role="tab"], option', (els) =>
    els.filter((e) => (e as HTMLElement).offsetParent !== null || e.tagName === 'OPTION').map((e) => (e.textContent ?? '').trim()),
  );
}
const ENGLISH_UI = /^(Choose Files?|No file chosen|Browse|Cancel|Download|Apply|Check|Close)$/i;

/** Notes first, then a commune table with a wrong households total, then a table with only its header. */
async function notesFirstWorkbook(file: string): Promise<void> {
  const units: Unit[] = [
    { name: 'Thôn 1', households: 200, poor: 10, unable: 2, reduction: 3, nearPoor: 8 },
    { name: 'Thôn 2', households: 300, poor: 12, unable: 4, reduction: 5, nearPoor: 9 },
    { name: 'Thôn 3', households: 250, poor: 9, unable: 1, reduction: 4, nearPoor: 7 },
  ];
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('Ghi chú');
  notes.addRow(['Hướng dẫn: số liệu tính đến ngày 31/12; gửi về phòng LĐTBXH trước ngày 15/01.']);
  notes.addRow(['Người lập biểu: Nguyễn Văn A']);
  // 750 households: a total of 760 is wrong.
  const ws = addCommuneSheet(wb, 'Xã Hải Phú', units, 760 - totalOf(units).households);
  for (let r = 4; r <= 7; r++) for (const c of [8, 10]) ws.getCell(r, c).numFmt = '0.00';
  wb.addWorksheet('Mẫu trống').addRow(COMMUNE_HEADER);
  await wb.xlsx.writeFile(file);
}

async function district(file: string, title: string, header: string[], rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phân bổ 2024');
  ws.addRow([title]);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}

describe.each(WIDTHS)('browser page at %i px', (width) => {
  test('check: every sheet summarised; the table sheet shown first; the list keeps its place when an issue is clicked', async () => {
    const file = path.join(tmp, `ghi-chu-${width}.xlsx`);
    await notesFirstWorkbook(file);
    const s = await openPane(width);
    await s.page.setInputFiles('[data-testid="file-input"]', file);
    await s.page.waitForSelector('[data-testid="issue"]', { timeout: 60_000 });
    const states = await s.page.$$eval('[data-testid="sheet-status"]', (els) => els.map((e) => `${(e as HTMLElement).dataset.sheet} ${(e as HTMLElement).dataset.state}`));
    expect(states).toEqual(['Ghi chú no-table', 'Xã Hải Phú issues', 'Mẫu trống no-rows']);
    expect(await s.page.getAttribute('[data-testid="preview"]', 'data-sheet')).toBe('Xã Hải Phú');
    expect(await s.page.$('[data-testid="no-table"]')).toBeNull();
    // The issue list comes before the preview, and its first issue shows without scrolling.
    const first = await s.page.$eval('[data-testid="issue"]', (e) => e.getBoundingClientRect().top);
    expect(first).toBeLessThan(900);
    const issue = '[data-testid="issue"][data-cell="C7"]';
    await s.page.$eval(issue, (e) => e.scrollIntoView({ block: 'center' }));
    const before = await s.page.evaluate((sel) => ({ y: window.scrollY, top: document.querySelector(sel)!.getBoundingClientRect().top }), issue);
    await s.page.click(issue);
    await s.page.waitForSelector('[data-testid="preview"] [data-cell="C7"][data-selected="true"]');
    await s.page.waitForTimeout(300);
    const after = await s.page.evaluate((sel) => ({ y: window.scrollY, top: document.querySelector(sel)!.getBoundingClientRect().top }), issue);
    expect(after).toEqual(before);
    // The selected cell shows in the (pinned) preview, inside the window.
    const cell = await s.page.$eval('[data-testid="preview"] [data-selected="true"]', (e) => {
      const r = e.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
    });
    expect(cell).toBe(true);
    await s.page.screenshot({ path: path.join(SHOTS, `page-check-${width}.png`) });
    // The header-only sheet says it was not checked, not "no errors".
    await s.page.click('[data-testid="sheet-status"][data-sheet="Mẫu trống"]');
    expect(await s.page.textContent('[data-testid="summary-no-rows"]')).toContain('chưa có dòng số liệu');
    expect(await s.page.$('[data-testid="summary-clean"]')).toBeNull();
    await fitsWidth(s.page);
    // The tab bar fits: no tab past the right edge.
    const right = await s.page.$$eval('[role="tab"]', (els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(width);
    expect((await controlTexts(s.page)).filter((x) => ENGLISH_UI.test(x))).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  test('corrections: confirm, then three downloads named after the file; the corrected one checks clean in LibreOffice', async () => {
    const file = path.join(tmp, `xa-thon-${width}.xlsx`);
    await wrongMemberFile(file);
    const s = await openPane(width);
    await s.page.setInputFiles('[data-testid="file-input"]', file);
    await s.page.waitForSelector('[data-testid="issue"]', { timeout: 60_000 });
    await s.page.click('[data-testid="tab-fix"]');
    // The list of cells each mode would change is planned in the worker: it arrives after the tab opens.
    await s.page.waitForFunction(() => document.querySelector('[data-testid="panel-fix"]')?.textContent?.includes('Chỉ các sửa chắc chắn (1)'), null, { timeout: 60_000 });
    await s.page.click('[data-testid="fix-build"]');
    await s.page.waitForSelector('[data-testid="confirm"]');
    expect(await s.page.$$eval('[data-testid="confirm-item"]', (els) => els.map((e) => e.textContent))).toEqual(['C5: 309 → 209']);
    await s.page.screenshot({ path: path.join(SHOTS, `page-fix-confirm-${width}.png`) });
    await s.page.click('[data-testid="confirm-ok"]');
    await s.page.waitForSelector('[data-testid="download-marked"]', { timeout: 60_000 });
    const names = await s.page.$$eval('[data-testid^="download-"]', (els) => els.map((e) => e.getAttribute('download')));
    expect(names).toEqual([`xa-thon-${width} - đã sửa.xlsx`, `xa-thon-${width} - báo cáo.xlsx`, `xa-thon-${width} - đánh dấu.xlsx`]);
    await s.page.screenshot({ path: path.join(SHOTS, `page-fix-${width}.png`) });
    await fitsWidth(s.page);
    if (width === 350) {
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.click('[data-testid="download-corrected"]')]);
      const saved = path.join(tmp, 'page-download.xlsx');
      await download.saveAs(saved);
      await recalc(makeProfile(path.join(tmp, 'profile')), [saved], path.join(tmp, 'lo'));
      const lo = await readXlsxBuffer(fs.readFileSync(path.join(tmp, 'lo', 'page-download.xlsx')));
      const corrected = lo.sheets.filter((x) => ownSheetPurposeOf(x) === 'corrected');
      expect(corrected).toHaveLength(1);
      expect(checkWorkbook({ sheets: corrected }).issues).toEqual([]);
      // The source sheet in the download is the file as the officer sent it.
      expect(lo.sheets[0].rows[4][2]?.value).toEqual({ kind: 'number', value: 309 });
    }
    expect(s.pageErrors).toEqual([]);
  });

  test('appendix: Vietnamese file button; a total rate the sources cannot give says so; rows stay on one line', async () => {
    const s = await openPane(width);
    await s.page.click('[data-testid="tab-appendix"]');
    expect(await s.page.textContent('[data-testid="appendix-choose"]')).toBe('Chọn tệp…');
    expect(await s.page.isVisible('[data-testid="appendix-files"]')).toBe(false);
    const a = await district(path.join(tmp, 'Huyện Nam Đông.xlsx'), 'UBND HUYỆN NAM ĐÔNG', HEADER, [
      tableRow([1, 'Xã Một', 3600, 3650, 95, 15]),
      tableRow([2, 'Xã Hai', 3652, 3710, 95, 16]),
      tableRow([null, 'Toàn huyện', 7252, 7360, 190, 31]),
    ]);
    const b = await district(path.join(tmp, 'Huyện A Lưới.xlsx'), 'UBND HUYỆN A LƯỚI', HEADER, [
      tableRow([1, 'Xã Một', 7000, 7100, 1700, 600]),
      tableRow([2, 'Xã Hai', 7283, 7360, 1785, 596]),
      tableRow([null, 'Toàn huyện', 14283, 14460, 3485, 1196]),
    ]);
    const c = await district(
      path.join(tmp, 'Huyện Không Hộ.xlsx'),
      'UBND HUYỆN KHÔNG HỘ',
      ['STT', 'Đơn vị', 'Tổng số hộ nghèo năm 2023', 'Tỷ lệ hộ nghèo năm 2023 (%)', 'Số hộ nghèo giảm năm 2024', 'Tổng số hộ nghèo còn lại năm 2024', 'Tỷ lệ hộ nghèo năm 2024 (%)'],
      [[1, 'Xã Một', 100, 2.5, 20, 80, 2], [2, 'Xã Hai', 50, 2.5, 10, 40, 2], [null, 'Toàn huyện', 150, 2.5, 30, 120, 2]],
    );
    await s.page.fill('[data-testid="appendix-year"]', '2024');
    await s.page.setInputFiles('[data-testid="appendix-files"]', [a, b, c]);
    await s.page.waitForSelector('[data-testid="appendix-total"]', { timeout: 60_000 });
    expect(await s.page.textContent('[data-testid="appendix-chosen"]')).toBe('Đã chọn 3 tệp.');
    const total = await s.page.$$eval('[data-testid="appendix-total"] td', (els) => els.map((e) => e.textContent));
    // Households of both years and both rates: Huyện Không Hộ has no households column.
    expect(total.filter((x) => x === 'không tính được*')).toHaveLength(4);
    expect(total.some((x) => /42,85|13,16/.test(x ?? ''))).toBe(false);
    expect(await s.page.textContent('[data-testid="appendix-not-computable"]')).toContain('Huyện Không Hộ');
    // One line per row: every body cell as tall as one line of text.
    const heights = await s.page.$$eval('[data-testid="appendix-preview"] tbody td', (els) => els.map((e) => e.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThan(30);
    await s.page.$eval('[data-testid="appendix-scroll"]', (e) => e.scrollIntoView({ block: 'center' }));
    await s.page.screenshot({ path: path.join(SHOTS, `page-appendix-${width}.png`) });
    await fitsWidth(s.page);
    expect((await controlTexts(s.page)).filter((x) => ENGLISH_UI.test(x))).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  test('allocation: the preview keeps numbers and names on one line, the unit column in view', async () => {
    const s = await openPane(width);
    await s.page.setInputFiles('[data-testid="file-input"]', path.join(ROOT, 'samples', '001-cam-lo.xlsx'));
    await s.page.waitForSelector('[data-testid="issue"]', { timeout: 60_000 });
    await s.page.click('[data-testid="tab-allocate"]');
    await s.page.fill('[data-testid="target-households"]', '100');
    await s.page.waitForSelector('[data-testid="allocation-row"]', { timeout: 30_000 });
    const heights = await s.page.$$eval('[data-testid="allocation-preview"] tbody td', (els) => els.map((e) => e.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThan(30);
    await s.page.$eval('[data-testid="allocation-scroll"]', (e) => e.scrollIntoView({ block: 'center' }));
    await s.page.screenshot({ path: path.join(SHOTS, `page-allocate-${width}.png`) });
    await fitsWidth(s.page);
    expect(s.pageErrors).toEqual([]);
  });
});

test('appendix download: the chart is added in the browser (its own packer, no second zip library), and LibreOffice keeps it', async () => {
  fs.mkdirSync(path.join(tmp, 'chart'), { recursive: true });
  const s = await openPane(450);
  await s.page.click('[data-testid="tab-appendix"]');
  const a = await district(path.join(tmp, 'chart', 'Huyện Nam Đông.xlsx'), 'UBND HUYỆN NAM ĐÔNG', HEADER, [
    tableRow([1, 'Xã Một', 3600, 3650, 95, 15]),
    tableRow([2, 'Xã Hai', 3652, 3710, 95, 16]),
    tableRow([null, 'Toàn huyện', 7252, 7360, 190, 31]),
  ]);
  const b = await district(path.join(tmp, 'chart', 'Huyện A Lưới.xlsx'), 'UBND HUYỆN A LƯỚI', HEADER, [
    tableRow([1, 'Xã Một', 7000, 7100, 1700, 600]),
    tableRow([2, 'Xã Hai', 7283, 7360, 1785, 596]),
    tableRow([null, 'Toàn huyện', 14283, 14460, 3485, 1196]),
  ]);
  await s.page.fill('[data-testid="appendix-year"]', '2024');
  await s.page.setInputFiles('[data-testid="appendix-files"]', [a, b]);
  await s.page.waitForSelector('[data-testid="appendix-total"]', { timeout: 60_000 });
  await s.page.waitForSelector('[data-testid="write-appendix"]:not([disabled])', { timeout: 60_000 });
  await s.page.click('[data-testid="write-appendix"]');
  await s.page.waitForSelector('[data-testid="download-appendix"]', { timeout: 60_000 });
  const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.click('[data-testid="download-appendix"]')]);
  const saved = path.join(tmp, 'chart', 'phu-luc.xlsx');
  await download.saveAs(saved);

  // Every CRC checked; the chart's parts and their links in place.
  const zip = await JSZip.loadAsync(fs.readFileSync(saved), { checkCRC32: true });
  const chart = await zip.file('xl/charts/chart1.xml')!.async('string');
  expect(chart).toContain('<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/>');
  expect(chart.indexOf('Huyện Nam Đông')).toBeLessThan(chart.indexOf('Huyện A Lưới'));
  expect(await zip.file('xl/drawings/_rels/drawing1.xml.rels')!.async('string')).toContain('../charts/chart1.xml');
  expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('/xl/charts/chart1.xml');
  const ours = await readXlsxBuffer(fs.readFileSync(saved));
  expect(checkWorkbook(ours).issues.filter((i) => i.severity === 'error')).toEqual([]);

  await recalc(makeProfile(path.join(tmp, 'chart-profile')), [saved], path.join(tmp, 'chart', 'lo'));
  const lo = await JSZip.loadAsync(fs.readFileSync(path.join(tmp, 'chart', 'lo', 'phu-luc.xlsx')));
  const charts = Object.keys(lo.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
  expect(charts).toHaveLength(1);
  const xml = await lo.file(charts[0])!.async('string');
  expect(xml).toMatch(/<c:barChart>\s*<c:barDir val="bar"\/>\s*<c:grouping val="clustered"\/>/);
  expect(xml.match(/<c:ser>/g)).toHaveLength(2);
  expect(s.pageErrors).toEqual([]);
});
