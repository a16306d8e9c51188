// The offline dependency audit (scripts/audit-deps.ts, `npm run audit:deps`):
// the installed production tree passes its table, a tree with a known
// vulnerable version does not, and the README explains every advisory in it.
// No network: npm ls reads node_modules.
import * as fs from 'fs';
import * as path from 'path';
import * as semver from 'semver';
import { ADVISORIES, check, flattenTree, Installed, NpmNode, readExcelJsBundle, readInstalledTree } from '../scripts/audit-deps';

const ROOT = path.resolve(__dirname, '..');

const ids = (hits: { advisory: { id: string } }[]) => [...new Set(hits.map((h) => h.advisory.id))].sort();

describe('the advisory table', () => {
  test('every row has a well-formed id and a valid range', () => {
    for (const a of ADVISORIES) {
      expect(a.id).toMatch(/^(GHSA(-[23456789cfghjmpqrvwx]{4}){3}|CVE-\d{4}-\d{4,}|SNYK-JS-[A-Z0-9]+-\d+)$/);
      expect(semver.validRange(a.vulnerable)).not.toBeNull();
    }
  });
});

describe('the installed production tree', () => {
  const tree = readInstalledTree();
  const installed = flattenTree(tree);
  const bundled = readExcelJsBundle();

  test('is the tree we ship: ExcelJS and its dependencies, React, Fluent UI, office.js', () => {
    const names = new Set(installed.map((p) => p.name));
    for (const n of ['exceljs', 'jszip', 'react', 'react-dom', '@fluentui/react-components', '@microsoft/office-js', 'tmp', 'unzipper', 'uuid', 'brace-expansion', 'minimatch']) {
      expect(names).toContain(n);
    }
    // Dev dependencies are not in it.
    for (const n of ['jest', 'webpack', 'typescript', 'semver']) expect(names).not.toContain(n);
    // The copies inside ExcelJS's browser build are found, with versions where the bundle states them.
    const version = (n: string) => bundled.find((b) => b.name === n)?.version;
    expect(version('elliptic')).toBe('6.5.4');
    expect(version('jszip')).toBe('3.10.1');
    expect(version('@fast-csv/parse')).toBe('4.3.6');
  });

  test('passes: every affected package is explained', () => {
    const report = check([...installed, ...bundled]);
    expect(report.failures.map((h) => `${h.installed.name}@${h.installed.version} ${h.advisory.id}`)).toEqual([]);
    // The check does match real packages: these are affected, and accepted in the table.
    expect(ids(report.accepted)).toEqual(
      expect.arrayContaining(['GHSA-w5hq-g745-h8pq', 'CVE-2026-17514', 'GHSA-vjh7-7g9h-fjfh']),
    );
  });

  test('the runner exits 0', () => {
    // The same check as `npm run audit:deps`, through ts-node as the npm script runs it.
    const { execFileSync } = require('child_process') as typeof import('child_process');
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/audit-deps.ts', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/No affected production package without an explanation\./);
  });
});

describe('a tree with a vulnerable version', () => {
  // As npm ls --json prints it.
  const tree = (deps: Record<string, string>): NpmNode => ({
    dependencies: { exceljs: { version: '4.4.0', dependencies: Object.fromEntries(Object.entries(deps).map(([n, v]) => [n, { version: v }])) } },
  });

  test('tmp 0.2.1 and 0.2.6 are flagged with the advisories for their ranges, 0.2.7 with none', () => {
    expect(ids(check(flattenTree(tree({ tmp: '0.2.1' }))).failures)).toEqual(['GHSA-52f5-9888-hmc6', 'GHSA-ph9p-34f9-6g65']);
    expect(ids(check(flattenTree(tree({ tmp: '0.2.6' }))).failures)).toEqual(['GHSA-7c78-jf6q-g5cm']);
    expect(check(flattenTree(tree({ tmp: '0.2.7' }))).failures).toEqual([]);
  });

  test('old brace-expansion, minimatch and jszip are flagged, the patched ones are not', () => {
    const bad = check(flattenTree(tree({ 'brace-expansion': '1.1.11', minimatch: '5.1.6', jszip: '3.7.1' })));
    expect(ids(bad.failures)).toEqual(
      expect.arrayContaining(['GHSA-v6h2-p8h4-qcjw', 'GHSA-mh99-v99m-4gvg', 'GHSA-3ppc-4f35-3m26', 'GHSA-23c5-xmqv-rm74', 'GHSA-36fh-84j7-cv5h']),
    );
    expect(bad.failures.map((h) => h.installed.name)).toEqual(expect.arrayContaining(['brace-expansion', 'minimatch', 'jszip']));
    const good = check(flattenTree(tree({ 'brace-expansion': '2.1.8', minimatch: '3.1.5', jszip: '3.10.2' })));
    expect(good.failures).toEqual([]);
  });

  test('a nested copy is found and reported with its path', () => {
    const nested: NpmNode = {
      dependencies: {
        exceljs: { version: '4.4.0', dependencies: { archiver: { version: '5.3.2', dependencies: { 'brace-expansion': { version: '2.0.1' } } } } },
        other: { version: '1.0.0', dependencies: { archiver: { version: '5.3.2', dependencies: { 'brace-expansion': { version: '2.0.1' } } } } },
      },
    };
    const hit = check(flattenTree(nested)).failures.find((h) => h.advisory.id === 'GHSA-v6h2-p8h4-qcjw');
    expect(hit?.installed.via).toEqual(['exceljs', 'archiver', 'brace-expansion']);
  });

  test('an accepted advisory passes, but only with its explanation', () => {
    const uuid = flattenTree(tree({ uuid: '8.3.2' }));
    expect(check(uuid).failures).toEqual([]);
    const withoutWhy = ADVISORIES.map((a) => ({ ...a, accepted: undefined }));
    expect(ids(check(uuid, withoutWhy).failures)).toEqual(['GHSA-w5hq-g745-h8pq']);
  });

  test('a bundled copy whose version is unknown counts as affected', () => {
    const unknown: Installed = { name: 'tmp', version: null, via: ['exceljs', '(browser bundle)', 'tmp'] };
    expect(ids(check([unknown]).failures)).toEqual(['GHSA-52f5-9888-hmc6', 'GHSA-7c78-jf6q-g5cm', 'GHSA-ph9p-34f9-6g65']);
  });
});

describe('README › Security and privacy', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Security and privacy');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));

  test('names every advisory in the table, and says how to run the check', () => {
    expect(start).toBeGreaterThanOrEqual(0);
    const missing = [...new Set(ADVISORIES.flatMap((a) => [a.id, ...(a.aliases ?? [])]))].filter((id) => !section.includes(id));
    expect(missing).toEqual([]);
    expect(section).toContain('npm run audit:deps');
  });
});
