// The experiment runner: executes a run's planned units with a concurrency limit per engine,
// persists every result as it arrives, reports progress, and resumes or cancels cleanly.

import pLimit, { type LimitFunction } from 'p-limit';
import { truncateRaw, type JudgeVerdict } from '../core/parse';
import { SAMPLING_STRATEGIES } from '../core/prompts';
import { resolveCategory } from '../core/run-model';
import type { CategoryId } from '../core/taxonomy';
import type { ChatEngine, EmbeddingEngine } from '../engines/types';
import type { Draft } from '../storage/db';
import { SCHEMA_VERSION } from '../storage/schema';
import type {
  AccuracyMetricRecord,
  ChecklistRecord,
  ClassificationRecord,
  FunctionalMetricRecord,
  GeneralMetricRecord,
  JsonValue,
  JudgementRecord,
  PipelineStage,
  ResponseRecord,
  Run,
  RunStatus,
  RunUnitRecord,
  UnitStatus,
} from '../storage/schema';
import { gradeMath, gradeShortAnswer } from './accuracy';
import {
  BatchQueue,
  cancelRunningBatches,
  type BatchLedger,
  type PollSchedule,
} from './batch-queue';
import { abortError, CallCache, EngineCaller, newCounter, type CallCounter } from './call';
import { classifyPrompt, resolveCategories, type JudgeSideParams } from './classify';
import {
  parseExperiment,
  type ExperimentDefinition,
  type ExperimentInput,
  type ExperimentPrompt,
} from './experiment';
import { computeGeneralMetrics } from './general-metrics';
import { classifyUnitId, responseId, verdictId, pairKey, type PairOrder } from './ids';
import { judgeGroup, type PairCall } from './judge';
import {
  planRun,
  stageTotals,
  unitsToRedo,
  type AccuracyUnit,
  type ChecklistUnit,
  type ClassifyUnit,
  type GradeUnit,
  type JudgeUnit,
  type MetricsUnit,
  type PlannedUnit,
  type SampleUnit,
} from './plan';
import { activeTimeOf, ProgressTracker, type RunProgressSnapshot } from './progress';
import { generateChecklist, gradeResponse } from './quality';
import {
  sampleMulti,
  sampleNativeN,
  sampleOne,
  sampleRegeneration,
  sampleSeed,
  type SampleOutcome,
  type SampleParams,
} from './sample';
import { RunState, type UnitRecords } from './state';
import type { RunStore } from './store';

/** Sent to `onUnitDone` after a unit's records are stored. */
export interface UnitDoneEvent {
  unit: RunUnitRecord;
  progress: RunProgressSnapshot;
}

/** Options of {@link ExperimentRunner}. */
export interface RunnerOptions {
  store: RunStore;
  runId: string;
  /** Defaults to the run id. */
  experimentId?: string;
  /**
   * The definition to run. Omit it to resume a stored run with its stored definition; when given
   * for a stored run it must equal the stored one (a changed definition needs a new run).
   */
  definition?: ExperimentDefinition | ExperimentInput;
  /** Chat engines by their ids (generators and judges). */
  engines: readonly ChatEngine[];
  embeddingEngines?: readonly EmbeddingEngine[];
  /** Calls at once per engine id; default: the engine's maxConcurrency, 1 for local engines. */
  concurrency?: Readonly<Record<string, number>>;
  /** Cache of identical calls (shared between runs if given); a fresh one by default; null: none. */
  cache?: CallCache | null;
  /** Aborting it cancels the run like {@link ExperimentRunner.cancel}. */
  signal?: AbortSignal;
  onProgress?: (progress: RunProgressSnapshot) => void;
  onUnitDone?: (event: UnitDoneEvent) => void;
  /** Minimum time between run-record progress writes (default 1000 ms). */
  progressSaveIntervalMs?: number;
  /** Wall clock in ms (Date.now by default). */
  now?: () => number;
  /**
   * Batch mode overrides: the stages whose calls go through the provider batch API of engines
   * that have one (default: the definition's `batch`), where the run keeps its batches (default:
   * the store's ledger) and how often they are read.
   */
  batch?: { stages?: readonly PipelineStage[]; ledger?: BatchLedger; poll?: PollSchedule };
  /**
   * Seed of a new run whose definition has none (random by default). It is stored with the
   * definition, so every run can be reproduced and its sampling requests are all distinct.
   */
  newSeed?: () => number;
}

