// OpenAI and every OpenAI-compatible endpoint (Ollama, LM Studio, vLLM, OpenRouter, Together,
// Groq, custom) through the official `openai` SDK, with its retries off in favour of http.ts.
import type OpenAI from 'openai';
import type { Batch } from 'openai/resources/batches';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { buildRequestMessages } from '../../core/chat-request';
import { redactSecrets } from '../errors';
import type {
  BatchProgress,
  ChatBatchApi,
  ChatChoice,
  ChatEngine,
  ChatRequest,
  ChatResult,
  EngineCapabilities,
  EngineLocation,
  FinishReason,
  ParamNote,
  Support,
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
  type CallFlags,
  type PartialResult,
} from './common';
import { malformed, runWithRetry, type AttemptContext } from './http';
import {
  assembleResults,
  checkItems,
  newHandle,
  parseJsonLines,
  wireId,
  type WireOutcome,
} from './batch-common';
import { findOpenAIBatch, findOrCreate, MARKER_KEY } from './batch-marker';
import { OpenAIConnection, type OpenAIEngineConfig } from './openai-connection';
import { isLoopbackUrl } from './presets';

export { OPENAI_PRESETS, type OpenAIPreset, type OpenAIPresetId } from './presets';
export { OpenAIConnection, type OpenAIEngineConfig } from './openai-connection';
export {
  listOpenAIModels,
  OpenAIEmbeddingEngine,
  type OpenAIEmbeddingConfig,
} from './openai-embedding';

function finishOf(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool';
    default:
      return 'unknown';
  }
}

/** True when OpenAI's strict mode can take the schema (every object closed, all keys required). */
export function isStrictCompatible(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return true;
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  const s = schema as Record<string, unknown>;
  if (s.type === 'object' || (typeof s.properties === 'object' && s.properties !== null)) {
    const props = Object.keys((s.properties as Record<string, unknown> | undefined) ?? {});
    const required = Array.isArray(s.required) ? s.required : [];
    if (s.additionalProperties !== false || props.some((p) => !required.includes(p))) return false;
  }
  return Object.values(s).every(isStrictCompatible);
}

interface CallOutput {
  choices: ChatChoice[];
  usage: TokenUsage | null;
}

/** Usage with the prompt tokens served from OpenAI's prompt cache. */
function openAIUsage(u: CompletionUsage | null | undefined): TokenUsage | null {
  if (!u) return null;
  return usageOf(
    u.prompt_tokens,
    u.completion_tokens,
    u.total_tokens,
    u.prompt_tokens_details?.cached_tokens,
  );
}

/** Choices and usage of a non-streamed completion; `null` when it has no `choices`. */
function decodeCompletion(response: ChatCompletion | null | undefined): CallOutput | null {
  if (!response || !Array.isArray(response.choices)) return null;
  const choices = [...response.choices]
    .sort((a, b) => a.index - b.index)
    .map((c) => ({
      text: c.message?.content ?? '',
      finishReason: finishOf(c.finish_reason),
    }));
  return { choices, usage: openAIUsage(response.usage) };
}

/** A batch's state in provider-neutral terms. */
function openAIProgress(batch: Batch): BatchProgress {
  const ended = ['completed', 'expired', 'cancelled', 'failed'].includes(batch.status);
  const endedSeconds =
    batch.completed_at ?? batch.expired_at ?? batch.cancelled_at ?? batch.failed_at ?? undefined;
  return {
    state: ended ? 'ended' : batch.status === 'cancelling' ? 'cancelling' : 'running',
    total: batch.request_counts?.total ?? 0,
    succeeded: batch.request_counts?.completed ?? 0,
    failed: batch.request_counts?.failed ?? 0,
    expired: batch.status === 'expired',
    cancelled: batch.status === 'cancelled' || batch.status === 'cancelling',
    ...(endedSeconds != null && { endedAt: endedSeconds * 1000 }),
  };
}

