// Every context.sync of the Excel host goes through syncMetered, so a caller
// (the benchmark, the tests) can count round trips and the size of what each
// one brought back without wrapping Office.js itself.

export interface SyncRecord {
  /** What the round trip was for, e.g. `read:dimensions`, `read:chunk`, `mark:write`. */
  label: string;
  /** UTF-8 size of the JSON of the objects loaded in this round trip (0 for write-only batches). */
  bytes: number;
  /** Wall time of the sync in ms. */
  ms: number;
}

export interface SyncMeter {
  record(entry: SyncRecord): void;
}

/** A meter that keeps every round trip; `syncs.length` is the sync count. */
export class SyncLog implements SyncMeter {
  readonly syncs: SyncRecord[] = [];
  record(entry: SyncRecord): void {
    this.syncs.push(entry);
  }
  get count(): number {
    return this.syncs.length;
  }
  get bytes(): number {
    return this.syncs.reduce((a, s) => a + s.bytes, 0);
  }
  get maxBytes(): number {
    return this.syncs.reduce((a, s) => Math.max(a, s.bytes), 0);
  }
}

interface Syncable {
  sync(): Promise<unknown>;
}

const encoder = typeof TextEncoder !== 'undefined' ? new TextEncoder() : undefined;

/** JSON size of loaded proxies: Office.js objects' toJSON() returns exactly their loaded properties. */
export function jsonBytes(objects: readonly unknown[]): number {
  let n = 0;
  for (const o of objects) {
    let s: string | undefined;
    try {
      s = JSON.stringify(o);
    } catch {
      s = undefined; // circular test doubles: count nothing rather than fail the read
    }
    if (s === undefined) continue;
    n += encoder ? encoder.encode(s).length : s.length;
  }
  return n;
}

export async function syncMetered(
  ctx: Syncable,
  meter: SyncMeter | undefined,
  label: string,
  loaded: readonly unknown[] = [],
): Promise<void> {
  const t0 = Date.now();
  await ctx.sync();
  if (meter) meter.record({ label, bytes: loaded.length ? jsonBytes(loaded) : 0, ms: Date.now() - t0 });
}
