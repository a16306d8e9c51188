// Marking flagged cells in Excel (fill + note) and taking exactly those marks
// away again. What was added is recorded in the workbook's settings, so the
// marks can be cleared in a later session, and only what PovCheck still owns
// (its colour, notes whose text starts with "PovCheck: ") is ever removed.
import type { Issue } from '../../core/report';
import { MARK_COLORS, type MarkTarget, NOTE_PREFIX, keyOf, markTargets, normalCell, noteText } from '../../core/marks';
// Shared with the browser page's marked-up copy.
export { MARK_COLORS, type MarkTarget, NOTE_PREFIX, markTargets, noteText } from '../../core/marks';
import { PaneError } from '../../backend/contract';
import { type SyncMeter, syncMetered } from './meter';
import type { ExcelCapabilities } from './requirements';

export const MARKS_KEY = 'povcheck.marks';

export interface PreviousFill {
  color: string;
  /** RangeFill.pattern when it was neither Solid nor None (ExcelApi 1.9). */
  pattern?: string;
}

export interface MarkEntry {
  sheet: string;
  /** A1 address without `$`. */
  cell: string;
  /** The fill before PovCheck marked the cell; null = no fill. */
  previous: PreviousFill | null;
  /** The colour PovCheck set. */
  color: string;
  /** Set when PovCheck added a note (or, on older Excel, a comment) to the cell. */
  added?: 'note' | 'comment';
}

export interface MarkRecord {
  version: 1;
  marks: MarkEntry[];
}


export interface MarkEnv {
  caps: ExcelCapabilities;
  meter?: SyncMeter;
}

type Mode = 'note' | 'comment' | 'none';

function modeOf(caps: ExcelCapabilities): Mode {
  return caps.notes ? 'note' : caps.comments ? 'comment' : 'none';
}


/** The stored record, tolerant of anything a user or an older version left there. */
/** A workbook setting as stored: JSON text (older Office returns it as a string) or the value itself; undefined when unreadable. */
export function storedValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

export function parseMarkRecord(value: unknown): MarkEntry[] {
  const v = storedValue(value);
  const marks = (v as { marks?: unknown } | null)?.marks;
  if (!Array.isArray(marks)) return [];
  const out: MarkEntry[] = [];
  for (const m of marks as Record<string, unknown>[]) {
    if (!m || typeof m.sheet !== 'string' || typeof m.cell !== 'string' || typeof m.color !== 'string') continue;
    const cell = normalCell(m.cell);
    if (!cell) continue;
    const p = m.previous as { color?: unknown; pattern?: unknown } | null | undefined;
    const previous: PreviousFill | null =
      p && typeof p.color === 'string' ? (typeof p.pattern === 'string' ? { color: p.color, pattern: p.pattern } : { color: p.color }) : null;
    const e: MarkEntry = { sheet: m.sheet, cell, previous, color: m.color };
    if (m.added === 'note' || m.added === 'comment') e.added = m.added;
    out.push(e);
  }
  return out;
}

function sameColor(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toUpperCase() === b.toUpperCase();
}

function fillState(fill: Excel.RangeFill, caps: ExcelCapabilities): PreviousFill | null {
  const color = fill.color;
  if (!color) return null;
  if (caps.fillPattern) {
    const pattern = fill.pattern as string;
    if (pattern === 'None') return null;
    return pattern && pattern !== 'Solid' ? { color, pattern } : { color };
  }
  // Without RangeFill.pattern, Excel reports "no fill" as white.
  return color.toUpperCase() === '#FFFFFF' ? null : { color };
}

function restoreFill(fill: Excel.RangeFill, previous: PreviousFill | null, caps: ExcelCapabilities): void {
  if (!previous) {
    fill.clear();
    return;
  }
  fill.color = previous.color;
  if (previous.pattern && caps.fillPattern) fill.pattern = previous.pattern as Excel.FillPattern;
}

function unique<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

/** Threaded comments by sheet + cell (ExcelApi 1.10 has no "comment of this cell, or null"). Two round trips. */
async function commentsByCell(
  ctx: Excel.RequestContext,
  sheets: readonly string[],
  env: MarkEnv,
): Promise<Map<string, Excel.Comment>> {
  const out = new Map<string, Excel.Comment>();
  if (!sheets.length) return out;
  const cols = sheets.map((name) => {
    const c = ctx.workbook.worksheets.getItem(name).comments;
    c.load('items/id,items/content');
    return { name, c };
  });
  await syncMetered(ctx, env.meter, 'comments:list', cols.map((x) => x.c));
  const locs: { name: string; comment: Excel.Comment; range: Excel.Range }[] = [];
  for (const { name, c } of cols) {
    for (const comment of c.items) {
      const range = comment.getLocation();
      range.load('address');
      locs.push({ name, comment, range });
    }
  }
  if (!locs.length) return out;
  await syncMetered(ctx, env.meter, 'comments:locations', locs.map((l) => l.range));
  for (const { name, comment, range } of locs) {
    const addr = range.address.slice(range.address.lastIndexOf('!') + 1);
    const cell = normalCell(addr);
    if (cell) out.set(keyOf({ sheet: name, cell }), comment);
  }
  return out;
}

