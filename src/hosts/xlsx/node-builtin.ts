// Node's built-in modules where this code runs in Node (the CLI, the tests),
// without importing them: the same files are bundled for the page, which has
// none and uses the web's DecompressionStream and TextDecoder instead.
// undefined in a browser, and in Node before 20.16 (no getBuiltinModule).
export function nodeBuiltin<T>(id: 'zlib' | 'buffer'): Partial<T> | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof proc?.getBuiltinModule === 'function' ? (proc.getBuiltinModule(id) as Partial<T> | undefined) : undefined;
}
