// What one header cell says, in the vocabulary's terms (vocabulary.ts). A
// header is read in steps that each remove the words they used, so a word
// counts once: a formula "(1=2+3)" and a unit "(hộ)" first, then direction
// words ("trở thành hộ cận nghèo" names where a household goes, not who is
// counted), then subgroups ("có khả năng thoát nghèo" is not an exit), and
// only then populations, measures and flows in what is left.
import {
  type Entry,
  type FlowWord,
  type Measure,
  type PopulationWord,
  type SubgroupWord,
  BREAKDOWN_WORDS,
  DEPRIVATION_INDICATORS,
  ETHNIC_GROUPS,
  FLOW,
  INDICATOR_LABEL_WORDS,
  LINE_CROSSED,
  MEASURE,
  MEASURE_SUFFIX,
  MEASURE_UNIT_WORDS,
  NOTE_COLUMN_WORDS,
  ORDINAL_WORDS,
  PLAN_WORDS,
  POPULATION,
  RATE_BASE,
  RATE_POINTS_WORDS,
  RATE_WORDS,
  RESIDUAL,
  SUBGROUP,
  TRANSFER_FROM,
  TRANSFER_FROM_BARE,
  TRANSFER_TO,
  UNIT_LEVELS,
  UNIT_WORDS,
  GENERIC_COUNT,
  compile,
} from './vocabulary';

export interface Hit<T> {
  value: T;
  /** The folded words that said it. */
  word: string;
}

export type TransferPop = 'poor' | 'nearPoor';

export interface HeaderWords {
  /** Folded header text. */
  text: string;
  /** What is left once every recognised word is removed. */
  rest: string;
  pop?: Hit<PopulationWord>;
  measure?: Hit<Measure>;
  rate?: string;
  ratePoints?: string;
  rateBase?: Hit<'poor' | 'persons' | 'ethnicHouseholds'>;
  flow?: Hit<FlowWord>;
  plan?: string;
  sub?: Hit<SubgroupWord>;
  /** A named ethnic group ("ede", "mnong") when the header is only that name. */
  ethnicName?: string;
  /** A deprivation indicator by number (bare "1" … "12" or its name). */
  indicator?: Hit<number>;
  transfer?: { from?: TransferPop; to?: TransferPop; word: string };
  residual?: string;
  /** Says only "how many" ("Số hộ", "Tổng số"): counts what its group names. */
  generic: boolean;
  /** A bare number as a header ("1" … "12" under a group). */
  bareNumber?: number;
  /** "Từ" / "Đến": a range bound of the group's target. */
  rangeBound?: 'from' | 'to';
  formula?: string;
  whole?: Hit<'ordinal' | 'unit' | 'breakdown' | 'indicatorLabel' | 'measureUnit' | 'note'>;
}