interface Snapshot {
  /** Current fill of every cell involved. */
  fills: Map<string, Excel.RangeFill>;
  /** Note mode: the note of every cell involved, or a null object. */
  notes: Map<string, Excel.Note>;
  /** Comment mode: every comment of the sheets involved, by cell. */
  comments: Map<string, Excel.Comment>;
  protectedSheets: string[];
}

/** One round trip (three with comments): fills, notes and protection of the cells in `cells`. */
async function snapshot(
  ctx: Excel.RequestContext,
  cells: readonly { sheet: string; cell: string }[],
  env: MarkEnv,
  label: string,
): Promise<Snapshot> {
  const mode = modeOf(env.caps);
  const sheets = unique(cells.map((c) => c.sheet));
  const wsByName = new Map(sheets.map((n) => [n, ctx.workbook.worksheets.getItem(n)]));
  const protections = sheets.map((n) => {
    const p = wsByName.get(n)!.protection;
    p.load('protected');
    return { n, p };
  });
  const fills = new Map<string, Excel.RangeFill>();
  const notes = new Map<string, Excel.Note>();
  for (const c of cells) {
    const k = keyOf(c);
    if (fills.has(k)) continue;
    const ws = wsByName.get(c.sheet)!;
    const fill = ws.getRange(c.cell).format.fill;
    fill.load(env.caps.fillPattern ? 'color,pattern' : 'color');
    fills.set(k, fill);
    if (mode === 'note') {
      const note = ws.notes.getItemOrNullObject(c.cell);
      note.load('content');
      notes.set(k, note);
    }
  }
  await syncMetered(ctx, env.meter, label, [...protections.map((x) => x.p), ...fills.values(), ...notes.values()]);
  const comments = mode === 'comment' ? await commentsByCell(ctx, sheets, env) : new Map<string, Excel.Comment>();
  return { fills, notes, comments, protectedSheets: protections.filter((x) => x.p.protected).map((x) => x.n) };
}

function ownNote(snap: Snapshot, k: string, added: MarkEntry['added']): Excel.Note | Excel.Comment | undefined {
  if (added === 'note') {
    const n = snap.notes.get(k);
    return n && !n.isNullObject && typeof n.content === 'string' && n.content.startsWith(NOTE_PREFIX) ? n : undefined;
  }
  if (added === 'comment') {
    const c = snap.comments.get(k);
    return c && typeof c.content === 'string' && c.content.startsWith(NOTE_PREFIX) ? c : undefined;
  }
  return undefined;
}

/**
 * Queues the removal of `entries` from a snapshot: a fill goes back only where
 * the cell still has PovCheck's colour, a note/comment goes only if PovCheck
 * added it and its text still starts with "PovCheck: ". Several entries may
 * name one cell (old and new marks during a rollback): the first whose colour
 * matches wins. Returns the number of cells something was removed from.
 */
function queueRemoval(ctx: Excel.RequestContext, entries: readonly MarkEntry[], snap: Snapshot, env: MarkEnv): number {
  const byKey = new Map<string, MarkEntry[]>();
  for (const e of entries) {
    const k = keyOf(e);
    const list = byKey.get(k);
    if (list) list.push(e);
    else byKey.set(k, [e]);
  }
  let removed = 0;
  for (const [k, list] of byKey) {
    const { sheet, cell } = list[0];
    const fill = snap.fills.get(k);
    let did = false;
    const owner = fill ? list.find((e) => sameColor(fill.color, e.color)) : undefined;
    if (owner) {
      restoreFill(ctx.workbook.worksheets.getItem(sheet).getRange(cell).format.fill, owner.previous, env.caps);
      did = true;
    }
    const added = list.find((e) => e.added)?.added;
    const note = ownNote(snap, k, added);
    if (note) {
      note.delete();
      did = true;
    }
    if (did) removed++;
  }
  return removed;
}

function writeRecord(ctx: Excel.RequestContext, marks: MarkEntry[]): void {
  const record: MarkRecord = { version: 1, marks };
  ctx.workbook.settings.add(MARKS_KEY, JSON.stringify(record));
}

