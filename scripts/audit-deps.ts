// Offline substitute for `npm audit --omit=dev` (run: `npm run audit:deps`).
//
// `npm audit` needs the registry's bulk advisory endpoint, which answers 405
// from the machine this project is built on. So this script does the same job
// by hand, and keeps the result checkable:
//
//  1. It lists the production tree as installed (`npm ls --omit=dev --all`),
//     plus the copies of packages that ExcelJS's prebuilt browser bundle
//     (exceljs/dist/exceljs.min.js, which the page ships) carries inside
//     itself, where npm cannot see them.
//  2. It checks every package against ADVISORIES below: advisories that were
//     found for these packages (GitHub advisory database, CVE records, the
//     projects' own trackers), with the vulnerable range as a semver range.
//  3. An installed version inside a vulnerable range fails the run, unless the
//     advisory carries `accepted`: the reason PovCheck never reaches the
//     vulnerable code. README › Security and privacy lists the same ids.
//
// The table is only as good as the search behind it: a new advisory needs a
// new row. Where the network allows, run `npm audit --omit=dev` as well.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as semver from 'semver';

const ROOT = path.resolve(__dirname, '..');

export interface Advisory {
  /** GHSA id where there is one, else the CVE or the tracker's id. */
  id: string;
  /** Other ids for the same advisory (CVE, duplicates). */
  aliases?: string[];
  pkg: string;
  /** npm semver range of the affected versions, only the majors that matter here. */
  vulnerable: string;
  title: string;
  /** Why an affected installed version is acceptable. Without it, an affected version fails the check. */
  accepted?: string;
}

