// "So sánh với năm trước": the state behind the compare panel. Last year's
// file (and an optional map of merged units) are chosen with a file input in
// both hosts and read in the pane; this year's workbook is what the backend
// checks (the open workbook in Excel, the opened file in the browser page).
// Nothing leaves the pane.
import * as React from 'react';
import type { Workbook } from '../core/grid';
import type { Issue } from '../core/report';
import type { Table } from '../core/tables';
import { tablesOf } from '../core/engine';
import { type UnitMapEntry, compareWorkbooks, readUnitMap } from '../core/compare';
import type { PaneBackend } from '../backend/contract';
import type { Lang } from './i18n';
import { readFileBytes } from './components/FileOpener';
import type { FileBackend } from './file-backend';

export interface ChosenFile {
  name: string;
  workbook: Workbook;
}

export interface CompareOutcome {
  /** Issues at cells of this year's workbook: clicking one shows the cell. */
  here: Issue[];
  /** Issues at cells of last year's file or of the map: shown with their file, not selectable. */
  elsewhere: Issue[];
  compared: { population: string; units: number }[];
  /** This year's workbook as compared (the browser page previews it). */
  workbook: Workbook;
}

/** Reads a chosen .xlsx: the backend's reader where it has one, else the page's own (Excel's pane). */
export async function readChosenFile(backend: PaneBackend, data: ArrayBuffer, name: string): Promise<Workbook> {
  if (backend.readWorkbookFile) return backend.readWorkbookFile(data, name);
  // Loaded on first use: the Excel pane needs the .xlsx reader only here.
  const { readWorkbookBytes } = await import('./xlsx-read');
  return readWorkbookBytes(new Uint8Array(data));
}

/** `10`, `10 %`, `7,5`: a percentage 0–100 as a share, or null. */
export function parseSharePercent(text: string): number | null {
  const t = text.trim().replace(/\s*%$/, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return n <= 100 ? n / 100 : null;
}

/** The comparison itself, split into what can be shown in this workbook and what is elsewhere. */
export function runCompare(
  previous: ChosenFile,
  current: Workbook,
  o: {
    lang: Lang;
    currentName: string;
    share: number;
    map?: { name: string; entries: UnitMapEntry[] };
    /** This year's tables as the check found them, with the officer's role choices. */
    tables?: Record<string, Table[]>;
  },
): CompareOutcome {
  // Last year's file often has this year's name (another folder): keep the two apart.
  const previousName = previous.name === o.currentName ? `${previous.name} (${o.lang === 'vi' ? 'năm trước' : 'last year'})` : previous.name;
  const r = compareWorkbooks(previous.workbook, current, {
    lang: o.lang,
    previousFile: previousName,
    currentFile: o.currentName,
    share: o.share,
    ...(o.tables ? { currentTables: o.tables } : {}),
    ...(o.map ? { map: o.map.entries, mapFile: o.map.name } : {}),
  });
  const isHere = (i: Issue) => i.file === o.currentName && !!i.sheet;
  return { here: r.issues.filter(isHere), elsewhere: r.issues.filter((i) => !isHere(i)), compared: r.compared, workbook: current };
}

/** The panel's state and actions. */
export function useCompare(backend: PaneBackend, lang: Lang) {
  const [previous, setPrevious] = React.useState<ChosenFile | null>(null);
  const [map, setMap] = React.useState<{ name: string; entries: UnitMapEntry[] } | null>(null);
  const [shareText, setShareText] = React.useState('10');
  const [outcome, setOutcome] = React.useState<CompareOutcome | null>(null);
  const [error, setError] = React.useState<unknown>(null);
  const [running, setRunning] = React.useState(false);
  /** A chosen map file with no former → new list in it. */
  const [emptyMap, setEmptyMap] = React.useState<string | null>(null);
  const share = parseSharePercent(shareText);

  const choose = async (file: File, kind: 'previous' | 'map') => {
    setError(null);
    setOutcome(null);
    setEmptyMap(null);
    try {
      const data = await readFileBytes(file);
      const wb = await readChosenFile(backend, data, file.name);
      if (kind === 'previous') setPrevious({ name: file.name, workbook: wb });
      else {
        const entries = readUnitMap(wb);
        if (entries.length) setMap({ name: file.name, entries });
        else setEmptyMap(file.name);
      }
    } catch (e) {
      setError(e);
    }
  };

  /** `currentName`: the open file's name, or words for "the open workbook" when it has none. */
  const run = async (currentName: string) => {
    if (!previous || share === null) return;
    setRunning(true);
    setError(null);
    try {
      const res = await backend.check('all', { lang });
      // The browser page holds only the rows its preview fetched: the comparison needs them all.
      const full = (backend as Partial<FileBackend>).fullWorkbook;
      const current = full ? await full.call(backend) : res.workbook;
      // The officer's role choices: the tables as the check found them, or found here with the stored choices.
      const roles = res.tables ? {} : await backend.loadRoleOverrides();
      const tables = { tables: res.tables ?? Object.fromEntries(current.sheets.map((sh) => [sh.name, tablesOf(sh, roles)])) };
      setOutcome(runCompare(previous, current, { lang, currentName: res.report.file || currentName, share, ...tables, ...(map ? { map } : {}) }));
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };

  return {
    previous,
    map,
    shareText,
    share,
    outcome,
    error,
    running,
    emptyMap,
    setShareText,
    choosePrevious: (f: File) => choose(f, 'previous'),
    chooseMap: (f: File) => choose(f, 'map'),
    clearMap: () => {
      setMap(null);
      setOutcome(null);
    },
    dismissError: () => setError(null),
    run,
  };
}
