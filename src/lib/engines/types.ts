// The one engine interface every model provider implements, in the OpenAI chat-completions shape.
// Callers read `capabilities` to adapt; adapters record every parameter they could not honour.

import type { JsonSchemaSpec } from '../core/chat-request';
import type { ChatMessage } from '../core/prompts';

/**
 * One chat message, OpenAI shape (defined beside the prompt templates that build them), and a
 * structured-output schema (defined beside the one builder of the messages engines send).
 */
export type { ChatMessage, JsonSchemaSpec };

/** A chat-completion request. Omitted sampling fields mean "the provider's default". */
export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  /** Number of independent choices wanted. Engines without native `n` loop (see capabilities). */
  n?: number;
  stop?: string[];
  /**
   * Ask for JSON matching this schema. Every engine states it in the prompt through
   * `buildRequestMessages`; engines that can also enforce it through their API do so.
   */
  jsonSchema?: JsonSchemaSpec;
  signal?: AbortSignal;
  /** When set, the engine streams and reports each text delta as it arrives. */
  onToken?: (delta: string, choiceIndex: number) => void;
}

/** Why a choice stopped. */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool' | 'unknown';

/** One generated choice. */
export interface ChatChoice {
  text: string;
  finishReason: FinishReason;
}

/** Token counts for one call (summed over choices). */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /**
   * Prompt tokens the provider read from its prompt cache (OpenAI `cached_tokens`, Anthropic
   * `cache_read_input_tokens`, Gemini `cachedContentTokenCount`); absent when not reported.
   */
  cachedPromptTokens?: number;
}

/** The parameters actually sent to (or applied by) the model for a call. */
export interface AppliedParams {
  model: string;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  n?: number;
  stop?: string[];
  structuredOutput?: 'json-schema' | 'json-object' | 'grammar' | 'prompt-only';
  stream?: boolean;
}

/**
 * What happened to a requested parameter the engine could not pass through unchanged.
 * `emulated`: the effect was achieved another way (e.g. `n` by repeated calls).
 */
export interface ParamNote {
  param: keyof ChatRequest | 'stream';
  status: 'ignored' | 'rejected' | 'emulated' | 'clamped';
  message: string;
}

/** The result of one chat call. */
export interface ChatResult {
  choices: ChatChoice[];
  usage: TokenUsage | null;
  latencyMs: number;
  applied: AppliedParams;
  notes: ParamNote[];
}

/** How an engine supports a capability: natively, by emulation, or not at all. */
export type Support = 'native' | 'emulated' | 'none';

/** What an engine can do; callers adapt instead of failing. */
export interface EngineCapabilities {
  n: Support;
  seed: Support;
  temperature: Support;
  topP: Support;
  structuredOutput: 'json-schema' | 'json-object' | 'grammar' | 'none';
  streaming: boolean;
  /** Calls this engine can run at once (local engines: 1). */
  maxConcurrency: number;
  /** The provider's asynchronous batch API is available (`ChatEngine.batch`). */
  batch: boolean;
}

/** Where an engine runs, for cost and concurrency decisions. */
export type EngineLocation = 'local' | 'cloud';

/** A chat model behind one provider. */
export interface ChatEngine {
  /** Stable id, `<providerId>/<model>`. */
  readonly id: string;
  readonly providerId: string;
  readonly model: string;
  readonly location: EngineLocation;
  readonly capabilities: EngineCapabilities;
  chat(request: ChatRequest): Promise<ChatResult>;
  /** The provider's batch API; present exactly when `capabilities.batch` is true. */
  readonly batch?: ChatBatchApi;
  /** Frees workers or model memory; the engine is unusable afterwards. */
  dispose?(): Promise<void>;
}

/** One request of a batch; `customId` (the run's unit key) names its result. */
export interface BatchItem {
  customId: string;
  /** Streaming (`onToken`) and `signal` do not apply inside a batch and are ignored. */
  request: ChatRequest;
}

/**
 * A submitted batch: everything needed to keep polling and to fetch its results after the page
 * was closed, so it is stored with the run.
 */
export interface BatchHandle {
  engineId: string;
  /** The provider's batch id (OpenAI `batch_…`, Anthropic `msgbatch_…`, Gemini `batches/…`). */
  batchId: string;
  /** The items' custom ids in submission order (the wire ids are derived from positions). */
  customIds: string[];
  /** Epoch ms of submission. */
  submittedAt: number;
}

/** Where a batch stands, in provider-neutral terms. */
export interface BatchProgress {
  state: 'running' | 'cancelling' | 'ended';
  /** Wire requests in the batch, and how many succeeded or failed so far (when reported). */
  total: number;
  succeeded: number;
  failed: number;
  /** The provider's completion window ran out before every request ran. */
  expired: boolean;
  cancelled: boolean;
  /** Epoch ms the provider says processing ended, when it says. */
  endedAt?: number;
}

/** One item's outcome: its chat result, or why it has none (the run marks the unit failed). */
export type BatchItemResult =
  | { customId: string; ok: true; result: ChatResult }
  | {
      customId: string;
      ok: false;
      reason: 'errored' | 'expired' | 'cancelled' | 'missing';
      message: string;
    };

/**
 * Makes a submission idempotent: the create request carries `marker` where the provider keeps
 * one, and before creating, the engine re-attaches to a batch with this marker created since
 * `since` (epoch ms) instead of creating a second one.
 */
export interface BatchSubmitMarker {
  marker: string;
  since: number;
  /** Sent again after a reload: a batch with this marker may exist even on the first attempt. */
  resumed?: boolean;
}

/** A provider batch API behind one engine: submit once, poll, fetch, cancel. */
export interface ChatBatchApi {
  submit(
    items: readonly BatchItem[],
    signal?: AbortSignal,
    marker?: BatchSubmitMarker,
  ): Promise<BatchHandle>;
  status(handle: BatchHandle, signal?: AbortSignal): Promise<BatchProgress>;
  /**
   * Fetches an ended batch's results. `items` are the submitted items (rebuilt by the caller in
   * the same order) so applied parameters and notes are described exactly as for `chat`.
   */
  results(
    handle: BatchHandle,
    items: readonly BatchItem[],
    signal?: AbortSignal,
  ): Promise<BatchItemResult[]>;
  cancel(handle: BatchHandle, signal?: AbortSignal): Promise<BatchProgress>;
}

/** Embedding request options. */
export interface EmbedOptions {
  signal?: AbortSignal;
  /** Called after each batch with the number of texts embedded so far. */
  onProgress?: (done: number, total: number) => void;
}

/** A sentence-embedding model; vectors are L2-normalised. */
export interface EmbeddingEngine {
  readonly id: string;
  readonly providerId: string;
  readonly model: string;
  readonly location: EngineLocation;
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
  dispose?(): Promise<void>;
}

/** Progress of loading a local model (download or cache load). */
export interface LoadProgress {
  /** 0..1 */
  fraction: number;
  loadedBytes?: number;
  totalBytes?: number;
  elapsedMs: number;
  text: string;
}
