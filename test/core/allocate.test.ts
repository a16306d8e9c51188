// Targets and allocation, against the seeds' own numbers and as properties.
import fc from 'fast-check';
import * as D from '../../src/core/decimal';
import { SEED_004_RULES, allocate, computeTarget, maxPoorForRate, percent, policyFloor, rateOf } from '../../src/core/allocate';

// Seed 001 (Cam Lộ 2019): commune, households, poor, able to leave poverty (Hộ CS GN), allocated reduction.
const CAM_LO: [string, number, number, number, number][] = [
  ['CAM TUYỀN', 1411, 140, 14, 14],
  ['CAM THUY', 1446, 66, 16, 16],
  ['CAM HIẾU', 1747, 85, 13, 13],
  ['CAM AN', 1779, 79, 5, 5],
  ['CAM THÀNH', 2182, 76, 14, 14],
  ['TT CAM LỘ', 2153, 54, 7, 7],
  ['CAM THANH', 853, 41, 4, 4],
  ['CAM NGHĨA', 1647, 38, 7, 7],
  ['CAM CHÍNH', 1435, 30, 2, 2],
];

describe('seed 001: 82 households, allocated by the able-to-work column', () => {
  test('the district target: 609 − 82 = 527 poor, 3,60 % of 14.653, and 117 exits with 35 new poor', () => {
    const r = computeTarget({ households: 14653, poorStart: 609, newPoor: 35, target: { kind: 'households', reduction: 82 } });
    expect(r).toMatchObject({ reduction: 82, poorEnd: 527, exits: 117, met: true });
    expect(D.format(r.startRate, 2, 'vi')).toBe('4,16');
    expect(D.format(r.endRate, 2, 'vi')).toBe('3,60');
    expect(r.steps.join(' ')).toContain('82 + 35 = 117');
  });

  test('allocating 82 proportionally to the able-to-work poor, capped by them, gives the plan’s column', () => {
    const a = allocate(82, CAM_LO.map(([name, , , able]) => ({ name, basis: able, cap: able })));
    expect(a.shares).toEqual(CAM_LO.map((u) => u[4]));
    expect(a).toMatchObject({ allocated: 82, shortfall: 0, excess: 0 });
  });

  test('allocating by all poor instead moves households towards the big communes, still summing to 82 within caps', () => {
    const a = allocate(82, CAM_LO.map(([name, , poor, able]) => ({ name, basis: poor, cap: able })));
    expect(a.allocated).toBe(82);
    // 82 is exactly the sum of the caps, so every unit is at its cap either way.
    expect(a.shares).toEqual(CAM_LO.map((u) => u[3]));
    const b = allocate(60, CAM_LO.map(([name, , poor, able]) => ({ name, basis: poor, cap: able })));
    expect(b.allocated).toBe(60);
    b.shares.forEach((s, i) => expect(s).toBeLessThanOrEqual(CAM_LO[i][3]));
  });

  test('asking for more than the able-to-work poor: short by the difference, every capped unit binds', () => {
    const a = allocate(90, CAM_LO.map(([name, , , able]) => ({ name, basis: able, cap: able })));
    expect(a).toMatchObject({ allocated: 82, shortfall: 8 });
    expect(a.binding).toHaveLength(9);
  });
});

describe('rate targets', () => {
  test('maxPoorForRate is the boundary of the rounded rate', () => {
    // 1,50 % of 10.000 households: 150 → 1,50; 150,49… is impossible, 151 → 1,51.
    expect(maxPoorForRate(10000, percent('1,50'))).toBe(150);
    // 1,76 % of 338.000: 5.965 → 1,7648 → 1,76; 5.966 → 1,7651 → 1,77.
    expect(maxPoorForRate(338000, percent('1,76'))).toBe(5965);
    expect(D.format(rateOf(5965, 338000, 2), 2, 'vi')).toBe('1,76');
    expect(D.format(rateOf(5966, 338000, 2), 2, 'vi')).toBe('1,77');
  });

  test('seed 000 style: from 1,56 % to 1,50 % the rounded end rate meets the target and one more poor household would not', () => {
    const households = 12000;
    const poorStart = 187; // 1,56 %
    expect(D.format(rateOf(poorStart, households, 2), 2, 'vi')).toBe('1,56');
    const r = computeTarget({ households, poorStart, target: { kind: 'rate', rate: percent('1,50') } }, 'en');
    expect(r.met).toBe(true);
    expect(D.format(r.endRate, 2, 'en')).toBe('1.50');
    expect(D.cmp(rateOf(r.poorEnd + 1, households, 2), D.fromPlain('1.50'))).toBeGreaterThan(0);
    expect(r.reduction).toBe(poorStart - r.poorEnd);
  });

  test('property: the end count is the largest whose rounded rate meets the target', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500000 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 2 }), (H, r100, p) => {
        const t = { value: D.dec(r100, 2), decimals: p };
        const e = maxPoorForRate(H, t);
        const target = D.round(t.value, p);
        if (e > 0 || D.cmp(rateOf(0, H, p), target) <= 0) expect(D.cmp(rateOf(e, H, p), target)).toBeLessThanOrEqual(0);
        expect(D.cmp(rateOf(e + 1, H, p), target)).toBeGreaterThan(0);
      }),
    );
  });
});

