// Targets and their allocation (chỉ tiêu giảm nghèo → phân bổ cho đơn vị).
// A parent target — an end rate or a number of households — becomes the
// households that must leave poverty, then integers per unit that add up
// exactly (largest remainder), proportional to a basis, within caps and floors.
// Exact integer / BigInt arithmetic throughout: a rate target is met or not.
import * as D from './decimal';
import type { Dec } from './decimal';
import type { Lang } from './report';
import { type MessageId, type Param, phrase } from './messages';

/** Percent with its shown decimals, e.g. 1,50 % → { value: 1.5 as Dec, decimals: 2 }. */
export interface Percent {
  value: Dec;
  decimals: number;
}

export function percent(text: string | number, decimals?: number): Percent {
  const s = typeof text === 'number' ? String(text) : text.trim().replace(',', '.').replace(/%$/, '');
  const value = D.fromPlain(s.startsWith('.') ? `0${s}` : s);
  return { value, decimals: decimals ?? value.s };
}

/** ROUND(count / base × 100, p), half up, as Excel shows it. */
export function rateOf(count: number, base: number, p: number): Dec {
  if (base <= 0) return D.ZERO;
  return D.ratio(D.dec(count), D.dec(base), 100, p, 'half-up') ?? D.ZERO;
}

/**
 * The most poor households a base of `households` may keep so that the rate,
 * rounded half up to the target's decimals, is at most the target.
 * round(e·100/H, p) ≤ R/10^p  ⇔  2·e·100·10^p < (2R + 1)·H.
 */
export function maxPoorForRate(households: number, target: Percent): number {
  if (households <= 0) return 0;
  const scale = D.pow10(target.decimals);
  const r = D.round(target.value, target.decimals);
  const R = (r.n * scale) / D.pow10(r.s);
  const num = (2n * R + 1n) * BigInt(households);
  const den = 200n * scale;
  // Largest e with e·den < num.
  const e = (num - 1n) / den;
  return Number(e < 0n ? 0n : e);
}

export type Target = { kind: 'rate'; rate: Percent } | { kind: 'households'; reduction: number };

export interface TargetInput {
  /** Households at the start (the base of the start rate). */
  households: number;
  /** Households at the end of the year, when the plan gives them; else the start count is used. */
  householdsEnd?: number;
  poorStart: number;
  /** Expected newly poor and re-entering households during the year (seed 001: 30–40). */
  newPoor?: number;
  target: Target;
}

export interface TargetResult {
  /** Net fall of the poor count: poorStart − poorEnd (the plan's "chỉ tiêu giảm"). */
  reduction: number;
  /** Households that must leave poverty: the net fall plus the expected new and re-entering poor. */
  exits: number;
  poorEnd: number;
  startRate: Dec;
  endRate: Dec;
  decimals: number;
  /** The target rate is met (always true for a households target that leaves a non-negative count). */
  met: boolean;
  /** The arithmetic, one line per step, in the requested language. */
  steps: string[];
}


export function computeTarget(input: TargetInput, lang: Lang = 'vi'): TargetResult {
  const H = input.householdsEnd ?? input.households;
  const newPoor = input.newPoor ?? 0;
  const p = input.target.kind === 'rate' ? input.target.rate.decimals : 2;
  const startRate = rateOf(input.poorStart, input.households, p);
  const steps: string[] = [];
  const say = (id: MessageId, q: Record<string, Param>) => steps.push(phrase(id, lang, q));
  say('target-start', { poor: input.poorStart, households: input.households, rate: { dec: startRate, p } });
  let poorEnd: number;
  if (input.target.kind === 'rate') {
    const t = input.target.rate;
    const allowed = maxPoorForRate(H, t);
    poorEnd = Math.min(allowed, input.poorStart + newPoor);
    say('target-rate', {
      decimals: t.decimals,
      target: { dec: t.value, p: t.decimals },
      households: H,
      allowed: allowed,
      rate: { dec: rateOf(allowed, H, t.decimals), p: t.decimals },
      next: allowed + 1,
      nextRate: { dec: rateOf(allowed + 1, H, t.decimals), p: t.decimals },
    });
  } else {
    poorEnd = input.poorStart - input.target.reduction;
    say('target-reduction', { reduction: input.target.reduction, poor: input.poorStart, end: poorEnd });
  }
  const reduction = Math.max(0, input.poorStart - poorEnd);
  const exits = Math.max(0, input.poorStart + newPoor - poorEnd);
  const endRate = rateOf(Math.max(0, poorEnd), H, p);
  const met = input.target.kind === 'rate' ? D.cmp(endRate, D.round(input.target.rate.value, p)) <= 0 : poorEnd >= 0;
  say('target-net', { poor: input.poorStart, end: poorEnd, reduction: reduction, remaining: Math.max(0, poorEnd), households: H, rate: { dec: endRate, p } });
  if (newPoor) say('target-new-poor', { newPoor: newPoor, reduction: reduction, exits: exits });
  return { reduction, exits, poorEnd, startRate, endRate, decimals: p, met, steps };
}