type Body = Omit<ChatCompletionCreateParamsNonStreaming, 'stream' | 'stream_options'>;

/** A chat model behind an OpenAI-compatible endpoint. */
export class OpenAIChatEngine implements ChatEngine {
  readonly id: string;
  readonly providerId: string;
  readonly model: string;
  readonly location: EngineLocation;
  readonly capabilities: EngineCapabilities;
  private readonly conn: OpenAIConnection;
  private readonly nativeN: boolean;

  constructor(config: OpenAIEngineConfig) {
    this.conn = new OpenAIConnection(config);
    this.providerId = config.providerId;
    this.model = config.model;
    this.id = `${config.providerId}/${config.model}`;
    this.location = isLoopbackUrl(this.conn.baseUrl) ? 'local' : 'cloud';
    this.nativeN = config.nativeN ?? this.conn.preset.nativeN;
    const so = this.conn.preset.structuredOutput;
    this.capabilities = {
      n: (this.nativeN ? 'native' : 'emulated') satisfies Support,
      // OpenAI documents seed as best-effort; compatible servers pass it to their sampler.
      seed: 'native',
      temperature: 'native',
      topP: 'native',
      structuredOutput: so === 'none' ? 'none' : so,
      streaming: true,
      maxConcurrency: this.conn.maxConcurrency,
      batch: config.batch ?? this.conn.preset.id === 'openai',
    };
  }

  /** Runs one chat call; see ChatEngine. */
  async chat(request: ChatRequest): Promise<ChatResult> {
    const started = now();
    const result = await withParamFallback(
      request,
      this.conn.config.onRejectedParam ?? 'throw',
      this.conn.label,
      (req, flags) => this.round(req, flags),
    );
    return { ...result, latencyMs: now() - started };
  }

  /** The request body, notes and applied parameters of one request (no `n` yet). */
  private prepare(request: ChatRequest): {
    body: Body;
    notes: ParamNote[];
    applied: ChatResult['applied'];
  } {
    const notes: ParamNote[] = [];
    const preset = this.conn.preset;
    const messages = buildRequestMessages(request);
    let responseFormat: Body['response_format'];
    let structured: ChatResult['applied']['structuredOutput'];
    if (request.jsonSchema) {
      const { name, schema } = request.jsonSchema;
      if (preset.structuredOutput === 'json-schema') {
        responseFormat = {
          type: 'json_schema',
          json_schema: { name, schema, strict: isStrictCompatible(schema) },
        };
        structured = 'json-schema';
      } else {
        if (preset.structuredOutput === 'json-object') {
          responseFormat = { type: 'json_object' };
          structured = 'json-object';
        } else {
          structured = 'prompt-only';
        }
        notes.push({
          param: 'jsonSchema',
          status: 'emulated',
          message: `${this.conn.label} cannot enforce a JSON schema here; only the prompt asks for it${structured === 'json-object' ? ', with JSON mode switched on' : ''}.`,
        });
      }
    }
    const body: Body = {
      model: this.model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      ...(request.temperature !== undefined && { temperature: request.temperature }),
      ...(request.top_p !== undefined && { top_p: request.top_p }),
      ...(request.max_tokens !== undefined && { [preset.maxTokensField]: request.max_tokens }),
      ...(request.seed !== undefined && { seed: request.seed }),
      ...(request.stop !== undefined && request.stop.length > 0 && { stop: request.stop }),
      ...(responseFormat && { response_format: responseFormat }),
    };
    const applied = appliedParams(this.model, request, structured);
    return { body, notes, applied };
  }

