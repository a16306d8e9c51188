// The engine's fast paths must agree with the plain definitions they stand in for.
import fc from 'fast-check';
import * as D from '../../src/core/decimal';
import { readNumber } from '../../src/core/numbers';
import { fold, foldSlow, tidy } from '../../src/core/text';
import { rateMatches } from '../../src/core/evaluate-fast';

/** fromNumber through the string round trip only (the definition). */
function fromNumberByString(x: number): D.Dec {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x))!;
  let s = (m[3] ?? '').length - (m[4] ? parseInt(m[4], 10) : 0);
  let n = BigInt(m[2] + (m[3] ?? ''));
  if (s < 0) {
    n *= D.pow10(-s);
    s = 0;
  }
  return D.normalize({ n: m[1] === '-' ? -n : n, s });
}

const plain = (d: D.Dec) => `${d.n}e-${d.s}`;

describe('decimal fast path', () => {
  test('fromNumber equals the shortest printed decimal', () => {
    const typed = fc.tuple(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 6 })).map(([m, s]) => m / 10 ** s);
    const any = fc.double({ noNaN: true, noDefaultInfinity: true, min: -2e9, max: 2e9 });
    fc.assert(
      fc.property(fc.oneof(typed, any), (x) => {
        expect(plain(D.fromNumber(x))).toBe(plain(fromNumberByString(x)));
      }),
      { numRuns: 20000 },
    );
  });

  test('cases at the edges of the fast path', () => {
    for (const x of [0.1 + 0.2, 1e-7, 123456789.123456, 999999999.5, 0.000001, 1.0000005, -2.675, 1 / 3, 5e-324]) {
      expect(plain(D.fromNumber(x))).toBe(plain(fromNumberByString(x)));
    }
  });

  test('add, sub and cmp across scales', () => {
    const dec = fc.record({ n: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), s: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(dec, dec, (a, b) => {
        const s = Math.max(a.s, b.s);
        const x = a.n * 10n ** BigInt(s - a.s);
        const y = b.n * 10n ** BigInt(s - b.s);
        expect(D.add(a, b)).toEqual({ n: x + y, s });
        expect(D.sub(a, b)).toEqual({ n: x - y, s });
        expect(D.cmp(a, b)).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
    );
  });

  test('shared whole-number reads are the same values as fresh ones', () => {
    const a = readNumber({ value: { kind: 'number', value: 17 } }, 'count');
    const b = readNumber({ value: { kind: 'number', value: 17 } }, 'count');
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toEqual({ ok: true, value: { n: 17n, s: 0 }, shown: 0, fromText: false });
    expect(readNumber({ value: { kind: 'number', value: 17 }, numFmt: '0.00' }, 'rate')).toEqual({ ok: true, value: { n: 17n, s: 0 }, shown: 2, fromText: false });
    expect(readNumber({ value: { kind: 'number', value: 5000 } }, 'count')).toEqual({ ok: true, value: { n: 5000n, s: 0 }, shown: 0, fromText: false });
  });
});

describe('fold fast path', () => {
  const LETTERS = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵÁÀẢÃẠẤẦỆỜỰÝ0123456789'];
  const ODD = [' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u200b', '\u0301', '\u0323', '\u0302', 'İ', 'ẞ', 'Σ', 'ς', 'ǅ', '\u0345', '(', '-', '%', 'ß', '\u1680', '\u3000', '\ufeff', '一', '\ud83d\ude00'];
  const chunk = fc.oneof(fc.constantFrom(...LETTERS), fc.constantFrom(...ODD), fc.string({ maxLength: 3 }), fc.string({ unit: 'grapheme', maxLength: 2 }));

  test('agrees with the definition on Vietnamese, NFD, whitespace and odd text', () => {
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 20 }), (parts) => {
        const s = parts.join('');
        expect(fold(s)).toBe(foldSlow(s));
        expect(fold(s.normalize('NFD'))).toBe(foldSlow(s.normalize('NFD')));
      }),
      { numRuns: 5000 },
    );
  });

  test('tidy: a label already tidy comes back as it is, any other as the definition makes it', () => {
    const tidySlow = (s: string) => s.normalize('NFC').replace(/[\s\u00a0\u2000-\u200b]+/g, ' ').trim();
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 20 }), (parts) => {
        const s = parts.join('');
        expect(tidy(s)).toBe(tidySlow(s));
        expect(tidy(s.normalize('NFD'))).toBe(tidySlow(s.normalize('NFD')));
      }),
      { numRuns: 5000 },
    );
    expect(tidy('Thôn Đồng Tâm')).toBe('Thôn Đồng Tâm');
    expect(tidy(' Thôn\u200bĐồng  Tâm\n')).toBe('Thôn Đồng Tâm');
  });

  test('examples', () => {
    expect(fold('  Thôn  Đồng\u00a0Tâm ')).toBe('thon dong tam');
    expect(fold('TỔNG CỘNG'.normalize('NFD'))).toBe('tong cong');
    expect(fold('Xã\u200bA')).toBe('xa a');
  });
});

describe('rate fast path', () => {
  test('agrees with D.ratio and D.round wherever it decides', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2000, max: 2_000_000 }),
        fc.integer({ min: -50, max: 3_000_000 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: -2, max: 2 }),
        (count, base, scale, p, off) => {
          if (base === 0) return;
          const c = D.dec(count);
          const b = D.dec(base);
          // The stated rate: the right one at `scale` decimals, or one unit off.
          const right = D.ratio(c, b, 100, scale)!;
          const rate = { n: right.n + BigInt(off), s: scale };
          const exact = D.eq(D.ratio(c, b, 100, p)!, D.round(rate, p));
          expect(rateMatches(count, base, Number(rate.n), scale, p)).toBe(scale <= p && exact);
        },
      ),
      { numRuns: 20000 },
    );
  });
});
