// Google Gemini's native generateContent API through the official @google/genai SDK.
// Native candidateCount (n), seed and JSON-schema output; SDK retries stay off (none configured).
import {
  JobState,
  type GoogleGenAI,
  type BatchJob,
  type InlinedRequest,
  type Content,
  type GenerateContentConfig,
  type GenerateContentResponse,
} from '@google/genai';
import { buildSystemAndTurns } from '../../core/chat-request';
import { redactSecrets } from '../errors';
import type {
  BatchHandle,
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
  type CallFlags,
  type PartialResult,
} from './common';
import { assembleResults, checkItems, newHandle, wireId, type WireOutcome } from './batch-common';
import { findGeminiBatch, findOrCreate } from './batch-marker';
import { malformed, runWithRetry, type AttemptContext } from './http';
import { GeminiConnection, type GeminiEngineConfig } from './gemini-connection';

function finishOf(reason: string | undefined): FinishReason {
  switch (reason) {
    case 'STOP':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
      return 'content-filter';
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
      return 'tool';
    default:
      return 'unknown';
  }
}

function usageFrom(response: GenerateContentResponse | undefined): TokenUsage | null {
  const u = response?.usageMetadata;
  if (!u) return null;
  // Thinking tokens are billed as output, so they count as completion tokens here.
  const completion =
    u.candidatesTokenCount === undefined && u.thoughtsTokenCount === undefined
      ? undefined
      : (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0);
  return usageOf(u.promptTokenCount, completion, u.totalTokenCount, u.cachedContentTokenCount);
}

/** Choices of a non-streamed response; `null` when it has no `candidates`. */
function decodeResponse(response: GenerateContentResponse | undefined): CallOutput | null {
  if (!response || !Array.isArray(response.candidates)) return null;
  const choices = [...response.candidates]
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((c) => ({ text: textOf(c.content), finishReason: finishOf(c.finishReason) }));
  return { choices, usage: usageFrom(response) };
}

const ENDED_STATES = new Set<string>([
  JobState.JOB_STATE_SUCCEEDED,
  JobState.JOB_STATE_FAILED,
  JobState.JOB_STATE_CANCELLED,
  JobState.JOB_STATE_EXPIRED,
  JobState.JOB_STATE_PARTIALLY_SUCCEEDED,
]);

/** A batch job's state in provider-neutral terms (Gemini reports no per-request counts). */
function geminiProgress(job: BatchJob, total: number): BatchProgress {
  const state = job.state ?? '';
  const responses = job.dest?.inlinedResponses ?? [];
  const succeeded = responses.filter((r) => r.response !== undefined).length;
  return {
    state: ENDED_STATES.has(state)
      ? 'ended'
      : state === JobState.JOB_STATE_CANCELLING
        ? 'cancelling'
        : 'running',
    total,
    succeeded,
    failed: responses.length - succeeded,
    expired: state === JobState.JOB_STATE_EXPIRED,
    cancelled: state === JobState.JOB_STATE_CANCELLED || state === JobState.JOB_STATE_CANCELLING,
    ...(job.endTime && { endedAt: Date.parse(job.endTime) }),
  };
}

function textOf(content: Content | undefined): string {
  // Thought summaries are not part of the answer.
  return (content?.parts ?? [])
    .filter((p) => !p.thought && typeof p.text === 'string')
    .map((p) => p.text)
    .join('');
}

interface CallOutput {
  choices: ChatChoice[];
  usage: TokenUsage | null;
}

/** A Gemini model behind the native generateContent API. */
export class GeminiChatEngine implements ChatEngine {
  readonly id: string;
  readonly providerId: string;
  readonly model: string;
  readonly location = 'cloud' as const;
  readonly capabilities: EngineCapabilities;
  private readonly conn: GeminiConnection;

