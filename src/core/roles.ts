// Column roles from Vietnamese headers. Recognition is a table of patterns
// (below, data only) read by one small resolver: each facet of a role
// (population, flow, subgroup…) is looked for in the column's own header
// first, then in its group headers, nearest first.
//
// Domain words, glossed once:
//   hộ nghèo = poor household; hộ cận nghèo = near-poor household;
//   tỷ lệ = rate (%); chỉ tiêu giảm / kế hoạch giảm = planned reduction;
//   thoát nghèo = left poverty; tái nghèo = fell back into poverty;
//   phát sinh mới = newly poor; đầu kỳ / cuối kỳ = start / end of period;
//   còn lại = remaining; không có khả năng lao động (HN cứng) = unable to work;
//   có khả năng thoát nghèo (CSGN) = able to leave poverty; DTTS = ethnic
//   minority; người có công = war veterans' families; bảo trợ xã hội =
//   social-protection beneficiaries; phân tổ = breakdown (Hộ / Nhân khẩu).
import { fold, yearIn } from './text';

export type Population = 'poor' | 'nearPoor';
export type Flow =
  | 'start'
  | 'end'
  | 'decrease'
  | 'exit'
  | 'reentry'
  | 'new'
  | 'increase'
  | 'decreaseOther'
  | 'increaseOther';
export type Subgroup = 'unable' | 'able' | 'ethnic' | 'merit' | 'protection';
export type RoleKind = 'ordinal' | 'unit' | 'breakdown' | 'households' | 'persons' | 'count' | 'rate' | 'unknown';

export interface ColumnRole {
  kind: RoleKind;
  /** Public role code, e.g. `poor.start`, `poor.end.rate`, `households`. */
  code: string;
  pop?: Population;
  flow?: Flow;
  sub?: Subgroup;
  /** A rate's declared base when it is not the households column. */
  base?: 'poor';
  year?: number | null;
  /** The flow was written in the header (not defaulted). */
  explicitFlow?: boolean;
  /** For rates: column index of the count it belongs to. */
  countCol?: number;
}

interface Pattern<T> {
  value: T;
  re: RegExp;
}

/** Whole-column roles, matched on the column's own header only. */
const WHOLE: Pattern<'ordinal' | 'unit' | 'breakdown'>[] = [
  { value: 'ordinal', re: /^(s\.? ?t\.? ?t|tt|so tt|so thu tu|thu tu|stt)\.?$/ },
  { value: 'breakdown', re: /^(phan to|phan loai|chi tieu phan to)$/ },
  {
    value: 'unit',
    re: /^(ten\b|don vi\b|dia phuong|dia ban|(xa|phuong|thi tran|huyen|thon|xom|ban|ap|to dan pho|khu pho|tinh|quan)( ?[,/-] ?(xa|phuong|thi tran|huyen|thon|xom|ban|ap|to dan pho|khu pho|tinh|quan))*$)/,
  },
];

const RATE: RegExp[] = [/\bt[yi] le\b/, /%/];

const POPULATION: Pattern<Population>[] = [
  { value: 'nearPoor', re: /can ngheo|\bhcn\b/ },
  { value: 'poor', re: /ngheo|\bhn\b|\bgn\b|\bcs ?gn\b/ },
];

const MEASURE: Pattern<'households' | 'persons'>[] = [
  { value: 'persons', re: /nhan khau|so nguoi|\(nguoi\)|so khau|dan so \(nguoi\)/ },
  { value: 'households', re: /so ho\b|\(ho\)|ho dan|^tong so$|^dan so$|^tong so ho\b|^so ho\b/ },
];

/** Headers that only say "how many": they count whatever their group names. */
const GENERIC_COUNT = /^(so ho|so luong|tong so ho|tong so|so ho \(ho\)|tong)$/;

const SUBGROUP: Pattern<Subgroup>[] = [
  {
    value: 'unable',
    re: /khong (con )?(co )?kha nang lao dong|khong (con )?co suc lao dong|\bhn cung\b|\bho cung\b|ngheo cung/,
  },
  { value: 'able', re: /co kha nang (lao dong|thoat ngheo)|\bcs ?gn\b/ },
  { value: 'ethnic', re: /\bdtts\b|dan toc thieu so|dong bao dan toc/ },
  { value: 'merit', re: /nguoi co cong|\bco cong\b/ },
  { value: 'protection', re: /bao tro xa hoi|\bbtxh\b/ },
];

