// What every cloud engine needs to reach its provider: base URL, name, retry policy, the
// provider's concurrency limit, and a fresh SDK client per attempt (with http.ts's fetch).
import type { ServerKind } from '../errors';
import { resolvePolicy, type CloudEngineConfig } from './common';
import {
  limiterFor,
  runWithRetry,
  type AttemptContext,
  type CallSite,
  type RetryPolicy,
  type RunOptions,
} from './http';

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
}
