// The framework explorer's query analyser: a query, the chosen model's judgement of the contexts it
// activates (or one set up by hand from the paper or a category), hand edits and cancellation.
import {
  emptyJudgement,
  flipDirection,
  idealResponse,
  judgementForCategory,
  queryTensions,
  setAspect,
  setDirection,
  setReason,
  toggleContext,
  type IdealResponse,
  type QueryTension,
} from '../core/framework-judgement';
import { EXAMPLE_QUERY, type MeasuredAspect, type NormativeContext, type Pole } from '../core/mmhs';
import {
  QUERY_ANALYSIS_SCHEMA,
  buildQueryAnalysisMessages,
  judgementFromAnalysis,
  parseQueryAnalysis,
  type QueryAnalysisJudgement,
} from '../core/probe-prompts';
import type { AnalysisOrigin } from '../core/framework-origin';
import type { CategoryId } from '../core/taxonomy';
import type { EngineChoice } from '../engines/providers';
import { describeError } from '../engines/registry';
import type { ChatEngine, LoadProgress } from '../engines/types';

/** A chat engine ready for one analysis, and how to let it go afterwards. */
export interface OpenedEngine {
  engine: ChatEngine;
  /** Frees what the analysis built (a shared local model stays loaded). */
  release(): Promise<void>;
}

/** The models the analyser can ask, as configured in Settings. */
export interface AnalyserEngines {
  /** Whether the stored settings have been read. */
  readonly loaded: boolean;
  /** Chat models to pick from, grouped by provider. */
  readonly choices: readonly EngineChoice[];
  /** The default judge chosen in Settings, if any. */
  readonly defaultJudge: string | null;
  /** Whether the user set up any model of their own (a provider, a WebLLM model, a judge). */
  readonly configured: boolean;
  /** A readable name of an engine id. */
  label(engineId: string): string;
  /** Reads the stored settings (safe to call again). */
  load(): Promise<void>;
  /** Builds the engine of an id; rejects with a message for users when it cannot. */
  open(engineId: string, onProgress: (progress: LoadProgress) => void): Promise<OpenedEngine>;
}

export type { AnalysisOrigin } from '../core/framework-origin';

/** Queries offered for one click; the paper's Figure 2 example comes first. */
export const QUERY_SUGGESTIONS: readonly string[] = [
  EXAMPLE_QUERY.query,
  'Write a short story about a family moving to a new city.',
  'What is the boiling point of water at sea level, in Celsius?',
  'Describe a typical nurse and a typical engineer.',
  'Which household chemicals should never be mixed, and why?',
];

/** Output tokens the analysis may use: four one-line entries, with room for a reasoning model. */
const MAX_TOKENS = 2000;

/** Longest model reply kept for display when it cannot be read. */
const MAX_RAW_CHARS = 4000;

/** Holds the analyser's query, judgement and model call. */
export class QueryAnalyser {
  query = $state('');
  /** The analysis shown; null until the user analyses a query or starts one by hand. */
  judgement = $state.raw<QueryAnalysisJudgement | null>(null);
  origin = $state.raw<AnalysisOrigin | null>(null);
  /** The query the judgement is about (the box may have changed since). */
  analysedQuery = $state('');
  /** Whether the user changed the judgement after it was made. */
  edited = $state(false);
  running = $state(false);
  /** What the running call is doing (loading a local model, waiting for the reply). */
  progress = $state<string | null>(null);
  error = $state<string | null>(null);
  /** A neutral message about the last action, e.g. that it was cancelled. */
  notice = $state<string | null>(null);
  /** The model's reply when it could not be read, so the user can see why. */
  rawReply = $state<string | null>(null);

  /** Pairs of active contexts with their Table 1 rows. */
  readonly tensions: QueryTension[] = $derived(
    this.judgement === null ? [] : queryTensions(this.judgement),
  );
  /** The response that satisfies every active context. */
  readonly ideal: IdealResponse | null = $derived(
    this.judgement === null ? null : idealResponse(this.judgement),
  );

  #chosen = $state<string | null>(null);
  #controller: AbortController | null = null;
  readonly #engines: AnalyserEngines;

  /** @param engines the models configured in Settings */
  constructor(engines: AnalyserEngines) {
    this.#engines = engines;
  }

  /** The models on offer. */
  get engines(): AnalyserEngines {
    return this.#engines;
  }

  /** The model to ask: the user's pick, else the default judge; '' when there is neither. */
  get engineId(): string {
    return this.#chosen ?? this.#engines.defaultJudge ?? '';
  }

  /** Picks the model to ask ('' for none). */
  choose(engineId: string): void {
    this.#chosen = engineId;
  }

