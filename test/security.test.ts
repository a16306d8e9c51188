// Security of what ships: no code built from strings (eval, the Function
// constructor) and no raw HTML (dangerouslySetInnerHTML, innerHTML) in our
// sources; in the built bundles (dist/, made by `npm run build`, which `npm
// test` runs first) only the third-party occurrences listed below, each read
// in context and explained; and a Content-Security-Policy that allows the
// page's own origin only. README "Security and privacy" summarises this.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

function walk(dir: string, keep: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, keep));
    else if (keep(p)) out.push(p);
  }
  return out.sort();
}

const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

/** Code made from strings, and raw HTML through React. */
const DANGER: { name: string; re: RegExp }[] = [
  { name: 'eval', re: /(?<![\w$])eval\s*\(/g },
  { name: 'new Function', re: /\bnew\s+Function\s*\(/g },
  // The Function constructor called without `new`; not `.Function(` or `xFunction(`.
  { name: 'Function(', re: /(?<![\w$.]|new\s+)Function\s*\(/g },
  { name: 'dangerouslySetInnerHTML', re: /dangerouslySetInnerHTML/g },
];

/**
 * Raw HTML written past React, for our sources only: React DOM implements
 * dangerouslySetInnerHTML with innerHTML, and office.js writes its own fixed
 * error strings that way, so in the bundles this would only find them again.
 */
const RAW_HTML = { name: 'innerHTML', re: /\.(inner|outer)HTML\s*=(?!=)|insertAdjacentHTML\s*\(|document\.write(ln)?\s*\(/g };

interface Hit {
  file: string;
  kind: string;
  /** 120 characters either side, the occurrence itself between « and ». */
  context: string;
}

function scan(files: string[], kinds: typeof DANGER): Hit[] {
  const hits: Hit[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const { name, re } of kinds) {
      for (const m of text.matchAll(re)) {
        const at = m.index ?? 0;
        const end = at + m[0].length;
        hits.push({ file: rel(file), kind: name, context: `${text.slice(Math.max(0, at - 120), at)}«${m[0]}»${text.slice(end, end + 120)}` });
      }
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------
// Our code

describe('our code builds no code from strings and writes no raw HTML', () => {
  test('the patterns find what they look for, and not look-alikes', () => {
    const kinds = (src: string) => {
      const f = path.join(os.tmpdir(), `povcheck-sec-${process.pid}.js`);
      fs.writeFileSync(f, src);
      try {
        return scan([f], [...DANGER, RAW_HTML]).map((h) => h.kind);
      } finally {
        fs.rmSync(f);
      }
    };
    // window.eval( counts as eval too.
    expect(kinds('window.eval("1"); x = new Function("a", "b"); y = Function("return this")();')).toEqual(['eval', 'new Function', 'Function(']);
    expect(kinds('<div dangerouslySetInnerHTML={{ __html: s }} />; el.innerHTML = s; document.write(s);')).toEqual([
      'dangerouslySetInnerHTML',
      'innerHTML',
      'innerHTML',
    ]);
    expect(kinds('retrieval(2); evaluate(1); isFunction(f); o.Function(3); el.innerHTML === s; type F = Function;')).toEqual([]);
  });

  test('src/, scripts/, bin/ and the webpack config', () => {
    const files = [
      ...walk(path.join(ROOT, 'src'), (f) => /\.(ts|tsx|js|html)$/.test(f)),
      ...walk(path.join(ROOT, 'scripts'), (f) => /\.(ts|js)$/.test(f)),
      path.join(ROOT, 'bin', 'povcheck.js'),
      path.join(ROOT, 'webpack.config.js'),
    ];
    expect(files.length).toBeGreaterThan(20);
    expect(scan(files, [...DANGER, RAW_HTML]).map((h) => `${h.file}: ${h.kind}`)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// The bundles in dist/

/**
 * Every occurrence in the built JavaScript that is not ours, found by reading
 * the minified code around it. `pattern` must match that context. None of
 * them can run a string we or the workbook supply, and the page's CSP has no
 * 'unsafe-eval', so a Function(...) that did run would throw instead.
 */
const ALLOWED: { kind: string; file: RegExp; pattern: RegExp; origin: string; why: string }[] = [
  {
    kind: 'Function(',
    file: /^dist\/exceljs\.[0-9a-f]+\.js$/,
    pattern: /\w\("object"==typeof self&&self\)\|\|\w\("object"==typeof \w&&\w\)\|\|function\(\)\{return this\}\(\)\|\|this\|\|«Function\(»"return this"\)\(\)/,
    origin: 'core-js (internals/global), inside the ExcelJS browser build',
    why: 'Finds the global object; reached only when globalThis, window, self and global are all missing, never in a browser.',
  },
  {
    kind: 'Function(',
    file: /^dist\/exceljs\.[0-9a-f]+\.js$/,
    pattern: /"object"==typeof self&&self&&self\.Object===Object&&self,\w+=\w+\|\|\w+\|\|«Function\(»"return this"\)\(\)/,
    origin: 'lodash (root.js; several lodash.* copies), inside the ExcelJS browser build',
    why: 'root = freeGlobal || freeSelf || Function("return this")(): `self` exists in every browser, so it is never called.',
  },
  {
    kind: 'new Function',
    file: /^dist\/exceljs\.[0-9a-f]+\.js$/,
    pattern: /setImmediate=function\(e\)\{"function"!=typeof e&&\(e=«new Function\(»""\+e\)\)/,
    origin: 'setimmediate polyfill, inside the ExcelJS browser build',
    why: 'Compiles a callback only when it is given as a string; ExcelJS and its streams pass functions.',
  },
  {
    kind: 'Function(',
    file: /^dist\/exceljs\.[0-9a-f]+\.js$/,
    pattern: /try\{regeneratorRuntime=\w+\}catch\(\w+\)\{"object"==typeof globalThis\?globalThis\.regeneratorRuntime=\w+:«Function\(»"r","regeneratorRuntime = r"\)\(\w+\)\}/,
    origin: 'regenerator-runtime, inside the ExcelJS browser build',
    why: 'Fallback for publishing regeneratorRuntime when globalThis is missing (every browser React 18 runs in has it); a fixed string.',
  },
  {
    kind: 'new Function',
    // The page's bundle and the browser page's worker (dist/povcheck.*.js, started with the first file) carry webpack's runtime.
    file: /^dist\/(taskpane|povcheck)\.[0-9a-f]+\.js$/,
    pattern: /if\("object"==typeof globalThis\)return globalThis;try\{return this\|\|«new Function\(»"return this"\)\(\)\}catch\(\w+\)\{/,
    origin: "webpack's runtime (__webpack_require__.g, the global object)",
    why: 'Returns globalThis first; the fixed-string fallback sits in try/catch.',
  },
  {
    kind: 'new Function',
    file: /^dist\/office-js\/excel-(mac|win32)-[\d.]+\.js$/,
    pattern: /\w+=function\(\)\{return this\}\(\);try\{\w+=\w+\|\|«new Function\(»"return this"\)\(\)\}catch\(\w+\)\{"object"==typeof window&&\(\w+=window\)\}/,
    origin: "Microsoft's Excel host script for office.js (webpack 4 buildin/global.js), copied unchanged",
    why: 'Sloppy-mode `this` is already the window; the fixed-string fallback sits in try/catch.',
  },
  {
    kind: 'dangerouslySetInnerHTML',
    file: /^dist\/taskpane\.[0-9a-f]+\.js$/,
    pattern: /"string"==typeof t\?\w+\(\)\.createElement\("svg",\{\.\.\.e,«dangerouslySetInnerHTML»:\{__html:t\}\}\)/,
    origin: '@fluentui/react-icons (utils/createFluentIcon)',
    why: "Icons whose SVG body ships as a string inside the icon package; no workbook or user text reaches it.",
  },
  {
    kind: 'dangerouslySetInnerHTML',
    file: /^dist\/taskpane\.[0-9a-f]+\.js$/,
    pattern: /\w+\(\)\?null:\w+\("style",\{«dangerouslySetInnerHTML»:\{__html:e\.serverStyleProps\.cssRule\}/,
    origin: '@fluentui/react-provider (renderFluentProvider)',
    why: 'Server-side rendering only (skipped when the DOM exists); the CSS is the theme’s own variables.',
  },
  {
    kind: 'dangerouslySetInnerHTML',
    file: /^dist\/taskpane\.[0-9a-f]+\.js$/,
    // Reads of the prop inside React DOM: validation and applying it for components that pass it.
    pattern: /«dangerouslySetInnerHTML»(\.__html|===|!==|\)|"|&&|\|\||,|\}|;|\s)/,
    origin: 'react-dom (the implementation of the prop)',
    why: 'React DOM checks and applies the prop for components that set it; only the two uses above set it.',
  },
];

/** The third-party files the scan covers. */
function bundleFiles(): string[] {
  const top = fs.readdirSync(DIST).filter((f) => /\.js$/.test(f)).map((f) => path.join(DIST, f));
  const officeJs = fs.existsSync(path.join(DIST, 'office-js'))
    ? walk(path.join(DIST, 'office-js'), (f) => /\.js$/.test(f))
    : [];
  return [...top, ...officeJs].sort();
}

describe('built bundles: only the listed third-party occurrences', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(DIST, 'taskpane.html')) || !fs.existsSync(path.join(DIST, 'povcheck-core.js'))) {
      throw new Error('dist/ is missing or incomplete: run `npm run build` first (`npm test` does it in pretest)');
    }
  });

  test('dist/povcheck-core.js (the engine alone, all ours) has none at all', () => {
    expect(scan([path.join(DIST, 'povcheck-core.js')], [...DANGER, RAW_HTML])).toEqual([]);
  });

  test('every occurrence in dist/*.js and dist/office-js/ is on the allow-list', () => {
    const hits = scan(bundleFiles(), DANGER);
    const unexplained = hits.filter(
      (h) => !ALLOWED.some((a) => a.kind === h.kind && a.file.test(h.file) && a.pattern.test(h.context)),
    );
    expect(unexplained.map((h) => `${h.file}: ${h.kind}: …${h.context}…`)).toEqual([]);
    // No eval anywhere, not even third-party.
    expect(hits.filter((h) => h.kind === 'eval').map((h) => h.file)).toEqual([]);
    // The list is read by people: it must still describe the bundles (entries go when a dependency drops them).
    const seen = ALLOWED.filter((a) => hits.some((h) => a.kind === h.kind && a.file.test(h.file) && a.pattern.test(h.context)));
    // (An OFFICE_JS_CDN=1 build has no dist/office-js/ to find office.js's entry in.)
    const localOfficeJs = fs.existsSync(path.join(DIST, 'office-js'));
    const stale = ALLOWED.filter((a) => !seen.includes(a) && (localOfficeJs || !a.file.source.includes('office-js')));
    expect(stale.map((a) => a.origin)).toEqual([]);
  });

  test('the Content-Security-Policy of taskpane.html allows the page’s own origin only', () => {
    const html = fs.readFileSync(path.join(DIST, 'taskpane.html'), 'utf8');
    const metas = [...html.matchAll(/<meta http-equiv="?Content-Security-Policy"? content="([^"]+)"/gi)];
    expect(metas).toHaveLength(1);
    const directives = new Map<string, string[]>();
    for (const part of metas[0][1].split(';')) {
      const [name, ...sources] = part.trim().split(/\s+/);
      if (name) directives.set(name, sources);
    }
    // Documented exceptions (scripts/addin-config.js): Griffel's run-time <style> elements,
    // data: images, and Microsoft's office.js origin only in an OFFICE_JS_CDN=1 build.
    const cdn = process.env.OFFICE_JS_CDN === '1' ? ['https://appsforoffice.microsoft.com'] : [];
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'", ...cdn],
      'connect-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'style-src': ["'self'", "'unsafe-inline'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'none'"],
    });
    const all = [...directives.values()].flat();
    for (const bad of ["'unsafe-eval'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'blob:']) expect(all).not.toContain(bad);
    // Without frame-src / child-src the default applies: frames only from the page's own origin.
    expect(directives.has('frame-src') || directives.has('child-src')).toBe(false);
  });

  test('our code fetches nothing but the bundled sample, by a relative URL', () => {
    const files = walk(path.join(ROOT, 'src'), (f) => /\.(ts|tsx)$/.test(f));
    const net = /\bfetch\s*\(|XMLHttpRequest|sendBeacon|WebSocket|EventSource|importScripts/g;
    const uses = scan(files, [{ name: 'network', re: net }]).map((h) => h.file);
    expect(uses).toEqual(['src/ui/browser-backend.ts']);
    const backend = fs.readFileSync(path.join(ROOT, 'src/ui/browser-backend.ts'), 'utf8');
    expect(backend).toMatch(/SAMPLE_URL = 'samples\/003-thinh-duc\.xlsx'/);
    // No absolute URL in any source: nothing to phone home to.
    // OOXML namespace names (http://schemas.openxmlformats.org/…) are identifiers inside the file, never requested.
    const urls = scan(files, [{ name: 'url', re: /['"`]https?:\/\/(?!schemas\.openxmlformats\.org\/)[^'"`]+/g }]).map((h) => `${h.file}: ${h.context.trim().slice(0, 200)}`);
    expect(urls).toEqual([]);
  });
});