  constructor(config: GeminiEngineConfig) {
    this.conn = new GeminiConnection(config);
    this.providerId = config.providerId;
    this.model = config.model.replace(/^models\//, '');
    this.id = `${config.providerId}/${this.model}`;
    this.capabilities = {
      n: 'native',
      seed: 'native',
      temperature: 'native',
      topP: 'native',
      structuredOutput: 'json-schema',
      streaming: true,
      maxConcurrency: this.conn.maxConcurrency,
      batch: true,
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

  /** Contents, generation config, notes and applied parameters of one request (no `n` yet). */
  private prepare(request: ChatRequest): {
    contents: Content[];
    config: GenerateContentConfig;
    notes: ParamNote[];
    applied: ChatResult['applied'];
  } {
    const notes: ParamNote[] = [];
    const { system, turns } = buildSystemAndTurns(request);
    const contents: Content[] = turns.map((m) => ({
      role: m.role === 'assistant' ? 'model' : 'user',
      parts: [{ text: m.content }],
    }));
    const config: GenerateContentConfig = {
      ...(system !== undefined && { systemInstruction: { parts: [{ text: system }] } }),
      ...(request.temperature !== undefined && { temperature: request.temperature }),
      ...(request.top_p !== undefined && { topP: request.top_p }),
      ...(request.max_tokens !== undefined && { maxOutputTokens: request.max_tokens }),
      ...(request.seed !== undefined && { seed: request.seed }),
      ...(request.stop !== undefined && request.stop.length > 0 && { stopSequences: request.stop }),
      // responseJsonSchema takes standard JSON Schema; responseSchema only an OpenAPI subset.
      ...(request.jsonSchema && {
        responseMimeType: 'application/json',
        responseJsonSchema: request.jsonSchema.schema,
      }),
    };
    const applied = appliedParams(
      this.model,
      request,
      request.jsonSchema ? 'json-schema' : undefined,
    );
    return { contents, config, notes, applied };
  }

  private async round(request: ChatRequest, flags: CallFlags): Promise<PartialResult> {
    const n = wantedChoices(request);
    const { contents, config, notes, applied } = this.prepare(request);
    const native = n > 1 && !flags.emulateN;
    const outputs: CallOutput[] = [];
    if (n === 1 || native) {
      const first = await this.call(
        contents,
        native ? { ...config, candidateCount: n } : config,
        0,
        request,
      );
      outputs.push(first);
      const got = first.choices.length;
      if (native && got < n) {
        outputs.push(
          ...(await repeatCalls(got, n, (i) => this.call(contents, config, i, request))),
        );
        notes.push(nEmulatedNote(this.conn.label, n, got));
      }
    } else {
      outputs.push(...(await repeatCalls(0, n, (i) => this.call(contents, config, i, request))));
      notes.push(nEmulatedNote(this.conn.label, n, 0));
    }
    return {
      choices: outputs.flatMap((o) => o.choices),
      usage: sumUsage(outputs.map((o) => o.usage)),
      applied,
      notes,
    };
  }

  /** This engine's batch API (batch mode with inlined requests; `n` as candidateCount). */
  readonly batch: ChatBatchApi = {
    submit: async (items, signal, marker) => {
      const src: InlinedRequest[] = items.map((item, index) => {
        const n = wantedChoices(item.request);
        const { contents, config } = this.prepare({ ...item.request, onToken: undefined });
        return {
          contents,
          config: n > 1 ? { ...config, candidateCount: n } : config,
          metadata: { key: wireId(index) },
        };
      });
      const job = await this.batchCall(signal, (client, ctx) =>
        findOrCreate(
          ctx,
          marker,
          (m) => findGeminiBatch(client, m, ctx.signal),
          () =>
            client.batches.create({
              model: this.model,
              src,
              config: {
                displayName: marker?.marker ?? `mmhs-${items.length}`,
                abortSignal: ctx.signal,
              },
            }),
        ),
      );
      if (!job.name) throw malformed(this.conn.site(this.model), 'a batch without a `name`');
      return newHandle(this.id, job.name, items);
    },
    status: async (handle, signal) =>
      geminiProgress(await this.getJob(handle, signal), handle.customIds.length),
    results: async (handle, items, signal) => {
      checkItems(handle, items);
      const job = await this.getJob(handle, signal);
      const progress = geminiProgress(job, handle.customIds.length);
      const outcomes = new Map<string, WireOutcome>();
      for (const entry of job.dest?.inlinedResponses ?? []) {
        const key = entry.metadata?.key;
        if (typeof key !== 'string') continue;
        const decoded = entry.response ? decodeResponse(entry.response) : null;
        outcomes.set(
          key,
          decoded
            ? { ok: true, ...decoded }
            : {
                ok: false,
                reason: 'errored',
                message: `${this.conn.label} failed this request in the batch (${redactSecrets(entry.error?.message ?? 'no reason given', [this.conn.config.apiKey])}); use "Retry failed" to send it again.`,
              },
        );
      }
      const prepared = items.map((item) => {
        const { notes, applied } = this.prepare({ ...item.request, onToken: undefined });
        return { wires: 1, describe: { notes, applied } };
      });
      return assembleResults(handle, prepared, outcomes, progress, this.conn.label);
    },
    cancel: async (handle, signal) => {
      await this.batchCall(signal, (client, ctx) =>
        client.batches.cancel({ name: handle.batchId, config: { abortSignal: ctx.signal } }),
      );
      return geminiProgress(await this.getJob(handle, signal), handle.customIds.length);
    },
  };

  private getJob(handle: BatchHandle, signal?: AbortSignal): Promise<BatchJob> {
    return this.batchCall(signal, (client, ctx) =>
      client.batches.get({ name: handle.batchId, config: { abortSignal: ctx.signal } }),
    );
  }

  /** One batch-API exchange under the shared retry policy. */
  private batchCall<T>(
    signal: AbortSignal | undefined,
    op: (client: GoogleGenAI, ctx: AttemptContext) => Promise<T>,
  ): Promise<T> {
    return this.conn.run(this.model, signal, op);
  }

  private call(
    contents: Content[],
    config: GenerateContentConfig,
    offset: number,
    request: ChatRequest,
  ): Promise<CallOutput> {
    const site = this.conn.site(this.model);
    return runWithRetry(
      site,
      async (ctx) => {
        const client = this.conn.client(ctx);
        const params = {
          model: this.model,
          contents,
          config: { ...config, abortSignal: ctx.signal },
        };
        if (!request.onToken) {
          const response = await client.models.generateContent(params);
          const decoded = decodeResponse(response);
          if (!decoded) throw malformed(site, 'a reply without `candidates`');
          return decoded;
        }
        const stream = await client.models.generateContentStream(params);
        const texts = new Map<number, string>();
        const finishes = new Map<number, FinishReason>();
        let last: GenerateContentResponse | undefined;
        for await (const chunk of stream) {
          ctx.touch();
          if (!chunk || (chunk.candidates !== undefined && !Array.isArray(chunk.candidates))) {
            throw malformed(site, 'a stream chunk that is not a generateContent response');
          }
          for (const c of chunk.candidates ?? []) {
            const index = c.index ?? 0;
            if (!texts.has(index)) texts.set(index, '');
            const delta = textOf(c.content);
            if (delta) {
              texts.set(index, texts.get(index) + delta);
              ctx.delivered();
              request.onToken?.(delta, offset + index);
            }
            if (c.finishReason) finishes.set(index, finishOf(c.finishReason));
          }
          if (chunk.usageMetadata) last = chunk;
        }
        if (texts.size === 0) throw malformed(site, 'a stream with no candidates');
        const choices = [...texts.entries()]
          .sort(([a], [b]) => a - b)
          .map(([index, text]) => ({ text, finishReason: finishes.get(index) ?? 'unknown' }));
        return { choices, usage: usageFrom(last) };
      },
      this.conn.runOptions(request.signal),
    );
  }
}

export {
  GEMINI_DEFAULT_BASE_URL,
  GeminiConnection,
  type GeminiEngineConfig,
} from './gemini-connection';
export {
  GeminiEmbeddingEngine,
  listGeminiModels,
  type GeminiEmbeddingConfig,
} from './gemini-embedding';
