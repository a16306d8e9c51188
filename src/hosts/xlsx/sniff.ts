// Cheap checks on the raw bytes before ExcelJS (and JSZip) see them: what kind
// of file this is, and whether the zip declares sizes we refuse to inflate.
// Works on plain Uint8Array so it runs in a browser too.
import { HostError } from '../types';
import { nodeBuiltin } from './node-builtin';

export type SniffResult = 'xlsx' | 'xls' | 'encrypted' | 'not-xlsx';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

// Password-protected .xlsx files are OLE2 containers with an "EncryptionInfo" stream.
const ENCRYPTION_INFO_UTF16LE: number[] = [];
for (const ch of 'EncryptionInfo') ENCRYPTION_INFO_UTF16LE.push(ch.charCodeAt(0), 0);

function startsWith(buf: Uint8Array, magic: number[]): boolean {
  if (buf.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (buf[i] !== magic[i]) return false;
  return true;
}

function contains(buf: Uint8Array, needle: number[]): boolean {
  const first = needle[0];
  const last = buf.length - needle.length;
  outer: for (let i = 0; i <= last; i++) {
    if (buf[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (buf[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export function sniffFormat(buf: Uint8Array): SniffResult {
  if (startsWith(buf, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(buf, OLE2_MAGIC)) return contains(buf, ENCRYPTION_INFO_UTF16LE) ? 'encrypted' : 'xls';
  return 'not-xlsx';
}

export interface ZipLimits {
  /** Sum of declared uncompressed sizes. */
  maxTotalUncompressed: number;
  /** An entry is a bomb when it is both this large and compressed more than maxRatio. */
  maxEntryUncompressed: number;
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalUncompressed: 1024 * 1024 * 1024,
  maxEntryUncompressed: 100 * 1024 * 1024,
  maxRatio: 200,
};

export interface ZipEntrySizes {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export interface ZipEntryInfo extends ZipEntrySizes {
  /** 0 stored, 8 deflate; JSZip (inside ExcelJS) knows no other. */
  method: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CD_ENTRY_SIG = 0x02014b50;
const U32_MAX = 0xffffffff;

function corrupt(why: string): HostError {
  return new HostError('corrupt', `zip: ${why}`);
}

/**
 * Lists the entries declared in the zip central directory without inflating
 * anything. Throws HostError('corrupt') when the directory cannot be found or
 * runs past the end of the file (e.g. a truncated download).
 */
export function readZipDirectory(buf: Uint8Array): ZipEntryInfo[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const len = buf.length;
  const u16 = (p: number) => view.getUint16(p, true);
  const u32 = (p: number) => view.getUint32(p, true);
  const u64 = (p: number) => view.getUint32(p, true) + view.getUint32(p + 4, true) * 0x100000000;

  // The EOCD record (22 bytes + comment of up to 64 KiB) sits at the very end.
  let eocd = -1;
  for (let p = len - 22; p >= 0 && p >= len - 22 - 0xffff; p--) {
    if (u32(p) === EOCD_SIG && p + 22 + u16(p + 20) <= len) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw corrupt('end of central directory not found (truncated file?)');

  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdSize === U32_MAX || cdOffset === U32_MAX) {
    const loc = eocd - 20;
    if (loc < 0 || u32(loc) !== ZIP64_LOCATOR_SIG) throw corrupt('zip64 locator missing');
    const z = u64(loc + 8);
    if (z + 56 > len || u32(z) !== ZIP64_EOCD_SIG) throw corrupt('zip64 end record missing');
    count = u64(z + 32);
    cdSize = u64(z + 40);
    cdOffset = u64(z + 48);
  }

  // Tolerate bytes prepended to the archive: the directory then sits right before the EOCD.
  let p = cdOffset;
  if (p + 4 > len || u32(p) !== CD_ENTRY_SIG) p = eocd - cdSize;
  // Local headers are shifted by the same prepended bytes (JSZip reads them so too).
  const shift = p - cdOffset;
  const entries: ZipEntryInfo[] = [];
  for (let i = 0; i < count; i++) {
    if (p < 0 || p + 46 > len || u32(p) !== CD_ENTRY_SIG) throw corrupt('central directory damaged');
    const method = u16(p + 10);
    let compressedSize = u32(p + 20);
    let uncompressedSize = u32(p + 24);
    let localOffset = u32(p + 42);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > len) throw corrupt('central directory damaged');
    let name = '';
    for (let k = p + 46; k < p + 46 + nameLen; k++) name += String.fromCharCode(buf[k]);

    if (uncompressedSize === U32_MAX || compressedSize === U32_MAX || localOffset === U32_MAX) {
      // Zip64 extra field (id 1) holds the 8-byte sizes, only those saturated above, in this order.
      for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen; ) {
        const id = u16(e);
        const size = u16(e + 2);
        if (id === 0x0001) {
          let f = e + 4;
          if (uncompressedSize === U32_MAX && f + 8 <= e + 4 + size) {
            uncompressedSize = u64(f);
            f += 8;
          }
          if (compressedSize === U32_MAX && f + 8 <= e + 4 + size) {
            compressedSize = u64(f);
            f += 8;
          }
          if (localOffset === U32_MAX && f + 8 <= e + 4 + size) localOffset = u64(f);
          break;
        }
        e += 4 + size;
      }
    }
    entries.push({ name, compressedSize, uncompressedSize, method, localOffset: localOffset + shift });
    p = next;
  }
  return entries;
}

/** Throws HostError('too-large') for zip bombs, HostError('corrupt') for a broken directory. */
export function checkZipSizes(entries: ZipEntrySizes[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > limits.maxEntryUncompressed && e.uncompressedSize > limits.maxRatio * Math.max(1, e.compressedSize)) {
      throw new HostError(
        'too-large',
        `zip entry ${e.name} expands ${e.compressedSize} → ${e.uncompressedSize} bytes (ratio over ${limits.maxRatio})`,
      );
    }
  }
  if (total > limits.maxTotalUncompressed) {
    throw new HostError('too-large', `zip declares ${total} uncompressed bytes (limit ${limits.maxTotalUncompressed})`);
  }
}

// ---------------------------------------------------------------------------
// Declared sizes can lie: a 1.5 MB file can declare 4 KiB for a sheet that
// inflates to 1.5 GB, and JSZip only compares sizes after inflating all of it.
// So every entry is inflated here first, with a hard cap at its declared size,
// keeping nothing but a byte count.

/** Inflated byte count of raw deflate `data`, stopping as soon as it passes `cap`. Throws on malformed data. */
export type InflatedSize = (data: Uint8Array, cap: number) => Promise<number>;

interface NodeZlib {
  inflateRawSync(data: Uint8Array, options: { maxOutputLength: number }): Uint8Array;
}

// Feeding the browser's inflater in small slices keeps what one slice can
// expand to (deflate tops out near 1,032 : 1) at a few MiB.
const STREAM_SLICE = 4096;

/** Node's zlib (sync, native): `maxOutputLength` stops inflation at the cap. */
function zlibInflatedSize(zlib: NodeZlib): InflatedSize {
  return async (data, cap) => {
    try {
      return zlib.inflateRawSync(data, { maxOutputLength: Math.min(cap + 1, 2 ** 31 - 1) }).length;
    } catch (e) {
      if ((e as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE') return cap + 1;
      throw e;
    }
  };
}

/** The web's DecompressionStream: counts chunks as they come and cancels past the cap. */
export function streamInflatedSize(data: Uint8Array, cap: number): Promise<number> {
  let pos = 0;
  const source = new ReadableStream<BufferSource>(
    {
      pull(c) {
        if (pos >= data.length) c.close();
        else c.enqueue(data.subarray(pos, (pos += STREAM_SLICE)) as Uint8Array<ArrayBuffer>); // never shared memory here
      },
    },
    { highWaterMark: 0 },
  );
  const reader = source.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  return (async () => {
    let n = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return n;
      n += value.byteLength;
      if (n > cap) {
        await reader.cancel().catch(() => undefined);
        return n;
      }
    }
  })();
}

let chosen: InflatedSize | null | undefined;

/**
 * Picked at run time: Node's zlib when this runs in Node (the CLI, the tests),
 * DecompressionStream in a browser (the page's bundle has no zlib), null when
 * neither is there (Node 20 before 20.12/20.16), which leaves only the declared-size guard.
 */
export function inflatedSizeFunction(): InflatedSize | null {
  if (chosen !== undefined) return chosen;
  const zlib = nodeBuiltin<NodeZlib>('zlib');
  if (zlib && typeof zlib.inflateRawSync === 'function') return (chosen = zlibInflatedSize(zlib as NodeZlib));
  try {
    new DecompressionStream('deflate-raw');
    return (chosen = streamInflatedSize);
  } catch {
    return (chosen = null);
  }
}

/**
 * Inflates each entry with a cap at its declared size, before anything else
 * does: HostError('too-large') for an entry that inflates past what it
 * declares, HostError('corrupt') for one that is malformed, shorter than
 * declared, or uses a compression method JSZip cannot read. With the declared
 * sizes already under the limits (checkZipSizes), the real ones are then too.
 */
export async function checkInflatedSizes(
  buf: Uint8Array,
  entries: ZipEntryInfo[],
  inflatedSize: InflatedSize | null = inflatedSizeFunction(),
): Promise<void> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (const e of entries) {
    const p = e.localOffset;
    if (p < 0 || p + 30 > buf.length || view.getUint32(p, true) !== 0x04034b50) throw corrupt(`${e.name}: local header missing`);
    const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
    const end = start + e.compressedSize;
    if (end > buf.length) throw corrupt(`${e.name}: data runs past the end of the file`);
    if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) throw corrupt(`${e.name}: stored size ${e.compressedSize} ≠ declared ${e.uncompressedSize}`);
      continue;
    }
    if (e.method !== 8) throw corrupt(`${e.name}: compression method ${e.method} not supported`);
    if (!inflatedSize) continue;
    let n: number;
    try {
      n = await inflatedSize(buf.subarray(start, end), e.uncompressedSize);
    } catch (err) {
      throw corrupt(`${e.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (n > e.uncompressedSize) {
      throw new HostError('too-large', `zip entry ${e.name} inflates past the ${e.uncompressedSize} bytes it declares`);
    }
    if (n < e.uncompressedSize) throw corrupt(`${e.name}: inflates to ${n} bytes, declares ${e.uncompressedSize}`);
  }
}
