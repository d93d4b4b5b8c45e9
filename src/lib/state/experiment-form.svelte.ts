// The experiment definition form: prompts (typed, from the library or a dataset) with their known
// categories and gold answers, models, strategies, k and sampling parameters, and the switches.
/* eslint-disable svelte/prefer-svelte-reactivity -- Sets and Maps here are local temporaries or
   replaced whole (never mutated in place), so plain collections are what reactivity needs. */
import { resolveCategory } from '../core/run-model';
import type { ExperimentEstimate } from '../core/estimate';
import { SAMPLING_STRATEGIES, SAMPLING_STRATEGY_IDS, type SamplingStrategy } from '../core/prompts';
import { CATEGORY_IDS, type CategoryId } from '../core/taxonomy';
import {
  BATCH_STAGES,
  estimateExperiment,
  parseExperiment,
  type BatchStage,
  type EngineInfo,
  type ExperimentInput,
  type ParsedExperiment,
} from '../pipeline/experiment';
import type { TokenPrice } from '../core/estimate';
import type { ExperimentPrompt } from '../pipeline/experiment';
import type { JsonValue } from '../storage/schema';

/** Where a prompt of the form came from. */
export type PromptOrigin = 'typed' | 'library' | 'dataset';

/** One prompt as the form holds it. */
export interface DraftPrompt {
  id: string;
  text: string;
  /** Known category; the classifier is scored against it and the judge uses it. */
  category?: CategoryId;
  gold?: string;
  answerType?: 'math' | 'short';
  origin: PromptOrigin;
}

/** How typed text is split into prompts. */
export type SplitMode = 'lines' | 'blank-lines';

/** The paper's defaults (Jain et al. 2025), as `experimentSchema` fills them in. */
export const FORM_DEFAULTS = {
  k: 5,
  temperature: 1,
  topP: 0.9,
  maxTokens: 1024,
} as const;

/** Where the form keeps its draft between visits (a setting; never holds a key). */
export const DRAFT_SETTING_KEY = 'experiment-draft';

/**
 * Splits typed text into prompt texts: one per line, or (for multi-line prompts) one per block
 * separated by a blank line. Blank entries are dropped, surrounding whitespace trimmed.
 * @param text what the user typed
 * @param mode the separator
 */
