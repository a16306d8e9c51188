// Packing a zip, in Node and in the page alike: the container (local
// headers, data, central directory) around entries already compressed, plus
// the CRC-32 and raw deflate an entry needs. Node's zlib where it is there
// (the CLI, the tests); in the page, CompressionStream('deflate-raw') and the
// CRC-32 below. JSZip stays inside ExcelJS only: the page does not ship a
// second copy to add a chart (chart.ts).
import { nodeBuiltin } from './node-builtin';

interface NodeZlib {
  deflateRaw(buf: Uint8Array, options: { level: number }, cb: (err: Error | null, out: Uint8Array) => void): void;
  crc32(data: Uint8Array): number;
}

export interface PackEntry {
  /** The name's bytes; UTF-8 (flagged as such when not plain ASCII). */
  name: Uint8Array;
  /** CRC-32 and size of the uncompressed bytes. */
  crc: number;
  size: number;
  /** 0 stored, 8 deflate. */
  method: 0 | 8;
  /** The bytes as stored in the zip (raw deflate for method 8). */
  data: Uint8Array | Promise<Uint8Array>;
}

let table: Int32Array | undefined;

/**
 * CRC-32 (the zip one, polynomial 0xEDB88320) in JavaScript, a byte at a
 * time from a 256-entry table. By hand because the web platform has no
 * CRC-32 API, and a package for ten lines would be one more thing in the
 * download; only the page's few changed parts go through it.
 */
export function crc32Js(data: Uint8Array): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** UTF-8 bytes of `s`: Node's Buffer where there is Node (jsdom has no TextEncoder), else TextEncoder. */
export function utf8Bytes(s: string): Uint8Array {
  const B = nodeBuiltin<{ Buffer: { from(s: string, encoding: 'utf8'): Uint8Array } }>('buffer')?.Buffer;
  return B ? B.from(s, 'utf8') : new TextEncoder().encode(s);
}

function zlib(): NodeZlib | null {
  const z = nodeBuiltin<NodeZlib>('zlib');
  return typeof z?.deflateRaw === 'function' && typeof z.crc32 === 'function' ? (z as NodeZlib) : null;
}

/** CRC-32 of `data`: Node's native one where there is Node (20.15 and later). */
export function crc32(data: Uint8Array): number {
  const z = zlib();
  return z ? z.crc32(data) >>> 0 : crc32Js(data);
}

/** Raw deflate with the web's CompressionStream (its level is the browser's, not ours). */
export async function webDeflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const source = new ReadableStream<BufferSource>({
    start(c) {
      c.enqueue(data as Uint8Array<ArrayBuffer>);
      c.close();
    },
  });
  const reader = source.pipeThrough(new CompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return concat(chunks);
}

/** Raw deflate: Node's zlib on libuv's threads (at `level`), else CompressionStream. */
export function deflateRaw(data: Uint8Array, level: number): Promise<Uint8Array> {
  const z = zlib();
  if (!z) return webDeflateRaw(data);
  return new Promise((resolve, reject) => z.deflateRaw(data, { level }, (err, out) => (err ? reject(err) : resolve(out))));
}

/** An entry for `bytes`: deflated past 64 bytes, where deflate starts to pay; stored below. */
export function packEntry(name: string | Uint8Array, bytes: Uint8Array, level: number): PackEntry {
  const deflate = bytes.length > 64;
  return {
    name: typeof name === 'string' ? utf8Bytes(name) : name,
    crc: crc32(bytes),
    size: bytes.length,
    method: deflate ? 8 : 0,
    data: deflate ? deflateRaw(bytes, level) : bytes,
  };
}

/** The byte arrays one after another, in one array. */
export function concat(list: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const b of list) size += b.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const b of list) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** The zip: local headers and data in the order given, then the central directory. No zip64: past 4 GiB or 65,535 entries it throws. */
export async function packZip(entries: readonly PackEntry[], when: Date): Promise<Uint8Array> {
  const time = (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1);
  const date = (Math.max(0, when.getFullYear() - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  let centralSize = 0;
  const head = (sig: number, size: number) => {
    const b = new Uint8Array(size);
    const v = new DataView(b.buffer);
    v.setUint32(0, sig, true);
    return { b, v };
  };
  for (const e of entries) {
    const data = await e.data;
    const ascii = e.name.every((b) => b < 0x80);
    // Fields shared by the local and the central header, from `at` on.
    const common = (v: DataView, at: number) => {
      v.setUint16(at, 20, true); // version needed: 2.0
      v.setUint16(at + 2, ascii ? 0 : 0x0800, true); // names in UTF-8
      v.setUint16(at + 4, e.method, true);
      v.setUint16(at + 6, time, true);
      v.setUint16(at + 8, date, true);
      v.setUint32(at + 10, e.crc >>> 0, true);
      v.setUint32(at + 14, data.length, true);
      v.setUint32(at + 18, e.size, true);
      v.setUint16(at + 22, e.name.length, true);
    };
    const local = head(0x04034b50, 30);
    common(local.v, 4);
    parts.push(local.b, e.name, data);
    const dir = head(0x02014b50, 46);
    dir.v.setUint16(4, 20, true); // made by: MS-DOS, 2.0
    common(dir.v, 6);
    dir.v.setUint32(42, offset, true);
    central.push(dir.b, e.name);
    offset += 30 + e.name.length + data.length;
    centralSize += 46 + e.name.length;
    if (offset > 0xffffffff || e.size > 0xffffffff) throw new Error('zip: past 4 GiB, which needs zip64');
  }
  if (entries.length > 0xffff || offset + centralSize > 0xffffffff) throw new Error('zip: too many entries or bytes without zip64');
  const end = head(0x06054b50, 22);
  end.v.setUint16(8, entries.length, true);
  end.v.setUint16(10, entries.length, true);
  end.v.setUint32(12, centralSize, true);
  end.v.setUint32(16, offset, true);
  return concat([...parts, ...central, end.b]);
}
