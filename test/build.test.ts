// Checks of the web build in dist/ (made by `npm run build`, which `npm test`
// runs first) and of the build switches, read from webpack.config.js
// without running webpack again.
import * as fs from 'fs';
import * as path from 'path';
import { contentSecurityPolicy, officeJsFiles, stripXmlComments } from '../scripts/addin-config';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const OFFICE_JS_DIST = path.join(ROOT, 'node_modules/@microsoft/office-js/dist');
const built = (rel: string) => path.join(DIST, rel);

// The switches the build reads; tests below set them one at a time.
const ENV_KEYS = ['ADDIN_BASE_URL', 'OFFICE_JS_CDN'] as const;
const BUILT_WITH_CDN = process.env.OFFICE_JS_CDN === '1';

interface PluginLike {
  constructor: { name: string };
  userOptions?: Record<string, unknown>;
  patterns?: Array<{ from: string; to: string; transform?: (content: Buffer) => string }>;
}
interface ConfigLike {
  name: string;
  plugins?: PluginLike[];
}

async function loadConfigs(env: Partial<Record<(typeof ENV_KEYS)[number], string>>): Promise<ConfigLike[]> {
  const saved = ENV_KEYS.map((k) => [k, process.env[k]] as const);
  try {
    for (const k of ENV_KEYS) delete process.env[k];
    Object.assign(process.env, env);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = require('../webpack.config.js') as (env: object, argv: object) => Promise<ConfigLike[]>;
    return await factory({}, { mode: 'production' });
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const plugin = (config: ConfigLike, name: string) => config.plugins!.find((p) => p.constructor.name === name)!;

describe('dist/ after the build', () => {
  beforeAll(() => {
    if (!fs.existsSync(built('taskpane.html'))) throw new Error('dist/taskpane.html is missing: run `npm run build` first');
  });

  test('taskpane.html: Vietnamese page with a strict CSP, office.js first, every script present', () => {
    const html = fs.readFileSync(built('taskpane.html'), 'utf8');
    expect(html).toMatch(/<html lang="?vi"?>/);
    expect(html).toMatch(/<title>[^<]*PovCheck[^<]*<\/title>/);
    expect(html).toMatch(/<noscript>[^<]*JavaScript[^<]*<\/noscript>/);
    const csp = /<meta http-equiv="?Content-Security-Policy"? content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBe(contentSecurityPolicy({ officeJsCdn: BUILT_WITH_CDN }));
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="?([^\s">]+)"?/g)].map((m) => m[1]);
    expect(scripts[0]).toBe(BUILT_WITH_CDN ? 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js' : 'office-js/office.js');
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const src of scripts) {
      if (/^https:/.test(src)) continue;
      expect([src, fs.existsSync(built(src))]).toEqual([src, true]);
    }
    // No inline script: the CSP would block it.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  test('office.js and the files it loads are copied unchanged', () => {
    if (BUILT_WITH_CDN) return;
    const files = officeJsFiles(OFFICE_JS_DIST);
    expect(files).toEqual(expect.arrayContaining([
      'office.js', 'o15apptofilemappingtable.js', 'excel-win32-16.01.js', 'excel-web-16.00.js', 'excel-mac-16.00.js',
      'vi-vn/office_strings.js', 'en-us/office_strings.js', 'telemetry/oteljs_agave.js',
    ]));
    expect(files.some((f) => f.endsWith('.debug.js'))).toBe(false);
    for (const f of files) {
      const copy = built(`office-js/${f}`);
      expect([f, fs.existsSync(copy)]).toEqual([f, true]);
    }
    // Byte for byte: the minifier must not touch Microsoft's files.
    for (const f of ['office.js', 'excel-web-16.00.js', 'vi-vn/office_strings.js']) {
      expect(fs.readFileSync(built(`office-js/${f}`)).equals(fs.readFileSync(path.join(OFFICE_JS_DIST, f)))).toBe(true);
    }
  });

  test('the bundles need no Node built-ins', () => {
    const bundles = fs.readdirSync(DIST).filter((f) => f.endsWith('.js'));
    expect(bundles.length).toBeGreaterThanOrEqual(3);
    for (const f of bundles) {
      const js = fs.readFileSync(built(f), 'utf8');
      expect([f, /require\(\s*["'](node:)?(fs|fs\/promises|path|stream|zlib|crypto|os)["']\s*\)/.test(js)]).toEqual([f, false]);
    }
  });

  test('one copy of JSZip: the one inside ExcelJS\'s browser build (the chart is added without a second)', () => {
    // An error message of JSZip's own source (lib/zipEntries.js); minifiers keep strings.
    const marker = "Corrupted zip: can't find end of central directory";
    const copies = fs
      .readdirSync(DIST)
      .filter((f) => f.endsWith('.js'))
      .map((f) => [f, fs.readFileSync(built(f), 'utf8').split(marker).length - 1] as const)
      .filter(([, n]) => n > 0);
    expect(copies).toEqual([[expect.stringMatching(/^exceljs\.[0-9a-f]+\.js$/), 1]]);
  });

  test('sample workbook, icons and manifest are in place', () => {
    expect(fs.readFileSync(built('samples/003-thinh-duc.xlsx')).equals(fs.readFileSync(path.join(ROOT, 'samples/003-thinh-duc.xlsx')))).toBe(true);
    for (const size of [16, 32, 64, 80, 128]) expect(fs.existsSync(built(`assets/icon-${size}.png`))).toBe(true);
    const manifest = fs.readFileSync(built('manifest.xml'), 'utf8');
    if (!process.env.ADDIN_BASE_URL) expect(manifest).toBe(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8'));
  });
});

describe('build switches', () => {
  test('default: local office.js, CSP with self only, manifest copied as is', async () => {
    const [core, taskpane] = await loadConfigs({});
    expect(core.name).toBe('core');
    const html = plugin(taskpane, 'HtmlWebpackPlugin').userOptions!;
    expect(html.officeJsSrc).toBe('office-js/office.js');
    expect(html.csp).not.toMatch(/https:/);
    const patterns = plugin(taskpane, 'CopyPlugin').patterns!;
    expect(patterns.filter((p) => p.to.startsWith('office-js/')).length).toBeGreaterThan(100);
    expect(patterns.find((p) => p.to === 'manifest.xml')!.transform).toBeUndefined();
  });

  test('OFFICE_JS_CDN=1: office.js from Microsoft, its origin allowed for scripts, nothing copied', async () => {
    const [, taskpane] = await loadConfigs({ OFFICE_JS_CDN: '1' });
    const html = plugin(taskpane, 'HtmlWebpackPlugin').userOptions!;
    expect(html.officeJsSrc).toBe('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    expect(html.csp).toContain("script-src 'self' https://appsforoffice.microsoft.com;");
    expect(html.csp).toContain("connect-src 'self';");
    expect(plugin(taskpane, 'CopyPlugin').patterns!.some((p) => p.to.startsWith('office-js/'))).toBe(false);
  });

  test('ADDIN_BASE_URL rewrites dist/manifest.xml and must be https', async () => {
    const [, taskpane] = await loadConfigs({ ADDIN_BASE_URL: 'https://povcheck.example.gov.vn/' });
    const manifest = plugin(taskpane, 'CopyPlugin').patterns!.find((p) => p.to === 'manifest.xml')!;
    const out = manifest.transform!(fs.readFileSync(path.join(ROOT, 'manifest.xml')));
    expect(out).toContain('<SourceLocation DefaultValue="https://povcheck.example.gov.vn/taskpane.html"/>');
    expect(out).not.toMatch(/localhost/);
    expect(out.split('https://povcheck.example.gov.vn').join('https://localhost:3000')).toBe(
      stripXmlComments(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8')),
    );
    await expect(loadConfigs({ ADDIN_BASE_URL: 'http://povcheck.example.gov.vn' })).rejects.toThrow(/https/);
  });
});
