// What every cloud engine needs to reach its provider: base URL, name, retry policy, the
// provider's concurrency limit, and a fresh SDK client per attempt (with http.ts's fetch).
import type { ServerKind } from '../errors';
import type { EmbedOptions } from '../types';
import { resolvePolicy, type CloudEngineConfig } from './common';
import {
  limiterFor,
  malformed,
  runWithRetry,
  type AttemptContext,
  type CallSite,
  type RetryPolicy,
  type RunOptions,
} from './http';
import { embedInBatches, normalizeVector } from './vectors';

/** A provider's defaults, used where the config leaves a field out. */
export interface ConnectionDefaults {
  baseUrl: string;
  label: string;
  serverKind: ServerKind;
  maxConcurrency: number;
}

/** Shared plumbing of a provider's chat and embedding engines; `client` builds its SDK. */
export abstract class CloudConnection<
  Client,
  Config extends CloudEngineConfig = CloudEngineConfig,
> {
  readonly baseUrl: string;
  readonly label: string;
  readonly policy: RetryPolicy;
  readonly maxConcurrency: number;
  readonly serverKind: ServerKind;

  /**
   * @param config the engine's configuration
   * @param defaults the provider's defaults
   */
  constructor(
    readonly config: Config,
    defaults: ConnectionDefaults,
  ) {
    this.baseUrl = (config.baseUrl ?? defaults.baseUrl).replace(/\/+$/, '');
    this.label = config.label ?? defaults.label;
    this.policy = resolvePolicy(config);
    this.maxConcurrency = config.maxConcurrency ?? defaults.maxConcurrency;
    this.serverKind = defaults.serverKind;
  }

  /** Where a call goes, for error messages (the key only as a secret to redact). */
  site(model?: string): CallSite {
    return {
      providerId: this.config.providerId,
      provider: this.label,
      serverKind: this.serverKind,
      baseUrl: this.baseUrl,
      model,
      secrets: [this.config.apiKey],
    };
  }

  /** The retry policy, cancel signal and the provider's concurrency limit of one call. */
  runOptions(signal?: AbortSignal): RunOptions {
    return {
      policy: this.policy,
      signal,
      limiter: limiterFor(this.config.providerId, this.maxConcurrency),
      fetch: this.config.fetch,
      probe: this.config.probe,
    };
  }

  /** The SDK client of one attempt (its fetch is http.ts's recording wrapper). */
  abstract client(ctx: AttemptContext): Client;

  /**
   * One exchange with the SDK under the shared retry policy.
   * @param model the model, for messages
   * @param signal cancels the call
   * @param op the SDK call
   */
  run<T>(
    model: string | undefined,
    signal: AbortSignal | undefined,
    op: (client: Client, ctx: AttemptContext) => Promise<T>,
  ): Promise<T> {
    return runWithRetry(
      this.site(model),
      (ctx) => op(this.client(ctx), ctx),
      this.runOptions(signal),
    );
  }

  /**
   * Embeds `texts` in batches, each batch one exchange under the retry policy. `op` returns the
   * batch's vectors in input order; each is checked (one per text, a number list) and
   * L2-normalised here.
   * @param model the embedding model
   * @param texts the texts
   * @param batchSize texts per request
   * @param options cancel signal and progress
   * @param badVector what to call a vector that is not a number list
   * @param op the SDK call of one batch
   */
  embed(
    model: string,
    texts: readonly string[],
    batchSize: number,
    options: EmbedOptions,
    badVector: string,
    op: (
      client: Client,
      batch: string[],
      ctx: AttemptContext,
    ) => Promise<readonly unknown[] | undefined>,
  ): Promise<Float32Array[]> {
    const site = this.site(model);
    return embedInBatches(
      texts,
      batchSize,
      (batch) =>
        this.run(model, options.signal, async (client, ctx) => {
          const vectors = await op(client, batch, ctx);
          if (!Array.isArray(vectors) || vectors.length !== batch.length) {
            throw malformed(site, `${vectors?.length ?? 0} embeddings for ${batch.length} texts`);
          }
          return vectors.map((v: unknown) => {
            if (!Array.isArray(v)) throw malformed(site, badVector);
            return normalizeVector(v as number[]);
          });
        }),
      options.onProgress,
    );
  }
}
