// An Endpoint that runs the worker's logic on the calling thread, for Node tests and hosts
// without Workers. Messages are structured-cloned, so anything that would not survive
// postMessage fails here too.
import type { Endpoint } from '../client';
import { RunnerHost } from '../host';
import type { WorkerRequest, WorkerResponse } from '../protocol';
import { TransformersRunner, type RunnerOptions } from '../runner';

/** Create an in-thread endpoint around a runner (a fresh one by default). */
export function inThreadEndpoint(runner: TransformersRunner | RunnerOptions = {}): Endpoint {
  const actual = runner instanceof TransformersRunner ? runner : new TransformersRunner(runner);
  let deliver: ((message: WorkerResponse) => void) | undefined;
  let closed = false;
  const host = new RunnerHost(actual, (message, transfer) => {
    if (closed) return;
    const copy = structuredClone(message, { transfer });
    // Asynchronous like a real worker, so callers never depend on synchronous replies.
    setTimeout(() => {
      if (!closed) deliver?.(copy);
    }, 0);
  });
  return {
    post(message: WorkerRequest) {
      if (closed) return;
      const copy = structuredClone(message);
      setTimeout(() => host.handle(copy), 0);
    },
    listen(onMessage) {
      deliver = onMessage;
    },
    terminate() {
      closed = true;
      void actual.dispose();
    },
  };
}
