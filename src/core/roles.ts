// Column roles from Vietnamese headers. A column is read from its whole header
// path: each header cell is read alone (header-words.ts, over the vocabulary in
// vocabulary.ts), then the path decides — the column's own header first, then
// its groups, nearest first. A group gives its children population, measure,
// subgroup and direction unless a child names another subject; direction
// words make a transfer, never a change of population. What only the whole
// table can tell (the table's population, rates' counts, "Khác") is settled in
// role-link.ts.
import { fold, yearIn } from './text';
import { type HeaderWords, type TransferPop, readHeader } from './header-words';
import { type ColumnRole, type Flow, type Population, type Subgroup, UNKNOWN, countCode, transferCode } from './role-types';

export * from './role-types';

/** A level of the path with its index (0 = own header). */
interface Level {
  words: HeaderWords;
  i: number;
}

function nearest<T>(levels: Level[], pick: (w: HeaderWords) => T | undefined): { value: T; level: Level } | undefined {
  for (const l of levels) {
    const v = pick(l.words);
    if (v !== undefined) return { value: v, level: l };
  }
  return undefined;
}

/**
 * Role of one column from its header texts, top group first, own header last.
 * Rates are linked to their counts afterwards by `linkRoles`.
 */
export function recognise(path: string[]): ColumnRole {
  if (path.length === 0) return { ...UNKNOWN };
  const levels: Level[] = path
    .map(fold)
    .reverse()
    .map((t, i) => ({ words: readHeader(t), i }));
  const own = levels[0].words;
  if (own.whole) {
    const w = own.whole;
    const decidedBy = [w.word];
    if (w.value === 'measureUnit' || w.value === 'note') return { ...UNKNOWN, decidedBy, words: true };
    if (w.value === 'indicatorLabel') return { kind: 'unit', code: 'unit', rowsAre: 'indicators', confidence: 0.9, decidedBy };
    return { kind: w.value, code: w.value, confidence: 1, decidedBy };
  }
  const decidedBy: string[] = [];
  const note = (w: string | undefined) => {
    if (w && !decidedBy.includes(w)) decidedBy.push(w);
  };
  let confidence = 1;
  const year = yearIn(path.join(' '));
  const ancestors = levels.slice(1);

  // Rate: said by the own header, or by a group over children that name no count ("Từ" / "Đến").
  const ownRate = own.rate;
  // "Tỷ lệ hộ nghèo (%)" over "Đầu kỳ | Cuối kỳ": children that name no count of their own are rates too.
  const namesCount = own.pop || own.measure || own.sub || own.transfer || own.ethnicName;
  const groupRate = !ownRate && !namesCount ? nearest(ancestors, (w) => w.rate) : undefined;
  const isRate = !!(ownRate || groupRate);
  note(ownRate ?? groupRate?.value);

  // Population: the nearest level that names one; "Dân số (hộ)" names all households.
  const popHit = nearest(levels, (w) => w.pop);
  let pop = popHit?.value.value as Population | undefined;
  if (popHit) {
    note(popHit.value.word);
    if (popHit.level.i > 0) confidence -= 0.02;
  }
  const measureHit = nearest(levels, (w) => w.measure);
  const measure = measureHit?.value.value;
  if (measureHit && (measure === 'persons' || measureHit.value.word.startsWith('('))) note(measureHit.value.word);

  // Subgroup: own, else a group's ("Hộ nghèo DTTS" over "Số hộ | Tỷ lệ").
  const subHit = nearest(levels, (w) => w.sub);
  let sub = subHit?.value.value as Subgroup | undefined;
  if (subHit) note(subHit.value.word);
  let group: string | undefined;
  let ethnicName = own.ethnicName;
  if (ethnicName) note(own.text);
  if (sub === 'deprivation') {
    const ind = own.indicator?.value ?? own.bareNumber;
    if (ind !== undefined && ind >= 1 && ind <= 12) {
      group = String(ind).padStart(2, '0');
      note(own.indicator?.word ?? own.text);
    } else if (subHit!.level.i === 0 && /\btong\b/.test(own.rest)) group = 'total';
    else if (subHit!.level.i === 0 && own.generic) group = 'total';
    else sub = undefined;
    // The deprivation total counts deprivations, not households: no flow, no subgroup bound.
    if (group === 'total') return { kind: 'count', code: '', pop, group, year, confidence, decidedBy, explicitFlow: false };
  }
  if (sub === 'ethnic' && ethnicName === undefined && own.residual && subHit!.level.i > 0) ethnicName = 'other';

  // Flow: own, else the nearest group's. A subgroup keeps only a stock (start / end).
  const flowHit = nearest(levels, (w) => (w.flow && (w.flow.value !== 'other' || w === own) ? w.flow : undefined));
  let flow: Flow | undefined;
  let residual = false;
  const direction = nearest(ancestors, (w) => dir(w.flow?.value));
  if (flowHit) {
    const v = flowHit.value.value;
    note(flowHit.value.word);
    if (v === 'other') {
      // "Giảm khác" / "Tăng khác" say their own direction; a bare "Khác" takes its group's.
      const said = /\bgiam\b/.test(own.text) ? 'out' : /\btang\b/.test(own.text) ? 'in' : undefined;
      const d = said ? { value: said } : direction;
      if (d) flow = d.value === 'in' ? 'increaseOther' : 'decreaseOther';
      else residual = true;
    } else flow = v;
  }
  if (own.residual && !flowHit?.value) residual = true;
  if (sub && flow && flow !== 'start' && flow !== 'end') flow = undefined;

  // Transfers: the counted population is the own header's, else the group's, else the direction's side.
  let transfer: ColumnRole['transfer'];
  let candidates: string[] | undefined;
  const tw = own.transfer ?? (ancestors.length ? ancestors[0].words.transfer : undefined);
  if (tw) {
    note(tw.word);
    const counted = pop === 'poor' || pop === 'nearPoor' ? pop : undefined;
    const way = direction?.value;
    let from = tw.from;
    let to = tw.to;
    const other = (p: TransferPop): TransferPop => (p === 'poor' ? 'nearPoor' : 'poor');
    if (counted) {
      if (!from && to && to !== counted) from = counted;
      if (!to && from && from !== counted) to = counted;
      if (from && !to) to = other(from);
      if (to && !from) from = other(to);
    } else if (from || to) {
      from = from ?? other(to!);
      to = to ?? other(from);
    }
    if (from && to && from !== to) {
      transfer = { from, to };
      let side: TransferPop | undefined = counted;
      if (!side && way) side = way === 'out' ? from : to;
      if (side === from || side === to) {
        pop = side;
        if (flow !== 'exit') flow = side === from ? 'decrease' : 'increase';
      } else {
        candidates = [transferCode(from, { from, to }), transferCode(to, { from, to })];
        pop = undefined;
      }
    }
  }

  const planned = levels.some((l) => l.words.plan) || undefined;
  if (isRate) {
    const ratePoints = own.ratePoints ? true : own.rangeBound ? own.rangeBound : groupRate && groupRate.level.words.ratePoints ? true : undefined;
    // A rate's flow or subgroup counts only when its own header says it: a group
    // "Giảm hộ nghèo" over "… cuối kỳ | Tỷ lệ %" says nothing about which count the rate is of.
    const ownFlow = flowHit && flowHit.level.i === 0 ? flow : ratePoints ? 'decrease' : undefined;
    const ownSub = subHit && subHit.level.i === 0 ? sub : undefined;
    const base = nearest(levels, (w) => w.rateBase)?.value.value;
    return {
      kind: 'rate',
      code: 'rate',
      pop,
      flow: ownFlow,
      sub: ownSub,
      ...(base === 'poor' ? { base } : {}),
      year,
      explicitFlow: !!ownFlow,
      ...(ratePoints ? { ratePoints } : {}),
      ...(planned ? { planned } : {}),
      confidence,
      decidedBy,
      ...(candidates ? { candidates } : {}),
    };
  }
  if (candidates) return { ...UNKNOWN, decidedBy, candidates };
  if (own.bareNumber !== undefined && !group) return { ...UNKNOWN, decidedBy: [own.text], candidates: [] };
  // All households / persons, or a subgroup of them ("Trong đó hộ DTTS" under "Tổng số hộ dân cư").
  const plain = !pop && !flow && !sub && !residual && !ethnicName;
  if (pop === 'all' || (plain && (measure || own.generic))) {
    // A bare "Tổng số" names nothing: all households, but less surely.
    if (!pop && !measure) confidence -= 0.2;
    const kind = measure === 'persons' ? 'persons' : 'households';
    if (measureHit) note(measureHit.value.word);
    if (sub) return { kind: 'count', code: `${kind}.${sub}`, pop: 'all', sub, measure: kind, year, confidence, decidedBy };
    return { kind, code: kind, year, confidence, decidedBy };
  }
  if (!pop && !flow && !sub && !residual && !ethnicName && !group) return { ...UNKNOWN, decidedBy };
  // A flow or subgroup with no population named anywhere: the table's population, decided in linkRoles.
  return {
    kind: 'count',
    code: '',
    pop,
    flow,
    sub,
    year,
    explicitFlow: !!flow,
    measure: measure ?? 'households',
    ...(transfer ? { transfer } : {}),
    ...(group ? { group } : {}),
    ...(planned ? { planned } : {}),
    ...(residual ? { residual } : {}),
    ...(ethnicName ? { ethnicName } : {}),
    confidence,
    decidedBy,
  };
}

function dir(flow: string | undefined): 'in' | 'out' | undefined {
  if (flow === 'decrease' || flow === 'exit') return 'out';
  if (flow === 'increase' || flow === 'new' || flow === 'reentry') return 'in';
  return undefined;
}

export { linkRoles, ROLE_CODES, roleFromCode } from './role-link';