// Ranges are per major line as the advisories give them after their backports.
// For majors that are not in our tree the ranges may be left out.
export const ADVISORIES: Advisory[] = [
  // --- tmp (ExcelJS streaming reader only) -------------------------------
  { id: 'GHSA-52f5-9888-hmc6', aliases: ['CVE-2025-54798'], pkg: 'tmp', vulnerable: '<0.2.4', title: 'arbitrary temporary file/directory write via symlinked `dir`' },
  { id: 'GHSA-ph9p-34f9-6g65', aliases: ['CVE-2026-44705'], pkg: 'tmp', vulnerable: '<0.2.6', title: 'path traversal via unsanitized prefix/postfix' },
  { id: 'GHSA-7c78-jf6q-g5cm', aliases: ['CVE-2026-49982'], pkg: 'tmp', vulnerable: '>=0.2.6 <0.2.7', title: 'type-confusion bypass of the 0.2.6 path check' },

  // --- brace-expansion (minimatch 3 and 5, under glob/archiver) ------------
  { id: 'GHSA-v6h2-p8h4-qcjw', aliases: ['CVE-2025-5889'], pkg: 'brace-expansion', vulnerable: '<1.1.12 || >=2.0.0 <2.0.2', title: 'ReDoS in expand()' },
  { id: 'GHSA-f886-m6hf-6m8v', pkg: 'brace-expansion', vulnerable: '<1.1.13 || >=2.0.0 <2.0.3', title: 'denial of service (backported in 1.1.13 / 2.0.3)' },
  // 1.x/2.x first got an opt-in `max` (1.1.14); a default bound only came with the GHSA-mh99 fix, so count from there.
  { id: 'GHSA-7h2j-956f-4vf2', aliases: ['CVE-2026-25547'], pkg: 'brace-expansion', vulnerable: '<1.1.17 || >=2.0.0 <2.1.3', title: 'unbounded expansion' },
  { id: 'GHSA-3jxr-9vmj-r5cp', aliases: ['CVE-2026-13149'], pkg: 'brace-expansion', vulnerable: '<1.1.16 || >=2.0.0 <2.1.2', title: 'exponential time on non-expanding groups' },
  { id: 'GHSA-mh99-v99m-4gvg', aliases: ['CVE-2026-14257'], pkg: 'brace-expansion', vulnerable: '<1.1.17 || >=2.0.0 <2.1.3', title: 'out-of-memory crash via unbounded expansion length' },
  { id: 'GHSA-rgw5-rvv9-x895', aliases: ['CVE-2026-69152'], pkg: 'brace-expansion', vulnerable: '<1.1.18 || >=2.0.0 <2.1.4', title: 'bypass of the GHSA-mh99 mitigation via intermediate arrays' },

  // --- minimatch (3.x under glob 7, 5.x under readdir-glob) --------------
  { id: 'GHSA-3ppc-4f35-3m26', aliases: ['CVE-2026-26996'], pkg: 'minimatch', vulnerable: '<3.1.3 || >=5.0.0 <5.1.7', title: 'ReDoS via repeated wildcards' },
  { id: 'GHSA-7r86-cg39-jmmj', aliases: ['CVE-2026-27903'], pkg: 'minimatch', vulnerable: '<3.1.3 || >=5.0.0 <5.1.8', title: 'matchOne() backtracking via several ** segments' },
  { id: 'GHSA-23c5-xmqv-rm74', aliases: ['CVE-2026-27904'], pkg: 'minimatch', vulnerable: '<3.1.4 || >=5.0.0 <5.1.8', title: 'ReDoS via nested extglobs' },

  // --- jszip (ExcelJS's; also a dev dependency of the tests) ---------------
  { id: 'GHSA-36fh-84j7-cv5h', aliases: ['CVE-2022-48285'], pkg: 'jszip', vulnerable: '<3.8.0', title: 'path traversal in loadAsync' },
  { id: 'GHSA-jg8v-48h5-wgxg', aliases: ['CVE-2021-23413'], pkg: 'jszip', vulnerable: '<3.7.0', title: 'prototype pollution via entry names' },

  // --- fast-csv, bl ------------------------------------------------------
  { id: 'GHSA-8cv5-p934-3hwp', aliases: ['CVE-2020-26256'], pkg: 'fast-csv', vulnerable: '<4.3.6', title: 'ReDoS with ignoreEmpty' },
  { id: 'GHSA-8cv5-p934-3hwp', aliases: ['CVE-2020-26256'], pkg: '@fast-csv/parse', vulnerable: '<4.3.6', title: 'ReDoS with ignoreEmpty' },
  { id: 'GHSA-pp7h-53gx-mx7r', aliases: ['CVE-2020-8244'], pkg: 'bl', vulnerable: '<1.2.3 || >=2.0.0 <2.2.1 || >=3.0.0 <3.0.1 || >=4.0.0 <4.0.3', title: 'buffer over-read' },

  // --- accepted: affected versions that PovCheck does not reach ----------
  {
    id: 'GHSA-w5hq-g745-h8pq',
    aliases: ['CVE-2026-41907'],
    pkg: 'uuid',
    vulnerable: '<11.1.1',
    title: 'v3()/v5()/v6() write out of bounds into a caller-supplied buffer',
    accepted:
      'ExcelJS calls only uuid v4() with no buffer (lib/xlsx/xform/sheet/cf-ext/cf-rule-ext-xform.js); v3/v5/v6 are never called. ' +
      'The fix is uuid 11.1.1, outside ExcelJS\'s ^8.3.0.',
  },
  {
    id: 'CVE-2026-17514',
    pkg: 'unzipper',
    vulnerable: '<=0.12.3',
    title: 'path traversal in Extract() (prefix check without a directory boundary)',
    accepted:
      'ExcelJS uses only unzipper.Parse(), in its streaming WorkbookReader; Extract() is never called, and PovCheck reads files ' +
      'with Workbook.xlsx.load (JSZip), never the streaming reader. The fix (0.12.4+) is outside ExcelJS\'s ^0.10.11.',
  },
  {
    id: 'SNYK-JS-INFLIGHT-6095116',
    pkg: 'inflight',
    vulnerable: '*',
    title: 'memory leak (unmaintained; no fixed version)',
    accepted:
      'Used only by glob 7, which only archiver-utils\' file helpers (never called by archiver or zip-stream) and rimraf ' +
      '(under fstream, i.e. unzipper\'s Extract) call. PovCheck reaches neither: ExcelJS reads and writes .xlsx with JSZip.',
  },

  // --- accepted: copies inside ExcelJS's prebuilt browser bundle ---------
  // exceljs.min.js was built with crypto-browserify because lib/utils/encryptor.js requires 'crypto'.
  {
    id: 'GHSA-vjh7-7g9h-fjfh',
    aliases: ['GHSA-49q7-c7j4-3p7m', 'GHSA-977x-g7h5-7qgw', 'GHSA-f7q4-pwc6-w24p', 'GHSA-fc9h-whq2-v747', 'GHSA-434g-2637-qmqr'],
    pkg: 'elliptic',
    vulnerable: '<6.6.1',
    title: 'ECDSA private key extraction on malformed input; signature malleability and verification flaws',
    accepted:
      'Bundled (6.5.4) inside exceljs.min.js by crypto-browserify. ExcelJS never signs, verifies or derives keys: its only crypto ' +
      'use is createHash/randomBytes in Worksheet.protect(), which PovCheck never calls. Fixing needs a rebuilt ExcelJS bundle.',
  },
  {
    id: 'GHSA-95m3-7q98-8xr5',
    aliases: ['CVE-2025-9288'],
    pkg: 'sha.js',
    vulnerable: '<=2.4.11',
    title: 'missing input type checks (hash state rewind)',
    accepted: 'Bundled inside exceljs.min.js; reached only from Worksheet.protect(), which PovCheck never calls.',
  },
  {
    id: 'GHSA-cpq7-6gpm-g9rc',
    aliases: ['CVE-2025-9287'],
    pkg: 'cipher-base',
    vulnerable: '<=1.0.4',
    title: 'missing input type checks (hash state rewind)',
    accepted: 'Bundled inside exceljs.min.js; reached only from Worksheet.protect(), which PovCheck never calls.',
  },
  {
    id: 'GHSA-h7cp-r72f-jxh6',
    pkg: 'pbkdf2',
    vulnerable: '<3.1.3',
    title: 'predictable output for non-normalized or unimplemented algorithms',
    accepted: 'Bundled inside exceljs.min.js; ExcelJS never calls pbkdf2 (it hashes in a loop instead).',
  },
];