const FLOW: Pattern<Flow | 'other'>[] = [
  { value: 'start', re: /dau ky|dau nam|sau ra soat|dau giai doan|hien co|nam truoc/ },
  { value: 'end', re: /cuoi ky|cuoi nam|con lai|sau giam|cuoi giai doan/ },
  { value: 'reentry', re: /tai ngheo|tai can ngheo/ },
  { value: 'new', re: /phat sinh/ },
  { value: 'exit', re: /thoat ngheo|thoat can ngheo|thoat khoi/ },
  { value: 'other', re: /\bkhac\b/ },
  { value: 'decrease', re: /\bgiam\b/ },
  { value: 'increase', re: /\btang\b/ },
];

/** A rate's base when the header names one other than households. */
const RATE_BASE: Pattern<'poor'>[] = [{ value: 'poor', re: /so voi (tong )?(so )?ho ngheo|tren (tong )?(so )?ho ngheo/ }];

function first<T>(patterns: Pattern<T>[], text: string): { value: T; match: string } | null {
  for (const p of patterns) {
    const m = p.re.exec(text);
    if (m) return { value: p.value, match: m[0] };
  }
  return null;
}

/** Looks for a facet in the column's own header, then its groups (nearest first). */
function facet<T>(patterns: Pattern<T>[], levels: string[]): { value: T; level: number; match: string } | null {
  for (let i = 0; i < levels.length; i++) {
    const hit = first(patterns, levels[i]);
    if (hit) return { ...hit, level: i };
  }
  return null;
}

/**
 * Role of one column from its header texts, top group first, own header last.
 * Rates are linked to their counts afterwards by `linkRoles`.
 */
export function recognise(path: string[]): ColumnRole {
  if (path.length === 0) return { kind: 'unknown', code: 'unknown' };
  const levels = path.map(fold).reverse(); // own header first
  const own = levels[0];
  const whole = first(WHOLE, own);
  if (whole) return { kind: whole.value, code: whole.value };
  const year = yearIn(path.join(' '));
  const isRate = RATE.some((re) => re.test(own));
  // A count's population or measure: the nearest level that names one.
  let pop: Population | undefined;
  let measure: 'households' | 'persons' | undefined;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    const p = first(POPULATION, level);
    // "Số hộ" under "Hộ nghèo" counts the group's households, not all households.
    const m = i === 0 && GENERIC_COUNT.test(level) && levels.slice(1).some((l) => first(POPULATION, l)) ? null : first(MEASURE, level);
    if (p) {
      pop = p.value;
      break;
    }
    if (m && !isRate) {
      measure = m.value;
      break;
    }
  }
  const sub = facet(SUBGROUP, levels);
  // Words that named the subgroup must not count again as a flow ("có khả năng thoát nghèo").
  const flowLevels = levels.map((l, i) => (sub && i === sub.level ? l.replace(sub.match, ' ') : l));
  const flowHit = facet(FLOW, flowLevels);
  let flow: Flow | undefined;
  if (flowHit) {
    if (flowHit.value === 'other') flow = levels.some((l) => /\btang\b/.test(l)) ? 'increaseOther' : 'decreaseOther';
    else flow = flowHit.value;
  }
  if (isRate) {
    // A rate's flow or subgroup counts only when its own header says it: a group
    // "Giảm hộ nghèo" over "… cuối kỳ | Tỷ lệ %" says nothing about which count the rate is of.
    const base = facet(RATE_BASE, levels)?.value;
    const ownFlow = flowHit && flowHit.level === 0 ? flow : undefined;
    const ownSub = sub && sub.level === 0 ? sub.value : undefined;
    return { kind: 'rate', code: 'rate', pop, flow: ownFlow, sub: ownSub, base, year, explicitFlow: !!ownFlow };
  }
  if (measure && !pop) return { kind: measure, code: measure, year };
  if (!pop && !flow && !sub) return { kind: 'unknown', code: 'unknown' };
  // A flow or subgroup with no population named anywhere: the table's population, decided in linkRoles.
  return { kind: 'count', code: '', pop, flow, sub: sub?.value, year, explicitFlow: !!flow };
}

