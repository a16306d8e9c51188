// The layers of src/ and the rule that imports only point down them, checked
// on the real import graph (run: `npm run layers`; test/layers.test.ts runs it
// in `npm test`). Also finds import cycles, type-only imports included: a
// cycle is two modules that cannot be understood (or loaded) one before the
// other.
//
// The TypeScript compiler reads the imports (ts.preProcessFile: static and
// dynamic imports, import types, require) and resolves them with the
// project's own settings, so this sees what tsc and webpack see.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const SRC = path.join(ROOT, 'src');

/**
 * Each folder of src/ and the folders it may import from (besides itself).
 * `packages: false`: no npm package and no Node built-in either.
 */
export const LAYERS: Record<string, { uses: string[]; packages: boolean }> = {
  /** The engine: grids in, reports and plans out. No Office, no DOM, no Node. */
  core: { uses: [], packages: false },
  /** What the pane asks of the workbook's host, and the errors it explains (below both ui/ and hosts/). */
  backend: { uses: ['core'], packages: false },
  /** Grids in and out of Excel (Office.js) and .xlsx files (ExcelJS). */
  hosts: { uses: ['core', 'backend'], packages: true },
  /** The React pane and the browser page's backend. */
  ui: { uses: ['core', 'backend', 'hosts'], packages: true },
  /** The povcheck command line. */
  cli: { uses: ['core', 'hosts'], packages: true },
  /** The pane's entry point: picks the backend and mounts the UI. */
  taskpane: { uses: ['core', 'backend', 'hosts', 'ui'], packages: true },
  /** Benchmarks (node lib/bench/bench.js). */
  bench: { uses: ['core', 'hosts'], packages: true },
};

/** file (relative to the repository, with /) → the files of src/ it imports, and the packages. */
export interface ImportGraph {
  files: Map<string, { local: string[]; packages: string[] }>;
}

const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
}

export function importGraph(dir = SRC): ImportGraph {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const files = new Map<string, { local: string[]; packages: string[] }>();
  for (const file of sourceFiles(dir)) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const local = new Set<string>();
    const packages = new Set<string>();
    for (const { fileName: spec } of info.importedFiles) {
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const resolved = ts.resolveModuleName(spec, file, options, host).resolvedModule?.resolvedFileName;
      if (!resolved) throw new Error(`${rel(file)}: cannot resolve ${spec}`);
      local.add(rel(path.resolve(resolved)));
    }
    files.set(rel(file), { local: [...local].sort(), packages: [...packages].sort() });
  }
  return { files };
}

/** The folder of src/ a file belongs to ('core', 'ui', …); undefined for files directly in src/. */
export function layerOf(file: string): string | undefined {
  const m = /^src\/([^/]+)\//.exec(file);
  return m ? m[1] : undefined;
}

export interface Violation {
  from: string;
  to: string;
  why: string;
}

export function layerViolations(graph: ImportGraph, layers = LAYERS): Violation[] {
  const out: Violation[] = [];
  for (const [from, { local, packages }] of graph.files) {
    const layer = layerOf(from);
    const rule = layer !== undefined ? layers[layer] : undefined;
    if (!rule) {
      out.push({ from, to: '', why: `src/${layer ?? ''} is not a known layer (add it to LAYERS in scripts/layers.ts)` });
      continue;
    }
    for (const to of local) {
      const target = layerOf(to);
      if (target !== layer && !rule.uses.includes(target ?? '')) out.push({ from, to, why: `${layer} may not import from ${target}` });
    }
    if (!rule.packages) for (const p of packages) out.push({ from, to: p, why: `${layer} may not import packages` });
  }
  return out;
}

/**
 * The import cycles: every strongly connected component of more than one
 * file (or a file importing itself), each as its files sorted, in order of
 * their first file.
 * Tarjan's algorithm, iterative so that a long chain cannot overflow the stack.
 */
export function importCycles(edges: Map<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const succ = edges.get(top.node) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++];
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== top.node);
        if (scc.length > 1 || succ.includes(top.node)) out.push(scc.sort());
      }
    }
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function localEdges(graph: ImportGraph): Map<string, string[]> {
  return new Map([...graph.files].map(([f, { local }]) => [f, local]));
}

if (require.main === module) {
  const graph = importGraph();
  const violations = layerViolations(graph);
  const cycles = importCycles(localEdges(graph));
  for (const v of violations) console.log(`layer: ${v.from} → ${v.to}: ${v.why}`);
  for (const c of cycles) console.log(`cycle: ${c.join(' ↔ ')}`);
  const edges = [...graph.files.values()].reduce((n, f) => n + f.local.length, 0);
  console.log(`${graph.files.size} files, ${edges} imports between them: ${violations.length} layer violations, ${cycles.length} cycles`);
  process.exitCode = violations.length || cycles.length ? 1 : 0;
}
