// The appendix tab's result: worked out in the page's worker on the browser
// page (where the sources' grids are), in the pane itself in Excel. Either
// way its inputs are debounced (typing the year must not start a run per
// key), and a newer input drops an older answer.
import * as React from 'react';
import { type AppendixSource, buildAppendix, planTable } from '../appendix-model';
import type { FileBackend } from '../file-backend';
import type { AppendixRequest, AppendixView } from '../worker/session';
import { useDebounced } from './allocation';

/** How long the inputs must stay unchanged before the appendix is worked out again. */
export const APPENDIX_DEBOUNCE_MS = 300;

export type AppendixInput = Omit<AppendixRequest, 'date'>;

/** The appendix of sources held in the pane (Excel's sheets, or files read in the page). */
export function localAppendix(sources: readonly AppendixSource[], input: AppendixInput, date = new Date()): AppendixView {
  const ids = new Set(input.ids);
  const state = buildAppendix(
    sources.filter((s) => ids.has(s.id)),
    input.mode,
    new Set(input.confirmed),
    { lang: input.lang, year: input.year, totalAt: input.totalAt },
    date,
  );
  return { state, table: state.sheet ? planTable(state.sheet.plan) : null };
}

/**
 * `remote`: the page's backend that keeps the sources in its worker; null to work on `local`.
 * `input` null: nothing to build (no source ticked, no year). `generation` changes when new sources are read.
 */
export function useAppendix(
  remote: FileBackend | null,
  local: readonly AppendixSource[],
  input: AppendixInput | null,
  generation: number,
): { view: AppendixView | null; pending: boolean } {
  const key = JSON.stringify([generation, input]);
  const settledKey = useDebounced(key, APPENDIX_DEBOUNCE_MS);
  const [state, setState] = React.useState<{ key: string | null; view: AppendixView | null }>({ key: null, view: null });
  const latest = React.useRef({ local, input });
  latest.current = { local, input };

  React.useEffect(() => {
    const { local: sources, input: i } = latest.current;
    if (!i || !i.ids.length) {
      setState({ key: settledKey, view: null });
      return undefined;
    }
    if (!remote?.appendix) {
      setState({ key: settledKey, view: localAppendix(sources, i) });
      return undefined;
    }
    let live = true;
    remote.appendix(i).then(
      (view) => live && React.startTransition(() => setState({ key: settledKey, view })),
      () => live && setState({ key: settledKey, view: null }),
    );
    return () => {
      live = false;
    };
  }, [remote, settledKey]);

  return { view: state.view, pending: state.key !== key };
}
