// The one request/response helper every worker client uses (transformers.js, WebLLM, import,
// bundle): ids, pending answers, lazy start, crash handling, transfer lists, one error format.

/** An error as it crosses a worker boundary (class instances do not survive structured cloning). */
export interface WireError {
  name: string;
  message: string;
  /** The failure's kind where a protocol tells kinds apart (transformers.js: load, device...). */
  kind?: string;
}

/**
 * Reduces a thrown value to name + message for postMessage.
 * @param err anything thrown
 */
export function toWireError(err: unknown): WireError {
  if (
    err instanceof Error ||
    (typeof DOMException !== 'undefined' && err instanceof DOMException)
  ) {
    return { name: err.name, message: err.message };
  }
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const record = err as { name?: unknown; message?: unknown };
    return {
      name: typeof record.name === 'string' ? record.name : 'Error',
      message: String(record.message),
    };
  }
  return { name: 'Error', message: String(err) };
}

/**
 * Rebuilds an Error with the original name, so the page can match it by name.
 * @param error the error as it came over the wire
 */
export function fromWireError(error: WireError): Error {
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

/** A connection to a worker: send messages (with transferred buffers), kill it. */
export interface RpcPort<Req> {
  post(message: Req, transfer?: Transferable[]): void;
  terminate(): void;
}

/** What a port reports back. */
export interface RpcPortHandlers<Res> {
  onMessage(message: Res): void;
  /** The worker died or its script failed; `detail` is shown to the user. */
  onCrash(detail: string): void;
}

/** Opens a port (a Web Worker, or an in-process double in tests). */
export type RpcPortFactory<Req, Res> = (handlers: RpcPortHandlers<Res>) => RpcPort<Req>;

/**
 * Routes a Web Worker's replies and failures to `handlers`.
 * @param worker the worker
 * @param handlers where replies and crashes go
 * @param startFailure the crash text when the worker's error event has no message
 */
export function listenToWorker<Res>(
  worker: Worker,
  handlers: RpcPortHandlers<Res>,
  startFailure: string,
): void {
  worker.addEventListener('message', (event: MessageEvent<Res>) => handlers.onMessage(event.data));
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    handlers.onCrash(event.message || startFailure);
  });
  worker.addEventListener('messageerror', () => handlers.onCrash('a reply could not be decoded'));
}

/**
 * A port factory over a Web Worker made by `create`.
 * @param create starts the worker (`new Worker(new URL(...), { type: 'module' })`)
 * @param startFailure the crash text when the worker's error event has no message
 */
export function workerPortFactory<Req, Res>(
  create: () => Worker,
  startFailure: string,
): RpcPortFactory<Req, Res> {
  return (handlers) => {
    const worker = create();
    listenToWorker(worker, handlers, startFailure);
    return {
      post: (message, transfer = []) => worker.postMessage(message, transfer),
      terminate: () => worker.terminate(),
    };
  };
}

/** What one request does with the messages that answer it. */
export interface RpcReceiver<Res> {
  /** Takes one message for this request; returns true once the request is settled. */
  take(message: Res): boolean;
  /** The worker stopped or crashed before the request settled. */
  fail(error: Error): void;
}

/** A message without its id, as callers build it. */
export type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Options of a channel. */
export interface RpcChannelOptions<Req> {
  /** The error pending requests get when the worker crashes. */
  crashError(detail: string): Error;
  /** Sent first on every new port (e.g. the worker's environment), before any request. */
  onStart?(post: (body: WithoutId<Req>) => void): void;
}

/**
 * Request/answer bookkeeping over one worker, started on first use and restartable after
 * `terminate`. Answers carry the request's `id`; each request's receiver decides when it is done.
 */
export class RpcChannel<Req extends { id: number }, Res extends { id: number }> {
  #port: RpcPort<Req> | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, RpcReceiver<Res>>();
  readonly #createPort: RpcPortFactory<Req, Res>;
  readonly #options: RpcChannelOptions<Req>;

  /**
   * @param createPort opens the worker connection
   * @param options crash error and start message
   */
  constructor(createPort: RpcPortFactory<Req, Res>, options: RpcChannelOptions<Req>) {
    this.#createPort = createPort;
    this.#options = options;
  }

  /** Whether a worker is running. */
  get running(): boolean {
    return this.#port !== null;
  }

  /** Requests still waiting for their answer. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * Sends a request (starting the worker if needed) and routes its answers to `receiver`.
   * Throws when the worker cannot be started; nothing is pending then.
   * @param body the request without its id
   * @param receiver takes the answers
   * @param transfer buffers moved to the worker, not copied
   * @returns the request's id
   */
  send(body: WithoutId<Req>, receiver: RpcReceiver<Res>, transfer?: Transferable[]): number {
    const port = this.#ensurePort();
    const id = this.#nextId++;
    this.#pending.set(id, receiver);
    try {
      port.post({ ...body, id } as unknown as Req, transfer);
    } catch (err) {
      this.#pending.delete(id);
      throw err;
    }
    return id;
  }

  /**
   * Sends a message that gets no answer of its own (an abort, a request for the next slice)
   * when a worker is running.
   * @param body the message; without an id it gets a fresh one
   */
  notify(body: WithoutId<Req> | Req): void {
    const message = ('id' in body ? body : { ...body, id: this.#nextId++ }) as Req;
    this.#port?.post(message);
  }

  /**
   * Stops routing answers of request `id` (it was cancelled).
   * @returns whether it was still pending
   */
  forget(id: number): boolean {
    return this.#pending.delete(id);
  }

  /**
   * Kills the worker and fails every pending request with `error`; the next request starts a
   * fresh worker.
   * @param error what pending requests receive
   */
  terminate(error: Error): void {
    this.#port?.terminate();
    this.#port = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const receiver of pending) receiver.fail(error);
  }

  #ensurePort(): RpcPort<Req> {
    if (this.#port) return this.#port;
    const port: RpcPort<Req> = this.#createPort({
      onMessage: (message) => {
        if (this.#port !== port) return;
        const receiver = this.#pending.get(message.id);
        if (receiver?.take(message)) this.#pending.delete(message.id);
      },
      onCrash: (detail) => {
        if (this.#port === port) this.terminate(this.#options.crashError(detail));
      },
    });
    this.#port = port;
    // Ordered delivery: the worker sees the start message before any request.
    this.#options.onStart?.((body) => port.post({ ...body, id: this.#nextId++ } as unknown as Req));
    return port;
  }
}