// ---------------------------------------------------------------------------
// Allocation

export interface AllocationUnit {
  name: string;
  /** What the share is proportional to (poor households able to work, or all poor). */
  basis: number;
  /** Never more than this (a unit cannot lift out more than its able-to-work poor). */
  cap?: number;
  /** At least this (from policy rules). */
  floor?: number;
}

export interface Allocation {
  shares: number[];
  /** Σ shares; equals the total unless the bounds made it impossible. */
  allocated: number;
  /** Total − Σ caps when the caps cannot hold the total (0 otherwise). */
  shortfall: number;
  /** Σ floors − total when the floors alone exceed the total (0 otherwise). */
  excess: number;
  /** Units whose bound decides the outcome when the total cannot be met exactly. */
  binding: number[];
  /** Units whose floor is above their cap. */
  conflicts: number[];
}

/**
 * Integers that add up to `total`, proportional to each unit's basis (largest
 * remainder), with floor_i ≤ share_i ≤ cap_i. The continuous shares are
 * clamp(λ·basis_i, floor_i, cap_i) with λ chosen so they sum to the total.
 */
export function allocate(total: number, units: AllocationUnit[]): Allocation {
  const n = units.length;
  const floor = units.map((u) => Math.max(0, Math.ceil(u.floor ?? 0)));
  const cap = units.map((u) => (u.cap === undefined ? Infinity : Math.max(0, Math.floor(u.cap))));
  const conflicts = units.map((_, i) => i).filter((i) => floor[i] > cap[i]);
  const lo = floor.map((f, i) => Math.min(f, cap[i]));
  const sumLo = lo.reduce((a, b) => a + b, 0);
  const sumCap = cap.reduce((a, b) => a + b, 0);
  const result = (shares: number[], extra: Partial<Allocation> = {}): Allocation => ({
    shares,
    allocated: shares.reduce((a, b) => a + b, 0),
    shortfall: 0,
    excess: 0,
    binding: [],
    conflicts,
    ...extra,
  });
  if (sumLo > total) {
    return result(lo, { excess: sumLo - total, binding: lo.map((f, i) => i).filter((i) => lo[i] > 0) });
  }
  if (sumCap < total) {
    return result(cap.map((c) => c), { shortfall: total - sumCap, binding: cap.map((_, i) => i).filter((i) => cap[i] !== Infinity) });
  }
  const basis = units.map((u) => BigInt(Math.max(0, Math.round(u.basis))));
  const capB = cap.map((c) => (c === Infinity ? null : BigInt(c)));
  const loB = lo.map((l) => BigInt(l));
  // S(λ) = Σ clamp(λ·basis_i, lo_i, cap_i) is non-decreasing and piecewise
  // linear; its breakpoints are lo_i/basis_i and cap_i/basis_i. Find the
  // segment where it reaches the total, then λ exactly, as a fraction.
  type Frac = { n: bigint; d: bigint };
  const lt = (a: Frac, b: Frac) => a.n * b.d < b.n * a.d;
  const points: Frac[] = [{ n: 0n, d: 1n }];
  units.forEach((_, i) => {
    if (basis[i] === 0n) return;
    points.push({ n: loB[i], d: basis[i] });
    if (capB[i] !== null) points.push({ n: capB[i] as bigint, d: basis[i] });
  });
  points.sort((a, b) => (lt(a, b) ? -1 : lt(b, a) ? 1 : 0));
  /** Σ clamp(λ·b) as a numerator over λ's denominator. */
  const sumAt = (l: Frac): bigint =>
    units.reduce((acc, _, i) => {
      let v = l.n * basis[i];
      if (v < loB[i] * l.d) v = loB[i] * l.d;
      if (capB[i] !== null && v > (capB[i] as bigint) * l.d) v = (capB[i] as bigint) * l.d;
      return acc + v;
    }, 0n);
  const T = BigInt(total);
  let k = 0;
  while (k + 1 < points.length && sumAt(points[k + 1]) <= T * points[k + 1].d) k++;
  const at = points[k];
  const next = points[k + 1];
  // In the segment after `at`, a unit is free when neither bound holds it.
  const isFree = (i: number) =>
    basis[i] > 0n && !lt(at, { n: loB[i], d: basis[i] }) && (capB[i] === null || (next ? !lt({ n: capB[i] as bigint, d: basis[i] }, next) : false));
  let num: bigint[];
  let den: bigint;
  const freeB = units.reduce((a, _, i) => (isFree(i) ? a + basis[i] : a), 0n);
  if (sumAt(at) === T * at.d || freeB === 0n) {
    den = at.d;
    num = units.map((_, i) => {
      let v = at.n * basis[i];
      if (v < loB[i] * at.d) v = loB[i] * at.d;
      if (capB[i] !== null && v > (capB[i] as bigint) * at.d) v = (capB[i] as bigint) * at.d;
      return v;
    });
  } else {
    // λ = (total − held) / Σ free basis.
    const held = units.reduce((a, _, i) => {
      if (isFree(i)) return a;
      if (basis[i] === 0n || lt(at, { n: loB[i], d: basis[i] })) return a + loB[i];
      return a + (capB[i] as bigint);
    }, 0n);
    den = freeB;
    num = units.map((_, i) => {
      if (isFree(i)) return (T - held) * basis[i];
      if (basis[i] === 0n || lt(at, { n: loB[i], d: basis[i] })) return loB[i] * den;
      return (capB[i] as bigint) * den;
    });
  }
  const shares = num.map((x) => Number(x / den));
  let remaining = total - shares.reduce((a, b) => a + b, 0);
  // Largest remainder; ties go to the larger basis, then to the earlier unit.
  const order = units
    .map((_, i) => i)
    .filter((i) => shares[i] < cap[i])
    .sort((a, b) => {
      const ra = num[a] % den;
      const rb = num[b] % den;
      if (ra !== rb) return ra > rb ? -1 : 1;
      if (basis[a] !== basis[b]) return basis[a] > basis[b] ? -1 : 1;
      return a - b;
    });
  for (const i of order) {
    if (remaining <= 0) break;
    if (num[i] % den === 0n) continue;
    shares[i]++;
    remaining--;
  }
  // Units with a basis are full: what is left goes to units without one that
  // still have room, most room first (a unit can lift out households it has).
  const room = units.map((_, i) => i).filter((i) => shares[i] < cap[i]).sort((a, b) => cap[b] - shares[b] - (cap[a] - shares[a]) || a - b);
  for (const i of room) {
    if (remaining <= 0) break;
    const take = Math.min(remaining, cap[i] - shares[i]);
    shares[i] += take;
    remaining -= take;
  }
  return result(shares);
}

