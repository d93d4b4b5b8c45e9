// Main-thread side of the WebLLM worker protocol: request ids, replies, progress and chunk routing.
// WorkerChatBackend makes the worker look like WebLLM's engine, so WebLlmEngine works unchanged.
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@mlc-ai/web-llm';
import type { WebLlmChatBackend } from './engine';
import { WebLlmWorkerCrashedError } from './errors';
import type { InitProgressReportLike } from './progress';
import {
  deserializeError,
  type ReplyingRequestType,
  type WorkerRequest,
  type WorkerRequestBody,
  type WorkerResponse,
  type WorkerResultMap,
} from './protocol';

/** A connection to a worker: send requests, kill it. */
export interface WorkerPort {
  post(message: WorkerRequest): void;
  terminate(): void;
}

/** What a port reports back. */
export interface WorkerPortHandlers {
  onMessage(message: WorkerResponse): void;
  /** The worker died or its script failed; `detail` is shown to the user. */
  onCrash(detail: string): void;
}

/** Opens a port; the default one starts the module worker. */
export type WorkerPortFactory = (handlers: WorkerPortHandlers) => WorkerPort;

/** Per-request callbacks for the replies that come before the result. */
export interface RequestHooks {
  /** Called synchronously with the request's id, e.g. to abort it later. */
  onSent?(id: number): void;
  onProgress?(report: InitProgressReportLike): void;
  onChunk?(chunk: ChatCompletionChunk): void;
}

interface Pending extends RequestHooks {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Starts the real WebLLM module worker. Vite bundles the worker (and WebLLM with it) as its own
 * file, fetched only when this runs.
 * @param handlers where replies and crashes go
 */
export function createModuleWorkerPort(handlers: WorkerPortHandlers): WorkerPort {
  const worker = new Worker(new URL('./webllm.worker.ts', import.meta.url), {
    type: 'module',
    name: 'webllm',
  });
  worker.onmessage = (event: MessageEvent<WorkerResponse>) => handlers.onMessage(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    handlers.onCrash(event.message || 'its script could not be loaded');
  };
  worker.onmessageerror = () => handlers.onCrash('a reply could not be decoded');
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
}

/** Request/reply bookkeeping over one worker, started lazily and restartable after `terminate`. */
export class WebLlmWorkerClient {
  private port: WorkerPort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** @param createPort opens the worker connection (default: the real module worker) */
  constructor(private readonly createPort: WorkerPortFactory = createModuleWorkerPort) {}

  /** Whether a worker is currently running. */
  get running(): boolean {
    return this.port !== null;
  }

  /**
   * Sends a request and resolves with its typed result (starting the worker if needed).
   * @param body the request without its id
   * @param hooks progress/chunk callbacks
   */
  request<T extends WorkerRequestBody & { type: ReplyingRequestType }>(
    body: T,
    hooks: RequestHooks = {},
  ): Promise<WorkerResultMap[T['type']]> {
    const id = this.nextId++;
    return new Promise<WorkerResultMap[T['type']]>((resolve, reject) => {
      this.pending.set(id, {
        ...hooks,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      try {
        this.ensurePort().post({ ...body, id } as WorkerRequest);
        hooks.onSent?.(id);
      } catch (err) {
        this.pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /**
   * Asks the worker to interrupt chat request `target` (fire-and-forget).
   * @param target the chat request's id
   */
  abortChat(target: number): void {
    this.port?.post({ type: 'abort', id: this.nextId++, target });
  }

  /**
   * Kills the worker and rejects every pending request with `reason`; the next request starts
   * a fresh worker. Terminating is the only way to stop a download in progress.
   * @param reason the error pending callers receive
   */
  terminate(reason: Error): void {
    this.port?.terminate();
    this.port = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) entry.reject(reason);
  }

  private ensurePort(): WorkerPort {
    if (!this.port) {
      const port = this.createPort({
        onMessage: (message) => {
          if (this.port === port) this.receive(message);
        },
        onCrash: (detail) => {
          if (this.port === port) this.terminate(new WebLlmWorkerCrashedError(detail));
        },
      });
      this.port = port;
    }
    return this.port;
  }

  private receive(message: WorkerResponse): void {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    switch (message.type) {
      case 'progress':
        entry.onProgress?.(message.report);
        return;
      case 'chunk':
        entry.onChunk?.(message.chunk);
        return;
      case 'result':
        this.pending.delete(message.id);
        entry.resolve(message.value);
        return;
      case 'error':
        this.pending.delete(message.id);
        entry.reject(deserializeError(message.error));
        return;
    }
  }
}

/** An async iterable fed by pushes: the worker's chunks, ended by its result or error. */
class ChunkQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiter: { resolve(r: IteratorResult<T>): void; reject(e: Error): void } | null = null;
  private ended = false;
  private error: Error | null = null;

  push(item: T): void {
    if (this.waiter) {
      this.waiter.resolve({ value: item, done: false });
      this.waiter = null;
    } else {
      this.items.push(item);
    }
  }

  end(error?: Error): void {
    this.ended = true;
    this.error = error ?? null;
    if (this.waiter) {
      if (error) this.waiter.reject(error);
      else this.waiter.resolve({ value: undefined, done: true });
      this.waiter = null;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.error) return Promise.reject(this.error);
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
    };
  }
}

/** WebLLM's chat API, answered by the worker. */
export class WorkerChatBackend implements WebLlmChatBackend {
  private readonly running = new Set<number>();
  readonly chat: WebLlmChatBackend['chat'];

  /** @param client the worker client holding the loaded model */
  constructor(private readonly client: WebLlmWorkerClient) {
    this.chat = { completions: { create: (request) => this.create(request) } };
  }

  /** Interrupts every chat this backend has running in the worker. */
  interruptGenerate(): void {
    for (const id of this.running) this.client.abortChat(id);
  }

  private create(
    request: ChatCompletionRequest,
  ): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>> {
    let id = -1;
    const onSent = (sent: number): void => {
      id = sent;
      this.running.add(sent);
    };
    if (!request.stream) {
      return this.client
        .request({ type: 'chat', request }, { onSent })
        .then((value) => {
          if (!value) throw new Error('The WebLLM worker sent no completion.');
          return value;
        })
        .finally(() => this.running.delete(id));
    }
    const queue = new ChunkQueue<ChatCompletionChunk>();
    this.client
      .request({ type: 'chat', request }, { onSent, onChunk: (chunk) => queue.push(chunk) })
      .then(
        () => queue.end(),
        (err: Error) => queue.end(err),
      )
      .finally(() => this.running.delete(id));
    return Promise.resolve(queue);
  }
}
