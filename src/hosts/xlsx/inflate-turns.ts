// Inflating a large zip entry into two buffers that take turns (Node only; the page
// keeps DecompressionStream). Node's zlib hands out a new 256 KiB buffer for every
// chunk; they are garbage at once but freed only when V8 next collects, and the
// checking reader now makes so little garbage of its own that 15–25 MB of them piled
// up between collections at 100,000 rows and stayed in the process's memory after
// (the allocator keeps what it got). pako, zlib ported to JavaScript and already
// in the tree under JSZip, lets the caller give the output buffer: its low-level API
// inflates into the buffer given each step and keeps its own window.
import * as zinflate from 'pako/lib/zlib/inflate';
import ZStream from 'pako/lib/zlib/zstream';

const Z_NO_FLUSH = 0;
const Z_OK = 0;
const Z_STREAM_END = 1;

/**
 * The inflated bytes of raw deflate `data`, chunk by chunk. A chunk stays valid
 * until the chunk after it has been taken; then its buffer is written again.
 */
export function* inflateInTurns(data: Uint8Array, chunk: number): Generator<Uint8Array> {
  const strm = new ZStream();
  if (zinflate.inflateInit2(strm, -15) !== Z_OK) throw new Error('inflate: cannot start');
  strm.input = data;
  strm.next_in = 0;
  strm.avail_in = data.length;
  const buffers = [new Uint8Array(chunk), new Uint8Array(chunk)];
  let turn = 0;
  try {
    for (;;) {
      const out = buffers[(turn ^= 1)];
      strm.output = out;
      strm.next_out = 0;
      strm.avail_out = out.length;
      const status = zinflate.inflate(strm, Z_NO_FLUSH);
      if (status !== Z_OK && status !== Z_STREAM_END) throw new Error(strm.msg || `inflate: error ${status}`);
      if (strm.next_out > 0) yield out.subarray(0, strm.next_out);
      if (status === Z_STREAM_END) return;
      // Nothing left to read and nothing written: the data stops short of the stream's end.
      if (strm.avail_in === 0 && strm.next_out === 0) throw new Error('unexpected end of file');
    }
  } finally {
    zinflate.inflateEnd(strm);
  }
}