/** First round trip of mark and clear: the record and the names of the sheets that still exist. */
async function loadRecord(ctx: Excel.RequestContext, env: MarkEnv): Promise<{ entries: MarkEntry[]; names: Set<string> }> {
  const setting = ctx.workbook.settings.getItemOrNullObject(MARKS_KEY);
  setting.load('value');
  const worksheets = ctx.workbook.worksheets;
  worksheets.load('items/name');
  await syncMetered(ctx, env.meter, 'marks:record', [setting, worksheets]);
  const names = new Set(worksheets.items.map((w) => w.name));
  return { entries: setting.isNullObject ? [] : parseMarkRecord(setting.value), names };
}

/** Removes PovCheck's recorded marks. Round trips: 1 when nothing is recorded, else 3 (5 with comments). */
export async function clearMarksInContext(ctx: Excel.RequestContext, env: MarkEnv): Promise<number> {
  const { entries, names } = await loadRecord(ctx, env);
  if (!entries.length) return 0;
  const live = entries.filter((e) => names.has(e.sheet)); // a deleted sheet took its marks with it
  const snap = await snapshot(ctx, live, env, 'clear:read');
  if (snap.protectedSheets.length) throw new PaneError('protected', snap.protectedSheets.join(', '));
  const n = queueRemoval(ctx, live, snap, env);
  writeRecord(ctx, []);
  await syncMetered(ctx, env.meter, 'clear:write');
  return n;
}

/**
 * Marks the error/warning cells of `issues`, replacing PovCheck's previous
 * marks in the same write. Round trips: record, read (fills, notes,
 * protection), write — 3 (5 with comments). Nothing is written if a sheet
 * concerned is protected. If the write fails, whatever it left is removed
 * (old marks included: they were being replaced) and 'write-failed' thrown.
 */
export async function markInContext(ctx: Excel.RequestContext, issues: readonly Issue[], env: MarkEnv): Promise<number> {
  const mode = modeOf(env.caps);
  const { entries: oldAll, names } = await loadRecord(ctx, env);
  const old = oldAll.filter((e) => names.has(e.sheet));
  const targets = markTargets(issues).filter((t) => names.has(t.sheet));
  const snap = await snapshot(ctx, [...old, ...targets], env, 'mark:read');
  if (snap.protectedSheets.length) throw new PaneError('protected', snap.protectedSheets.join(', '));

  const oldByKey = new Map(old.map((e) => [keyOf(e), e]));
  const targetKeys = new Set(targets.map(keyOf));
  const fresh: { entry: MarkEntry; text: string }[] = targets.map((t) => {
    const k = keyOf(t);
    const o = oldByKey.get(k);
    const fill = snap.fills.get(k)!;
    // A cell still wearing our old mark: its real previous fill is the recorded one.
    const previous = o && sameColor(fill.color, o.color) ? o.previous : fillState(fill, env.caps);
    const entry: MarkEntry = { sheet: t.sheet, cell: t.cell, previous, color: MARK_COLORS[t.severity] };
    if (mode === 'note') {
      const n = snap.notes.get(k)!;
      const usersNote = !n.isNullObject && !(o?.added === 'note' && ownNote(snap, k, 'note'));
      if (!usersNote) entry.added = 'note';
    } else if (mode === 'comment') {
      const c = snap.comments.get(k);
      const usersComment = !!c && !(o?.added === 'comment' && ownNote(snap, k, 'comment'));
      if (!usersComment) entry.added = 'comment';
    }
    return { entry, text: noteText(t) };
  });

  // Old marks first (their fills only where no new mark goes; their notes always, so the new one can take the cell).
  queueRemoval(
    ctx,
    old.map((e) => (targetKeys.has(keyOf(e)) ? { ...e, color: '\u0000' /* never matches: the new fill overwrites */ } : e)),
    snap,
    env,
  );
  for (const { entry, text } of fresh) {
    const ws = ctx.workbook.worksheets.getItem(entry.sheet);
    const range = ws.getRange(entry.cell);
    range.format.fill.color = entry.color;
    if (entry.added === 'note') ws.notes.add(range, text);
    else if (entry.added === 'comment') ctx.workbook.comments.add(range, text);
  }
  const marks = fresh.map((f) => f.entry);
  writeRecord(ctx, marks);
  try {
    await syncMetered(ctx, env.meter, 'mark:write');
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    try {
      const all = [...marks, ...old];
      const after = await snapshot(ctx, all, env, 'mark:rollback-read');
      queueRemoval(ctx, all, after, env);
      writeRecord(ctx, []);
      await syncMetered(ctx, env.meter, 'mark:rollback-write');
    } catch (e2) {
      throw new PaneError('write-failed', `${detail}; undo failed too: ${e2 instanceof Error ? e2.message : String(e2)}`);
    }
    throw new PaneError('write-failed', detail);
  }
  return marks.length;
}
