// Main-thread side of the WebLLM worker protocol: request ids, replies, progress and chunk routing.
// WorkerChatBackend makes the worker look like WebLLM's engine, so WebLlmEngine works unchanged.
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '@mlc-ai/web-llm';
import type { WebLlmChatBackend } from './engine';
import { WebLlmWorkerCrashedError } from './errors';
import type { InitProgressReportLike } from './progress';
import {
  RpcChannel,
  workerPortFactory,
  type RpcPort,
  type RpcPortFactory,
  type RpcPortHandlers,
} from '../../workers/rpc';
import {
  deserializeError,
  type ReplyingRequestType,
  type WorkerRequest,
  type WorkerRequestBody,
  type WorkerResponse,
  type WorkerResultMap,
} from './protocol';

/** A connection to a worker: send requests, kill it. */
export type WorkerPort = RpcPort<WorkerRequest>;

/** What a port reports back. */
export type WorkerPortHandlers = RpcPortHandlers<WorkerResponse>;

/** Opens a port; the default one starts the module worker. */
export type WorkerPortFactory = RpcPortFactory<WorkerRequest, WorkerResponse>;

/** Per-request callbacks for the replies that come before the result. */
export interface RequestHooks {
  /** Called synchronously with the request's id, e.g. to abort it later. */
  onSent?(id: number): void;
  onProgress?(report: InitProgressReportLike): void;
  onChunk?(chunk: ChatCompletionChunk): void;
}

/**
 * Starts the real WebLLM module worker. Vite bundles the worker (and WebLLM with it) as its own
 * file, fetched only when this runs.
 */
export const createModuleWorkerPort: WorkerPortFactory = workerPortFactory(
  () =>
    new Worker(new URL('./webllm.worker.ts', import.meta.url), {
      type: 'module',
      name: 'webllm',
    }),
  'its script could not be loaded',
);

/** Request/reply bookkeeping over one worker, started lazily and restartable after `terminate`. */
export class WebLlmWorkerClient {
  private readonly channel: RpcChannel<WorkerRequest, WorkerResponse>;

  /** @param createPort opens the worker connection (default: the real module worker) */
  constructor(createPort: WorkerPortFactory = createModuleWorkerPort) {
    this.channel = new RpcChannel(createPort, {
      crashError: (detail) => new WebLlmWorkerCrashedError(detail),
    });
  }

  /** Whether a worker is currently running. */
  get running(): boolean {
    return this.channel.running;
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
    return new Promise<WorkerResultMap[T['type']]>((resolve, reject) => {
      let id: number;
      try {
        id = this.channel.send(body, {
          take: (message) => {
            switch (message.type) {
              case 'progress':
                hooks.onProgress?.(message.report);
                return false;
              case 'chunk':
                hooks.onChunk?.(message.chunk);
                return false;
              case 'result':
                resolve(message.value as WorkerResultMap[T['type']]);
                return true;
              case 'error':
                reject(deserializeError(message.error));
                return true;
            }
          },
          fail: reject,
        });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      hooks.onSent?.(id);
    });
  }

  /**
   * Asks the worker to interrupt chat request `target` (fire-and-forget).
   * @param target the chat request's id
   */
  abortChat(target: number): void {
    this.channel.notify({ type: 'abort', target });
  }

  /**
   * Kills the worker and rejects every pending request with `reason`; the next request starts
   * a fresh worker. Terminating is the only way to stop a download in progress.
   * @param reason the error pending callers receive
   */
  terminate(reason: Error): void {
    this.channel.terminate(reason);
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
