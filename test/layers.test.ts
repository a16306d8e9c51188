// The layers of src/ (scripts/layers.ts) hold on the real import graph, and
// the checks themselves catch what they are for.
import { LAYERS, importCycles, importGraph, layerViolations, localEdges } from '../scripts/layers';

describe('the import graph of src/', () => {
  const graph = importGraph();

  test('is read: the known edges are there', () => {
    expect(graph.files.size).toBeGreaterThan(50);
    expect(graph.files.get('src/hosts/excel/writer.ts')?.local).toEqual(
      expect.arrayContaining(['src/hosts/excel/edits.ts', 'src/hosts/excel/write.ts', 'src/backend/contract.ts']),
    );
    // a dynamic import counts as an import
    expect(graph.files.get('src/taskpane/index.tsx')?.local).toContain('src/ui/browser-backend.ts');
  });

  test('only points down the layers', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  test('has no cycles', () => {
    expect(importCycles(localEdges(graph))).toEqual([]);
  });
});

describe('the checks', () => {
  test('a lower layer importing a higher one is a violation; packages in core are too', () => {
    const files = new Map([
      ['src/hosts/a.ts', { local: ['src/ui/b.ts', 'src/core/c.ts', 'src/backend/d.ts'], packages: ['exceljs'] }],
      ['src/core/c.ts', { local: [], packages: ['fs'] }],
      ['src/ui/b.ts', { local: ['src/hosts/a.ts'], packages: ['react'] }],
      ['src/backend/d.ts', { local: ['src/core/c.ts'], packages: [] }],
    ]);
    expect(layerViolations({ files }, LAYERS)).toEqual([
      { from: 'src/hosts/a.ts', to: 'src/ui/b.ts', why: 'hosts may not import from ui' },
      { from: 'src/core/c.ts', to: 'fs', why: 'core may not import packages' },
    ]);
  });

  test('a folder without a rule is reported', () => {
    const files = new Map([['src/misc/x.ts', { local: [], packages: [] }]]);
    expect(layerViolations({ files }, LAYERS)).toHaveLength(1);
  });

  test('cycles of any length are found, each once; a tree has none', () => {
    const edges = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', ['e']],
      ['e', ['e']],
      ['f', ['a']],
    ]);
    expect(importCycles(edges)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(importCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  test('a chain of 20,000 files does not overflow the stack', () => {
    const n = 20_000;
    const edges = new Map<string, string[]>();
    for (let i = 0; i < n; i++) edges.set(`f${i}`, [`f${(i + 1) % n}`]);
    expect(importCycles(edges)[0]).toHaveLength(n);
  });
});
