// Draws the add-in icons in assets/ (run: `npm run icons`, or `npm run icons -- DIR`).
//
// The mark is a small table (blue frame, shaded header row, grid lines) with
// a green check mark over its lower right corner. Shapes are drawn from
// geometry in a unit square with 8×8 supersampling, so each size is drawn
// directly rather than scaled from a bigger bitmap, and rebuilds are
// byte-identical. PNG bytes are written by hand (zlib for IDAT) so no image
// library is needed.
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

type RGBA = [number, number, number, number];

const BLUE: RGBA = [0x1f, 0x5f, 0xa8, 255]; // frame and grid
const HEADER: RGBA = [0xc9, 0xdc, 0xf2, 255]; // header row fill
const PAPER: RGBA = [255, 255, 255, 255];
const GREEN: RGBA = [0x10, 0x8a, 0x3e, 255]; // check mark
const CLEAR: RGBA = [0, 0, 0, 0];

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return Math.sqrt(qx * qx + qy * qy);
}

/** The colour at a point (x, y) in pixel units, for an icon `size` pixels wide. */
function makeShader(size: number): (x: number, y: number) => RGBA {
  const u = size / 16; // one "design pixel"
  // Table edges and grid lines snap to whole pixels so the small sizes stay crisp.
  const line = Math.max(1, Math.round(size / 20));
  const px = (v: number) => Math.round(v * u);
  const left = px(0.5);
  const top = px(1.5);
  const right = px(13.5);
  const bottom = px(13.5);
  const headerBottom = px(5);
  const col1 = px(4.75);
  const col2 = px(9);
  const row1 = px(9.25);
  const inLine = (v: number, at: number) => v >= at && v < at + line;
  // Check mark: two round-capped strokes with a white halo so it reads over the grid.
  const ax = 6.25 * u, ay = 10.5 * u;
  const bx = 9.25 * u, by = 13.5 * u;
  const cx = 14.5 * u, cy = 6.25 * u;
  const stroke = Math.max(0.9, 1.05 * u);
  const halo = stroke + Math.max(0.9, 0.8 * u);

  return (x, y) => {
    const d = Math.min(segmentDistance(x, y, ax, ay, bx, by), segmentDistance(x, y, bx, by, cx, cy));
    if (d < stroke) return GREEN;
    if (d < halo) return PAPER;
    if (x < left || x >= right || y < top || y >= bottom) return CLEAR;
    const onFrame = x < left + line || x >= right - line || y < top + line || y >= bottom - line;
    const onGrid = inLine(y, headerBottom) || inLine(y, row1) || inLine(x, col1) || inLine(x, col2);
    if (onFrame || onGrid) return BLUE;
    return y < headerBottom ? HEADER : PAPER;
  };
}

/** RGBA pixels, row-major, 8×8 samples per pixel averaged with premultiplied alpha. */
export function renderIcon(size: number): Uint8Array {
  const n = 8;
  // A plain Uint8Array: per-byte writes to a Buffer are slow inside Jest's VM context.
  const out = new Uint8Array(size * size * 4);
  const shade = makeShader(size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          // Indexing, not destructuring: destructuring is slow inside Jest's VM context.
          const c = shade(px + (sx + 0.5) / n, py + (sy + 0.5) / n);
          r += c[0] * c[3]; g += c[1] * c[3]; b += c[2] * c[3]; a += c[3];
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        out[o] = Math.round(r / a);
        out[o + 1] = Math.round(g / a);
        out[o + 2] = Math.round(b / a);
      }
      out[o + 3] = Math.round(a / (n * n));
    }
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO 3309), as PNG chunks and zip entries use it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A truecolour-with-alpha PNG (colour type 6, 8 bits) from RGBA pixels. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  // compression, filter, interlace: all 0
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (require.main === module) {
  const outDir = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(__dirname, '..', 'assets');
  fs.mkdirSync(outDir, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = path.join(outDir, `icon-${size}.png`);
    fs.writeFileSync(file, encodePng(size, size, renderIcon(size)));
    console.log(`${path.relative(process.cwd(), file)}  ${size}×${size}`);
  }
}
