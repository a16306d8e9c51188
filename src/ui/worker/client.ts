// The page's one way to its heavy work: `call(op, args, { onProgress, signal })`.
// In a browser it runs in a Web Worker, so reading and checking a national
// sheet never freezes the page, and cancelling terminates the worker for real
// (a new one opens the file again on the next call). Where there is no Worker
// (jsdom tests, old hosts) the same requests run in the page, through the
// same handler.
import { PaneError, type WorkProgress } from '../../backend/contract';
import { handleRequest, type Op, type Ops, type Request, type Response } from './protocol';
import { WorkbookSession } from './session';

export interface CallOptions {
  onProgress?: (progress: WorkProgress) => void;
  /** Aborting rejects the call with PaneError('cancelled') at once. */
  signal?: AbortSignal;
}

export interface WorkerClient {
  readonly kind: 'worker' | 'thread';
  call<K extends Op>(op: K, args: Ops[K]['args'], options?: CallOptions): Promise<Ops[K]['result']>;
  /**
   * Starts the worker ahead of the first file and runs its code once on a small
   * built-in sheet, so that file is not met by a cold worker. Does nothing in the
   * page's own thread (it must stay free) or when the worker is already warm.
   */
  warm(): void;
  dispose(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (p: WorkProgress) => void;
  /** Runs the same call in the page instead (the worker's script could not be loaded). */
  inPage?: () => void;
}

function settle(pending: Pending, msg: Response): boolean {
  if (msg.kind === 'progress') {
    pending.onProgress?.(msg.progress);
    return false;
  }
  if (msg.kind === 'done') pending.resolve(msg.value);
  else pending.reject(new PaneError(msg.code, msg.detail));
  return true;
}

/** Requests one after another, as the worker runs them. */
class Queue {
  private tail: Promise<void> = Promise.resolve();
  push(job: () => Promise<void>): void {
    this.tail = this.tail.then(job, job);
  }
}

/** The in-page fallback: the same session and handler, without a thread of its own. */
export class ThreadClient implements WorkerClient {
  readonly kind = 'thread' as const;
  private readonly session = new WorkbookSession();
  private readonly queue = new Queue();
  private seq = 0;

  call<K extends Op>(op: K, args: Ops[K]['args'], options: CallOptions = {}): Promise<Ops[K]['result']> {
    const { signal, onProgress } = options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new PaneError('cancelled'));
      let open = true;
      const pending: Pending = {
        resolve: (v) => open && resolve(v as Ops[K]['result']),
        reject: (e) => open && reject(e),
        onProgress: (p) => open && onProgress?.(p),
      };
      // The work cannot be stopped in the page, but its answer is dropped and the session keeps the previous file.
      signal?.addEventListener('abort', () => {
        if (!open) return;
        open = false;
        reject(new PaneError('cancelled'));
      });
      const req = { id: ++this.seq, op, args } as Request;
      this.queue.push(() =>
        handleRequest(
          this.session,
          req,
          (msg) => {
            if (settle(pending, msg)) open = false;
          },
          signal,
        ),
      );
    });
  }

  warm(): void {}

  dispose(): void {}
}

/** What a worker's session holds that a new worker must be given again before a request needing it. */
type Held = 'file' | 'appendix';
const NEEDS: Partial<Record<Op, Held>> = {
  check: 'file',
  rows: 'file',
  workbook: 'file',
  allocationChoices: 'file',
  allocate: 'file',
  fixSummary: 'file',
  fixFiles: 'file',
  appendix: 'appendix',
};
type Replay = { [K in Op]: { op: K; args: Ops[K]['args'] } }[Op];

/** A copy of a request's file bytes goes over: the page keeps its own to replay them in a new worker. */
function withCopies(r: Replay): { args: Replay['args']; transfer: Transferable[] } {
  if (r.op === 'open' || r.op === 'read') {
    const copy = r.args.bytes.slice();
    return { args: { ...r.args, bytes: copy }, transfer: [copy.buffer] };
  }
  if (r.op === 'appendixSources') {
    const files = r.args.files.map((f) => ({ ...f, bytes: f.bytes.slice() }));
    return { args: { files }, transfer: files.map((f) => f.bytes.buffer) };
  }
  return { args: r.args, transfer: [] };
}

