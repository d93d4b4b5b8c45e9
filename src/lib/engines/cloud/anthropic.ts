// Anthropic Messages API through the official SDK (browser flag on, SDK retries off).
// No native n or seed: n is emulated by repeated calls, seed is reported as ignored.
import type Anthropic from '@anthropic-ai/sdk';
import type {
  MessageBatch,
  MessageBatchResult,
} from '@anthropic-ai/sdk/resources/messages/batches';
import type {
  Message,
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
  RawMessageStreamEvent,
  Tool,
  Usage,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { buildSystemAndTurns } from '../../core/chat-request';
import { redactSecrets } from '../errors';
import type {
  BatchProgress,
  ChatBatchApi,
  ChatChoice,
  ChatEngine,
  ChatRequest,
  ChatResult,
  EngineCapabilities,
  FinishReason,
  ParamNote,
  TokenUsage,
} from '../types';
import {
  appliedParams,
  nEmulatedNote,
  now,
  repeatCalls,
  sumUsage,
  usageOf,
  wantedChoices,
  withParamFallback,
  type CloudEngineConfig,
  type PartialResult,
} from './common';
import {
  assembleResults,
  checkItems,
  newHandle,
  parseWireId,
  wireId,
  type WireOutcome,
} from './batch-common';
import { findAnthropicBatch, findOrCreate } from './batch-marker';
import { AnthropicConnection } from './anthropic-connection';
import {
  malformed,
  runWithRetry,
  type AttemptContext,
  type CallSite,
  type RunOptions,
} from './http';

/** Anthropic requires max_tokens; this is sent when the request leaves it open. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

/** Configuration of an Anthropic engine. */
export interface AnthropicEngineConfig extends CloudEngineConfig {
  /** max_tokens sent when the request has none (default 1024). */
  defaultMaxTokens?: number;
}

// The typed params of this SDK version no longer list the sampling fields, but the API still
// takes them for most models; newer models answer 400, which we surface (never drop silently).
type Sampling = { temperature?: number; top_p?: number };
type Body = Omit<MessageCreateParamsNonStreaming, 'stream'> & Sampling;

function finishOf(reason: string | null | undefined, forcedTool: boolean): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return forcedTool ? 'stop' : 'tool';
    case 'refusal':
      return 'content-filter';
    default:
      return 'unknown';
  }
}

/** Tool names must match `^[a-zA-Z0-9_-]{1,64}$`. */
function toolName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'output';
}

interface CallOutput {
  choice: ChatChoice;
  usage: TokenUsage | null;
}

function unwrapJson(json: string, wrapped: boolean): string {
  if (!wrapped) return json;
  try {
    return JSON.stringify((JSON.parse(json) as { value?: unknown }).value ?? null);
  } catch {
    return json;
  }
}

/**
 * Anthropic's `input_tokens` leaves out the tokens written to and read from the prompt cache;
 * the prompt total here includes them, and the cache reads are reported as cached tokens.
 */
function anthropicUsage(
  u: Partial<Usage> | null | undefined,
  outputTokens?: number | null,
): TokenUsage | null {
  if (!u) return usageOf(undefined, outputTokens);
  const read = u.cache_read_input_tokens ?? undefined;
  const written = u.cache_creation_input_tokens ?? 0;
  const input = u.input_tokens == null ? undefined : u.input_tokens + written + (read ?? 0);
  return usageOf(input, outputTokens ?? u.output_tokens, undefined, read);
}

/** The text (or forced tool input) and usage of a non-streamed message. */
function decodeMessage(message: Message, forced: boolean, wrapped: boolean): CallOutput {
  let text = '';
  for (const block of message.content ?? []) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use' && forced)
      text += unwrapJson(JSON.stringify(block.input), wrapped);
  }
  return {
    choice: { text, finishReason: finishOf(message.stop_reason, forced) },
    usage: anthropicUsage(message.usage),
  };
}

