// Starts the page's worker. Webpack sees `new Worker(new URL(…, import.meta.url))`
// and bundles page.worker.ts as a chunk of its own. Only loaded where Worker
// exists (never in jest, whose CommonJS output cannot hold import.meta).
export function spawnPageWorker(): Worker {
  // @ts-expect-error import.meta: webpack builds this file as an ES module (tsconfig's commonjs is for the CLI and jest).
  return new Worker(new URL('./page.worker.ts', import.meta.url), { name: 'povcheck' });
}
