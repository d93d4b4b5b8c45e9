// The one place that maps a provider kind to its engine adapter, each loaded on first use with
// `await import()` so the SDKs, WebLLM and transformers.js stay out of the entry chunk.
import type { PlaygroundDB } from '../storage/db';
import type { CloudProviderConfig } from './cloud/index';
import { redactSecrets } from './errors';
import { descriptorOf, type EngineFamily } from './kinds';
import {
  callsNeedKey,
  effectiveBaseUrl,
  PROVIDER_KIND_INFO,
  providerLocation,
  type ProviderConfig,
  type ProviderKind,
} from './providers';
import type {
  ChatBatchApi,
  ChatEngine,
  ChatRequest,
  ChatResult,
  EmbeddingEngine,
  EngineCapabilities,
  EngineLocation,
  FinishReason,
  LoadProgress,
  TokenUsage,
} from './types';
import { TRANSFORMERS_CHAT_MODELS } from './transformers/models';
import type { WebLlmModelManager } from './webllm/manager';

/** One finished chat call, for the usage ledger. */
export interface UsageEvent {
  engineId: string;
  providerId: string;
  model: string;
  /** Where the provider runs (local calls cost nothing). */
  location: EngineLocation;
  /** Token counts, or null when the provider did not report them. */
  usage: TokenUsage | null;
  latencyMs: number;
  /** Epoch ms when the call finished. */
  at: number;
  /** Answered through the provider's batch API (billed at the batch price). */
  batch?: boolean;
}

/** What the registry needs from the app to build engines. */
export interface EngineDeps {
  /** The provider's API key, read at engine creation; never stored by the registry. */
  getKey(providerId: string): string | undefined;
  /** Told after every successful chat call (tokens and latency). */
  onUsage?(event: UsageEvent): void;
  /** Download/cache-load progress of local models. */
  onLoadProgress?(progress: LoadProgress): void;
  /** The WebLLM manager (default: the app-wide one). */
  webllmManager?(): Promise<WebLlmModelManager>;
  /** Opens the app database; when given, embeddings are cached in IndexedDB. */
  embeddingCacheDb?(): Promise<PlaygroundDB>;
  /** Replaces fetch for cloud calls (tests, proxies). */
  fetch?: typeof fetch;
}

/** A provider cannot do what was asked (e.g. embeddings from Anthropic). */
export class UnsupportedEngineError extends Error {
  override name = 'UnsupportedEngineError';
}

/** A provider that needs a key has none. */
export class MissingApiKeyError extends Error {
  override name = 'MissingApiKeyError';
  /** @param label the provider's name */
  constructor(label: string) {
    super(
      `No API key for ${label}. Open Settings, choose Edit on ${label}, paste the key and save.`,
    );
  }
}

/** How one provider kind builds engines. */
interface Adapter {
  chat(config: ProviderConfig, model: string, deps: EngineDeps): Promise<ChatEngine>;
  embedding(config: ProviderConfig, model: string, deps: EngineDeps): Promise<EmbeddingEngine>;
  /** The model ids the provider offers, where it can list them. */
  listModels?(config: ProviderConfig, deps: EngineDeps, signal?: AbortSignal): Promise<string[]>;
}

let sharedWebLlm: Promise<WebLlmModelManager> | undefined;

/** The app-wide WebLLM manager (one worker, one loaded model), created on first use. */
export function getWebLlmManager(): Promise<WebLlmModelManager> {
  sharedWebLlm ??= import('./webllm/manager').then((m) => new m.WebLlmModelManager());
  sharedWebLlm.catch(() => (sharedWebLlm = undefined));
  return sharedWebLlm;
}

/**
 * The settings the cloud engines take, with the key looked up now. Throws MissingApiKeyError
 * when a key is required and none is stored, before any request leaves the browser.
 * @param config the stored provider
 * @param deps where the key comes from
 */
