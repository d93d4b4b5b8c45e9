// The page's side of the transformers.js worker: requests with ids, streamed events, cancellation
// by message and crash handling, over a Web Worker or (in Node tests) an in-thread endpoint.
import { TransformersAbortError, TransformersWorkerError, errorFromWire } from './errors';
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
      worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) =>
        onMessage(event.data),
      );
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault();
        onFailure(event.message || 'the worker script could not be loaded');
      });
      worker.addEventListener('messageerror', () => onFailure('a reply could not be decoded'));
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

interface Pending {
  request: RequestType;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  onEvent?: (event: WorkerEvent) => void;
  cleanup: () => void;
}

/**
 * Request/response client: ids, events, cancellation by message, and failure handling. The
 * endpoint (worker) starts lazily on the first request and is recreated after a crash.
 */
export class TransformersWorkerClient {
  readonly #createEndpoint: () => Endpoint;
  readonly #env: EnvOptions;
  #endpoint: Endpoint | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  /** @param options endpoint factory and runner environment */
  constructor(options: ClientOptions = {}) {
    this.#createEndpoint =
      options.createEndpoint ?? (() => workerEndpoint(createTransformersWorker()));
    this.#env = { ...PRODUCTION_ENV, ...options.env };
  }

  /** Whether the endpoint (worker) has been started. */
  get started(): boolean {
    return this.#endpoint !== undefined;
  }

  /** Requests still waiting for an answer. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  #ensureEndpoint(): Endpoint {
    if (this.#endpoint) return this.#endpoint;
    let endpoint: Endpoint;
    try {
      endpoint = this.#createEndpoint();
    } catch (err) {
      throw new TransformersWorkerError(err instanceof Error ? err.message : String(err));
    }
    endpoint.listen(
      (message) => this.#receive(message),
      (reason) => this.#fail(endpoint, reason),
    );
    this.#endpoint = endpoint;
    // Ordered delivery: the runner applies the environment before anything else arrives.
    endpoint.post({ type: 'configure', id: this.#nextId++, env: this.#env });
    return endpoint;
  }

  #receive(message: WorkerResponse): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return; // configure replies, and answers to requests cancelled meanwhile
    if (message.type === 'result') {
      this.#pending.delete(message.id);
      pending.cleanup();
      pending.resolve(message.result);
    } else if (message.type === 'error') {
      this.#pending.delete(message.id);
      pending.cleanup();
      pending.reject(errorFromWire(message.error));
    } else {
      pending.onEvent?.(message);
    }
  }

  #fail(endpoint: Endpoint, reason: string): void {
    if (this.#endpoint !== endpoint) return;
    this.#endpoint = undefined;
    endpoint.terminate();
    const error = new TransformersWorkerError(reason);
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.cleanup();
      pending.reject(error);
    }
  }

  /** Send one request and wait for its result; rejects at once when `signal` aborts. */
  request<K extends RequestType>(
    body: Extract<RequestBody, { type: K }>,
    options: RequestOptions = {},
  ): Promise<ResultMap[K]> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new TransformersAbortError());
    let endpoint: Endpoint;
    try {
      endpoint = this.#ensureEndpoint();
    } catch (err) {
      return Promise.reject(err);
    }
    const id = this.#nextId++;
    return new Promise<ResultMap[K]>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.#pending.delete(id)) return;
        endpoint.post({ type: 'abort', id: this.#nextId++, target: id });
        reject(new TransformersAbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        request: body.type,
        resolve: resolve as (value: unknown) => void,
        reject,
        onEvent: options.onEvent,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      endpoint.post({ ...body, id } as WorkerRequest);
    });
  }

  /** Stop the worker; pending requests fail, and the next request starts a fresh one. */
  terminate(): void {
    const endpoint = this.#endpoint;
    if (endpoint) this.#fail(endpoint, 'the worker was stopped');
  }
}

let shared: TransformersWorkerClient | undefined;

/** The app-wide client: one worker shared by the chat and embedding engines. */
export function getSharedTransformersClient(): TransformersWorkerClient {
  shared ??= new TransformersWorkerClient();
  return shared;
}