/** A message batch's state in provider-neutral terms. */
function anthropicProgress(batch: MessageBatch): BatchProgress {
  const c = batch.request_counts;
  const ended = batch.processing_status === 'ended';
  return {
    state: ended ? 'ended' : batch.processing_status === 'canceling' ? 'cancelling' : 'running',
    total: c.processing + c.succeeded + c.errored + c.canceled + c.expired,
    succeeded: c.succeeded,
    failed: c.errored + c.canceled + c.expired,
    expired: c.expired > 0,
    cancelled: batch.cancel_initiated_at !== null,
    ...(batch.ended_at && { endedAt: Date.parse(batch.ended_at) }),
  };
}

/** A Claude model behind the Anthropic Messages API. */
export class AnthropicChatEngine implements ChatEngine {
  readonly id: string;
  readonly providerId: string;
  readonly model: string;
  readonly location = 'cloud' as const;
  readonly capabilities: EngineCapabilities;
  private readonly conn: AnthropicConnection;
  private readonly label: string;

  constructor(private readonly config: AnthropicEngineConfig) {
    this.providerId = config.providerId;
    this.model = config.model;
    this.id = `${config.providerId}/${config.model}`;
    this.conn = new AnthropicConnection(config);
    this.label = this.conn.label;
    this.capabilities = {
      n: 'emulated',
      seed: 'none',
      temperature: 'native',
      topP: 'native',
      // Enforced through a forced tool call whose input schema is the requested schema.
      structuredOutput: 'json-schema',
      streaming: true,
      maxConcurrency: config.maxConcurrency ?? 4,
      batch: true,
    };
  }

  /** Runs one chat call; see ChatEngine. */
  async chat(request: ChatRequest): Promise<ChatResult> {
    const started = now();
    const result = await withParamFallback(
      request,
      this.config.onRejectedParam ?? 'throw',
      this.label,
      (req) => this.round(req),
    );
    return { ...result, latencyMs: now() - started };
  }

  /** The body, notes and applied parameters of one request (one choice per body). */
  private prepare(request: ChatRequest): {
    body: Body;
    notes: ParamNote[];
    applied: ChatResult['applied'];
    wrapped: boolean;
  } {
    const n = wantedChoices(request);
    const notes: ParamNote[] = [];
    let temperature = request.temperature;
    if (temperature !== undefined && temperature > 1) {
      notes.push({
        param: 'temperature',
        status: 'clamped',
        message: `Anthropic accepts temperature 0–1; ${temperature} was sent as 1.`,
      });
      temperature = 1;
    }
    if (request.seed !== undefined) {
      notes.push({
        param: 'seed',
        status: 'ignored',
        message: 'Anthropic has no seed parameter; repeated calls are not reproducible.',
      });
    }
    const { system, turns } = buildSystemAndTurns(request);
    const maxTokens =
      request.max_tokens ?? this.config.defaultMaxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
    const body: Body = {
      model: this.model,
      max_tokens: maxTokens,
      messages: turns.map((m) => ({
        role: m.role === 'assistant' ? 'assistant' : 'user',
        content: m.content,
      })),
      // The system text (judge instructions, rubric) is the stable prefix shared by many calls:
      // marked for Anthropic's prompt cache, so repeats are read at the cached-input price.
      ...(system !== undefined && {
        system: [{ type: 'text' as const, text: system, cache_control: { type: 'ephemeral' } }],
      }),
      ...(temperature !== undefined && { temperature }),
      ...(request.top_p !== undefined && { top_p: request.top_p }),
      ...(request.stop !== undefined &&
        request.stop.length > 0 && { stop_sequences: request.stop }),
    };
    let wrapped = false;
    if (request.jsonSchema) {
      // Tool input must be an object: other schemas are wrapped in { value } and unwrapped later.
      const schema = request.jsonSchema.schema;
      wrapped = schema.type !== 'object';
      const inputSchema = (
        wrapped ? { type: 'object', properties: { value: schema }, required: ['value'] } : schema
      ) as Tool.InputSchema;
      const name = toolName(request.jsonSchema.name);
      body.tools = [
        {
          name,
          description: 'Record the answer in the required JSON format.',
          input_schema: inputSchema,
        },
      ];
      body.tool_choice = { type: 'tool', name };
      notes.push({
        param: 'jsonSchema',
        status: 'emulated',
        message: 'Anthropic has no response_format; the schema was enforced as a forced tool call.',
      });
    }
    if (n > 1) notes.push(nEmulatedNote(this.label, n, 0));
    const applied = appliedParams(
      this.model,
      request,
      request.jsonSchema ? 'json-schema' : undefined,
      // Anthropic has no seed; temperature may have been clamped; max_tokens is always sent.
      { temperature, max_tokens: maxTokens, seed: undefined },
    );
    return { body, notes, applied, wrapped };
  }