/** How a run ended. */
export interface RunOutcome {
  status: Extract<RunStatus, 'completed' | 'cancelled' | 'failed'>;
  /** Why the run failed (a storage failure stops it; unit failures do not). */
  error?: string;
  progress: RunProgressSnapshot;
  /** Milliseconds spent inside engine calls, summed over calls (overlapping calls add up). */
  engineMs: number;
  /** Units whose engine call failed; the next start of the run executes them again. */
  retryable: number;
}

/** Raised before anything runs when the run cannot start. */
export class RunSetupError extends Error {
  override name = 'RunSetupError';
}

/** The outcome of executing one unit. */
interface UnitResult extends UnitRecords {
  status: UnitStatus;
  error?: string;
  issue?: string;
  /** An engine call failed (not the model's answer): running the unit again may succeed. */
  callFailed?: boolean;
  judgeCalls?: {
    calls: number;
    everyPairCalls: number;
    sent: number | null;
    cached: number | null;
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A random seed in [0, 2^31): within every engine's integer range. */
function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! >>> 1;
}

const NO_CATEGORY =
  'no task category: the classification failed and the prompt has no known category';

/**
 * Runs one experiment run. Units are planned deterministically (see planRun); on start, units
 * already settled in storage are skipped, so a reload or crash loses at most the calls in flight
 * and duplicates nothing. Each unit's records and its settled state are committed in one
 * transaction; judge verdicts are also written one by one as they arrive. A unit whose engine
 * call still fails after the engine's retries is recorded as failed with its reason and marked
 * `callFailed`, and the run goes on; the next start runs those units again (see unitsToRedo).
 */
export class ExperimentRunner {
  readonly #options: RunnerOptions;
  readonly #controller = new AbortController();
  readonly #now: () => number;
  readonly #cache: CallCache | undefined;
  readonly #callers = new Map<string, EngineCaller>();
  readonly #embedLimits = new Map<string, LimitFunction>();
  #started = false;
  #def!: ExperimentDefinition;
  #state!: RunState;
  #tracker!: ProgressTracker;
  #prompts = new Map<string, ExperimentPrompt>();
  #fatal: string | undefined;
  #engineMs = 0;
  #retryable = 0;
  #lastSave = 0;
  #createdAt = 0;
  #startedAt = 0;
  #batchStages: readonly PipelineStage[] = [];
  #ledger: BatchLedger | undefined;
  /** The user cancelled (not a closed page): running provider batches are cancelled too. */
  #cancelBatches = false;

  /** @param options Store, run id, definition, engines and callbacks. */
  constructor(options: RunnerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => Date.now());
    this.#cache = options.cache === null ? undefined : (options.cache ?? new CallCache());
    const external = options.signal;
    if (external !== undefined) {
      // Like a closed page: the run stops here, its provider batches keep running.
      if (external.aborted) this.#abort();
      else external.addEventListener('abort', () => this.#abort(), { once: true });
    }
  }

  /** The run's abort signal (aborted by cancel or by a fatal storage error). */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Stops the run: calls in flight are aborted, nothing else starts, settled work stays stored,
   * and its provider batches still running are cancelled (before start() resolves).
   */
  cancel(): void {
    this.#cancelBatches = true;
    this.#abort();
  }

  #abort(): void {
    this.#controller.abort(new DOMException('The run was cancelled.', 'AbortError'));
  }

  /** Current progress (after start). */
  progress(): RunProgressSnapshot | undefined {
    return this.#tracker?.snapshot();
  }