export function splitPrompts(text: string, mode: SplitMode): string[] {
  const parts = mode === 'lines' ? text.split(/\r?\n/) : text.split(/\r?\n[ \t]*\r?\n/);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function isCategory(value: unknown): value is CategoryId {
  return typeof value === 'string' && (CATEGORY_IDS as readonly string[]).includes(value);
}

function isStrategy(value: unknown): value is SamplingStrategy {
  return typeof value === 'string' && (SAMPLING_STRATEGY_IDS as readonly string[]).includes(value);
}

function finite(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The form's on/off pipeline options, read and restored by name. */
const PIPELINE_FLAGS = ['classify', 'judgeEveryPair', 'bothOrders', 'quality', 'accuracy'] as const;

/** The experiment form's state; components bind to the plain fields and call the methods. */
export class ExperimentForm {
  name = $state('Experiment');
  k = $state<number | null>(FORM_DEFAULTS.k);
  temperature = $state<number | null>(FORM_DEFAULTS.temperature);
  topP = $state<number | null>(FORM_DEFAULTS.topP);
  maxTokens = $state<number | null>(FORM_DEFAULTS.maxTokens);
  /** Empty: no seed. */
  seed = $state<number | null>(null);
  classify = $state(true);
  judgeEveryPair = $state(false);
  bothOrders = $state(false);
  quality = $state(true);
  accuracy = $state(true);
  /** Embedding engine id, or '' for none. */
  embedding = $state('');
  /** Stages whose calls go to provider batch APIs (the rest are interactive). */
  batch = $state<BatchStage[]>([]);

  #prompts = $state<DraftPrompt[]>([]);
  #generators = $state<string[]>([]);
  #judges = $state<string[]>([]);
  #strategies = $state<SamplingStrategy[]>([...SAMPLING_STRATEGY_IDS]);
  #typedCount = 0;
  #defaultsApplied = false;

  /** The prompts, in order. */
  get prompts(): readonly DraftPrompt[] {
    return this.#prompts;
  }

  /** Chosen generator engine ids. */
  get generators(): readonly string[] {
    return this.#generators;
  }

  /** Chosen judge engine ids. */
  get judges(): readonly string[] {
    return this.#judges;
  }

  /** Chosen strategies, in the paper's order. */
  get strategies(): readonly SamplingStrategy[] {
    return this.#strategies;
  }

  /** The definition as the pipeline takes it (validated by {@link parsed}). */
  get input(): ExperimentInput {
    const seed = finite(this.seed);
    return {
      name: this.name.trim() || 'Experiment',
      prompts: this.#prompts.map((p) => ({
        id: p.id,
        text: p.text,
        ...(p.category === undefined ? {} : { category: p.category }),
        ...(p.gold === undefined || p.gold.trim() === '' ? {} : { gold: p.gold.trim() }),
        ...(p.gold !== undefined && p.gold.trim() !== '' && p.answerType !== undefined
          ? { answerType: p.answerType }
          : {}),
      })),
      generators: [...this.#generators],
      judges: [...this.#judges],
      ...(this.embedding ? { embedding: this.embedding } : {}),
      strategies: [...this.#strategies],
      // Blank number fields become NaN so validation names the field instead of using a default.
      k: finite(this.k) ?? Number.NaN,
      temperature: finite(this.temperature) ?? Number.NaN,
      topP: finite(this.topP) ?? Number.NaN,
      maxTokens: finite(this.maxTokens) ?? Number.NaN,
      ...(seed === undefined ? {} : { seed }),
      classify: this.classify,
      judgeEveryPair: this.judgeEveryPair,
      bothOrders: this.bothOrders,
      quality: this.quality,
      accuracy: this.accuracy,
      ...(this.batch.length > 0 ? { batch: [...this.batch] } : {}),
    };
  }

  /** How a stage's calls are sent. */
  stageMode(stage: BatchStage): 'interactive' | 'batch' {
    return this.batch.includes(stage) ? 'batch' : 'interactive';
  }

  /** Sends a stage's calls interactively or through provider batch APIs. */
  setStageMode(stage: BatchStage, mode: 'interactive' | 'batch'): void {
    const others = this.batch.filter((s) => s !== stage);
    const chosen = mode === 'batch' ? [...others, stage] : others;
    this.batch = BATCH_STAGES.filter((s) => chosen.includes(s));
  }

  /** The validated definition, or the problems to fix. */
  get parsed(): ParsedExperiment {
    return parseExperiment(this.input);
  }

  /** Things that are allowed but probably not what the user wants. */
  get warnings(): string[] {
    const out: string[] = [];
    if (this.#judges.length === 0) {
      out.push(
        'No judge model: functional classes, quality and short-answer accuracy are skipped.',
      );
    } else if (this.judgeEveryPair && this.bothOrders) {
      out.push('Judging every pair in both orders doubles the judge calls of every-pair judging.');
    }
    const anchored = this.#strategies.some((s) => SAMPLING_STRATEGIES[s].anchored);
    const unknown = this.#prompts.filter((p) => p.category === undefined).length;
    if (anchored && unknown > 0 && this.classify) {
      out.push(
        `${unknown} prompt(s) have no known category: task-anchored strategies use the generator's classification for them.`,
      );
    }
    return out;
  }

  /**
   * The pre-run estimate, or null while the form is invalid.
   * @param engines location and `n` support per engine id
   * @param prices USD per million tokens per engine id
   */
  estimate(
    engines: Readonly<Record<string, EngineInfo>>,
    prices: Readonly<Record<string, TokenPrice>>,
  ): ExperimentEstimate | null {
    const parsed = this.parsed;
    return parsed.ok ? estimateExperiment(parsed.value, engines, prices) : null;
  }

  /**
   * Adds typed prompts; texts already in the list are skipped.
   * @returns how many were added
   */
  addTyped(text: string, mode: SplitMode): number {
    const added: DraftPrompt[] = [];
    for (const t of splitPrompts(text, mode)) {
      this.#typedCount += 1;
      let id = `typed-${this.#typedCount}`;
      while (this.#hasId(id) || added.some((p) => p.id === id)) {
        this.#typedCount += 1;
        id = `typed-${this.#typedCount}`;
      }
      added.push({ id, text: t, origin: 'typed' });
    }
    return this.addPrompts(added);
  }

  /**
   * Adds prompts from the library or a dataset, keeping their category and gold answer. A prompt
   * whose id or text is already in the list is skipped.
   * @returns how many were added
   */
  addPrompts(prompts: readonly DraftPrompt[]): number {
    const ids = new Set(this.#prompts.map((p) => p.id));
    const texts = new Set(this.#prompts.map((p) => p.text));
    const fresh: DraftPrompt[] = [];
    for (const p of prompts) {
      if (p.text.trim() === '' || ids.has(p.id) || texts.has(p.text)) continue;
      ids.add(p.id);
      texts.add(p.text);
      fresh.push({ ...p });
    }
    if (fresh.length > 0) this.#prompts = [...this.#prompts, ...fresh];
    return fresh.length;
  }

  /** Removes one prompt. */
  removePrompt(id: string): void {
    this.#prompts = this.#prompts.filter((p) => p.id !== id);
  }

  /** Removes every prompt. */
  clearPrompts(): void {
    this.#prompts = [];
  }

  /** Sets (or with undefined clears) a prompt's known category. */
  setCategory(id: string, category: CategoryId | undefined): void {
    this.#update(id, (p) => {
      const { category: _old, ...rest } = p;
      return category === undefined ? rest : { ...rest, category };
    });
  }

  /** Sets a prompt's gold answer ('' clears it). */
  setGold(id: string, gold: string): void {
    this.#update(id, (p) => {
      const { gold: _old, ...rest } = p;
      return gold.trim() === '' ? rest : { ...rest, gold };
    });
  }

  /** How a prompt's gold answer is checked. */
  setAnswerType(id: string, answerType: 'math' | 'short'): void {
    this.#update(id, (p) => ({ ...p, answerType }));
  }

  /** Turns a generator on or off. */
  toggleGenerator(engineId: string, on: boolean): void {
    this.#generators = toggled(this.#generators, engineId, on);
  }

  /** Turns a judge on or off. */
  toggleJudge(engineId: string, on: boolean): void {
    this.#judges = toggled(this.#judges, engineId, on);
  }

  /** Turns a strategy on or off; the paper's order is kept. */
  toggleStrategy(strategy: SamplingStrategy, on: boolean): void {
    const set = new Set(toggled(this.#strategies, strategy, on));
    this.#strategies = SAMPLING_STRATEGY_IDS.filter((s) => set.has(s));
  }

  /** Puts k, temperature, top-p and max tokens back to the paper's values. */
  resetSampling(): void {
    this.k = FORM_DEFAULTS.k;
    this.temperature = FORM_DEFAULTS.temperature;
    this.topP = FORM_DEFAULTS.topP;
    this.maxTokens = FORM_DEFAULTS.maxTokens;
  }

  /**
   * Preselects the default models from Settings, once, and only where the user chose nothing.
   * Engines no longer configured are never preselected.
   */
  applyDefaults(
    defaults: { generator: string | null; judge: string | null; embedding: string | null },
    available: { chat: readonly string[]; embedding: readonly string[] },
  ): void {
    if (this.#defaultsApplied) return;
    this.#defaultsApplied = true;
    const { generator, judge, embedding } = defaults;
    if (this.#generators.length === 0 && generator && available.chat.includes(generator)) {
      this.#generators = [generator];
    }
    if (this.#judges.length === 0 && judge && available.chat.includes(judge)) {
      this.#judges = [judge];
    }
    if (!this.embedding && embedding && available.embedding.includes(embedding)) {
      this.embedding = embedding;
    }
  }

  /** Drops chosen engines that are no longer offered (a provider was removed). */
  dropUnavailable(available: { chat: readonly string[]; embedding: readonly string[] }): void {
    const chat = new Set(available.chat);
    if (this.#generators.some((g) => !chat.has(g))) {
      this.#generators = this.#generators.filter((g) => chat.has(g));
    }
    if (this.#judges.some((j) => !chat.has(j))) {
      this.#judges = this.#judges.filter((j) => chat.has(j));
    }
    if (this.embedding && !available.embedding.includes(this.embedding)) this.embedding = '';
  }

  /**
   * Replaces the prompts and sampling settings with a workshop pack's, keeping the user's own
   * engines (a pack never names them): "run it yourself with your model".
   * @param settings fields left undefined keep the form's value
   */
  applyWorkshop(
    title: string,
    prompts: readonly ExperimentPrompt[],
    settings: {
      strategies?: readonly SamplingStrategy[] | undefined;
      k?: number | undefined;
      temperature?: number | undefined;
      topP?: number | undefined;
      maxTokens?: number | undefined;
      seed?: number | undefined;
      classify?: boolean | undefined;
      judgeEveryPair?: boolean | undefined;
      bothOrders?: boolean | undefined;
      quality?: boolean | undefined;
      accuracy?: boolean | undefined;
    },
  ): void {
    this.name = title;
    this.#prompts = [];
    this.addPrompts(
      prompts.map((p) => {
        const category = resolveCategory({ override: p.categoryOverride, known: p.category });
        return {
          id: p.id,
          text: p.text,
          origin: 'dataset' as const,
          ...(category === undefined ? {} : { category }),
          ...(p.gold === undefined ? {} : { gold: p.gold }),
          ...(p.answerType === undefined ? {} : { answerType: p.answerType }),
        };
      }),
    );
    if (settings.strategies !== undefined) {
      const chosen = new Set(settings.strategies);
      this.#strategies = SAMPLING_STRATEGY_IDS.filter((s) => chosen.has(s));
    }
    for (const field of ['k', 'temperature', 'topP', 'maxTokens'] as const) {
      const value = settings[field];
      if (value !== undefined) this[field] = value;
    }
    this.seed = settings.seed ?? null;
    for (const flag of PIPELINE_FLAGS) {
      const value = settings[flag];
      if (value !== undefined) this[flag] = value;
    }
  }

  /** The draft as plain JSON, for keeping it between visits. */
  snapshot(): JsonValue {
    return JSON.parse(
      JSON.stringify({
        ...this.input,
        k: this.k,
        temperature: this.temperature,
        topP: this.topP,
        maxTokens: this.maxTokens,
        seed: this.seed,
        embedding: this.embedding,
        promptsDraft: this.#prompts,
        typedCount: this.#typedCount,
      }),
    ) as JsonValue;
  }

  /** Restores a draft written by {@link snapshot}; anything malformed is ignored field by field. */
  restore(value: JsonValue | undefined): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const v = value as Record<string, JsonValue>;
    if (typeof v.name === 'string') this.name = v.name;
    for (const field of ['k', 'temperature', 'topP', 'maxTokens', 'seed'] as const) {
      const n = v[field];
      if (typeof n === 'number' || n === null) this[field] = n;
    }
    for (const flag of PIPELINE_FLAGS) {
      const b = v[flag];
      if (typeof b === 'boolean') this[flag] = b;
    }
    if (typeof v.embedding === 'string') this.embedding = v.embedding;
    if (Array.isArray(v.batch)) {
      this.batch = BATCH_STAGES.filter((s) => (v.batch as JsonValue[]).includes(s));
    }
    const strings = (x: JsonValue | undefined): string[] =>
      Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
    this.#generators = [...new Set(strings(v.generators))];
    this.#judges = [...new Set(strings(v.judges))];
    if (Array.isArray(v.strategies)) {
      const chosen = new Set(v.strategies.filter(isStrategy));
      this.#strategies = SAMPLING_STRATEGY_IDS.filter((s) => chosen.has(s));
    }
    if (typeof v.typedCount === 'number') this.#typedCount = v.typedCount;
    if (Array.isArray(v.promptsDraft)) {
      const prompts: DraftPrompt[] = [];
      for (const item of v.promptsDraft) {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
        const { id, text, category, gold, answerType, origin } = item;
        if (typeof id !== 'string' || typeof text !== 'string') continue;
        prompts.push({
          id,
          text,
          origin: origin === 'library' || origin === 'dataset' ? origin : 'typed',
          ...(isCategory(category) ? { category } : {}),
          ...(typeof gold === 'string' ? { gold } : {}),
          ...(answerType === 'math' || answerType === 'short' ? { answerType } : {}),
        });
      }
      this.#prompts = [];
      this.addPrompts(prompts);
    }
    // A restored draft already carries the user's model choices.
    if (this.#generators.length > 0 || this.#judges.length > 0) this.#defaultsApplied = true;
  }

  #hasId(id: string): boolean {
    return this.#prompts.some((p) => p.id === id);
  }

  #update(id: string, change: (p: DraftPrompt) => DraftPrompt): void {
    this.#prompts = this.#prompts.map((p) => (p.id === id ? change(p) : p));
  }
}

function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  if (on) return list.includes(item) ? [...list] : [...list, item];
  return list.filter((x) => x !== item);
}
