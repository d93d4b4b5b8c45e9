// The page's side of the transformers.js worker: requests with ids, streamed events, cancellation
// by message and crash handling, over a Web Worker or (in Node tests) an in-thread endpoint.
import { TransformersAbortError, TransformersWorkerError, errorFromWire } from './errors';
import { listenToWorker, RpcChannel } from '../../workers/rpc';
import type {
  EnvOptions,
  RequestBody,
  RequestType,
  ResultMap,
  WorkerEvent,
  WorkerRequest,
  WorkerResponse,
} from './protocol';

/** Provider id of this engine. */
export const TRANSFORMERS_PROVIDER_ID = 'transformers';

/** A message channel to a RunnerHost: a Web Worker, or the in-thread twin used in Node tests. */
export interface Endpoint {
  post(message: WorkerRequest): void;
  /** Register the two callbacks; called once, right after the endpoint is created. */
  listen(onMessage: (message: WorkerResponse) => void, onFailure: (reason: string) => void): void;
  terminate(): void;
}

/** Create the module worker; Vite bundles it (and transformers.js) as a separate chunk. */
export function createTransformersWorker(): Worker {
  return new Worker(new URL('./transformers.worker.ts', import.meta.url), {
    type: 'module',
    name: 'transformers',
  });
}

/** Wrap a Worker as an Endpoint. */
export function workerEndpoint(worker: Worker): Endpoint {
  return {
    post: (message) => worker.postMessage(message),
    listen(onMessage, onFailure) {
      listenToWorker(
        worker,
        { onMessage, onCrash: onFailure },
        'the worker script could not be loaded',
      );
    },
    terminate: () => worker.terminate(),
  };
}

/** Environment for the deployed app: models from the Hugging Face Hub, kept in Cache Storage. */
export const PRODUCTION_ENV: EnvOptions = {
  allowRemoteModels: true,
  allowLocalModels: false,
  useBrowserCache: true,
};

/** Options of a client. */
export interface ClientOptions {
  /** Makes the endpoint on first use; defaults to a new module worker. */
  createEndpoint?: () => Endpoint;
  /** Sent to the runner before any other request. */
  env?: EnvOptions;
}

/** Per-request options. */
export interface RequestOptions {
  signal?: AbortSignal;
  onEvent?: (event: WorkerEvent) => void;
}

/**
 * Request/response client: ids, events, cancellation by message, and failure handling. The
 * endpoint (worker) starts lazily on the first request and is recreated after a crash.
 */
export class TransformersWorkerClient {
  readonly #channel: RpcChannel<WorkerRequest, WorkerResponse>;

  /** @param options endpoint factory and runner environment */
  constructor(options: ClientOptions = {}) {
    const createEndpoint =
      options.createEndpoint ?? (() => workerEndpoint(createTransformersWorker()));
    const env: EnvOptions = { ...PRODUCTION_ENV, ...options.env };
    this.#channel = new RpcChannel<WorkerRequest, WorkerResponse>(
      (handlers) => {
        let endpoint: Endpoint;
        try {
          endpoint = createEndpoint();
        } catch (err) {
          throw new TransformersWorkerError(err instanceof Error ? err.message : String(err));
        }
        endpoint.listen(handlers.onMessage, handlers.onCrash);
        return { post: (message) => endpoint.post(message), terminate: () => endpoint.terminate() };
      },
      {
        crashError: (reason) => new TransformersWorkerError(reason),
        // The runner applies the environment before anything else arrives.
        onStart: (post) => post({ type: 'configure', env }),
      },
    );
  }

  /** Whether the endpoint (worker) has been started. */
  get started(): boolean {
    return this.#channel.running;
  }

  /** Requests still waiting for an answer. */
  get pendingCount(): number {
    return this.#channel.pendingCount;
  }

  /** Send one request and wait for its result; rejects at once when `signal` aborts. */
  request<K extends RequestType>(
    body: Extract<RequestBody, { type: K }>,
    options: RequestOptions = {},
  ): Promise<ResultMap[K]> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new TransformersAbortError());
    return new Promise<ResultMap[K]>((resolve, reject) => {
      let id = 0;
      const onAbort = (): void => {
        if (!this.#channel.forget(id)) return;
        this.#channel.notify({ type: 'abort', target: id });
        reject(new TransformersAbortError());
      };
      const cleanup = (): void => signal?.removeEventListener('abort', onAbort);
      try {
        id = this.#channel.send(body, {
          take: (message) => {
            if (message.type === 'result') {
              cleanup();
              resolve(message.result as ResultMap[K]);
              return true;
            }
            if (message.type === 'error') {
              cleanup();
              reject(errorFromWire(message.error));
              return true;
            }
            options.onEvent?.(message);
            return false;
          },
          fail: (error) => {
            cleanup();
            reject(error);
          },
        });
      } catch (err) {
        reject(err);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stop the worker; pending requests fail, and the next request starts a fresh one. */
  terminate(): void {
    if (this.#channel.running) {
      this.#channel.terminate(new TransformersWorkerError('the worker was stopped'));
    }
  }
}

let shared: TransformersWorkerClient | undefined;

/** The app-wide client: one worker shared by the chat and embedding engines. */
export function getSharedTransformersClient(): TransformersWorkerClient {
  shared ??= new TransformersWorkerClient();
  return shared;
}
