// The page's side of the bundle worker: sends a bundle file's bytes and assembles the bundle from
// the slices it answers with. Without Worker support (tests in jsdom) the reader runs in-thread.
import type { RunBundle } from '../bundle/schema';
import type { RunSummary } from '../pipeline/results';
import {
  BundleAssembler,
  type BundleNextRequest,
  type BundleReadMessage,
  type BundleReadRequest,
  type BundleReadResponse,
} from './bundle-protocol';

/** A bundle read and validated, with its summary. */
export interface ReadBundle {
  bundle: RunBundle;
  summary: RunSummary;
}

interface Pending {
  assembler: BundleAssembler;
  resolve: (value: ReadBundle) => void;
  reject: (reason: Error) => void;
}

/** Reads run bundles in a Web Worker, several at a time, answers matched by id. */
export class BundleReader {
  #worker: Worker | null = null;
  #next = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #useWorker: boolean;

  /** @param useWorker run in a worker when the platform has one (default: when available) */
  constructor(useWorker = typeof Worker !== 'undefined') {
    this.#useWorker = useWorker;
  }

  /**
   * Reads a bundle (plain or gzipped JSON). Rejects with a BundleError naming the file and field
   * when it cannot be opened. The bytes are transferred: the caller's buffer becomes empty.
   */
  read(fileName: string, bytes: ArrayBuffer): Promise<ReadBundle> {
    return new Promise<ReadBundle>((resolve, reject) => {
      const assembler = new BundleAssembler();
      if (!this.#useWorker) {
        void import('./bundle-protocol').then(({ bundleMessages }) => {
          for (const m of bundleMessages({ fileName, bytes })) {
            if (settle({ assembler, resolve, reject }, m)) break;
          }
        });
        return;
      }
      const id = this.#next++;
      this.#pending.set(id, { assembler, resolve, reject });
      const request: BundleReadRequest = { type: 'read', id, fileName, bytes };
      this.#ensureWorker().postMessage(request, [bytes]);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./bundle.worker.ts', import.meta.url), {
      type: 'module',
      name: 'bundle',
    });
    worker.addEventListener('message', (event: MessageEvent<BundleReadResponse>) => {
      const { id, ...message } = event.data;
      const pending = this.#pending.get(id);
      if (pending === undefined) return;
      if (settle(pending, message)) this.#pending.delete(id);
      else {
        // Ask for the next slice only now: the page's own tasks run before it arrives.
        const next: BundleNextRequest = { type: 'next', id };
        worker.postMessage(next);
      }
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      this.#failAll(event.message || 'the bundle reader could not start');
    });
    this.#worker = worker;
    return worker;
  }

  #failAll(reason: string): void {
    for (const { reject } of this.#pending.values()) {
      reject(new Error(`The bundle could not be read: ${reason}. Reload the page and try again.`));
    }
    this.#pending.clear();
    this.#worker?.terminate();
    this.#worker = null;
  }

  /** Stops the worker; reads in progress fail, later reads start a new one. */
  dispose(): void {
    this.#failAll('the reader was closed');
  }
}

/** Feeds one message to a read; true when the read is settled. */
function settle(pending: Pending, message: BundleReadMessage): boolean {
  const outcome = pending.assembler.take(message);
  if (outcome === undefined) return false;
  if (outcome instanceof Error) pending.reject(outcome);
  else pending.resolve(outcome);
  return true;
}
