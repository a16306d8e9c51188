// Exact decimal arithmetic on BigInt: a value is n / 10^s. Rates are compared
// at the precision the sheet shows, so binary floating point is never used
// for a comparison.

export interface Dec {
  readonly n: bigint;
  readonly s: number;
}

const TEN = 10n;
const pow10Cache: bigint[] = [1n];
export function pow10(k: number): bigint {
  while (pow10Cache.length <= k) pow10Cache.push(pow10Cache[pow10Cache.length - 1] * TEN);
  return pow10Cache[k];
}

export const ZERO: Dec = { n: 0n, s: 0 };

export function dec(n: bigint | number, s = 0): Dec {
  return { n: typeof n === 'bigint' ? n : BigInt(n), s };
}

/** The decimal a JavaScript number prints as (shortest round-trip form), exactly. */
export function fromNumber(x: number): Dec {
  if (!Number.isFinite(x)) throw new RangeError(`not finite: ${x}`);
  if (Number.isInteger(x) && Math.abs(x) < Number.MAX_SAFE_INTEGER) return { n: BigInt(x), s: 0 };
  // Fast path for the usual rate (12.34): the fewest decimals s whose m / 10^s is x again.
  // Below 1e9 with at most 6 decimals that decimal has ≤ 15 significant digits, so it is the
  // only one of its length that rounds to x, which is what String(x) prints.
  if (Math.abs(x) < 1e9) {
    for (let s = 1, scale = 10; s <= 6; s++, scale *= 10) {
      const m = Math.round(x * scale);
      if (m / scale === x) return { n: BigInt(m), s };
    }
  }
  const str = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(str);
  if (!m) throw new RangeError(`cannot read ${str}`);
  const digits = m[2] + (m[3] ?? '');
  let s = (m[3] ?? '').length - (m[4] ? parseInt(m[4], 10) : 0);
  let n = BigInt(digits);
  if (s < 0) {
    n *= pow10(-s);
    s = 0;
  }
  return normalize({ n: m[1] === '-' ? -n : n, s });
}

/** Parses plain `-123.45` (dot decimal, no grouping). */
export function fromPlain(str: string): Dec {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(str);
  if (!m) throw new RangeError(`not a plain decimal: ${str}`);
  const frac = m[3] ?? '';
  const n = BigInt((m[2] || '0') + frac);
  return { n: m[1] === '-' ? -n : n, s: frac.length };
}

export function normalize(d: Dec): Dec {
  let { n, s } = d;
  while (s > 0 && n % TEN === 0n) {
    n /= TEN;
    s--;
  }
  return { n, s };
}

// Hot paths (a sum over a province's communes): no tuple allocation for the common equal scales.
export function add(a: Dec, b: Dec): Dec {
  if (a.s === b.s) return { n: a.n + b.n, s: a.s };
  return a.s > b.s ? { n: a.n + b.n * pow10(a.s - b.s), s: a.s } : { n: a.n * pow10(b.s - a.s) + b.n, s: b.s };
}

export function sub(a: Dec, b: Dec): Dec {
  if (a.s === b.s) return { n: a.n - b.n, s: a.s };
  return a.s > b.s ? { n: a.n - b.n * pow10(a.s - b.s), s: a.s } : { n: a.n * pow10(b.s - a.s) - b.n, s: b.s };
}

export function neg(a: Dec): Dec {
  return { n: -a.n, s: a.s };
}

export function mul(a: Dec, b: Dec): Dec {
  return { n: a.n * b.n, s: a.s + b.s };
}

export function cmp(a: Dec, b: Dec): number {
  let x = a.n;
  let y = b.n;
  if (a.s > b.s) y *= pow10(a.s - b.s);
  else if (a.s < b.s) x *= pow10(b.s - a.s);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function eq(a: Dec, b: Dec): boolean {
  return cmp(a, b) === 0;
}

export function isInteger(a: Dec): boolean {
  return a.s === 0 || a.n % pow10(a.s) === 0n;
}

export function isNegative(a: Dec): boolean {
  return a.n < 0n;
}

export function isZero(a: Dec): boolean {
  return a.n === 0n;
}

export function toNumber(a: Dec): number {
  return Number(a.n) / Number(pow10(a.s));
}

export type Rounding = 'half-up' | 'half-even' | 'down' | 'up';

/** Integer division of num by den (den > 0) with the given rounding; "up/down" are away from / toward zero. */
export function divRound(num: bigint, den: bigint, mode: Rounding): bigint {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const sign = num < 0n ? -1n : 1n;
  const a = num < 0n ? -num : num;
  let q = a / den;
  const r = a % den;
  if (r !== 0n) {
    if (mode === 'up') q += 1n;
    else if (mode === 'half-up') {
      if (r * 2n >= den) q += 1n;
    } else if (mode === 'half-even') {
      if (r * 2n > den || (r * 2n === den && q % 2n === 1n)) q += 1n;
    }
  }
  return sign * q;
}

/** Rounds to p decimals. */
export function round(a: Dec, p: number, mode: Rounding = 'half-up'): Dec {
  if (a.s <= p) return { n: a.n * pow10(p - a.s), s: p };
  return { n: divRound(a.n, pow10(a.s - p), mode), s: p };
}

/** (num / den) × factor, rounded to p decimals; null when den is zero. */
export function ratio(num: Dec, den: Dec, factor: number, p: number, mode: Rounding = 'half-up'): Dec | null {
  if (den.n === 0n) return null;
  // num/den = (num.n / 10^num.s) / (den.n / 10^den.s)
  const top = num.n * pow10(den.s) * BigInt(factor) * pow10(p);
  const bottom = den.n * pow10(num.s);
  return { n: divRound(top, bottom, mode), s: p };
}

/** Formats with fixed decimals and the language's separators (vi: 1.411,92; en: 1,411.92). */
export function format(a: Dec, decimals: number | null, lang: 'vi' | 'en'): string {
  const d = decimals === null ? normalize(a) : round(a, decimals);
  const negative = d.n < 0n;
  const abs = negative ? -d.n : d.n;
  const str = abs.toString().padStart(d.s + 1, '0');
  const intPart = str.slice(0, str.length - d.s);
  const fracPart = str.slice(str.length - d.s);
  const group = lang === 'vi' ? '.' : ',';
  const point = lang === 'vi' ? ',' : '.';
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return (negative ? '-' : '') + grouped + (fracPart ? point + fracPart : '');
}
