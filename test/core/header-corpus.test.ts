// The labelled corpus of real header paths (test/corpus/header-paths.tsv):
// each table of paths is read as the table finder reads one, and every column
// must get its labelled role. How to add a path: README, "Header corpus".
import * as fs from 'fs';
import * as path from 'path';
import { linkRoles, recognise } from '../../src/core/roles';

interface Line {
  table: string;
  role: string;
  path: string[];
  source: string;
  line: number;
}

const FILE = path.resolve(__dirname, '..', 'corpus', 'header-paths.tsv');

function load(): Line[] {
  return fs
    .readFileSync(FILE, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, i }))
    .filter(({ text }) => text.trim() && !text.startsWith('#'))
    .map(({ text, i }) => {
      const [table, role, header, source = ''] = text.split('\t');
      if (!table || !role || !header) throw new Error(`${FILE}:${i + 1}: expected table<TAB>role<TAB>path`);
      return { table, role, path: header.split(' » ').map((h) => h.replace(/\\n/g, '\n')), source, line: i + 1 };
    });
}

/** Tables in file order; every "-" line is a table of its own. */
function tables(lines: Line[]): [string, Line[]][] {
  const out: [string, Line[]][] = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    if (l.table !== '-' && last && last[0] === l.table) last[1].push(l);
    else out.push([l.table === '-' ? `line ${l.line}` : l.table, [l]]);
  }
  return out;
}

const lines = load();

describe('labelled header corpus', () => {
  test('holds at least 200 header paths', () => {
    expect(lines.length).toBeGreaterThanOrEqual(200);
  });

  test.each(tables(lines))('%s', (_, cols) => {
    const roles = linkRoles(
      cols.map((c) => recognise(c.path)),
      cols.map((c) => (c.path.length >= 2 ? c.path[c.path.length - 2] : '')),
    );
    const got = cols.map((c, i) => `${c.line}: ${c.path.join(' » ')} → ${roles[i].code}`);
    const want = cols.map((c) => `${c.line}: ${c.path.join(' » ')} → ${c.role}`);
    expect(got).toEqual(want);
  });
});
