// The browser page's worker: one WorkbookSession per worker, driven by the
// page's requests (./protocol.ts). Cancelling terminates the worker; the page
// starts a new one and opens its file again when it needs it.
import { handleRequest, type Request, type Response } from './protocol';
import { WorkbookSession } from './session';

interface WorkerScope {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(message: Response, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const session = new WorkbookSession();
// One request at a time, in the order sent: a check waits for the open before it.
let tail: Promise<void> = Promise.resolve();
/** Requests received and not started: a warm-up gives way to them. */
let queued = 0;
scope.onmessage = (e) => {
  const req = e.data;
  queued++;
  tail = tail.then(() => {
    queued--;
    return handleRequest(session, req, (message, transfer) => scope.postMessage(message, transfer ?? []), undefined, () => queued > 0);
  });
};