const T_POP = compile(POPULATION);
const T_MEASURE = compile(MEASURE);
const T_SUFFIX = compile(MEASURE_SUFFIX);
const T_FLOW = compile(FLOW);
const T_SUB = compile(SUBGROUP);
const T_BASE = compile(RATE_BASE);
const T_INDICATOR = compile(DEPRIVATION_INDICATORS);
const RATE_RE = new RegExp(RATE_WORDS.join('|'));
const RATE_POINTS_RE = new RegExp(RATE_POINTS_WORDS.join('|'));
const PLAN_RE = new RegExp(`\\b(${PLAN_WORDS.join('|')})\\b`);
const ORDINAL_RE = new RegExp(`^(${ORDINAL_WORDS.join('|')})\\.?$`);
const LEVEL = `(${UNIT_LEVELS.join('|')})`;
const UNIT_RE = new RegExp(`^((${UNIT_WORDS.join('|')})|${LEVEL}( ?[,/-] ?${LEVEL}| va ${LEVEL})*( ?[,/-])?$)`);
const BREAKDOWN_RE = new RegExp(`^(${BREAKDOWN_WORDS.join('|')})$`);
const INDICATOR_LABEL_RE = new RegExp(`^(${INDICATOR_LABEL_WORDS.join('|')})$`);
const MEASURE_UNIT_RE = new RegExp(`^(${MEASURE_UNIT_WORDS.join('|')})$`);
// The whole header, perhaps with its column number: "Ghi chú", "Ghi chú (12)".
const NOTE_COLUMN_RE = new RegExp(`^(${NOTE_COLUMN_WORDS.join('|')})( ?\\(?\\d+\\)?)?[.:]?$`);
const ETHNIC_NAMES = new Set(ETHNIC_GROUPS);
/** A formula written inside a header: "Tổng số (1=2+3)", "Tỷ lệ 4=3/1*100". */
const FORMULA_RE = /\(?\s*\d+\s*=\s*[\d\s+\-*/x×:.()]+\)?/;
/** The explanation after "khác:" lists causes ("thay đổi nhân khẩu, chuyển đến…"), not roles. */
const EXPLANATION_RE = /\b(khac)\s*[:(-].*$/;

function take<T>(terms: { value: T; re: RegExp }[], text: string): Hit<T> | undefined {
  for (const t of terms) {
    const m = t.re.exec(text);
    if (m) return { value: t.value, word: m[0] };
  }
  return undefined;
}

function cut(text: string, word: string): string {
  return text.replace(word, ' ').replace(/\s+/g, ' ').trim();
}

function transferPop(s: string): TransferPop {
  return s === 'can ngheo' || s === 'hcn' ? 'nearPoor' : 'poor';
}

/** The code of a named ethnic group: "M'Nông" → mnong, "Ê đê" → ede. */
export function ethnicCode(name: string): string {
  return name.replace(/[^a-z]/g, '');
}

/** Reads one folded header cell. */
export function readHeader(folded: string): HeaderWords {
  const text = folded;
  const out: HeaderWords = { text, rest: '', generic: false };
  const whole = wholeColumn(text);
  if (whole) {
    out.whole = whole;
    return out;
  }
  let t = text.replace(EXPLANATION_RE, '$1');
  const formula = FORMULA_RE.exec(t);
  if (formula && /=/.test(formula[0])) {
    out.formula = formula[0].trim();
    t = cut(t, formula[0]);
  }
  const suffix = take(T_SUFFIX, t);
  if (suffix) {
    if (suffix.value === 'rate') out.rate = suffix.word;
    else out.measure = { value: suffix.value, word: suffix.word };
    t = cut(t, suffix.word);
  }
  if (/^\d{1,2}$/.test(t)) out.bareNumber = parseInt(t, 10);
  if (t === 'tu' || t === 'den') out.rangeBound = t === 'tu' ? 'from' : 'to';
  const line = LINE_CROSSED.exec(t);
  if (line) {
    out.flow = { value: 'exit', word: line[0] };
    t = cut(t, line[0]);
  }
  t = readTransfer(t, out);
  const sub = take(T_SUB, t);
  if (sub) {
    out.sub = sub;
    t = cut(t, sub.word);
  }
  const bareName = t.replace(/^(ho |dan toc |dt |nguoi )/, '');
  // Only a header that is the name and nothing else ("Hộ có người có công" minus its subgroup is not "Cờ").
  if (!sub && ETHNIC_NAMES.has(bareName)) out.ethnicName = ethnicCode(bareName);
  const indicator = take(T_INDICATOR, t);
  if (indicator) out.indicator = indicator;
  const residual = RESIDUAL.exec(t);
  if (residual) out.residual = residual[0];
  const base = take(T_BASE, t);
  if (base) {
    out.rateBase = base;
    t = cut(t, base.word);
  }
  const rate = RATE_RE.exec(t);
  if (rate) out.rate = out.rate ?? rate[0];
  const points = RATE_POINTS_RE.exec(t);
  if (points) out.ratePoints = points[0];
  const plan = PLAN_RE.exec(t);
  if (plan) out.plan = plan[0];
  if (!out.flow) {
    const flow = take(T_FLOW, t);
    if (flow) out.flow = flow;
  }
  // Population words in what is left; "thoát nghèo" still says whose exit it is.
  const pop = take(T_POP, t);
  if (pop) out.pop = pop;
  if (!out.measure) {
    const m = take(T_MEASURE, t);
    if (m) out.measure = m;
  }
  out.rest = t;
  const bare = t.replace(/\b(19|20)\d{2}\b/, '').replace(/\s+/g, ' ').trim();
  out.generic = !bare || GENERIC_COUNT.test(bare);
  return out;
}

function wholeColumn(text: string): HeaderWords['whole'] {
  if (ORDINAL_RE.test(text)) return { value: 'ordinal', word: text };
  if (BREAKDOWN_RE.test(text)) return { value: 'breakdown', word: text };
  if (MEASURE_UNIT_RE.test(text)) return { value: 'measureUnit', word: text };
  if (NOTE_COLUMN_RE.test(text)) return { value: 'note', word: text };
  if (INDICATOR_LABEL_RE.test(text)) return { value: 'indicatorLabel', word: text };
  if (UNIT_RE.test(text)) return { value: 'unit', word: text };
  return undefined;
}

/** Removes direction phrases, noting where households come from and go to. */
function readTransfer(t: string, out: HeaderWords): string {
  let from: TransferPop | undefined;
  let to: TransferPop | undefined;
  const words: string[] = [];
  const f = TRANSFER_FROM.exec(t) ?? TRANSFER_FROM_BARE.exec(t);
  if (f) {
    from = transferPop(f[1]);
    words.push(f[0].trim());
    t = cut(t, f[0]);
  }
  const d = TRANSFER_TO.exec(t);
  if (d) {
    to = transferPop(d[1]);
    words.push(d[0].trim());
    t = cut(t, d[0]);
  }
  if (from || to) out.transfer = { from, to, word: words.join(' … ') };
  return t;
}

export type { Entry };
