// End to end, issue 13: the built page reads and checks in a Web Worker. A
// generated 6,000-row sheet shows its progress (rows read) and then its
// issues; cancelling terminates the worker and leaves the previous file's
// results; a file that cannot be read is named under its own name and the
// previous results step aside; once a file is open the opener is one line.
// Screenshots at 350, 450 and 1280 px go to POVCHECK_SHOTS (default test/e2e/output).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { bigWorkbookBytes } from '../ui/big-file';
import { launchChromium, newPaneSession, type PaneSession } from './browser';
import { startStaticServer, type StaticServer } from './server';

jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '..', '..');
const DIST = process.env.POVCHECK_E2E_DIST ?? path.join(ROOT, 'dist');
const SHOTS = process.env.POVCHECK_SHOTS ?? path.join(__dirname, 'output');

let server: StaticServer;
let browser: Browser;
let tmp: string;
let big: string;
const sessions: PaneSession[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(DIST, 'taskpane.html'))) throw new Error(`${DIST}/taskpane.html is missing: run npm run build first.`);
  fs.mkdirSync(SHOTS, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-worker-e2e-'));
  big = path.join(tmp, 'toan-quoc.xlsx');
  fs.writeFileSync(big, await bigWorkbookBytes(6000));
  server = await startStaticServer(DIST);
  browser = await launchChromium();
});
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

type Session = PaneSession & { workersStarted: string[]; workersClosed: string[] };

/** The page, recording every progress line it shows (a fast step may come and go between two polls) and its workers. */
async function openPane(width: number): Promise<Session> {
  const s = Object.assign(await newPaneSession(browser, server.origin, { width, height: 900 }), { workersStarted: [] as string[], workersClosed: [] as string[] });
  sessions.push(s);
  s.page.on('worker', (w) => {
    s.workersStarted.push(w.url());
    w.on('close', () => s.workersClosed.push(w.url()));
  });
  await s.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="progress-text"]');
      const line = el ? `${el.getAttribute('data-rows') ?? ''}|${el.getAttribute('data-tables') ?? ''}|${el.textContent}` : null;
      if (line && seen[seen.length - 1] !== line) seen.push(line);
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await s.page.goto(`${server.origin}/taskpane.html`, { waitUntil: 'load' });
  await s.page.waitForSelector('[data-testid="file-input"]', { state: 'attached', timeout: 30_000 });
  return s;
}

const progressSeen = (page: Page) => page.evaluate(() => (window as unknown as { __progress: string[] }).__progress.slice());

function workerScripts(s: Session): string[] {
  return s.requests.filter((u) => /\/povcheck\.[0-9a-f]+\.js$/.test(u));
}

describe.each([350, 450, 1280])('%i px', (width) => {
  test('a 6,000-row sheet: progress (rows read) in the page, then its issues; the work runs in a worker', async () => {
    const s = await openPane(width);
    await s.page.setInputFiles('[data-testid="file-input"]', big);
    await s.page.waitForSelector('[data-testid="running"]');
    // The shot is for a person to look at: with the rows counted if the reading is still going on.
    await s.page.waitForSelector('[data-testid="progress-text"][data-rows]', { timeout: 5_000 }).catch(() => undefined);
    await s.page.screenshot({ path: path.join(SHOTS, `worker-progress-${width}.png`) });
    await s.page.waitForSelector('[data-testid="sheet-status"][data-state="issues"]', { timeout: 120_000 });
    expect(await s.page.$('[data-testid="running"]')).toBeNull();

    const seen = await progressSeen(s.page);
    const rows = seen.map((l) => Number(l.split('|')[0]) || 0);
    expect(Math.max(...rows)).toBeGreaterThan(1000);
    expect(seen.some((l) => l.includes('Đang đọc trang “Toàn quốc”'))).toBe(true);
    expect(s.workersStarted.length).toBe(1);
    expect(workerScripts(s).length).toBeGreaterThan(0);

    const status = await s.page.$eval('[data-testid="sheet-status"]', (el) => ({ sheet: el.getAttribute('data-sheet'), errors: Number(el.getAttribute('data-errors')) }));
    expect(status.sheet).toBe('Toàn quốc');
    expect(status.errors).toBeGreaterThan(0);
    const first = await s.page.textContent('[data-testid="issue"] [data-testid="issue-message"]');
    expect(first).toBeTruthy();
    // The opener is one line now: no drop zone above the results, "Mở tệp khác" instead.
    expect(await s.page.$('[data-testid="drop-zone"]')).toBeNull();
    expect((await s.page.textContent('[data-testid="open-file"]'))?.trim()).toBe('Mở tệp khác');
    const w = await s.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(w.scroll).toBeLessThanOrEqual(w.inner);
    await s.page.screenshot({ path: path.join(SHOTS, `worker-results-${width}.png`) });
    expect(s.pageErrors).toEqual([]);
    expect(s.foreign).toEqual([]);
  });
});