  private async round(request: ChatRequest, flags: CallFlags): Promise<PartialResult> {
    const n = wantedChoices(request);
    const { body, notes, applied } = this.prepare(request);
    const native = n > 1 && this.nativeN && !flags.emulateN;
    const outputs: CallOutput[] = [];
    if (n === 1 || native) {
      const first = await this.call(native ? { ...body, n } : body, 0, request);
      outputs.push(first);
      const got = first.choices.length;
      if (native && got < n) {
        outputs.push(...(await repeatCalls(got, n, (i) => this.call(body, i, request))));
        notes.push(nEmulatedNote(this.conn.label, n, got));
      }
    } else {
      outputs.push(...(await repeatCalls(0, n, (i) => this.call(body, i, request))));
      notes.push(nEmulatedNote(this.conn.label, n, 0));
    }
    return {
      choices: outputs.flatMap((o) => o.choices),
      usage: sumUsage(outputs.map((o) => o.usage)),
      applied,
      notes,
    };
  }

  /** This engine's batch API: one JSONL upload and one batch per submission (OpenAI Batch). */
  readonly batch: ChatBatchApi = {
    submit: async (items, signal, marker) => {
      const lines = items.flatMap((item, index) => {
        const { bodies } = this.batchItem(item.request);
        return bodies.map((body, k) =>
          JSON.stringify({
            custom_id: wireId(index, k),
            method: 'POST',
            url: '/v1/chat/completions',
            body,
          }),
        );
      });
      const file = await this.batchCall(signal, (client, ctx) =>
        client.files.create(
          {
            file: new File([lines.join('\n') + '\n'], 'mmhs-batch.jsonl', {
              type: 'application/jsonl',
            }),
            purpose: 'batch',
          },
          { signal: ctx.signal },
        ),
      );
      const created = await this.batchCall(signal, (client, ctx) =>
        findOrCreate(
          ctx,
          marker,
          (m) => findOpenAIBatch(client, m, ctx.signal),
          () =>
            client.batches.create(
              {
                input_file_id: file.id,
                endpoint: '/v1/chat/completions',
                completion_window: '24h',
                ...(marker && { metadata: { [MARKER_KEY]: marker.marker } }),
              },
              { signal: ctx.signal },
            ),
        ),
      );
      return newHandle(this.id, created.id, items);
    },
    status: async (handle, signal) =>
      openAIProgress(
        await this.batchCall(signal, (client, ctx) =>
          client.batches.retrieve(handle.batchId, { signal: ctx.signal }),
        ),
      ),
    results: async (handle, items, signal) => {
      checkItems(handle, items);
      const info = await this.batchCall(signal, (client, ctx) =>
        client.batches.retrieve(handle.batchId, { signal: ctx.signal }),
      );
      const progress = openAIProgress(info);
      const outcomes = new Map<string, WireOutcome>();
      for (const fileId of [info.output_file_id, info.error_file_id]) {
        if (!fileId) continue;
        const text = await this.batchCall(signal, async (client, ctx) =>
          (await client.files.content(fileId, { signal: ctx.signal })).text(),
        );
        for (const line of parseJsonLines(text)) {
          const outcome = this.wireOutcome(line);
          if (outcome) outcomes.set(outcome.id, outcome.outcome);
        }
      }
      const prepared = items.map((item) => {
        const { bodies, describe } = this.batchItem(item.request);
        return { wires: bodies.length, describe };
      });
      return assembleResults(handle, prepared, outcomes, progress, this.conn.label);
    },
    cancel: async (handle, signal) =>
      openAIProgress(
        await this.batchCall(signal, (client, ctx) =>
          client.batches.cancel(handle.batchId, { signal: ctx.signal }),
        ),
      ),
  };

  /** The wire bodies of one batched request (n emulated by several when needed). */
  private batchItem(request: ChatRequest): {
    bodies: Body[];
    describe: Omit<PartialResult, 'choices' | 'usage'>;
  } {
    const n = wantedChoices(request);
    const { body, notes, applied } = this.prepare({ ...request, onToken: undefined });
    if (n === 1) return { bodies: [body], describe: { applied, notes } };
    if (this.nativeN) return { bodies: [{ ...body, n }], describe: { applied, notes } };
    return {
      bodies: Array.from({ length: n }, () => body),
      describe: { applied, notes: [...notes, nEmulatedNote(this.conn.label, n, 0)] },
    };
  }