  private async round(request: ChatRequest): Promise<PartialResult> {
    const n = wantedChoices(request);
    const { body, notes, applied, wrapped } = this.prepare(request);
    const outputs = await repeatCalls(0, n, (i) => this.call(body, i, request, wrapped));
    return {
      choices: outputs.map((o) => o.choice),
      usage: sumUsage(outputs.map((o) => o.usage)),
      applied,
      notes,
    };
  }

  /** This engine's batch API (Message Batches): n is sent as n requests of one choice each. */
  readonly batch: ChatBatchApi = {
    submit: async (items, signal, marker) => {
      const requests = items.flatMap((item, index) => {
        const { body } = this.prepare({ ...item.request, onToken: undefined });
        return Array.from({ length: wantedChoices(item.request) }, (_, k) => ({
          custom_id: wireId(index, k),
          params: body as MessageCreateParamsNonStreaming,
        }));
      });
      const created = await this.batchCall(signal, (client, ctx) =>
        findOrCreate(
          ctx,
          marker,
          (m) => findAnthropicBatch(client, m, requests.length, ctx.signal),
          () => client.messages.batches.create({ requests }, { signal: ctx.signal }),
        ),
      );
      return newHandle(this.id, created.id, items);
    },
    status: async (handle, signal) =>
      anthropicProgress(
        await this.batchCall(signal, (client, ctx) =>
          client.messages.batches.retrieve(handle.batchId, {}, { signal: ctx.signal }),
        ),
      ),
    results: async (handle, items, signal) => {
      checkItems(handle, items);
      const prepared = items.map((item) => this.prepare({ ...item.request, onToken: undefined }));
      const info = await this.batchCall(signal, (client, ctx) =>
        client.messages.batches.retrieve(handle.batchId, {}, { signal: ctx.signal }),
      );
      const outcomes = await this.batchCall(signal, async (client, ctx) => {
        const found = new Map<string, WireOutcome>();
        const lines = await client.messages.batches.results(
          handle.batchId,
          {},
          { signal: ctx.signal },
        );
        for await (const line of lines) {
          ctx.touch();
          const at = parseWireId(line.custom_id);
          const item = at ? prepared[at.index] : undefined;
          if (!item) continue;
          found.set(line.custom_id, this.wireOutcome(line.result, item.body, item.wrapped));
        }
        return found;
      });
      return assembleResults(
        handle,
        prepared.map((p, index) => ({
          wires: wantedChoices(items[index]!.request),
          describe: { applied: p.applied, notes: p.notes },
        })),
        outcomes,
        anthropicProgress(info),
        this.label,
      );
    },
    cancel: async (handle, signal) =>
      anthropicProgress(
        await this.batchCall(signal, (client, ctx) =>
          client.messages.batches.cancel(handle.batchId, {}, { signal: ctx.signal }),
        ),
      ),
  };

