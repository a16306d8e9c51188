// The .xlsx file host: bytes → grid (./grid-read.ts, no ExcelJS). readXlsxBuffer is
// browser-safe (no fs); only readXlsxFile touches the file system.
import type { Workbook } from '../../core/grid';
import { HostError, type GridHost, type ReadOptions } from '../types';
import { readXlsxGrid } from './grid-read';
import { DEFAULT_ZIP_LIMITS } from './sniff';
import { TURNS_FROM, type TurnInflater } from './zip-read';

export function readXlsxBuffer(buf: Buffer | Uint8Array, options?: ReadOptions): Promise<Workbook> {
  return readXlsxGrid(buf, options);
}

export async function readXlsxFile(path: string, options?: ReadOptions): Promise<Workbook> {
  // Loaded lazily so a browser bundle that stubs out fs can still import this module.
  const fs = await import('fs/promises');
  let buf: Buffer;
  try {
    const st = await fs.stat(path);
    if (!st.isFile()) throw new HostError('not-found', path);
    // Anything bigger could never pass the uncompressed-size limit; don't pull it into memory.
    if (st.size > DEFAULT_ZIP_LIMITS.maxTotalUncompressed) {
      throw new HostError('too-large', `${path}: ${st.size} bytes`);
    }
    buf = await fs.readFile(path);
  } catch (e) {
    if (e instanceof HostError) throw e;
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') throw new HostError('not-found', path);
    throw e;
  }
  return readXlsxGrid(buf, options, TURNS);
}

// Large entries inflate into buffers that take turns (inflate-turns.ts): Node only, and
// loaded with pako only when an entry is that large, which most checks never meet.
const TURNS: TurnInflater = {
  from: TURNS_FROM,
  inflate: (data, chunk) => (require('./inflate-turns') as typeof import('./inflate-turns')).inflateInTurns(data, chunk),
};

export class XlsxFileHost implements GridHost {
  constructor(readonly path: string) {}

  readWorkbook(options?: ReadOptions): Promise<Workbook> {
    return readXlsxFile(this.path, options);
  }
}
