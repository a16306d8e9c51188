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

  dispose(): void {}
}

/** A Web Worker running the session (./page.worker.ts). */
export class WebWorkerClient implements WorkerClient {
  readonly kind = 'worker' as const;
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** The file the session holds and the check it last ran: opened again in a new worker after a cancel. */
  private opened: { bytes: Uint8Array; name: string } | null = null;
  private checkedWith: Ops['check']['args'] | null = null;
  /** Whether the running worker has answered once (its script loaded). */
  private heard = false;
  /** Set when no worker could start (its script not reachable, e.g. offline): everything runs in the page. */
  private fallback: ThreadClient | null = null;

  constructor(private readonly spawn: () => Worker) {}


  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = this.spawn();
    this.heard = false;
    w.onmessage = (e: MessageEvent<Response>) => {
      this.heard = true;
      const p = this.pending.get(e.data.id);
      if (p && settle(p, e.data)) this.pending.delete(e.data.id);
    };
    w.onerror = (e) => {
      e.preventDefault();
      if (this.heard) return this.stop(new PaneError('read-failed', e.message || 'worker failed'));
      // The worker never started: do the same work in the page, from the file the page kept.
      this.worker?.terminate();
      this.worker = null;
      this.fallback = new ThreadClient();
      const waiting = [...this.pending.values()];
      this.pending.clear();
      const restore = this.opened ? this.fallback.call('open', { bytes: this.opened.bytes, name: this.opened.name }) : Promise.resolve();
      const checked = this.checkedWith;
      void restore
        .then(() => (checked ? this.fallback!.call('check', checked) : undefined))
        .catch(() => undefined)
        .then(() => waiting.forEach((p) => p.inPage?.()));
    };
    this.worker = w;
    // A new worker after a cancel: the open file and its check again, quietly, before anything else.
    if (this.opened) {
      const copy = this.opened.bytes.slice();
      w.postMessage({ id: ++this.seq, op: 'open', args: { bytes: copy, name: this.opened.name } } satisfies Request, [copy.buffer]);
      if (this.checkedWith) w.postMessage({ id: ++this.seq, op: 'check', args: this.checkedWith } satisfies Request);
    }
    return w;
  }

  /** Terminates the worker; every call waiting on it fails with `error`. */
  private stop(error: PaneError): void {
    this.worker?.terminate();
    this.worker = null;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(error);
  }

  call<K extends Op>(op: K, args: Ops[K]['args'], options: CallOptions = {}): Promise<Ops[K]['result']> {
    const { signal, onProgress } = options;
    if (signal?.aborted) return Promise.reject(new PaneError('cancelled'));
    if (this.fallback) return this.remember(op, args, this.fallback.call(op, args, options));
    const w = this.ensure();
    const id = ++this.seq;
    let sent: Ops[K]['args'] = args;
    const transfer: Transferable[] = [];
    if (op === 'open' || op === 'read') {
      // A copy goes over: the page keeps the file to open it again after a cancel.
      const a = args as Ops['open' | 'read']['args'];
      const copy = a.bytes.slice();
      sent = { ...a, bytes: copy } as Ops[K]['args'];
      transfer.push(copy.buffer);
    }
    const answer = new Promise<Ops[K]['result']>((resolve, reject) => {
      const inPage = () => this.fallback!.call(op, args, options).then(resolve, reject);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress, inPage });
      signal?.addEventListener('abort', () => {
        if (this.pending.has(id)) this.stop(new PaneError('cancelled'));
      });
      w.postMessage({ id, op, args: sent } as Request, transfer);
    });
    return this.remember(op, args, answer);
  }

  /** What a new worker (or the page) must open and check again to hold what this one held. */
  private remember<K extends Op>(op: K, args: Ops[K]['args'], answer: Promise<Ops[K]['result']>): Promise<Ops[K]['result']> {
    return answer.then((value) => {
      if (op === 'open') {
        const a = args as Ops['open']['args'];
        this.opened = { bytes: a.bytes, name: a.name };
        this.checkedWith = null;
      } else if (op === 'check') this.checkedWith = args as Ops['check']['args'];
      return value;
    });
  }

  dispose(): void {
    this.stop(new PaneError('cancelled'));
  }
}

/** A worker where the page can have one, else the in-page fallback. */
export async function createWorkerClient(): Promise<WorkerClient> {
  if (typeof Worker === 'undefined') return new ThreadClient();
  try {
    const { spawnPageWorker } = await import(/* webpackMode: "eager" */ './spawn');
    // Started with the first file, not with the page: the page stays small; offline, the fallback takes over.
    return new WebWorkerClient(spawnPageWorker);
  } catch {
    return new ThreadClient();
  }
}