/** One installed copy of a package. `version` null: bundled without a version we can read. */
export interface Installed {
  name: string;
  version: string | null;
  /** How it got there, e.g. ['exceljs', 'unzipper'], or ['exceljs', '(browser bundle)', 'elliptic']. */
  via: string[];
  /** Where a bundled copy's version came from when it is not written in the bundle. */
  note?: string;
}

export interface Hit {
  advisory: Advisory;
  installed: Installed;
}

export interface Report {
  packages: Installed[];
  /** Affected and accepted. */
  accepted: Hit[];
  /** Affected and not accepted: these fail the run. */
  failures: Hit[];
}

/** The shape of `npm ls --json` we use. */
export interface NpmNode {
  version?: string;
  dependencies?: Record<string, NpmNode>;
}

/** Every name@version in the tree once, with the first path that reaches it. */
export function flattenTree(tree: NpmNode): Installed[] {
  const seen = new Map<string, Installed>();
  // Every occurrence is walked: the same name@version can sit in two places with different children.
  const walk = (node: NpmNode, via: string[], onPath: Set<string>) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (!child.version) continue; // missing or unmet: npm ls reports it separately
      const key = `${name}@${child.version}`;
      if (onPath.has(key)) continue; // a cycle
      if (!seen.has(key)) seen.set(key, { name, version: child.version, via: [...via, name] });
      walk(child, [...via, name], new Set(onPath).add(key));
    }
  };
  walk(tree, [], new Set());
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || semver.compare(a.version!, b.version!));
}

/** The production tree as installed. No network: npm ls reads node_modules. */
export function readInstalledTree(root = ROOT): NpmNode {
  let out: string;
  try {
    out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    // npm ls exits non-zero on an invalid tree but still prints it.
    const err = e as { stdout?: string };
    if (!err.stdout) throw e;
    out = err.stdout;
  }
  return JSON.parse(out) as NpmNode;
}

/**
 * Code in exceljs.min.js that shows a bundled copy is at least a fixed version,
 * for packages whose version is not written in the bundle.
 */
const BUNDLE_FINGERPRINTS: { names: string[]; code: RegExp; atLeast: string; note: string }[] = [
  {
    // Before 4.3.6 isEmptyRow() tested EMPTY_ROW_REGEXP, the ReDoS of GHSA-8cv5-p934-3hwp.
    names: ['fast-csv', '@fast-csv/parse'],
    code: /static isEmptyRow\(\w+\)\{return""===\w+\.join\(""\)\.replace\(\/\\s\+\/g,""\)\}/,
    atLeast: '4.3.6',
    note: 'at least 4.3.6: isEmptyRow() has the 4.3.6 fix',
  },
];

/**
 * Packages that ExcelJS's browser build carries inside exceljs.min.js, from its
 * source map. Versions come from package.json objects embedded in the bundle
 * (elliptic), JSZip's own version string, or BUNDLE_FINGERPRINTS; otherwise null.
 */
