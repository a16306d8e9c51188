// Balances of one population: end = start − decreases + increases (hộ cuối kỳ =
// đầu kỳ − giảm + tăng), and the parts of the poor: able + unable to work = start.
import type { Flow } from '../roles';
import type { TableColumn } from '../tables';
import type { Msg } from '../messages';
import { colName } from '../grid';
import type { LinearRelation, TableCols } from '../relation-types';

/** Flows that lower a population's count over the period, and those that raise it. */
export const DECREASES: readonly Flow[] = ['decrease', 'exit', 'decreaseOther'];
export const INCREASES: readonly Flow[] = ['reentry', 'new', 'increase', 'increaseOther'];

/** Term names of end = start − decreases + increases; shared, never mutated. */
const NAME_START: Msg = { id: 'start', p: {} };
const NAME_DECREASE: Msg = { id: 'decrease', p: {} };
const NAME_INCREASE: Msg = { id: 'increase', p: {} };

/** "giảm", or "giảm, cột H" when the balance has several decrease columns (the same for increases). */
function flowName(all: TableColumn[], c: TableColumn, one: Msg, id: 'decrease-col' | 'increase-col'): Msg {
  return all.length > 1 ? { id, p: { col: colName(c.col) } } : one;
}

/** A population's flow columns (into and out of it) and its subgroup columns. */
export interface PopulationColumns {
  dec: TableColumn[];
  inc: TableColumn[];
  subs: TableColumn[];
}

const flowCache = new WeakMap<TableCols, Map<string, PopulationColumns>>();

export function populationColumns(cols: TableCols, pop: string): PopulationColumns {
  let byPop = flowCache.get(cols);
  if (!byPop) flowCache.set(cols, (byPop = new Map()));
  let f = byPop.get(pop);
  if (!f) {
    const counts = cols.columns.filter((c) => c.role.kind === 'count' && c.role.pop === pop);
    const flows = counts.filter((c) => !c.role.sub && c.role.flow);
    // A transfer counted under the other population ("Số hộ cận nghèo trở thành hộ nghèo" in a near-poor
    // table) moves this one too, the other way — unless this population counts the same move itself.
    const own = (t: TableColumn) => flows.some((c) => c.role.transfer && c.role.transfer.from === t.role.transfer!.from && c.role.transfer.to === t.role.transfer!.to);
    const moved = cols.columns.filter((c) => c.role.kind === 'count' && c.role.pop !== pop && !c.role.sub && c.role.transfer && (c.role.transfer.from === pop || c.role.transfer.to === pop) && !own(c));
    f = {
      dec: [...flows.filter((c) => DECREASES.includes(c.role.flow as Flow)), ...moved.filter((c) => c.role.transfer!.from === pop)],
      inc: [...flows.filter((c) => INCREASES.includes(c.role.flow as Flow)), ...moved.filter((c) => c.role.transfer!.to === pop)],
      subs: counts.filter((c) => c.role.sub),
    };
    byPop.set(pop, f);
  }
  return f;
}

export function balanceRelations(cols: TableCols, pop: string): LinearRelation[] {
  const out: LinearRelation[] = [];
  const start = cols.col(`${pop}.start`);
  const end = cols.col(`${pop}.end`);
  const { dec, inc } = populationColumns(cols, pop);
  // A column left unknown that may be one of this population's flows: the balance cannot be checked
  // without it (its note says the column is not checked), and guessing it out raises false errors.
  const undecided = cols.columns.some((c) => c.role.kind === 'unknown' && c.role.candidates?.some((k) => k.startsWith(`${pop}.`) && !/\.(start|end)$/.test(k)));
  if (start !== undefined && end !== undefined && dec.length + inc.length > 0 && !undecided) {
    out.push({
      kind: 'linear',
      family: 'balance',
      target: end,
      terms: [
        { col: start, coef: 1, required: true, name: NAME_START },
        ...dec.map((c) => ({ col: c.col, coef: -1, required: false, name: flowName(dec, c, NAME_DECREASE, 'decrease-col') })),
        ...inc.map((c) => ({ col: c.col, coef: 1, required: false, name: flowName(inc, c, NAME_INCREASE, 'increase-col') })),
      ],
    });
  }
  const able = cols.col(`${pop}.able`);
  const unable = cols.col(`${pop}.unable`);
  if (start !== undefined && able !== undefined && unable !== undefined) {
    out.push({
      kind: 'linear',
      family: 'parts',
      target: start,
      terms: [
        { col: able, coef: 1, required: true },
        { col: unable, coef: 1, required: true },
      ],
    });
  }
  return out;
}