/** Completes codes across a table: default flows, later years as ends, rates linked to their counts. */
export function linkRoles(roles: ColumnRole[], parents: string[]): ColumnRole[] {
  const out = roles.map((r) => ({ ...r }));
  const counts = out.filter((r) => r.kind === 'count');
  const tablePop: Population = counts.some((r) => r.pop === 'poor') || !counts.some((r) => r.pop === 'nearPoor') ? 'poor' : 'nearPoor';
  for (const r of counts) {
    r.pop = r.pop ?? tablePop;
    if (!r.flow) r.flow = r.sub ? undefined : 'start';
  }
  // Two unqualified stocks of the same population: the later year is the end.
  for (const pop of ['poor', 'nearPoor'] as const) {
    const stocks = counts.filter((r) => r.pop === pop && r.flow === 'start' && !r.explicitFlow && !r.sub && r.year);
    if (stocks.length >= 2) {
      const maxYear = Math.max(...stocks.map((r) => r.year as number));
      const minYear = Math.min(...stocks.map((r) => r.year as number));
      if (maxYear > minYear) for (const r of stocks) if (r.year === maxYear) r.flow = 'end';
    }
  }
  for (const r of counts) r.code = r.sub ? `${r.pop}.${r.sub}` : `${r.pop}.${r.flow}`;
  out.forEach((r, col) => {
    if (r.kind !== 'rate') return;
    let best = -1;
    let bestScore = -1;
    for (let c = col - 1; c >= 0; c--) {
      const cand = out[c];
      if (cand.kind !== 'count') continue;
      let score = 1;
      if (r.pop && cand.pop === r.pop) score += 4;
      else if (r.pop && cand.pop !== r.pop) continue;
      if (r.explicitFlow && r.flow && cand.flow === r.flow) score += 2;
      if (r.sub && cand.sub === r.sub) score += 2;
      if (parents[col] && parents[c] === parents[col]) score += 3;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (best < 0) {
      r.kind = 'unknown';
      r.code = 'unknown';
      return;
    }
    r.countCol = best;
    r.code = `${out[best].code}.rate`;
  });
  return out;
}

const FLOW_CODES: Flow[] = ['start', 'end', 'decrease', 'exit', 'reentry', 'new', 'increase', 'decreaseOther', 'increaseOther'];
const SUB_CODES: Subgroup[] = ['unable', 'able', 'ethnic', 'merit', 'protection'];

/** Every role code a user may pick for a column (the pane's dropdown), `unknown` last. */
export const ROLE_CODES: readonly string[] = [
  'ordinal',
  'unit',
  'breakdown',
  'households',
  'persons',
  ...(['poor', 'nearPoor'] as const).flatMap((pop) => [
    ...FLOW_CODES.map((f) => `${pop}.${f}`),
    ...SUB_CODES.map((s) => `${pop}.${s}`),
    `${pop}.start.rate`,
    `${pop}.end.rate`,
    `${pop}.decrease.rate`,
  ]),
  'unknown',
];

/**
 * The role a code stands for, as if its header had said so (a user's choice
 * in the pane). Undefined for a code that is not in ROLE_CODES.
 */
export function roleFromCode(code: string): ColumnRole | undefined {
  if (!ROLE_CODES.includes(code)) return undefined;
  if (code === 'ordinal' || code === 'unit' || code === 'breakdown' || code === 'households' || code === 'persons' || code === 'unknown') {
    return { kind: code, code };
  }
  const [pop, facetCode, rate] = code.split('.') as [Population, string, string | undefined];
  const sub = (SUB_CODES as string[]).includes(facetCode) ? (facetCode as Subgroup) : undefined;
  const flow = sub ? undefined : (facetCode as Flow);
  if (rate) return { kind: 'rate', code: 'rate', pop, flow, explicitFlow: true };
  return { kind: 'count', code, pop, flow, sub, explicitFlow: !!flow };
}
