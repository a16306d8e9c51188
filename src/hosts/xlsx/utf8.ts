// UTF-8 bytes → string, the fastest way each place has. Node's Buffer decodes
// a little faster than TextDecoder, reads plain ASCII as Latin-1 several times
// faster still, and is there where TextDecoder may not be (jsdom); the page's
// worker has TextDecoder.
import { nodeBuiltin } from './node-builtin';

interface NodeBufferView {
  toString(encoding: 'utf8' | 'latin1', start?: number, end?: number): string;
}
interface NodeBufferModule {
  Buffer?: { from(a: ArrayBufferLike, offset: number, length: number): NodeBufferView };
  isAscii?: (b: Uint8Array) => boolean;
}

const mod = nodeBuiltin<NodeBufferModule>('buffer');

/** A whole chunk's decoder (Latin-1 when the chunk is all ASCII). */
export function utf8Decoder(): (b: Uint8Array) => string {
  const Buf = mod?.Buffer;
  const isAscii = mod?.isAscii;
  if (Buf && isAscii) return (b) => Buf.from(b.buffer, b.byteOffset, b.byteLength).toString(isAscii(b) ? 'latin1' : 'utf8');
  if (Buf) return (b) => Buf.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  const decoder = new TextDecoder('utf-8');
  return (b) => decoder.decode(b);
}

// One Buffer view per chunk, the scanner decodes many short ranges of the same bytes;
// weakly held, so a chunk read is not kept alive by its view.
const views = new WeakMap<Uint8Array, NodeBufferView>();
let textDecoder: TextDecoder | null = null;

/** Bytes [from, to) of b decoded as UTF-8 (malformed sequences become U+FFFD, as whole-chunk decoding made them). */
export function utf8(b: Uint8Array, from: number, to: number): string {
  const Buf = mod?.Buffer;
  if (Buf) {
    let view = views.get(b);
    if (view === undefined) views.set(b, (view = Buf.from(b.buffer, b.byteOffset, b.byteLength)));
    return view.toString('utf8', from, to);
  }
  textDecoder ??= new TextDecoder('utf-8');
  return textDecoder.decode(b.subarray(from, to));
}