export function readExcelJsBundle(root = ROOT): Installed[] {
  const dist = path.join(root, 'node_modules', 'exceljs', 'dist');
  const mapFile = path.join(dist, 'exceljs.min.js.map');
  if (!fs.existsSync(mapFile)) return [];
  const code = fs.readFileSync(path.join(dist, 'exceljs.min.js'), 'utf8');
  const sources = (JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sources: string[] }).sources;
  const names = new Set<string>();
  for (const s of sources) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s);
    if (m) names.add(m[1]);
  }
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...names].sort().map((name) => {
    let version: string | null = null;
    const pkgJson = new RegExp(`name:"${esc(name)}",version:"([^"]+)"`).exec(code);
    if (pkgJson) version = pkgJson[1];
    else if (name === 'jszip') version = /\.loadAsync=\w+\("\.\/load"\)[^;]*?\.version="([^"]+)"/.exec(code)?.[1] ?? null;
    const via = ['exceljs', '(browser bundle)', name];
    if (version && semver.valid(version)) return { name, version, via };
    const fp = BUNDLE_FINGERPRINTS.find((f) => f.names.includes(name) && f.code.test(code));
    if (fp) return { name, version: fp.atLeast, via, note: fp.note };
    return { name, version: null, via };
  });
}

/**
 * Which installed copies fall in which advisory's range. A copy whose version
 * is unknown counts as affected: better an explanation too many.
 */
export function check(packages: Installed[], advisories: Advisory[] = ADVISORIES): Report {
  const accepted: Hit[] = [];
  const failures: Hit[] = [];
  for (const advisory of advisories) {
    for (const installed of packages) {
      if (installed.name !== advisory.pkg) continue;
      const affected = installed.version === null || semver.satisfies(installed.version, advisory.vulnerable, { includePrerelease: true });
      if (!affected) continue;
      (advisory.accepted ? accepted : failures).push({ advisory, installed });
    }
  }
  return { packages, accepted, failures };
}

/** The tree as npm shows it, each name@version expanded once. */
export function formatTree(tree: NpmNode): string {
  const lines: string[] = [];
  const shown = new Set<string>();
  const walk = (node: NpmNode, indent: string) => {
    const entries = Object.entries(node.dependencies ?? {});
    entries.forEach(([name, child], i) => {
      const last = i === entries.length - 1;
      const key = `${name}@${child.version ?? 'MISSING'}`;
      const again = shown.has(key) && Object.keys(child.dependencies ?? {}).length > 0;
      lines.push(`${indent}${last ? '└── ' : '├── '}${key}${again ? ' (see above)' : ''}`);
      if (again) return;
      shown.add(key);
      walk(child, indent + (last ? '    ' : '│   '));
    });
  };
  walk(tree, '');
  return lines.join('\n');
}

function describe(hit: Hit): string {
  const { advisory: a, installed: p } = hit;
  const ids = [a.id, ...(a.aliases ?? [])].join(', ');
  const version = p.version === null ? '(version unknown)' : p.note ? `${p.version} (${p.note})` : p.version;
  return `${p.name}@${version} via ${p.via.join(' > ')}\n    ${ids}: ${a.title} (affected: ${a.vulnerable})`;
}

function main(argv: string[]): number {
  const quiet = argv.includes('--quiet');
  const tree = readInstalledTree();
  const installed = flattenTree(tree);
  const bundled = readExcelJsBundle();
  const report = check([...installed, ...bundled]);

  if (!quiet) {
    console.log('Production dependency tree (npm ls --omit=dev --all):\n');
    console.log(formatTree(tree));
    console.log(`\n${installed.length} distinct name@version.`);
    const bundledList = bundled.map((b) => `${b.name}${b.version ? '@' + b.version : ''}`).join(', ');
    console.log(`\nInside exceljs/dist/exceljs.min.js (the browser build the page ships), not visible to npm:\n  ${bundledList}\n`);
  }

  const names = new Set(report.packages.map((p) => p.name));
  const relevant = ADVISORIES.filter((a) => names.has(a.pkg));
  console.log(`Checked ${relevant.length} advisories against ${report.packages.length} packages.`);
  for (const hit of report.accepted) console.log(`  accepted  ${describe(hit)}\n    why: ${hit.advisory.accepted}`);
  for (const hit of report.failures) console.log(`  AFFECTED  ${describe(hit)}`);
  const clean = relevant.filter((a) => !report.accepted.some((h) => h.advisory === a) && !report.failures.some((h) => h.advisory === a));
  if (!quiet && clean.length) console.log(`  not affected (installed versions are outside the range): ${[...new Set(clean.map((a) => a.id))].join(', ')}`);

  if (report.failures.length) {
    console.log(`\n${report.failures.length} affected package(s) without an accepted explanation. Update the package (or add an npm override), or explain it in ADVISORIES and the README.`);
    return 1;
  }
  console.log('\nNo affected production package without an explanation.');
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