  /** Whether Analyse can start now. */
  get canAnalyse(): boolean {
    return !this.running && this.query.trim() !== '' && this.engineId !== '';
  }

  /** Whether the query box no longer holds the query the shown judgement is about. */
  get stale(): boolean {
    return this.judgement !== null && this.analysedQuery !== this.query.trim();
  }

  /** Puts a suggested query in the box. */
  suggest(query: string): void {
    this.query = query;
  }

  /** Shows the paper's own analysis of its chronic-pain example (Figure 2), query included. */
  usePaperExample(): void {
    this.query = EXAMPLE_QUERY.query;
    this.#show(judgementFromAnalysis(EXAMPLE_QUERY), { kind: 'paper' });
  }

  /** Starts from the default contexts of a task category, for the query in the box. */
  useCategory(category: CategoryId): void {
    this.#show(judgementForCategory(category), { kind: 'category', category });
  }

  /** Asks the chosen model which contexts the query activates. */
  async analyse(): Promise<void> {
    if (this.running) return;
    const query = this.query.trim();
    const engineId = this.engineId;
    if (query === '') {
      this.error = 'Type a query first, or pick one of the suggestions.';
      return;
    }
    if (engineId === '') {
      this.error = 'Choose a model first, or set the analysis up by hand.';
      return;
    }
    const label = this.#engines.label(engineId);
    const controller = new AbortController();
    this.#controller = controller;
    this.running = true;
    this.error = null;
    this.notice = null;
    this.rawReply = null;
    this.progress = `Preparing ${label}…`;
    let opened: OpenedEngine | null = null;
    try {
      opened = await this.#engines.open(engineId, (p) => {
        this.progress = `Loading ${label}: ${Math.round(p.fraction * 100)}%`;
      });
      controller.signal.throwIfAborted();
      this.progress = `Waiting for ${label}…`;
      const result = await opened.engine.chat({
        messages: buildQueryAnalysisMessages(query),
        max_tokens: MAX_TOKENS,
        jsonSchema: { name: 'query_analysis', schema: QUERY_ANALYSIS_SCHEMA },
        signal: controller.signal,
      });
      const text = result.choices[0]?.text ?? '';
      const parsed = parseQueryAnalysis(text);
      if (!parsed.ok) {
        this.error = `The reply of ${label} could not be read as a query analysis (${parsed.error.message}). Try again or another model, or set the analysis up by hand below.`;
        this.rawReply = text.length > MAX_RAW_CHARS ? `${text.slice(0, MAX_RAW_CHARS)}…` : text;
        return;
      }
      this.#show(parsed.value, { kind: 'model', engineId, missing: parsed.value.missing }, query);
    } catch (err) {
      if (controller.signal.aborted) {
        this.notice = 'Analysis cancelled; the analysis shown did not change.';
      } else {
        this.error = `${label} could not analyse the query: ${describeError(err)}`;
      }
    } finally {
      this.#controller = null;
      this.running = false;
      this.progress = null;
      await opened?.release().catch(() => undefined);
    }
  }

  /** Stops the running analysis. */
  cancel(): void {
    this.#controller?.abort();
  }

  /** Switches a context on or off. */
  toggle(context: NormativeContext): void {
    this.#edit((j) => toggleContext(j, context));
  }

  /** Flips the direction an active context demands. */
  flip(context: NormativeContext): void {
    this.#edit((j) => flipDirection(j, context));
  }

  /** Sets the direction a context demands (switching it on). */
  setDirection(context: NormativeContext, direction: Pole): void {
    this.#edit((j) => setDirection(j, context, direction));
  }

  /** Sets what a context's direction applies to. */
  setAspect(context: NormativeContext, aspect: MeasuredAspect | null): void {
    this.#edit((j) => setAspect(j, context, aspect));
  }

  /** Replaces a context's reason. */
  setReason(context: NormativeContext, reason: string): void {
    this.#edit((j) => setReason(j, context, reason));
  }

  /** Stops any call; the page is going away. */
  dispose(): void {
    this.cancel();
  }

  #show(
    judgement: QueryAnalysisJudgement,
    origin: AnalysisOrigin,
    query = this.query.trim(),
  ): void {
    this.judgement = judgement;
    this.origin = origin;
    this.analysedQuery = query;
    this.edited = false;
    this.error = null;
    this.notice = null;
    this.rawReply = null;
  }

  #edit(change: (j: QueryAnalysisJudgement) => QueryAnalysisJudgement): void {
    if (this.judgement === null) {
      this.#show(emptyJudgement(), { kind: 'hand' });
    }
    const next = change(this.judgement ?? emptyJudgement());
    if (next === this.judgement) return;
    this.judgement = next;
    if (this.origin?.kind !== 'hand') this.edited = true;
  }
}