// ---------------------------------------------------------------------------
// Policy floors, written as data

export interface PolicyRule {
  id: string;
  label: Record<Lang, string>;
  /** Which count the rule is about: all poor households, or ethnic-minority poor households. */
  population: 'poor' | 'ethnic';
  /** The rule applies when the unit's rate of that population is above this (percent). */
  rateAbove: number;
  /** …and then that rate must fall by at least this many percentage points. */
  reducePoints: number;
}

/** Seed 004 (Thừa Thiên Huế): communes above 25 % reduce ≥ 4 points; ethnic-minority poverty falls ≥ 3 points. */
export const SEED_004_RULES: PolicyRule[] = [
  {
    id: 'high-rate',
    label: { vi: 'Xã có tỷ lệ hộ nghèo trên 25% giảm từ 4% trở lên', en: 'Communes above 25 % poverty reduce it by at least 4 points' },
    population: 'poor',
    rateAbove: 25,
    reducePoints: 4,
  },
  {
    id: 'ethnic',
    label: { vi: 'Tỷ lệ hộ nghèo đồng bào DTTS giảm từ 3% trở lên', en: 'Ethnic-minority poverty falls by at least 3 points' },
    population: 'ethnic',
    rateAbove: 0,
    reducePoints: 3,
  },
];

export interface UnitCounts {
  households: number;
  poor: number;
  /** Ethnic-minority households and their poor, when the sheet has them. */
  ethnicHouseholds?: number;
  ethnicPoor?: number;
}

/** The least reduction the rules demand of one unit, and which rules demand it. */
export function policyFloor(unit: UnitCounts, rules: PolicyRule[], decimals = 2): { floor: number; rules: string[] } {
  let floor = 0;
  const applied: string[] = [];
  for (const rule of rules) {
    const hh = rule.population === 'poor' ? unit.households : unit.ethnicHouseholds;
    const poor = rule.population === 'poor' ? unit.poor : unit.ethnicPoor;
    if (!hh || poor === undefined || poor <= 0) continue;
    const rate = rateOf(poor, hh, decimals);
    if (D.cmp(rate, D.fromNumber(rule.rateAbove)) <= 0) continue;
    const goal = D.sub(rate, D.fromNumber(rule.reducePoints));
    const keep = D.isNegative(goal) ? 0 : maxPoorForRate(hh, { value: goal, decimals });
    const need = Math.max(0, poor - keep);
    if (need > 0) applied.push(rule.id);
    floor = Math.max(floor, need);
  }
  return { floor, rules: applied };
}