  /** Reads one line of an output or error file. */
  private wireOutcome(line: unknown): { id: string; outcome: WireOutcome } | null {
    if (typeof line !== 'object' || line === null) return null;
    const l = line as {
      custom_id?: unknown;
      response?: { status_code?: number; body?: unknown } | null;
      error?: { code?: string; message?: string } | null;
    };
    if (typeof l.custom_id !== 'string') return null;
    const id = l.custom_id;
    const status = l.response?.status_code;
    if (status === 200) {
      const decoded = decodeCompletion(l.response?.body as ChatCompletion | undefined);
      if (decoded) return { id, outcome: { ok: true, ...decoded } };
      return {
        id,
        outcome: {
          ok: false,
          reason: 'errored',
          message: 'The batch returned a reply without `choices`.',
        },
      };
    }
    if (l.error?.code === 'batch_expired') {
      return {
        id,
        outcome: {
          ok: false,
          reason: 'expired',
          message: `${this.conn.label} did not run this request before the batch's 24-hour window ended; use "Retry failed" to send it again.`,
        },
      };
    }
    const body = l.response?.body as { error?: { message?: string } } | undefined;
    const detail = body?.error?.message ?? l.error?.message ?? 'no reason given';
    return {
      id,
      outcome: {
        ok: false,
        reason: 'errored',
        message: `${this.conn.label} failed this request in the batch (${status ?? 'no status'}: ${redactSecrets(detail, [this.conn.config.apiKey])}); use "Retry failed" to send it again.`,
      },
    };
  }

  /** One batch-API exchange under the shared retry policy. */
  private batchCall<T>(
    signal: AbortSignal | undefined,
    op: (client: OpenAI, ctx: AttemptContext) => Promise<T>,
  ): Promise<T> {
    return this.conn.run(this.model, signal, op);
  }

  /** One HTTP exchange (retried by policy); streamed deltas are reported at `offset + index`. */
  private call(body: Body, offset: number, request: ChatRequest): Promise<CallOutput> {
    const site = this.conn.site(this.model);
    return runWithRetry(
      site,
      async (ctx) => {
        const client = this.conn.client(ctx);
        if (!request.onToken) {
          const response = await client.chat.completions.create(body, { signal: ctx.signal });
          const decoded = decodeCompletion(response);
          if (!decoded) throw malformed(site, 'a chat completion without `choices`');
          return decoded;
        }
        const streamBody: ChatCompletionCreateParamsStreaming = {
          ...body,
          stream: true,
          stream_options: { include_usage: true },
        };
        const stream = await client.chat.completions.create(streamBody, { signal: ctx.signal });
        const texts = new Map<number, string>();
        const finishes = new Map<number, FinishReason>();
        let usage: TokenUsage | null = null;
        for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
          ctx.touch();
          if (!chunk || !Array.isArray(chunk.choices)) {
            throw malformed(site, 'a stream chunk without `choices`');
          }
          for (const c of chunk.choices) {
            const index = c.index ?? 0;
            if (!texts.has(index)) texts.set(index, '');
            const delta = c.delta?.content;
            if (delta) {
              texts.set(index, texts.get(index) + delta);
              ctx.delivered();
              request.onToken?.(delta, offset + index);
            }
            if (c.finish_reason) finishes.set(index, finishOf(c.finish_reason));
          }
          if (chunk.usage) {
            usage = openAIUsage(chunk.usage);
          }
        }
        if (texts.size === 0) throw malformed(site, 'a stream with no choices');
        const choices = [...texts.entries()]
          .sort(([a], [b]) => a - b)
          .map(([index, text]) => ({ text, finishReason: finishes.get(index) ?? 'unknown' }));
        return { choices, usage };
      },
      this.conn.runOptions(request.signal),
    );
  }
}
