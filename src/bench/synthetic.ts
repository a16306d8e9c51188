// Shared by the sample builder, the benchmark and the tests: the commune
// table they all generate, a deterministic PRNG, and the rate Excel's
// ROUND(part/whole*100,2) gives, computed exactly (independently of the engine).

/** The header of the synthetic commune table (one row per hamlet). */
export const COMMUNE_HEADER = [
  'TT',
  'Tên thôn',
  'Tổng số hộ',
  'Hộ nghèo đầu kỳ',
  'Hộ nghèo không có khả năng lao động',
  'Chỉ tiêu giảm',
  'Hộ nghèo cuối kỳ',
  'Tỷ lệ hộ nghèo cuối kỳ (%)',
  'Hộ cận nghèo',
  'Tỷ lệ hộ cận nghèo (%)',
];

/** mulberry32: deterministic, so every run generates the same numbers. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ROUND(part/whole*100, 2) exactly, half up, for non-negative whole numbers. */
export function ratePct(part: number, whole: number): number {
  if (!Number.isInteger(part) || !Number.isInteger(whole) || part < 0 || whole <= 0) {
    throw new Error(`ratePct(${part}, ${whole})`);
  }
  // part/whole*100 to 2 decimals = part*10000/whole hundredths; add half and floor.
  return Math.floor((2 * part * 10000 + whole) / (2 * whole)) / 100;
}