/** A Web Worker running the session (./page.worker.ts). */
export class WebWorkerClient implements WorkerClient {
  readonly kind = 'worker' as const;
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** What the session should hold (the open file and its last check; the appendix's files), to give a new worker after a cancel. */
  private readonly replay: Record<Held, Replay[]> = { file: [], appendix: [] };
  /** What the running worker holds of that. */
  private held = new Set<Held>();
  /** Opens sent to the running worker and not answered yet (its file is about to change: nothing is replayed meanwhile). */
  private opening = 0;
  /** Whether the running worker has answered once (its script loaded). */
  private heard = false;
  private warmed = false;
  private disposed = false;
  /** Set when no worker could start (its script not reachable, e.g. offline): everything runs in the page. */
  private fallback: ThreadClient | null = null;

  constructor(private readonly spawn: () => Worker) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = this.spawn();
    this.heard = false;
    this.warmed = false;
    this.held = new Set();
    this.opening = 0;
    w.onmessage = (e: MessageEvent<Response>) => {
      this.heard = true;
      const p = this.pending.get(e.data.id);
      if (p && settle(p, e.data)) this.pending.delete(e.data.id);
    };
    w.onerror = (e) => {
      e.preventDefault();
      if (this.heard) return this.stop(new PaneError('read-failed', e.message || 'worker failed'));
      // The worker never started: do the same work in the page, from what the page kept.
      this.worker?.terminate();
      this.worker = null;
      const fallback = (this.fallback = new ThreadClient());
      const waiting = [...this.pending.values()];
      this.pending.clear();
      const restore = [...this.replay.file, ...this.replay.appendix].reduce<Promise<unknown>>(
        (prev, r) => prev.then(() => fallback.call(r.op, r.args as never)).catch(() => undefined),
        Promise.resolve(),
      );
      void restore.then(() => waiting.forEach((p) => p.inPage?.()));
    };
    this.worker = w;
    return w;
  }

  /** Before a request that needs what a new worker does not hold yet: that state again, quietly. */
  private restore(w: Worker, op: Op): void {
    const need = NEEDS[op];
    if (!need || this.held.has(need) || (need === 'file' && this.opening)) return;
    this.held.add(need);
    for (const r of this.replay[need]) {
      const { args, transfer } = withCopies(r);
      w.postMessage({ id: ++this.seq, op: r.op, args } as Request, transfer);
    }
  }

  /** Terminates the worker; every call waiting on it fails with `error`. A cancel starts a new, warm worker for the next file. */
  private stop(error: PaneError, respawn = false): void {
    this.worker?.terminate();
    this.worker = null;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(error);
    if (respawn && !this.disposed) this.warm();
  }

  warm(): void {
    if (this.fallback || this.disposed) return;
    const w = this.ensure();
    if (this.warmed) return;
    this.warmed = true;
    const id = ++this.seq;
    // Nobody waits on it: a failure only means the first file meets cold code.
    this.pending.set(id, { resolve: () => undefined, reject: () => undefined });
    w.postMessage({ id, op: 'warm', args: {} } satisfies Request);
  }

  call<K extends Op>(op: K, args: Ops[K]['args'], options: CallOptions = {}): Promise<Ops[K]['result']> {
    const { signal, onProgress } = options;
    if (signal?.aborted) return Promise.reject(new PaneError('cancelled'));
    if (this.fallback) return this.remember(op, args, this.fallback.call(op, args, options));
    const w = this.ensure();
    this.restore(w, op);
    const id = ++this.seq;
    const { args: sent, transfer } = withCopies({ op, args } as Replay);
    if (op === 'open') this.opening++;
    const answer = new Promise<Ops[K]['result']>((resolve, reject) => {
      const inPage = () => this.fallback!.call(op, args, options).then(resolve, reject);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress, inPage });
      signal?.addEventListener('abort', () => {
        if (this.pending.has(id)) this.stop(new PaneError('cancelled'), true);
      });
      w.postMessage({ id, op, args: sent } as Request, transfer);
    });
    if (op !== 'open') return this.remember(op, args, answer);
    const settled = () => {
      if (this.worker === w) this.opening--;
    };
    return this.remember(op, args, answer).then(
      (v) => (settled(), v),
      (e) => {
        settled();
        throw e;
      },
    );
  }

  /** What a new worker (or the page) must be given again to hold what this one holds. */
  private remember<K extends Op>(op: K, args: Ops[K]['args'], answer: Promise<Ops[K]['result']>): Promise<Ops[K]['result']> {
    return answer.then((value) => {
      if (op === 'open') {
        this.replay.file = [{ op: 'open', args: args as Ops['open']['args'] }];
        this.held.add('file');
      } else if (op === 'check') {
        this.replay.file = [...this.replay.file.filter((r) => r.op === 'open'), { op: 'check', args: args as Ops['check']['args'] }];
      } else if (op === 'appendixSources') {
        this.replay.appendix = [{ op: 'appendixSources', args: args as Ops['appendixSources']['args'] }];
        this.held.add('appendix');
      }
      return value;
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stop(new PaneError('cancelled'));
  }
}

/** A worker where the page can have one, else the in-page fallback. */
export async function createWorkerClient(): Promise<WorkerClient> {
  if (typeof Worker === 'undefined') return new ThreadClient();
  try {
    const { spawnPageWorker } = await import(/* webpackMode: "eager" */ './spawn');
    // The worker's script is its own chunk, fetched when the page starts it (warm(), once the page is idle): the page stays small; offline, the fallback takes over.
    return new WebWorkerClient(spawnPageWorker);
  } catch {
    return new ThreadClient();
  }
}
