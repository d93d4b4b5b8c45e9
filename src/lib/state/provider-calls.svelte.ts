// The two kinds of call Settings makes itself: the one-call provider test and the streaming
// "Try it" box. Both go through the engine registry and show the adapters' messages.
import { parseEngineId, type ProviderConfig } from '../engines/providers';
import {
  createChatEngine,
  describeError,
  testProvider,
  type EngineDeps,
} from '../engines/registry';
import type { TokenUsage } from '../engines/types';

/** Result of a provider test. */
export type CheckState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'ok'; message: string }
  | { status: 'error'; message: string };

/** What the calls need from the rest of Settings. */
export interface CallContext {
  /** A configured or local provider by id. */
  resolve(providerId: string): ProviderConfig | undefined;
  /** Key lookup and usage/progress callbacks for the registry. */
  deps(): EngineDeps;
  /** Keys to scrub from any message shown. */
  secrets(): string[];
  /** USD cost of a call, or null when unpriced (0 for local models). */
  cost(providerId: string, model: string, usage: TokenUsage | null): number | null;
}

function tokens(usage: TokenUsage | null): string {
  return usage ? `${usage.promptTokens} in, ${usage.completionTokens} out` : 'tokens not reported';
}

/** Provider tests ("Test" buttons), one state per provider. */
export class ProviderChecks {
  #results = $state<Record<string, CheckState>>({});
  readonly #aborts: Record<string, AbortController | undefined> = {};
  readonly #ctx: CallContext;

  /** @param ctx provider lookup, registry deps and secrets */
  constructor(ctx: CallContext) {
    this.#ctx = ctx;
  }

  /** The last test of a provider. */
  result(providerId: string): CheckState {
    return this.#results[providerId] ?? { status: 'idle' };
  }

  /**
   * Makes one cheap call (max_tokens 8) to the provider's first model and reports how it went,
   * in the adapter's own words when it fails.
   */
  async test(providerId: string): Promise<void> {
    const config = this.#ctx.resolve(providerId);
    if (!config) return;
    this.#aborts[providerId]?.abort();
    const abort = new AbortController();
    this.#aborts[providerId] = abort;
    this.#set(providerId, { status: 'running' });
    try {
      const r = await testProvider(config, this.#ctx.deps(), { signal: abort.signal });
      const reply = r.reply.trim()
        ? `replied “${r.reply.trim().slice(0, 80)}”`
        : `answered with an empty reply (finish: ${r.finishReason})`;
      this.#set(providerId, {
        status: 'ok',
        message: `Connected. ${r.model} ${reply} in ${Math.round(r.latencyMs)} ms (${tokens(r.usage)}).`,
      });
    } catch (err) {
      this.#set(providerId, {
        status: 'error',
        message: describeError(err, this.#ctx.secrets()),
      });
    } finally {
      if (this.#aborts[providerId] === abort) this.#aborts[providerId] = undefined;
    }
  }

  /** Forgets a provider's result (after an edit, the old result no longer applies). */
  clear(providerId: string): void {
    this.#aborts[providerId]?.abort();
    this.#results = Object.fromEntries(
      Object.entries(this.#results).filter(([id]) => id !== providerId),
    );
  }

  #set(providerId: string, state: CheckState): void {
    this.#results = { ...this.#results, [providerId]: state };
  }
}

/** Where a "Try it" call is. */
export type TryStatus = 'idle' | 'running' | 'done' | 'stopped' | 'error';

/** What a finished "Try it" call cost. */
export interface TrySummary {
  usage: TokenUsage | null;
  latencyMs: number;
  costUsd: number | null;
  notes: string[];
}

/** The "Try it" box: one prompt to one model, streamed token by token. */
export class TryIt {
  #engineId = $state('');
  #userChose = false;
  #prompt = $state('In one sentence: why might many answers from one model sound alike?');
  #output = $state('');
  #status = $state<TryStatus>('idle');
  #error = $state<string | null>(null);
  #summary = $state<TrySummary | null>(null);
  #abort: AbortController | null = null;
  readonly #ctx: CallContext;

  /** @param ctx provider lookup, registry deps, secrets and prices */
  constructor(ctx: CallContext) {
    this.#ctx = ctx;
  }

  /** The chosen engine, `providerId/model`. */
  get engineId(): string {
    return this.#engineId;
  }

  /** The prompt to send. */
  get prompt(): string {
    return this.#prompt;
  }

  /** The reply so far (grows while streaming). */
  get output(): string {
    return this.#output;
  }

  /** Where the call is. */
  get status(): TryStatus {
    return this.#status;
  }

  /** The failure message, if the call failed. */
  get error(): string | null {
    return this.#error;
  }

  /** Tokens, latency and cost of the finished call. */
  get summary(): TrySummary | null {
    return this.#summary;
  }

  /** Chooses the engine to try (the user's choice sticks while it stays available). */
  chooseEngine(engineId: string): void {
    this.#engineId = engineId;
    this.#userChose = true;
  }

  /**
   * Tells the box which engines exist now. Until the user picks one, the first offered is
   * selected (so configured providers, listed first, win over local models that load later);
   * a choice that disappeared falls back to the first.
   * @param engineIds the engines offered, in display order
   */
  offer(engineIds: readonly string[]): void {
    const current = engineIds.includes(this.#engineId);
    if (current && this.#userChose) return;
    const first = engineIds[0] ?? '';
    if (this.#engineId !== first) this.#engineId = first;
    if (!current) this.#userChose = false;
  }

  /** Updates the prompt. */
  editPrompt(text: string): void {
    this.#prompt = text;
  }

  /** Sends the prompt and streams the reply into `output`. */
  async send(): Promise<void> {
    const ref = parseEngineId(this.#engineId);
    const config = ref ? this.#ctx.resolve(ref.providerId) : undefined;
    if (!ref || !config) {
      this.#status = 'error';
      this.#error = 'Choose a model to try first.';
      return;
    }
    if (!this.#prompt.trim()) {
      this.#status = 'error';
      this.#error = 'Write a prompt first.';
      return;
    }
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#output = '';
    this.#error = null;
    this.#summary = null;
    this.#status = 'running';
    try {
      const engine = await createChatEngine(config, ref.model, this.#ctx.deps());
      const result = await engine.chat({
        messages: [{ role: 'user', content: this.#prompt }],
        max_tokens: 256,
        signal: abort.signal,
        onToken: (delta, choice) => {
          if (choice === 0 && this.#abort === abort) this.#output += delta;
        },
      });
      if (this.#abort !== abort) return;
      // Engines that cannot stream still return the text: show it.
      const text = result.choices[0]?.text ?? '';
      if (text.length >= this.#output.length) this.#output = text;
      this.#summary = {
        usage: result.usage,
        latencyMs: result.latencyMs,
        costUsd: this.#ctx.cost(config.id, ref.model, result.usage),
        notes: result.notes.map((n) => n.message),
      };
      this.#status = 'done';
    } catch (err) {
      if (this.#abort !== abort) return;
      if (abort.signal.aborted) {
        this.#status = 'stopped';
      } else {
        this.#status = 'error';
        this.#error = describeError(err, this.#ctx.secrets());
      }
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
  }

  /** Stops the running call; the text received so far stays. */
  stop(): void {
    this.#abort?.abort();
  }
}