describe('policy floors (seed 004 rules, as data)', () => {
  test('a commune above 25 % must fall by at least 4 points', () => {
    // 300 poor of 1.000 households = 30,00 %; 26,00 % allows 260, so at least 40.
    expect(policyFloor({ households: 1000, poor: 300 }, SEED_004_RULES)).toEqual({ floor: 40, rules: ['high-rate'] });
    expect(policyFloor({ households: 1000, poor: 250 }, SEED_004_RULES)).toEqual({ floor: 0, rules: [] });
  });

  test('ethnic-minority poverty falls at least 3 points', () => {
    // 40 of 500 ethnic-minority households = 8,00 %; 5,00 % allows 25, so at least 15.
    expect(policyFloor({ households: 2000, poor: 60, ethnicHouseholds: 500, ethnicPoor: 40 }, SEED_004_RULES)).toEqual({ floor: 15, rules: ['ethnic'] });
  });

  test('floors that exceed the target: the excess and the units that bind', () => {
    const a = allocate(10, [
      { name: 'A', basis: 5, floor: 8, cap: 20 },
      { name: 'B', basis: 5, floor: 6, cap: 20 },
      { name: 'C', basis: 5, cap: 20 },
    ]);
    expect(a).toMatchObject({ shares: [8, 6, 0], excess: 4, binding: [0, 1] });
  });

  test('when the units with a basis are full, units without one but with room take the rest', () => {
    expect(allocate(3, [{ name: 'A', basis: 0, floor: 1 }, { name: 'B', basis: 1, cap: 0 }]).shares).toEqual([3, 0]);
    expect(allocate(7, [{ name: 'A', basis: 4, cap: 2 }, { name: 'B', basis: 0, cap: 3 }, { name: 'C', basis: 0, cap: 5 }]).shares).toEqual([2, 0, 5]);
  });

  test('a floor above the cap is a conflict', () => {
    expect(allocate(5, [{ name: 'A', basis: 1, floor: 4, cap: 2 }, { name: 'B', basis: 1, cap: 10 }]).conflicts).toEqual([0]);
  });
});

describe('allocation properties', () => {
  const unitArb = fc.record({
    basis: fc.integer({ min: 0, max: 200 }),
    cap: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    floor: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  });
  const arb = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.array(unitArb, { minLength: 1, maxLength: 25 }));

  test('sums exactly when feasible, never exceeds caps, meets floors; infeasibility is reported exactly', () => {
    fc.assert(
      fc.property(arb, ([total, raw]) => {
        const units = raw.map((u, i) => ({ name: `U${i}`, ...u }));
        const a = allocate(total, units);
        const cap = units.map((u) => u.cap ?? Infinity);
        const lo = units.map((u, i) => Math.min(u.floor ?? 0, cap[i]));
        const sumLo = lo.reduce((x, y) => x + y, 0);
        const sumCap = cap.reduce((x, y) => x + y, 0);
        a.shares.forEach((s, i) => {
          expect(Number.isInteger(s)).toBe(true);
          expect(s).toBeLessThanOrEqual(cap[i]);
          expect(s).toBeGreaterThanOrEqual(lo[i]);
        });
        if (sumLo > total) expect(a.excess).toBe(sumLo - total);
        else if (sumCap < total) expect(a.shortfall).toBe(total - sumCap);
        else {
          expect(a.allocated).toBe(total);
          expect(a.shortfall + a.excess).toBe(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('without bounds each share is within one household of its exact proportional quota', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 30 }), (total, bases) => {
        const a = allocate(total, bases.map((basis, i) => ({ name: `U${i}`, basis })));
        const sum = bases.reduce((x, y) => x + y, 0);
        a.shares.forEach((s, i) => expect(Math.abs(s - (total * bases[i]) / sum)).toBeLessThan(1));
        expect(a.allocated).toBe(total);
      }),
    );
  });
});
