// Timing of the browser page (issue 13): how long from choosing a generated
// N-row sheet to its sheets listed, and the longest main-thread task
// meanwhile (Long Tasks API), in Debian's Chromium through playwright-core.
// With the first size it also times typing a target ("5000" households, one
// key every 120 ms) in "Phân bổ chỉ tiêu" until the allocation shows, and
// building the allocation file until its download link shows — each with the
// longest main-thread task. It prints the JavaScript loaded before the page
// can take a file, and the load average (the machine may be shared).
// Needs a built dist/ (npm run build:web). Usage:
//   npx ts-node --transpile-only scripts/page-timing.ts [rows ...]   (default 10000 100000)
// Before choosing, the pointer rests on "Mở tệp" and the script waits PAGE_PAUSE ms (default 1000): an officer
// takes at least that long to reach the button and pick a file, and the page may use it (it starts its worker).
// PAGE_DIST=<dir> times another build (e.g. a copy of dist/ from before a change, for a before/after in one run).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Page } from 'playwright-core';
import { writeBenchWorkbook } from '../src/bench/bench';
import { startStaticServer } from '../test/e2e/server';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const PAUSE_MS = Number(process.env.PAGE_PAUSE ?? 1000);

type LongTask = { start: number; duration: number };
type W = { __longTasks: LongTask[] };

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

async function resetLongTasks(page: Page): Promise<number> {
  return page.evaluate(() => {
    (window as unknown as W).__longTasks.length = 0;
    return performance.now();
  });
}

async function longTasks(page: Page, since: number): Promise<string> {
  const long = (await page.evaluate(() => (window as unknown as W).__longTasks.slice())).filter((t) => t.start >= since - 1);
  const max = long.reduce((m, t) => Math.max(m, t.duration), 0);
  const total = long.reduce((a, t) => a + t.duration, 0);
  const at = long.map((t) => `${Math.round(t.duration)}@${((t.start - since) / 1000).toFixed(2)}s`).join(' ');
  return `${long.length} main-thread tasks over 50 ms, longest ${Math.round(max)} ms, total ${Math.round(total)} ms${at ? ` [${at}]` : ''}`;
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const rows = sizes.length ? sizes : [10_000, 100_000];
  const dist = path.resolve(process.env.PAGE_DIST || path.resolve(__dirname, '..', 'dist'));
  if (!fs.existsSync(path.join(dist, 'taskpane.html'))) throw new Error('dist/taskpane.html is missing: run npm run build:web first');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-timing-'));
  const server = await startStaticServer(dist);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  console.log(`${new Date().toISOString()}, ${os.cpus().length} cores, load average ${load()}; ${dist}, ${PAUSE_MS} ms on "Mở tệp" before choosing`);
  try {
    for (const [k, n] of rows.entries()) {
      const file = path.join(tmp, `rows-${n}.xlsx`);
      await writeBenchWorkbook(file, n);
      const page = await browser.newPage({ viewport: { width: 450, height: 900 }, locale: 'vi-VN' });
      // The page's own scripts: those it fetched before it could take a file, each once. The worker's script and the
      // chunks it fetches itself (the same files again, when the page starts it early) are not the page's.
      const scripts: { url: string; bytes: number }[] = [];
      const seen = new Set<string>();
      let ready = false;
      let worker = false;
      page.on('worker', () => (worker = true));
      page.on('response', (res) => {
        const url = res.url();
        if (ready || worker || seen.has(url) || !/\.js($|\?)/.test(url)) return;
        seen.add(url);
        void res.body().then(
          (b) => scripts.push({ url, bytes: b.length }),
          () => undefined,
        );
      });
      await page.addInitScript(() => {
        const w = window as unknown as W;
        w.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${server.origin}/taskpane.html`, { waitUntil: 'load' });
      await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
      ready = true;
      if (k === 0) {
        const own = scripts.filter((s) => !s.url.includes('/office-js/'));
        const kb = (b: number) => `${Math.round(b / 1024)} KB`;
        console.log(
          `JavaScript before the page takes a file: ${kb(own.reduce((a, s) => a + s.bytes, 0))} of the page's own ` +
            `(${own.map((s) => `${path.basename(s.url)} ${kb(s.bytes)}`).join(', ')}) + ${kb(scripts.reduce((a, s) => a + s.bytes, 0) - own.reduce((a, s) => a + s.bytes, 0))} office.js`,
        );
      }
      await page.hover('[data-testid="open-file"]');
      await page.waitForTimeout(PAUSE_MS);
      let since = await resetLongTasks(page);
      let t0 = Date.now();
      await page.setInputFiles('[data-testid="file-input"]', file);
      await page.waitForSelector('[data-testid="sheet-status"]', { timeout: 600_000 });
      const listed = Date.now() - t0;
      console.log(`${n.toLocaleString('en')} rows: listed after ${(listed / 1000).toFixed(2)} s; ${await longTasks(page, since)}; load ${load()}`);

      if (k === 0) {
        await page.click('[data-testid="tab-allocate"]');
        await page.waitForSelector('[data-testid="target-households"]');
        since = await resetLongTasks(page);
        t0 = Date.now();
        await page.click('[data-testid="target-households"]');
        await page.keyboard.type('5000', { delay: 120 });
        await page.waitForSelector('[data-testid="allocation-total"][data-reduction="5000"]', { timeout: 600_000 });
        const typed = Date.now() - t0;
        console.log(`  typing "5000" → allocation shown after ${(typed / 1000).toFixed(2)} s (0.36 s of it typing); ${await longTasks(page, since)}`);
        since = await resetLongTasks(page);
        t0 = Date.now();
        await page.click('[data-testid="write-allocation"]');
        await page.waitForSelector('[data-testid="download-allocation"]', { timeout: 600_000 });
        console.log(`  allocation file built after ${((Date.now() - t0) / 1000).toFixed(2)} s; ${await longTasks(page, since)}`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
