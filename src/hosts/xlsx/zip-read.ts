// Reading one zip entry as text, in chunks, with the same caps as
// checkInflatedSizes (./sniff.ts): never more bytes than the entry declares
// (a lying zip bomb stops there), and exactly as many. Node's zlib in Node,
// the web's DecompressionStream in the page; nothing is held but the chunk
// being parsed.
import { HostError } from '../types';
import type { ZipEntryInfo } from './sniff';
import { utf8Decoder } from './utf8';
import { nodeBuiltin } from './node-builtin';

function corrupt(why: string): HostError {
  return new HostError('corrupt', `zip: ${why}`);
}

/** Where the entry's compressed bytes are; checks the local header like checkInflatedSizes. */
export function entryBytes(buf: Uint8Array, e: ZipEntryInfo): Uint8Array {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const p = e.localOffset;
  if (p < 0 || p + 30 > buf.length || view.getUint32(p, true) !== 0x04034b50) throw corrupt(`${e.name}: local header missing`);
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + e.compressedSize;
  if (end > buf.length) throw corrupt(`${e.name}: data runs past the end of the file`);
  if (e.method === 0 && e.compressedSize !== e.uncompressedSize) {
    throw corrupt(`${e.name}: stored size ${e.compressedSize} ≠ declared ${e.uncompressedSize}`);
  }
  if (e.method !== 0 && e.method !== 8) throw corrupt(`${e.name}: compression method ${e.method} not supported`);
  // A plain Uint8Array view even of a Node Buffer: the tokenizer then sees one kind of array (see zlibChunks).
  return new Uint8Array(buf.buffer, buf.byteOffset + start, end - start);
}

interface NodeZlib {
  createInflateRaw(options: { chunkSize: number }): NodeInflate;
}
interface NodeInflate extends AsyncIterable<Uint8Array> {
  end(data: Uint8Array): void;
  destroy(): void;
}

// Big enough that per-chunk overhead vanishes, small enough to keep memory flat: freed 1 MiB
// buffers stayed in the process's memory (about 10 MB more at the peak of a 100,000-row check).
const CHUNK = 1 << 18;
// Feeding the browser's inflater in slices bounds what one slice expands to (deflate tops out near 1,032 : 1).
const STREAM_SLICE = 64 * 1024;

function nodeZlib(): NodeZlib | null {
  const zlib = nodeBuiltin<NodeZlib>('zlib');
  return zlib && typeof zlib.createInflateRaw === 'function' ? (zlib as NodeZlib) : null;
}

async function* zlibChunks(zlib: NodeZlib, data: Uint8Array): AsyncGenerator<Uint8Array> {
  const inflate = zlib.createInflateRaw({ chunkSize: CHUNK });
  inflate.end(data);
  try {
    // Plain Uint8Array views, not Buffers: the tokenizer then sees one kind of array (its joins are Uint8Arrays), not two.
    for await (const chunk of inflate) yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  } finally {
    inflate.destroy();
  }
}

async function* webChunks(data: Uint8Array): AsyncGenerator<Uint8Array> {
  let pos = 0;
  const source = new ReadableStream<BufferSource>(
    {
      pull(c) {
        if (pos >= data.length) c.close();
        else c.enqueue(data.subarray(pos, (pos += STREAM_SLICE)) as Uint8Array<ArrayBuffer>);
      },
    },
    { highWaterMark: 0 },
  );
  const reader = source.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Entries smaller than this inflate with the platform's zlib (faster cold, and the garbage is small). */
export const TURNS_FROM = 8 << 20;

/**
 * An inflater that writes into buffers of its own, used for entries from `from` bytes
 * on: a chunk it gives is valid only until the chunk after it has been taken
 * (inflate-turns.ts). For callers done with each chunk by then.
 */
export interface TurnInflater {
  from: number;
  inflate(data: Uint8Array, chunk: number): Iterable<Uint8Array>;
}

async function* asAsync(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

/** The inflated bytes of an entry, chunk by chunk; HostError past or short of the declared size. */
export async function* entryChunks(buf: Uint8Array, e: ZipEntryInfo, turns?: TurnInflater): AsyncGenerator<Uint8Array> {
  const data = entryBytes(buf, e);
  if (e.method === 0) {
    for (let p = 0; p < data.length; p += CHUNK) yield data.subarray(p, p + CHUNK);
    return;
  }
  const zlib = nodeZlib();
  const source =
    turns && e.uncompressedSize >= turns.from ? asAsync(turns.inflate(data, CHUNK)) : zlib ? zlibChunks(zlib, data) : webChunks(data);
  let n = 0;
  for (;;) {
    let step: IteratorResult<Uint8Array>;
    try {
      step = await source.next();
    } catch (err) {
      throw corrupt(`${e.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (step.done) break;
    n += step.value.byteLength;
    if (n > e.uncompressedSize) {
      await source.return(undefined);
      throw new HostError('too-large', `zip entry ${e.name} inflates past the ${e.uncompressedSize} bytes it declares`);
    }
    yield step.value;
  }
  if (n < e.uncompressedSize) throw corrupt(`${e.name}: inflates to ${n} bytes, declares ${e.uncompressedSize}`);
}

/** How many bytes at the end of `b` start a UTF-8 sequence that the next chunk completes. */
function incompleteTail(b: Uint8Array): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k];
    if ((c & 0xc0) !== 0x80) {
      // A lead byte: complete if its sequence fits in the k bytes left.
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      return need > k ? k : 0;
    }
  }
  return 0;
}

/** Text chunks of an entry (UTF-8; a byte-order mark is dropped); a character split between chunks is carried over. */
export async function* entryText(buf: Uint8Array, e: ZipEntryInfo): AsyncGenerator<string> {
  const decode = utf8Decoder();
  let first = true;
  let carry: Uint8Array | null = null;
  for await (const raw of entryChunks(buf, e)) {
    let chunk = raw;
    if (carry) {
      chunk = new Uint8Array(carry.length + raw.length);
      chunk.set(carry);
      chunk.set(raw, carry.length);
      carry = null;
    }
    const tail = incompleteTail(chunk);
    if (tail) {
      carry = chunk.slice(chunk.length - tail);
      chunk = chunk.subarray(0, chunk.length - tail);
    }
    let s = decode(chunk);
    if (first && s) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    if (s) yield s;
  }
  if (carry) yield decode(carry);
}

/** A whole (small) entry as text. */
export async function entryString(buf: Uint8Array, e: ZipEntryInfo): Promise<string> {
  let s = '';
  for await (const chunk of entryText(buf, e)) s += chunk;
  return s;
}
