// Timing of the browser page (issue 13): how long from choosing a generated
// N-row sheet to the first issue listed, and the longest main-thread task
// meanwhile (Long Tasks API), in Debian's Chromium through playwright-core.
// Needs a built dist/ (npm run build:web). Usage:
//   npx ts-node --transpile-only scripts/page-timing.ts [rows ...]   (default 10000 100000)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { writeBenchWorkbook } from '../src/bench/bench';
import { startStaticServer } from '../test/e2e/server';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const rows = sizes.length ? sizes : [10_000, 100_000];
  const dist = path.resolve(__dirname, '..', 'dist');
  if (!fs.existsSync(path.join(dist, 'taskpane.html'))) throw new Error('dist/taskpane.html is missing: run npm run build:web first');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'povcheck-timing-'));
  const server = await startStaticServer(dist);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  try {
    for (const n of rows) {
      const file = path.join(tmp, `rows-${n}.xlsx`);
      await writeBenchWorkbook(file, n);
      const page = await browser.newPage({ viewport: { width: 450, height: 900 }, locale: 'vi-VN' });
      await page.addInitScript(() => {
        const w = window as unknown as { __longTasks: number[] };
        w.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${server.origin}/taskpane.html`, { waitUntil: 'load' });
      await page.waitForSelector('[data-testid="file-input"]', { state: 'attached' });
      await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks.length = 0));
      const t0 = Date.now();
      await page.setInputFiles('[data-testid="file-input"]', file);
      await page.waitForSelector('[data-testid="sheet-status"]', { timeout: 600_000 });
      const listed = Date.now() - t0;
      const long = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.slice());
      const max = long.length ? Math.max(...long) : 0;
      console.log(
        `${n.toLocaleString('en')} rows: listed after ${(listed / 1000).toFixed(2)} s; ` +
          `${long.length} main-thread tasks over 50 ms, longest ${Math.round(max)} ms, total ${Math.round(long.reduce((a, b) => a + b, 0))} ms`,
      );
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