export function toCloudConfig(config: ProviderConfig, deps: EngineDeps): CloudProviderConfig {
  const apiKey = deps.getKey(config.id);
  // A provider the user gave a key never gets a keyless call (e.g. after a browser restart).
  if (!apiKey && callsNeedKey(config)) throw new MissingApiKeyError(config.label);
  const kind = descriptorOf(config.kind).cloudApi;
  if (kind === undefined) {
    throw new UnsupportedEngineError(`${config.label} is not a cloud provider.`);
  }
  return {
    kind,
    providerId: config.id,
    label: config.label,
    baseUrl: effectiveBaseUrl(config),
    ...(apiKey ? { apiKey } : {}),
    ...(config.kind === 'openai' ? { preset: 'openai' as const } : {}),
    ...(config.kind === 'openai-compatible' ? { preset: config.preset ?? 'custom' } : {}),
    ...(config.maxConcurrency !== undefined ? { maxConcurrency: config.maxConcurrency } : {}),
    ...(config.timeoutSeconds !== undefined
      ? { retry: { timeoutMs: Math.round(config.timeoutSeconds * 1000) } }
      : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  };
}

const cloudAdapter: Adapter = {
  async chat(config, model, deps) {
    const cloudConfig = toCloudConfig(config, deps);
    const cloud = await import('./cloud/index');
    return cloud.createCloudChatEngine(cloudConfig, model);
  },
  async embedding(config, model, deps) {
    const cloudConfig = toCloudConfig(config, deps);
    const cloud = await import('./cloud/index');
    if (!cloud.hasCloudEmbeddings(cloudConfig.kind)) {
      throw new UnsupportedEngineError(
        `${config.label} has no embeddings API. Choose the local embedding model or an OpenAI or Gemini provider.`,
      );
    }
    return withEmbeddingCache(await cloud.createCloudEmbeddingEngine(cloudConfig, model), deps);
  },
  async listModels(config, deps, signal) {
    const cloudConfig = toCloudConfig(config, deps);
    const cloud = await import('./cloud/index');
    return cloud.listCloudModels(cloudConfig, signal);
  },
};

const webllmAdapter: Adapter = {
  async chat(_config, model, deps) {
    const manager = await (deps.webllmManager ?? getWebLlmManager)();
    return manager.load(model, deps.onLoadProgress ? { onProgress: deps.onLoadProgress } : {});
  },
  async embedding() {
    throw new UnsupportedEngineError(
      'WebLLM models are used for chat only here. Choose the transformers.js embedding model (all-MiniLM-L6-v2) or a cloud embedding model.',
    );
  },
  async listModels(_config, deps) {
    const manager = await (deps.webllmManager ?? getWebLlmManager)();
    return (await manager.runnableModels()).map((m) => m.id);
  },
};

const transformersAdapter: Adapter = {
  async chat(_config, model, deps) {
    const { TransformersChatEngine } = await import('./transformers/client');
    return new TransformersChatEngine({
      model,
      ...(deps.onLoadProgress ? { onLoadProgress: deps.onLoadProgress } : {}),
    });
  },
  async embedding(_config, model, deps) {
    const { TransformersEmbeddingEngine } = await import('./transformers/client');
    const engine = new TransformersEmbeddingEngine({
      model,
      ...(deps.onLoadProgress ? { onLoadProgress: deps.onLoadProgress } : {}),
    });
    return withEmbeddingCache(engine, deps);
  },
  async listModels() {
    return TRANSFORMERS_CHAT_MODELS.map((m) => m.id);
  },
};

/** Engine family -> adapter; a provider's descriptor (kinds/) names its family. */
const ADAPTERS: Readonly<Record<EngineFamily, Adapter>> = {
  cloud: cloudAdapter,
  webllm: webllmAdapter,
  transformers: transformersAdapter,
};

/** The adapter that builds engines for a provider. */
function adapterOf(config: ProviderConfig): Adapter {
  return ADAPTERS[descriptorOf(config.kind).family];
}

async function withEmbeddingCache(
  engine: EmbeddingEngine,
  deps: EngineDeps,
): Promise<EmbeddingEngine> {
  const open = deps.embeddingCacheDb;
  if (!open) return engine;
  const { CachedEmbeddingEngine } = await import('./embedding-cache');
  return new CachedEmbeddingEngine(engine, { db: () => open() });
}

/** A ChatEngine that reports every successful call's usage; otherwise the wrapped engine. */
export class MeteredChatEngine implements ChatEngine {
  readonly id: string;
  readonly providerId: string;
  readonly model: string;
  readonly location: EngineLocation;
  readonly capabilities: EngineCapabilities;

  /**
   * @param inner the engine doing the work
   * @param billedAs where the provider runs, for costs (may differ from the engine's own view)
   * @param onUsage told after each call
   */
  constructor(
    private readonly inner: ChatEngine,
    private readonly billedAs: EngineLocation,
    private readonly onUsage: (event: UsageEvent) => void,
  ) {
    this.id = inner.id;
    this.providerId = inner.providerId;
    this.model = inner.model;
    this.location = inner.location;
    this.capabilities = inner.capabilities;
    const batch = inner.batch;
    if (batch !== undefined) {
      this.batch = {
        ...batch,
        results: async (handle, items, signal) => {
          const results = await batch.results(handle, items, signal);
          for (const r of results) if (r.ok) this.record(r.result, true);
          return results;
        },
      };
    }
  }

  /** The wrapped engine's batch API; the usage of each answered item is recorded. */
  readonly batch?: ChatBatchApi;

  /** Runs the call, then records its usage. */
  async chat(request: ChatRequest): Promise<ChatResult> {
    const result = await this.inner.chat(request);
    this.record(result);
    return result;
  }

  private record(result: ChatResult, batch = false): void {
    try {
      this.onUsage({
        ...(batch && { batch }),
        engineId: this.id,
        providerId: this.providerId,
        model: this.model,
        location: this.billedAs,
        usage: result.usage,
        latencyMs: result.latencyMs,
        at: Date.now(),
      });
    } catch {
      // Accounting must never fail the call it accounts for.
    }
  }

  /** Disposes the wrapped engine. */
  async dispose(): Promise<void> {
    await this.inner.dispose?.();
  }
}

/**
 * Builds the chat engine for `model` at a provider, loading the adapter on first use. For WebLLM
 * this loads the model (with progress through `deps.onLoadProgress`).
 * @param config the stored provider
 * @param model the model id at that provider
 * @param deps key lookup, usage and progress callbacks
 */
export async function createChatEngine(
  config: ProviderConfig,
  model: string,
  deps: EngineDeps,
): Promise<ChatEngine> {
  const engine = await adapterOf(config).chat(config, model, deps);
  return deps.onUsage
    ? new MeteredChatEngine(engine, providerLocation(config), deps.onUsage)
    : engine;
}

/**
 * Builds the embedding engine for `model` at a provider (cached in IndexedDB when
 * `deps.embeddingCacheDb` is given). Rejects with UnsupportedEngineError for providers without
 * embeddings.
 * @param config the stored provider
 * @param model the embedding model id
 * @param deps key lookup and progress callback
 */
export function createEmbeddingEngine(
  config: ProviderConfig,
  model: string,
  deps: EngineDeps,
): Promise<EmbeddingEngine> {
  return adapterOf(config).embedding(config, model, deps);
}

/**
 * The model ids a provider offers (cloud: one `GET /models`, which also checks the key).
 * @param config the stored provider
 * @param deps key lookup
 * @param signal cancels the request
 */
export async function listProviderModels(
  config: ProviderConfig,
  deps: EngineDeps,
  signal?: AbortSignal,
): Promise<string[]> {
  const adapter = adapterOf(config);
  if (!adapter.listModels) return [...config.models];
  return adapter.listModels(config, deps, signal);
}

/** The outcome of a successful provider test. */
export interface ProviderTestResult {
  model: string;
  reply: string;
  finishReason: FinishReason;
  usage: TokenUsage | null;
  latencyMs: number;
}

/** The prompt of the connection test: short, so the reply fits in a few tokens. */
export const TEST_PROMPT = 'Reply with the single word OK.';
/** Output tokens the connection test allows: enough for "OK", cheap on any price list. */
export const TEST_MAX_TOKENS = 8;

/**
 * Tests a provider with one cheap chat call (max_tokens 8) to its first model. This checks the
 * base URL, the key, CORS and the model name at once; failures reject with the adapter's error.
 * @param config the stored provider
 * @param deps key lookup and usage callback
 * @param options the model to test (default: the provider's first) and a cancel signal
 */
export async function testProvider(
  config: ProviderConfig,
  deps: EngineDeps,
  options: { model?: string; signal?: AbortSignal } = {},
): Promise<ProviderTestResult> {
  const model = options.model ?? config.models[0];
  if (!model) throw new UnsupportedEngineError(`Add a model id to ${config.label} first.`);
  const engine = await createChatEngine(config, model, deps);
  const result = await engine.chat({
    messages: [{ role: 'user', content: TEST_PROMPT }],
    max_tokens: TEST_MAX_TOKENS,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const choice = result.choices[0];
  return {
    model,
    reply: choice?.text ?? '',
    finishReason: choice?.finishReason ?? 'unknown',
    usage: result.usage,
    latencyMs: result.latencyMs,
  };
}

/**
 * The message to show for a failure: the error's own text (adapters write it for users), with
 * every given secret and anything shaped like an API key removed as a last line of defence.
 * @param err what was thrown
 * @param secrets keys that must not appear
 */
export function describeError(err: unknown, secrets: readonly string[] = []): string {
  const message =
    err instanceof Error
      ? err.message || err.name
      : typeof err === 'string'
        ? err
        : 'Something went wrong.';
  return redactSecrets(message, secrets);
}

/** Human name of a provider kind (for menus and messages). */
export function kindLabel(kind: ProviderKind): string {
  return PROVIDER_KIND_INFO[kind].label;
}
