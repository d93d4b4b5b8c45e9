// The page's side of the bundle worker: sends a bundle or pack file's bytes and assembles the
// bundle from the slices it answers with (a pack comes back in one message).
// Without Worker support (tests in jsdom) the reader runs in-thread.
import type { WorkshopPack } from '../bundle/pack';
import type { RunBundle } from '../bundle/schema';
import type { RunSummary } from '../pipeline/results';
import {
  BundleAssembler,
  errorOf,
  type BundleReadMessage,
  type BundleReadRequest,
  type BundleReadResponse,
  type BundleWorkerRequest,
  type PackReadRequest,
} from './bundle-protocol';
import { RpcChannel, workerPortFactory } from './rpc';

/** The bytes as an ArrayBuffer of their own, which can be transferred to a worker. */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? bytes.buffer : bytes.slice().buffer;
}

/** A bundle read and validated, with its summary. */
export interface ReadBundle {
  bundle: RunBundle;
  summary: RunSummary;
}

/** A read in progress: takes its answer's messages; true once settled. */
type Pending = (message: BundleReadMessage) => boolean;

/** Reads run bundles in a Web Worker, several at a time, answers matched by id. */
export class BundleReader {
  readonly #channel = new RpcChannel<BundleWorkerRequest, BundleReadResponse>(
    workerPortFactory(
      () =>
        new Worker(new URL('./bundle.worker.ts', import.meta.url), {
          type: 'module',
          name: 'bundle',
        }),
      'the bundle reader could not start',
    ),
    { crashError: (detail) => new Error(detail) },
  );
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
      this.#start({ type: 'read', fileName, bytes }, (message) => {
        const outcome = assembler.take(message);
        if (outcome === undefined) return false;
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
        return true;
      });
    });
  }

  /**
   * Reads and validates a workshop pack (plain or gzipped JSON), its runs included. Rejects with
   * a BundleError naming the file and field. The bytes are transferred.
   */
  readPack(fileName: string, bytes: ArrayBuffer): Promise<WorkshopPack> {
    return new Promise<WorkshopPack>((resolve, reject) => {
      this.#start({ type: 'read-pack', fileName, bytes }, (message) => {
        if (message.type === 'pack') resolve(message.pack);
        else if (message.type === 'error') reject(errorOf(message.failure));
        else reject(new Error('The bundle reader answered a pack with a run bundle.'));
        return true;
      });
    });
  }

  #start(
    request: Omit<BundleReadRequest, 'id'> | Omit<PackReadRequest, 'id'>,
    pending: Pending,
  ): void {
    if (!this.#useWorker) {
      void import('./bundle-protocol').then(({ bundleMessages, packMessages }) => {
        const messages = request.type === 'read' ? bundleMessages(request) : packMessages(request);
        for (const m of messages) if (pending(m)) break;
      });
      return;
    }
    const failure = (reason: string): BundleReadMessage => ({
      type: 'error',
      failure: {
        fileName: 'The bundle',
        code: 'internal',
        reason: `the reader stopped (${reason}). Reload the page and try again.`,
      },
    });
    const id = this.#channel.send(
      request,
      {
        take: ({ id: _id, ...message }) => {
          if (pending(message)) return true;
          // Ask for the next slice only now: the page's own tasks run before it arrives.
          this.#channel.notify({ type: 'next', id });
          return false;
        },
        fail: (error) => void pending(failure(error.message)),
      },
      [request.bytes],
    );
  }

  /** Stops the worker; reads in progress fail, later reads start a new one. */
  dispose(): void {
    this.#channel.terminate(new Error('the reader was closed'));
  }
}
