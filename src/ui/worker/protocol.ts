// The messages between the page and its worker: one request per operation on
// the WorkbookSession, answered by progress messages and then one result or
// one error. Only plain data crosses (structured clone); errors travel as
// their PaneError code and detail. handleRequest is the worker's whole
// message handler, and the in-thread client calls it directly, so the two
// ways run the same code.
import type { Workbook } from '../../core/grid';
import type { Lang, Report } from '../../core/report';
import type { RoleOverrides } from '../../core/engine';
import type { SheetPlan } from '../../core/plan';
import type { ChartRange } from '../../core/appendix-sheet';
import type { ApplyMode } from '../../core/correct';
import { PaneError, type PaneErrorCode, type WorkProgress } from '../../backend/contract';
import type { AllocationInput, AllocationOutcome, TableChoice } from '../allocation-model';
import type { FixFiles } from '../page-fix';
import {
  type AppendixRequest,
  type AppendixSources,
  type AppendixView,
  type FixSummary,
  type RowsWindow,
  type SheetInfo,
  type WorkbookSession,
  readWorkbookBytes,
  warmUp,
} from './session';

/** Each operation: its arguments and its answer. */
export interface Ops {
  /** Reads and checks a small built-in sheet apart from the open file, so the first real file meets warm code. */
  warm: { args: Record<string, never>; result: number };
  open: { args: { bytes: Uint8Array; name: string }; result: SheetInfo[] };
  /** Reads another file (an appendix source, last year's file) without opening it. */
  read: { args: { bytes: Uint8Array }; result: Workbook };
  check: { args: { lang: Lang; roles: RoleOverrides }; result: Report };
  rows: { args: { sheet: string; from: number; to: number }; result: RowsWindow };
  workbook: { args: Record<string, never>; result: Workbook };
  allocationChoices: { args: Record<string, never>; result: TableChoice[] };
  allocate: { args: { choice: TableChoice; input: AllocationInput; lang: Lang; date: number }; result: AllocationOutcome | null };
  fixSummary: { args: { lang: Lang; date: number }; result: FixSummary };
  fixFiles: { args: { apply: ApplyMode; lang: Lang; date: number }; result: FixFiles };
  exportXlsx: { args: { plans: SheetPlan[]; chart?: ChartRange }; result: Uint8Array };
  /** The allocation file from a plan the worker kept (AllocationOutcome.planKey). */
  exportAllocation: { args: { planKey: string }; result: Uint8Array };
  /** Reads the appendix tab's files and keeps their sources in the session. */
  appendixSources: { args: { files: { bytes: Uint8Array; name: string }[] }; result: AppendixSources };
  /** The appendix of the kept sources (as ticked), checked, with its preview table. */
  appendix: { args: AppendixRequest; result: AppendixView };
}
export type Op = keyof Ops;

export type Request = { [K in Op]: { id: number; op: K; args: Ops[K]['args'] } }[Op];

export type Response =
  | { id: number; kind: 'progress'; progress: WorkProgress }
  | { id: number; kind: 'done'; value: unknown }
  | { id: number; kind: 'error'; code: PaneErrorCode; detail: string };

export type Post = (message: Response, transfer?: Transferable[]) => void;

/** The buffers of downloads are moved, not copied. */
function transfersOf(value: unknown): Transferable[] {
  if (value instanceof Uint8Array) return [value.buffer as ArrayBuffer];
  const files = value as Partial<FixFiles> | null;
  if (files && files.corrected && files.report && files.marked) {
    return [files.corrected.bytes.buffer, files.report.bytes.buffer, files.marked.bytes.buffer] as ArrayBuffer[];
  }
  return [];
}

async function run(session: WorkbookSession, req: Request, progress: (p: WorkProgress) => void, signal?: AbortSignal, waiting?: () => boolean): Promise<unknown> {
  switch (req.op) {
    case 'warm':
      return warmUp(waiting);
    case 'open':
      return session.open(req.args.bytes, req.args.name, progress, signal);
    case 'read':
      return readWorkbookBytes(req.args.bytes);
    case 'check':
      return session.check(req.args.lang, req.args.roles, progress, signal);
    case 'rows':
      return session.rows(req.args.sheet, req.args.from, req.args.to);
    case 'workbook':
      return session.fullWorkbook();
    case 'allocationChoices':
      return session.allocationChoices();
    case 'allocate':
      return session.allocate(req.args.choice, req.args.input, req.args.lang, new Date(req.args.date));
    case 'fixSummary':
      return session.fixSummary(req.args.lang, new Date(req.args.date));
    case 'fixFiles':
      return session.fixFiles(req.args.apply, req.args.lang, new Date(req.args.date));
    case 'exportXlsx':
      return session.exportXlsx(req.args.plans, req.args.chart);
    case 'exportAllocation':
      return session.exportAllocation(req.args.planKey);
    case 'appendixSources':
      return session.appendixSources(req.args.files);
    case 'appendix':
      return session.buildAppendix(req.args);
  }
}

/** Runs one request and posts its progress and its answer. `waiting`: whether another request is queued (a warm-up then stops). */
export async function handleRequest(session: WorkbookSession, req: Request, post: Post, signal?: AbortSignal, waiting?: () => boolean): Promise<void> {
  try {
    const value = await run(session, req, (progress) => post({ id: req.id, kind: 'progress', progress }), signal, waiting);
    post({ id: req.id, kind: 'done', value }, transfersOf(value));
  } catch (e) {
    const err = e instanceof PaneError ? e : new PaneError('read-failed', e instanceof Error ? e.message : String(e));
    post({ id: req.id, kind: 'error', code: err.code, detail: err.message === err.code ? '' : err.message });
  }
}