  /**
   * Runs (or resumes) the run until every unit settled, it is cancelled or storage fails.
   * @throws RunSetupError when the definition is invalid, differs from the stored one, or names
   *   an engine that is not available; nothing is written then.
   */
  async start(): Promise<RunOutcome> {
    if (this.#started) throw new RunSetupError('This runner was already started.');
    this.#started = true;
    const { store, runId } = this.#options;
    const persisted = await store.load(runId);
    this.#def = this.#resolveDefinition(persisted.spec?.definition);
    this.#checkEngines();
    this.#batchStages = this.#options.batch?.stages ?? this.#def.batch ?? [];
    this.#ledger = this.#options.batch?.ledger ?? store.batchLedger?.(runId);
    if (this.#batchStages.length > 0 && this.#ledger === undefined) {
      throw new RunSetupError(
        'This store cannot keep provider batches; run every stage interactively.',
      );
    }
    this.#prompts = new Map(this.#def.prompts.map((p) => [p.id, p]));
    const plan = planRun(runId, this.#def, (id) => this.#chat(id).capabilities.n === 'native');
    this.#state = new RunState(runId, persisted);
    // Units whose call failed run again, with what depends on them; the rest stays as stored.
    const redo = unitsToRedo(plan, this.#state.units);
    for (const id of redo) this.#state.units.delete(id);
    this.#tracker = new ProgressTracker(
      stageTotals(plan),
      this.#now,
      persisted.run === undefined ? 0 : activeTimeOf(persisted.run),
    );
    for (const unit of plan) {
      const settled = this.#state.units.get(unit.id);
      if (settled !== undefined) {
        this.#tracker.settle(unit.stage, settled.status, settled.issue !== undefined, false);
      }
    }
    for (const m of this.#state.metrics.values()) {
      if (m.kind === 'functional' && !redo.has(m.id)) {
        this.#tracker.addJudgeCalls(
          m.calls,
          m.everyPairCalls,
          m.sentCalls ?? null,
          m.cachedCalls ?? null,
        );
      }
    }
    this.#createdAt = persisted.run?.createdAt ?? this.#now();
    this.#startedAt = this.#now();
    if (persisted.spec === undefined) {
      await store.saveSpec({
        runId,
        experimentId: this.#experimentId(),
        definition: this.#def as unknown as JsonValue,
        unitCount: plan.length,
        createdAt: this.#createdAt,
      });
    }
    await store.saveRun(this.#runRecord('running'));
    this.#options.onProgress?.(this.#tracker.snapshot());

    const settled = new Map<string, Promise<void>>();
    for (const unit of plan) settled.set(unit.id, this.#schedule(unit, settled));
    await Promise.all(settled.values());
    if (this.#cancelBatches && this.#ledger !== undefined) {
      try {
        await cancelRunningBatches(this.#ledger, this.#options.engines);
      } catch (err) {
        this.#fatal ??= `Cancelling the provider batches failed (cancel them in the provider's console): ${message(err)}`;
      }
    }

    const status: RunOutcome['status'] =
      this.#fatal !== undefined ? 'failed' : this.signal.aborted ? 'cancelled' : 'completed';
    try {
      await store.saveRun(this.#runRecord(status));
    } catch (err) {
      this.#fatal ??= message(err);
    }
    const progress = this.#tracker.snapshot();
    this.#options.onProgress?.(progress);
    return {
      status: this.#fatal !== undefined ? 'failed' : status,
      ...(this.#fatal === undefined ? {} : { error: this.#fatal }),
      progress,
      engineMs: this.#engineMs,
      retryable: this.#retryable,
    };
  }

  #experimentId(): string {
    return this.#options.experimentId ?? this.#options.runId;
  }

  #resolveDefinition(stored: JsonValue | undefined): ExperimentDefinition {
    const given = this.#options.definition;
    if (given === undefined && stored === undefined) {
      throw new RunSetupError(`Run ${this.#options.runId} has no stored definition to resume.`);
    }
    const parsed = parseExperiment(given ?? stored);
    if (!parsed.ok) {
      throw new RunSetupError(`The experiment definition is invalid: ${parsed.issues.join('; ')}`);
    }
    if (stored === undefined && parsed.value.seed === undefined) {
      return { ...parsed.value, seed: (this.#options.newSeed ?? randomSeed)() };
    }
    if (given !== undefined && stored !== undefined) {
      if (JSON.stringify(parsed.value) !== JSON.stringify(stored)) {
        throw new RunSetupError(
          'This run was started with a different definition; start a new run to change it.',
        );
      }
    }
    return parsed.value;
  }

  #checkEngines(): void {
    const chat = new Set(this.#options.engines.map((e) => e.id));
    const embed = new Set((this.#options.embeddingEngines ?? []).map((e) => e.id));
    const missing = [...this.#def.generators, ...this.#def.judges].filter((id) => !chat.has(id));
    if (this.#def.embedding !== undefined && !embed.has(this.#def.embedding)) {
      missing.push(this.#def.embedding);
    }
    if (missing.length > 0) {
      throw new RunSetupError(
        `These engines are not available: ${[...new Set(missing)].join(', ')}. Load or configure ` +
          'them (Models page) and start again.',
      );
    }
  }

  #chat(id: string): ChatEngine {
    const engine = this.#options.engines.find((e) => e.id === id);
    if (engine === undefined) throw new RunSetupError(`Engine ${id} is not available.`);
    return engine;
  }

  #caller(id: string, unit: PlannedUnit): EngineCaller {
    const engine = this.#chat(id);
    const ledger = this.#ledger;
    const batched =
      ledger !== undefined && this.#batchStages.includes(unit.stage) && engine.capabilities.batch;
    const callerId = batched ? `${id}\u0000batch` : id;
    let caller = this.#callers.get(callerId);
    if (caller === undefined) {
      const concurrency =
        this.#options.concurrency?.[id] ??
        (engine.location === 'local' ? 1 : engine.capabilities.maxConcurrency);
      const poll = this.#options.batch?.poll;
      caller = new EngineCaller(engine, {
        concurrency,
        signal: this.signal,
        ...(this.#cache === undefined ? {} : { cache: this.#cache }),
        ...(batched && {
          batch: new BatchQueue(engine, {
            ledger,
            signal: this.signal,
            ...(poll && { poll }),
          }),
        }),
      });
      this.#callers.set(callerId, caller);
    }
    return caller;
  }

  #runRecord(status: RunStatus): Draft<Run> {
    const p = this.#tracker.snapshot();
    return {
      id: this.#options.runId,
      experimentId: this.#experimentId(),
      status,
      progress: { done: p.done + p.skipped, total: p.total, failed: p.failed },
      createdAt: this.#createdAt,
      startedAt: this.#startedAt,
      ...(status === 'running' ? {} : { finishedAt: this.#now() }),
      activeMs: p.elapsedMs,
      ...(this.#fatal === undefined ? {} : { error: this.#fatal }),
      stats: {
        stages: p.stages,
        judgeCalls: p.judgeCalls,
        judgeCallsEveryPair: p.judgeCallsEveryPair,
        ...(p.judgeCallsSent === null ? {} : { judgeCallsSent: p.judgeCallsSent }),
        ...(p.judgeCallsCached === null ? {} : { judgeCallsCached: p.judgeCallsCached }),
        retryable: this.#retryable,
        updatedAt: this.#now(),
      },
    };
  }

  #stopWith(error: unknown): void {
    this.#fatal ??= `Saving results failed, so the run stopped: ${message(error)}`;
    this.#controller.abort(error);
  }

  async #schedule(unit: PlannedUnit, settled: ReadonlyMap<string, Promise<void>>): Promise<void> {
    if (unit.deps.length > 0) await Promise.all(unit.deps.map((d) => settled.get(d)));
    if (this.signal.aborted || this.#state.units.has(unit.id)) return;
    const started = this.#now();
    const counter = newCounter();
    let result: UnitResult;
    try {
      result = await this.#execute(unit, counter);
    } catch (err) {
      if (this.signal.aborted) return;
      // Stages let engine failures through; unusable answers come back as results instead.
      result = { status: 'failed', error: message(err), callFailed: true };
    } finally {
      this.#engineMs += counter.engineMs;
      this.#tracker.addCacheHits(counter.cacheHits);
    }
    const record: Draft<RunUnitRecord> = {
      id: unit.id,
      runId: this.#options.runId,
      stage: unit.stage,
      kind: unit.kind,
      status: result.status,
      calls: counter.calls,
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.issue === undefined ? {} : { issue: result.issue }),
      ...(result.callFailed === true ? { callFailed: true } : {}),
      ...(counter.calls > 0 && counter.usageKnown
        ? {
            usage: {
              promptTokens: counter.promptTokens,
              completionTokens: counter.completionTokens,
              totalTokens: counter.promptTokens + counter.completionTokens,
              ...(counter.cachedPromptTokens > 0 && {
                cachedPromptTokens: counter.cachedPromptTokens,
              }),
            },
          }
        : {}),
      durationMs: this.#now() - started,
      finishedAt: this.#now(),
    };
    const records: UnitRecords = {
      ...(result.responses ? { responses: result.responses } : {}),
      ...(result.judgements ? { judgements: result.judgements } : {}),
      ...(result.classifications ? { classifications: result.classifications } : {}),
      ...(result.checklists ? { checklists: result.checklists } : {}),
      ...(result.metrics ? { metrics: result.metrics } : {}),
    };
    try {
      await this.#options.store.commit({ unit: record, ...records });
    } catch (err) {
      this.#stopWith(err);
      return;
    }
    const stored = { ...record, schemaVersion: SCHEMA_VERSION } as RunUnitRecord;
    this.#state.units.set(unit.id, stored);
    this.#state.apply(records);
    if (result.callFailed === true) this.#retryable += 1;
    this.#tracker.settle(unit.stage, result.status, result.issue !== undefined);
    if (result.judgeCalls !== undefined) {
      const j = result.judgeCalls;
      this.#tracker.addJudgeCalls(j.calls, j.everyPairCalls, j.sent, j.cached);
    }
    const progress = this.#tracker.snapshot();
    this.#options.onUnitDone?.({ unit: stored, progress });
    this.#options.onProgress?.(progress);
    this.#maybeSaveProgress();
  }

  #maybeSaveProgress(): void {
    const interval = this.#options.progressSaveIntervalMs ?? 1000;
    const now = this.#now();
    if (now - this.#lastSave < interval) return;
    this.#lastSave = now;
    this.#options.store.saveRun(this.#runRecord('running')).catch((err: unknown) => {
      this.#stopWith(err);
    });
  }

  #execute(unit: PlannedUnit, counter: CallCounter): Promise<UnitResult> {
    switch (unit.kind) {
      case 'classify':
        return this.#classify(unit, counter);
      case 'sample':
        return this.#sample(unit, counter);
      case 'judge':
        return this.#judge(unit, counter);
      case 'metrics':
        return this.#metrics(unit, counter);
      case 'checklist':
        return this.#checklist(unit, counter);
      case 'grade':
        return this.#grade(unit, counter);
      case 'accuracy':
        return this.#accuracy(unit, counter);
    }
  }

  #prompt(id: string): ExperimentPrompt {
    const prompt = this.#prompts.get(id);
    if (prompt === undefined) throw new Error(`unknown prompt ${id}`);
    return prompt;
  }

  get #judgeParams(): JudgeSideParams {
    const d = this.#def;
    return {
      temperature: d.judgeTemperature,
      maxTokens: d.judgeMaxTokens,
      ...(d.seed === undefined ? {} : { seed: d.seed }),
    };
  }

  /** Sampling parameters of one unit, with its own seed derived from the run's. */
  #sampleParams(unit: SampleUnit): SampleParams {
    const d = this.#def;
    const index = unit.mode === 'one' || unit.mode === 'regeneration' ? unit.index : 0;
    return {
      temperature: d.temperature,
      topP: d.topP,
      maxTokens: d.maxTokens,
      independent: d.independentSamples,
      ...(d.seed === undefined ? {} : { seed: sampleSeed(d.seed, unit.strategy, index, d.k) }),
    };
  }

  #categories(
    model: string,
    prompt: ExperimentPrompt,
  ): { sampling?: CategoryId; judge?: CategoryId } {
    const classification = this.#state.classifications.get(
      classifyUnitId(this.#options.runId, model, prompt.id),
    );
    return resolveCategories({
      ...(prompt.category === undefined ? {} : { known: prompt.category }),
      ...(prompt.categoryOverride === undefined ? {} : { override: prompt.categoryOverride }),
      ...(classification?.predicted === undefined ? {} : { predicted: classification.predicted }),
      anchorWith: this.#def.anchorCategory,
    });
  }

  async #classify(unit: ClassifyUnit, counter: CallCounter): Promise<UnitResult> {
    const prompt = this.#prompt(unit.promptId);
    const out = await classifyPrompt(
      this.#caller(unit.model, unit).bind(counter, unit.id),
      prompt.text,
      this.#judgeParams,
    );
    const cats = resolveCategories({
      ...(prompt.category === undefined ? {} : { known: prompt.category }),
      ...(prompt.categoryOverride === undefined ? {} : { override: prompt.categoryOverride }),
      ...(out.predicted === undefined ? {} : { predicted: out.predicted }),
      anchorWith: this.#def.anchorCategory,
    });
    const record: ClassificationRecord = {
      id: unit.id,
      runId: this.#options.runId,
      promptId: prompt.id,
      model: unit.model,
      ...(out.predicted === undefined ? {} : { predicted: out.predicted }),
      ...(prompt.category === undefined ? {} : { known: prompt.category }),
      ...(prompt.categoryOverride === undefined ? {} : { override: prompt.categoryOverride }),
      ...(cats.sampling === undefined ? {} : { samplingCategory: cats.sampling }),
      ...(cats.judge === undefined ? {} : { judgeCategory: cats.judge }),
      ...(cats.correct === undefined ? {} : { correct: cats.correct }),
      raw: truncateRaw(out.raw),
      ...(out.error === undefined ? {} : { error: out.error }),
      createdAt: this.#now(),
      schemaVersion: SCHEMA_VERSION,
    };
    return {
      status: out.predicted === undefined ? 'failed' : 'done',
      ...(out.error === undefined ? {} : { error: out.error }),
      classifications: [record],
    };
  }

  async #sample(unit: SampleUnit, counter: CallCounter): Promise<UnitResult> {
    const prompt = this.#prompt(unit.promptId);
    const info = SAMPLING_STRATEGIES[unit.strategy];
    let category: CategoryId | undefined;
    if (info.anchored) {
      category = this.#categories(unit.model, prompt).sampling;
      if (category === undefined) return { status: 'failed', error: NO_CATEGORY };
    }
    const call = this.#caller(unit.model, unit).bind(counter, unit.id);
    const params = this.#sampleParams(unit);
    const k = this.#def.k;
    const cat = category === undefined ? {} : { category };
    let out: SampleOutcome;
    switch (unit.mode) {
      case 'one':
        out = await sampleOne(call, prompt.text, unit.index, params);
        break;
      case 'native-n':
        out = await sampleNativeN(call, prompt.text, k, params);
        break;
      case 'multi':
        out = await sampleMulti(
          call,
          { prompt: prompt.text, k, anchored: info.anchored, ...cat },
          params,
        );
        break;
      case 'regeneration': {
        const previous: string[] = [];
        for (let i = 0; i < unit.index; i += 1) {
          const r = this.#state.response(unit.model, unit.promptId, unit.strategy, i);
          if (r === undefined) {
            return {
              status: 'skipped',
              error: `turn ${i + 1} has no response, so the chain stops`,
            };
          }
          previous.push(r.text);
        }
        out = await sampleRegeneration(
          call,
          { prompt: prompt.text, previous, anchored: info.anchored, ...cat },
          params,
        );
        break;
      }
    }
    const now = this.#now();
    const responses: ResponseRecord[] = out.responses.map((r) => ({
      id: responseId(this.#options.runId, unit.model, unit.promptId, unit.strategy, r.index),
      runId: this.#options.runId,
      promptId: unit.promptId,
      strategy: unit.strategy,
      model: unit.model,
      index: r.index,
      text: r.text,
      params: r.params,
      ...(r.instruction === undefined ? {} : { instruction: r.instruction }),
      ...(r.usage === undefined
        ? {}
        : {
            usage: {
              promptTokens: r.usage.promptTokens,
              completionTokens: r.usage.completionTokens,
              totalTokens: r.usage.totalTokens,
            },
          }),
      latencyMs: r.latencyMs,
      finishReason: r.finishReason,
      ...(r.notes.length === 0 ? {} : { notes: r.notes }),
      ...(out.issue === undefined ? {} : { parseIssue: out.issue }),
      createdAt: now,
      schemaVersion: SCHEMA_VERSION,
    }));
    return {
      status: out.error === undefined ? 'done' : 'failed',
      ...(out.error === undefined ? {} : { error: out.error }),
      ...(out.issue === undefined ? {} : { issue: out.issue }),
      responses,
    };
  }

  async #judge(unit: JudgeUnit, counter: CallCounter): Promise<UnitResult> {
    const prompt = this.#prompt(unit.promptId);
    const responses = this.#state.group(unit.model, unit.promptId, unit.strategy, this.#def.k);
    if (responses.length === 0) return { status: 'skipped', error: 'no responses to judge' };
    const category = this.#categories(unit.model, prompt).judge;
    if (category === undefined) return { status: 'failed', error: NO_CATEGORY };
    const orders: PairOrder[] = this.#def.bothOrders ? ['ab', 'ba'] : ['ab'];
    const previous = new Map<string, PairCall>();
    for (let x = 0; x < responses.length; x += 1) {
      for (let y = x + 1; y < responses.length; y += 1) {
        const a = (responses[x] as ResponseRecord).index;
        const b = (responses[y] as ResponseRecord).index;
        for (const order of orders) {
          const stored = this.#state.judgements.get(verdictId(unit.id, a, b, order));
          // A failed call is asked again; an answer (even an unreadable one) is kept.
          if (stored === undefined || stored.callFailed === true) continue;
          const verdict = stored.label === 'equivalent' || stored.label === 'different';
          previous.set(pairKey(a, b, order), {
            a,
            b,
            order,
            verdict: verdict ? (stored.label as JudgeVerdict) : null,
            raw: stored.raw ?? '',
            ...(stored.error === undefined ? {} : { error: stored.error }),
            reasks: 0,
            ...(stored.sent === undefined ? {} : { sent: stored.sent }),
            ...(stored.cached === undefined ? {} : { cached: stored.cached }),
          });
        }
      }
    }
    const byIndex = new Map(responses.map((r) => [r.index, r.id]));
    let callFailures = 0;
    const result = await judgeGroup(this.#caller(unit.judge, unit).bind(counter, unit.id), {
      prompt: prompt.text,
      category,
      responses: responses.map((r) => ({ index: r.index, text: r.text })),
      everyPair: this.#def.judgeEveryPair,
      bothOrders: this.#def.bothOrders,
      params: this.#judgeParams,
      previous,
      signal: this.signal,
      onCall: async (c) => {
        const ids = [byIndex.get(c.a) ?? '', byIndex.get(c.b) ?? ''];
        const record: JudgementRecord = {
          id: verdictId(unit.id, c.a, c.b, c.order),
          runId: this.#options.runId,
          promptId: unit.promptId,
          kind: 'diversity',
          judgeModel: unit.judge,
          responseIds: c.order === 'ab' ? ids : [...ids].reverse(),
          ...(c.verdict === null
            ? {}
            : { label: c.verdict, score: c.verdict === 'different' ? 1 : 0 }),
          raw: c.raw,
          ...(c.error === undefined ? {} : { error: c.error }),
          ...(c.sent === undefined ? {} : { sent: c.sent }),
          ...(c.cached === undefined ? {} : { cached: c.cached }),
          ...(c.callFailed === true ? { callFailed: true } : {}),
          createdAt: this.#now(),
          schemaVersion: SCHEMA_VERSION,
        };
        if (c.callFailed === true) callFailures += 1;
        await this.#options.store.putJudgement(record);
        this.#state.judgements.set(record.id, record);
      },
    });
    const callFailed = callFailures > 0 ? { callFailed: true } : {};
    if (result.judgedPairs > 0 && result.failedPairs === result.judgedPairs) {
      return {
        status: 'failed',
        error: 'every judge call failed or stayed unreadable',
        ...callFailed,
      };
    }
    const metric: FunctionalMetricRecord = {
      id: unit.id,
      runId: this.#options.runId,
      promptId: unit.promptId,
      model: unit.model,
      strategy: unit.strategy,
      kind: 'functional',
      judgeModel: unit.judge,
      category,
      responseIds: responses.map((r) => r.id),
      classes: result.classes,
      classCount: result.classes.length,
      verdicts: result.verdicts,
      calls: result.calls,
      everyPairCalls: result.everyPairCalls,
      ...(result.sent === null ? {} : { sentCalls: result.sent }),
      ...(result.cached === null ? {} : { cachedCalls: result.cached }),
      orders: result.orders,
      skipping: !this.#def.judgeEveryPair,
      failedPairs: result.failedPairs,
      createdAt: this.#now(),
      schemaVersion: SCHEMA_VERSION,
    };
    const issue =
      result.failedPairs > 0
        ? `${result.failedPairs} of ${result.judgedPairs} judged pairs failed and count as different`
        : undefined;
    return {
      status: 'done',
      ...(issue === undefined ? {} : { issue }),
      ...callFailed,
      metrics: [metric],
      judgeCalls: {
        calls: result.calls,
        everyPairCalls: result.everyPairCalls,
        sent: result.sent,
        cached: result.cached,
      },
    };
  }

  #embedder(
    counter: CallCounter,
  ): ((texts: readonly string[]) => Promise<Float32Array[]>) | undefined {
    const id = this.#def.embedding;
    if (id === undefined) return undefined;
    const engine = (this.#options.embeddingEngines ?? []).find((e) => e.id === id);
    if (engine === undefined) return undefined;
    let limit = this.#embedLimits.get(id);
    if (limit === undefined) {
      const concurrency = this.#options.concurrency?.[id] ?? (engine.location === 'local' ? 1 : 4);
      limit = pLimit(Math.max(1, concurrency));
      this.#embedLimits.set(id, limit);
    }
    const limited = limit;
    const signal = this.signal;
    return (texts) =>
      limited(async () => {
        if (signal.aborted) throw abortError(signal);
        counter.calls += 1;
        const started = performance.now();
        try {
          return await engine.embed(texts, { signal });
        } finally {
          counter.engineMs += performance.now() - started;
        }
      });
  }

  async #metrics(unit: MetricsUnit, counter: CallCounter): Promise<UnitResult> {
    const responses = this.#state.group(unit.model, unit.promptId, unit.strategy, this.#def.k);
    if (responses.length === 0) return { status: 'skipped', error: 'no responses to measure' };
    const out = await computeGeneralMetrics(
      responses.map((r) => r.text),
      this.#embedder(counter),
      this.signal,
    );
    const metric: GeneralMetricRecord = {
      id: unit.id,
      runId: this.#options.runId,
      promptId: unit.promptId,
      model: unit.model,
      strategy: unit.strategy,
      kind: 'general',
      n: responses.length,
      vocabulary: out.vocabulary,
      embedding: out.embedding,
      compression: out.compression,
      ...(this.#def.embedding === undefined ? {} : { embeddingModel: this.#def.embedding }),
      ...(out.embeddingError === undefined ? {} : { embeddingError: out.embeddingError }),
      createdAt: this.#now(),
      schemaVersion: SCHEMA_VERSION,
    };
    return {
      status: 'done',
      ...(out.embeddingError === undefined
        ? {}
        : { issue: `embedding failed: ${out.embeddingError}`, callFailed: true }),
      metrics: [metric],
    };
  }

  async #checklist(unit: ChecklistUnit, counter: CallCounter): Promise<UnitResult> {
    const prompt = this.#prompt(unit.promptId);
    const category = resolveCategory({ override: prompt.categoryOverride, known: prompt.category });
    const out = await generateChecklist(
      this.#caller(unit.judge, unit).bind(counter, unit.id),
      { prompt: prompt.text, ...(category === undefined ? {} : { category }) },
      this.#judgeParams,
    );
    const record: ChecklistRecord = {
      id: unit.id,
      runId: this.#options.runId,
      promptId: unit.promptId,
      judgeModel: unit.judge,
      ...(category === undefined ? {} : { category }),
      items: out.items ?? [],
      raw: out.raw,
      ...(out.error === undefined ? {} : { error: out.error }),
      createdAt: this.#now(),
      schemaVersion: SCHEMA_VERSION,
    };
    return {
      status: out.items === undefined ? 'failed' : 'done',
      ...(out.error === undefined ? {} : { error: out.error }),
      checklists: [record],
    };
  }

  async #grade(unit: GradeUnit, counter: CallCounter): Promise<UnitResult> {
    const response = this.#state.response(unit.model, unit.promptId, unit.strategy, unit.index);
    if (response === undefined) return { status: 'skipped', error: 'no response to grade' };
    const checklist = this.#state.checklists.get(unit.checklistUnit);
    if (checklist === undefined || checklist.items.length === 0) {
      return { status: 'skipped', error: 'no checklist for this prompt' };
    }
    const prompt = this.#prompt(unit.promptId);
    const out = await gradeResponse(
      this.#caller(unit.judge, unit).bind(counter, unit.id),
      { prompt: prompt.text, checklist: checklist.items, response: response.text },
      this.#judgeParams,
    );
    const record: JudgementRecord = {
      id: unit.id,
      runId: this.#options.runId,
      promptId: unit.promptId,
      kind: 'quality',
      judgeModel: unit.judge,
      responseIds: [response.id],
      ...(out.score === undefined ? {} : { score: out.score }),
      raw: out.raw,
      ...(out.error === undefined ? {} : { error: out.error }),
      createdAt: this.#now(),
      schemaVersion: SCHEMA_VERSION,
    };
    return {
      status: out.score === undefined ? 'failed' : 'done',
      ...(out.error === undefined ? {} : { error: out.error }),
      judgements: [record],
    };
  }

  async #accuracy(unit: AccuracyUnit, counter: CallCounter): Promise<UnitResult> {
    const response = this.#state.response(unit.model, unit.promptId, unit.strategy, unit.index);
    if (response === undefined) return { status: 'skipped', error: 'no response to check' };
    const prompt = this.#prompt(unit.promptId);
    const gold = prompt.gold ?? '';
    const base = {
      id: unit.id,
      runId: this.#options.runId,
      promptId: unit.promptId,
      model: unit.model,
      strategy: unit.strategy,
      kind: 'accuracy' as const,
      responseId: response.id,
      index: unit.index,
      gold,
      createdAt: this.#now(),
      schemaVersion: SCHEMA_VERSION,
    };
    if (unit.method === 'math') {
      const out = gradeMath(response.text, gold);
      const metric: AccuracyMetricRecord = {
        ...base,
        method: 'math',
        correct: out.correct,
        extracted: out.extracted,
        ...(out.issue === undefined ? {} : { issue: out.issue }),
      };
      return {
        status: 'done',
        ...(out.issue === undefined ? {} : { issue: out.issue }),
        metrics: [metric],
      };
    }
    const grader = unit.engineId ?? '';
    const out = await gradeShortAnswer(
      this.#caller(grader, unit).bind(counter, unit.id),
      { question: prompt.text, gold, response: response.text },
      this.#judgeParams,
    );
    const metric: AccuracyMetricRecord = {
      ...base,
      method: 'grader',
      correct: out.correct,
      ...(out.grade === undefined ? {} : { grade: out.grade }),
      graderModel: grader,
      raw: out.raw,
      ...(out.error === undefined ? {} : { issue: out.error }),
    };
    return {
      status: out.correct === null ? 'failed' : 'done',
      ...(out.error === undefined ? {} : { error: out.error }),
      metrics: [metric],
    };
  }
}
