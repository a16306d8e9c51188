// pako's low-level zlib port (pako 1.x and 2.x: lib/zlib/*), which has no type declarations of its own.
declare module 'pako/lib/zlib/zstream' {
  class ZStream {
    input: Uint8Array | null;
    next_in: number;
    avail_in: number;
    output: Uint8Array | null;
    next_out: number;
    avail_out: number;
    msg: string;
  }
  export = ZStream;
}

declare module 'pako/lib/zlib/inflate' {
  import ZStream = require('pako/lib/zlib/zstream');
  export function inflateInit2(strm: ZStream, windowBits: number): number;
  export function inflate(strm: ZStream, flush: number): number;
  export function inflateEnd(strm: ZStream): number;
}
