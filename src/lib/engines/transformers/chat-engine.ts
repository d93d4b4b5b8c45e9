// The local chat engine on transformers.js: one worker request per choice, parameters clamped
// and every one it could not honour noted in the result.
import { buildRequestMessages } from '../../core/chat-request';
import type {
  AppliedParams,
  ChatEngine,
  ChatRequest,
  ChatResult,
  EngineCapabilities,
  ParamNote,
} from '../types';
import { TransformersEngineBase, type TransformersEngineOptions } from './engine-base';
import type { GenerateOutput } from './protocol';

/** Options of the chat engine. */
export interface TransformersChatOptions extends TransformersEngineOptions {
  /** max_tokens when the request gives none. */
  defaultMaxTokens?: number;
}

/** Default reply length when the request sets no max_tokens. */
export const DEFAULT_MAX_NEW_TOKENS = 512;

function integerAtLeast(
  value: number | undefined,
  min: number,
  param: 'n' | 'max_tokens',
  notes: ParamNote[],
): number | undefined {
  if (value === undefined) return undefined;
  const fixed = Math.max(min, Math.floor(Number.isFinite(value) ? value : min));
  if (fixed !== value) {
    notes.push({
      param,
      status: 'clamped',
      message: `${param} must be an integer of at least ${min}; ${value} was changed to ${fixed}.`,
    });
  }
  return fixed;
}

function clampedNumber(
  value: number | undefined,
  min: number,
  max: number,
  param: 'temperature' | 'top_p',
  notes: ParamNote[],
): number | undefined {
  if (value === undefined) return undefined;
  const fixed = Number.isNaN(value) ? min : Math.min(max, Math.max(min, value));
  if (fixed !== value) {
    notes.push({
      param,
      status: 'clamped',
      message: `${param} must be between ${min} and ${max}; ${value} was changed to ${fixed}.`,
    });
  }
  return fixed;
}

/** Local chat model on transformers.js (WASM, or WebGPU when usable), in a Web Worker. */
export class TransformersChatEngine extends TransformersEngineBase implements ChatEngine {
  readonly capabilities: EngineCapabilities = {
    n: 'emulated',
    seed: 'native',
    temperature: 'native',
    topP: 'native',
    structuredOutput: 'none',
    streaming: true,
    maxConcurrency: 1,
    batch: false,
  };
  readonly #defaultMaxTokens: number;

  /** @param options model, device, dtype, client and progress callback */
  constructor(options: TransformersChatOptions) {
    super('text-generation', 'auto', options);
    this.#defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_MAX_NEW_TOKENS;
  }

  /** Generate `n` choices one after another; every unhonoured parameter is noted. */
  async chat(request: ChatRequest): Promise<ChatResult> {
    const notes: ParamNote[] = [];
    const spec = await this.spec();
    await this.load({ signal: request.signal });
    const started = performance.now();

    const messages = buildRequestMessages(request);
    let structuredOutput: AppliedParams['structuredOutput'];
    if (request.jsonSchema) {
      structuredOutput = 'prompt-only';
      notes.push({
        param: 'jsonSchema',
        status: 'emulated',
        message:
          'transformers.js has no constrained decoding: only the prompt asks for the schema, ' +
          'so the reply may not be valid JSON.',
      });
    }
    const n = integerAtLeast(request.n, 1, 'n', notes) ?? 1;
    const maxTokens =
      integerAtLeast(request.max_tokens, 1, 'max_tokens', notes) ?? this.#defaultMaxTokens;
    const temperature = clampedNumber(request.temperature, 0, 100, 'temperature', notes);
    const topP = clampedNumber(request.top_p, 0, 1, 'top_p', notes);
    const stream = request.onToken !== undefined;

    const outputs: GenerateOutput[] = [];
    for (let i = 0; i < n; i++) {
      const out = await this.client.request(
        {
          type: 'generate',
          params: {
            spec,
            messages,
            maxNewTokens: maxTokens,
            ...(temperature !== undefined ? { temperature } : {}),
            ...(topP !== undefined ? { topP } : {}),
            ...(request.seed !== undefined ? { seed: request.seed + i } : {}),
            ...(request.stop?.length ? { stop: request.stop } : {}),
            stream,
          },
        },
        {
          signal: request.signal,
          onEvent: (e) => {
            if (e.type === 'token') request.onToken?.(e.delta, i);
          },
        },
      );
      outputs.push(out);
    }

    const first = outputs[0]!;
    const sampled = first.sampled;
    if (!sampled && request.top_p !== undefined) {
      notes.push({
        param: 'top_p',
        status: 'ignored',
        message:
          'Decoding was greedy (temperature 0 or the model default), so top_p had no effect.',
      });
    }
    if (!sampled && request.seed !== undefined) {
      notes.push({
        param: 'seed',
        status: 'ignored',
        message: 'Decoding was greedy, which is deterministic without a seed.',
      });
    }
    if (n > 1) {
      notes.push({
        param: 'n',
        status: 'emulated',
        message:
          `transformers.js returns one sequence per call, so ${n} choices were generated one ` +
          'after another' +
          (request.seed !== undefined && sampled
            ? ` (choice i seeded with ${request.seed} + i)`
            : '') +
          (sampled ? '.' : '; decoding was greedy, so the choices are identical.'),
      });
    }

    const applied: AppliedParams = {
      model: this.model,
      temperature: sampled ? first.temperature : 0,
      ...(sampled && first.topP !== undefined ? { top_p: first.topP } : {}),
      max_tokens: maxTokens,
      ...(sampled && request.seed !== undefined ? { seed: request.seed } : {}),
      n,
      ...(request.stop?.length ? { stop: [...request.stop] } : {}),
      ...(structuredOutput ? { structuredOutput } : {}),
      stream,
    };
    const completionTokens = outputs.reduce((sum, o) => sum + o.completionTokens, 0);
    return {
      choices: outputs.map((o) => ({ text: o.text, finishReason: o.finishReason })),
      // The prompt is counted once, as OpenAI does for n > 1.
      usage: {
        promptTokens: first.promptTokens,
        completionTokens,
        totalTokens: first.promptTokens + completionTokens,
      },
      latencyMs: Math.round(performance.now() - started),
      applied,
      notes,
    };
  }
}