  private wireOutcome(result: MessageBatchResult, body: Body, wrapped: boolean): WireOutcome {
    switch (result.type) {
      case 'succeeded': {
        const out = decodeMessage(result.message, body.tool_choice !== undefined, wrapped);
        return { ok: true, choices: [out.choice], usage: out.usage };
      }
      case 'errored':
        return {
          ok: false,
          reason: 'errored',
          message: `${this.label} failed this request in the batch (${result.error?.error?.type ?? 'error'}: ${redactSecrets(result.error?.error?.message ?? 'no reason given', [this.config.apiKey])}); use "Retry failed" to send it again.`,
        };
      case 'expired':
        return {
          ok: false,
          reason: 'expired',
          message: `${this.label} did not run this request before the batch's 24-hour window ended; use "Retry failed" to send it again.`,
        };
      default:
        return {
          ok: false,
          reason: 'cancelled',
          message: `The ${this.label} batch was cancelled before this request ran; use "Retry failed" to send it again.`,
        };
    }
  }

  /** One batch-API exchange under the shared retry policy. */
  private batchCall<T>(
    signal: AbortSignal | undefined,
    op: (client: Anthropic, ctx: AttemptContext) => Promise<T>,
  ): Promise<T> {
    return this.conn.run(this.model, signal, op);
  }

  private site(): CallSite {
    return this.conn.site(this.model);
  }

  private runOptions(signal?: AbortSignal): RunOptions {
    return this.conn.runOptions(signal);
  }

  private client(ctx: AttemptContext): Anthropic {
    return this.conn.client(ctx);
  }

  private call(
    body: Body,
    index: number,
    request: ChatRequest,
    wrapped: boolean,
  ): Promise<CallOutput> {
    const site = this.site();
    const forced = body.tool_choice !== undefined;
    const unwrap = (json: string): string => unwrapJson(json, wrapped);
    return runWithRetry(
      site,
      async (ctx) => {
        const client = this.client(ctx);
        if (!request.onToken) {
          const message = await client.messages.create(body as MessageCreateParamsNonStreaming, {
            signal: ctx.signal,
          });
          if (!message || !Array.isArray(message.content)) {
            throw malformed(site, 'a message without `content`');
          }
          return decodeMessage(message, forced, wrapped);
        }
        const streamBody: MessageCreateParamsStreaming = {
          ...(body as MessageCreateParamsNonStreaming),
          stream: true,
        };
        const stream = await client.messages.create(streamBody, { signal: ctx.signal });
        let text = '';
        let toolJson = '';
        let startUsage: Usage | undefined;
        let outputTokens: number | undefined;
        let stop: string | null | undefined;
        let sawStart = false;
        for await (const event of stream as AsyncIterable<RawMessageStreamEvent>) {
          ctx.touch();
          switch (event.type) {
            case 'message_start':
              sawStart = true;
              startUsage = event.message.usage;
              outputTokens = event.message.usage?.output_tokens;
              break;
            case 'content_block_delta': {
              const delta = event.delta;
              let piece = '';
              if (delta.type === 'text_delta') {
                text += delta.text;
                piece = delta.text;
              } else if (delta.type === 'input_json_delta' && forced) {
                toolJson += delta.partial_json;
                // Wrapped schemas stream `{"value": ...}`; deltas are passed on as they come.
                piece = delta.partial_json;
              }
              if (piece) {
                ctx.delivered();
                request.onToken?.(piece, index);
              }
              break;
            }
            case 'message_delta':
              stop = event.delta.stop_reason;
              outputTokens = event.usage?.output_tokens ?? outputTokens;
              break;
            default:
              break;
          }
        }
        if (!sawStart) throw malformed(site, 'a stream without `message_start`');
        if (toolJson) text += unwrap(toolJson);
        return {
          choice: { text, finishReason: finishOf(stop, forced) },
          usage: anthropicUsage(startUsage, outputTokens),
        };
      },
      this.runOptions(request.signal),
    );
  }
}

export {
  ANTHROPIC_DEFAULT_BASE_URL,
  AnthropicConnection,
  listAnthropicModels,
} from './anthropic-connection';
