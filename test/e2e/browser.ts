// Debian's Chromium driven by playwright-core (playwright cannot download its
// own browser build on these machines), and a page wrapper that records
// every request, console error and page error so a test can assert the pane
// stays on its own origin and runs cleanly.
import * as fs from 'fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium first ` +
        '(apt-get update && apt-get install -y --no-install-recommends chromium; .ci/run does this)',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // playwright adds its own headless flag too; these keep Chromium from
    // phoning home (updates, sync, field trials) so the request log stays ours.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    timeout: 60_000,
  });
}

export interface PaneSession {
  context: BrowserContext;
  page: Page;
  /** Every URL the page (or a worker of it) requested, in order. */
  requests: string[];
  /** Requests that left the allowed origin (they are aborted, and listed here). */
  foreign: string[];
  /** Loads the page's Content-Security-Policy refused (they never reach the network): `directive URI`. */
  cspBlocked: string[];
  consoleErrors: string[];
  pageErrors: string[];
  close(): Promise<void>;
}

/** data: and blob: URLs stay inside the page; everything else must be same-origin. */
export function isAllowedUrl(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

export async function newPaneSession(
  browser: Browser,
  origin: string,
  viewport: { width: number; height: number } = { width: 400, height: 900 },
): Promise<PaneSession> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN' });
  const requests: string[] = [];
  const foreign: string[] = [];
  const cspBlocked: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  // A load the CSP refuses fires no request event, so listen for the violation itself:
  // an attempt to reach another origin is worth knowing even when it is stopped.
  await context.exposeBinding('__e2eCspViolation', (_source, v: string) => {
    cspBlocked.push(v);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __e2eCspViolation(v: string): void }).__e2eCspViolation(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  // Recorded on the context so workers and any popup count too.
  context.on('request', (req) => {
    requests.push(req.url());
    if (!isAllowedUrl(req.url(), origin)) foreign.push(req.url());
  });
  // Abort anything off-origin so a stray CDN fetch fails fast rather than
  // waiting on a network this machine does not have; the list above still fails the test.
  await context.route(
    (url) => !isAllowedUrl(url.href, origin),
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      consoleErrors.push(`${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? String(err)));
  page.on('websocket', (ws) => {
    requests.push(ws.url());
    foreign.push(ws.url());
  });
  page.setDefaultTimeout(30_000);
  return { context, page, requests, foreign, cspBlocked, consoleErrors, pageErrors, close: () => context.close() };
}

/**
 * Whether the element shows inside every scrolling ancestor (the preview is
 * its own scroll box inside the pane) and inside the window. At least half
 * of it must show in each to count.
 */
export async function viewState(page: Page, selector: string): Promise<{ inScrollBox: boolean; inWindow: boolean }> {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    const inside = (b: { left: number; top: number; right: number; bottom: number }) =>
      r.width > 0 &&
      r.height > 0 &&
      Math.min(r.right, b.right) - Math.max(r.left, b.left) >= r.width / 2 &&
      Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top) >= r.height / 2;
    let inScrollBox = true;
    for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(auto|scroll|hidden|clip)/.test(s.overflowX + s.overflowY) && !inside(p.getBoundingClientRect())) inScrollBox = false;
    }
    return { inScrollBox, inWindow: inside({ left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight }) };
  });
}
