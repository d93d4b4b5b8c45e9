// Dispatches protocol messages to a TransformersRunner and posts events and results back.
// The worker wraps it around postMessage; the in-thread endpoint around a local callback.
import { TransformersRequestError, errorToWire } from './errors';
import type { RequestType, ResultMap, WorkerRequest, WorkerResponse } from './protocol';
import type { TransformersRunner } from './runner';

/** Sends one response; `transfer` lists buffers to move rather than copy. */
export type PostResponse = (message: WorkerResponse, transfer: Transferable[]) => void;

/** Runs requests as they arrive and answers each with exactly one result or error. */
export class RunnerHost {
  readonly #runner: TransformersRunner;
  readonly #post: PostResponse;
  readonly #running = new Map<number, AbortController>();

  /**
   * @param runner does the work
   * @param post delivers responses to the client
   */
  constructor(runner: TransformersRunner, post: PostResponse) {
    this.#runner = runner;
    this.#post = post;
  }

  /** Handle one incoming message. Never throws: failures become `error` responses. */
  handle(message: WorkerRequest): void {
    if (message.type === 'abort') {
      this.#running.get(message.target)?.abort();
      return;
    }
    const controller = new AbortController();
    this.#running.set(message.id, controller);
    this.#run(message, controller.signal)
      .then(
        ({ response, transfer }) => this.#post(response, transfer),
        (err: unknown) =>
          this.#post({ type: 'error', id: message.id, error: errorToWire(err) }, []),
      )
      .finally(() => this.#running.delete(message.id));
  }

  async #run(
    message: Exclude<WorkerRequest, { type: 'abort' }>,
    signal: AbortSignal,
  ): Promise<{ response: WorkerResponse; transfer: Transferable[] }> {
    const { id } = message;
    const result = <K extends RequestType>(request: K, value: ResultMap[K]) =>
      ({ type: 'result', id, request, result: value }) as WorkerResponse;
    switch (message.type) {
      case 'configure':
        this.#runner.configure(message.env);
        return { response: result('configure', null), transfer: [] };
      case 'load': {
        const info = await this.#runner.load(
          message.spec,
          (progress) => this.#post({ type: 'progress', id, progress }, []),
          signal,
        );
        return { response: result('load', info), transfer: [] };
      }
      case 'generate': {
        const out = await this.#runner.generate(message.params, {
          signal,
          onToken: (delta) => this.#post({ type: 'token', id, delta }, []),
        });
        return { response: result('generate', out), transfer: [] };
      }
      case 'embed': {
        const out = await this.#runner.embed(message.params, {
          signal,
          onProgress: (done, total) => this.#post({ type: 'embed-progress', id, done, total }, []),
        });
        return {
          response: result('embed', out),
          transfer: out.vectors.map((v) => v.buffer as ArrayBuffer),
        };
      }
      case 'dispose':
        await this.#runner.dispose(message.spec);
        return { response: result('dispose', null), transfer: [] };
      default:
        throw new TransformersRequestError(
          `Unknown request type: ${(message as { type: string }).type}`,
        );
    }
  }
}