test('cancel: the worker is terminated, the previous file and its results stay, and the page still works', async () => {
  const s = await openPane(450);
  await s.page.click('[data-testid="use-sample"]');
  await s.page.waitForSelector('[data-testid="sheet-status"][data-sheet="Phân bổ 2022"]');
  const before = await s.page.$$eval('[data-testid="issue"]', (els) => els.length);
  expect(before).toBeGreaterThan(0);
  const closed = s.workersClosed;
  expect(s.workersStarted.length).toBe(1);
  await s.page.setInputFiles('[data-testid="file-input"]', big);
  // Cancelled while the file is still being read (a 6,000-row sheet takes about a second in the worker).
  await s.page.click('[data-testid="running"][data-stage="open"] [data-testid="cancel"]');
  expect(await s.page.textContent('[data-testid="file-name"]')).toContain('003-thinh-duc.xlsx');
  await s.page.waitForSelector('[data-testid="running"]', { state: 'detached' });
  expect(await s.page.textContent('[data-testid="error"]')).toMatch(/huỷ|hủy/i);
  expect(await s.page.textContent('[data-testid="file-name"]')).toContain('003-thinh-duc.xlsx');
  expect(await s.page.$$eval('[data-testid="issue"]', (els) => els.length)).toBe(before);
  for (let i = 0; i < 100 && !closed.length; i++) await s.page.waitForTimeout(100);
  expect(closed.length).toBeGreaterThan(0);

  // Still usable: the sample checks again (a new worker opens it afresh), the allocation tab answers.
  await s.page.click('[data-testid="check"]');
  await s.page.waitForSelector('[data-testid="running"]', { state: 'detached' });
  await s.page.waitForSelector('[data-testid="sheet-status"][data-sheet="Phân bổ 2022"]');
  expect(await s.page.$$eval('[data-testid="issue"]', (els) => els.length)).toBe(before);
  expect(s.workersStarted.length).toBe(2);
  expect(s.pageErrors).toEqual([]);
});

test('a file that cannot be read is named under its own name; the previous results are not shown as its results', async () => {
  const s = await openPane(450);
  await s.page.click('[data-testid="use-sample"]');
  await s.page.waitForSelector('[data-testid="sheet-status"]');
  const broken = path.join(tmp, 'bao-cao-hong.xlsx');
  fs.writeFileSync(broken, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(300, 7)]));
  await s.page.setInputFiles('[data-testid="file-input"]', broken);
  await s.page.waitForSelector('[data-testid="file-name"][data-state="failed"]');
  expect(await s.page.textContent('[data-testid="file-name"]')).toBe('Không mở được tệp: bao-cao-hong.xlsx');
  expect(await s.page.$('[data-testid="error"]')).not.toBeNull();
  expect(await s.page.$('[data-testid="sheet-status"]')).toBeNull();
  expect(await s.page.$('[data-testid="issue"]')).toBeNull();
  // Checking again would check the previous file under the new file's name.
  expect(await s.page.isDisabled('[data-testid="check"]')).toBe(true);
  expect(await s.page.textContent('[data-testid="previous-hidden"]')).toContain('003-thinh-duc.xlsx');
  await s.page.screenshot({ path: path.join(SHOTS, 'worker-failed-450.png') });
  await s.page.click('[data-testid="show-previous"]');
  await s.page.waitForSelector('[data-testid="sheet-status"][data-sheet="Phân bổ 2022"]');
  expect(await s.page.textContent('[data-testid="file-name"]')).toBe('Tệp đang mở: 003-thinh-duc.xlsx');
});
