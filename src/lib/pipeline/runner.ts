// The experiment runner: executes a run's planned units with a concurrency limit per engine,
// persists every result as it arrives, reports progress, and resumes or cancels cleanly.

import { truncateRaw } from '../core/parse';
import type { CategoryId } from '../core/taxonomy';
import type { ChatEngine } from '../engines/types';
import type { Draft } from '../storage/db';
import { SCHEMA_VERSION } from '../storage/schema';
import type {
  ClassificationRecord,
  JsonValue,
  PipelineStage,
  Run,
  RunStatus,
  RunUnitRecord,
} from '../storage/schema';
import { cancelRunningBatches, type BatchLedger } from './batch-queue';
import { CallCache, newCounter, type CallCounter } from './call';
import { classifyPrompt, resolveCategories, type JudgeSideParams } from './classify';
import { parseExperiment, type ExperimentDefinition, type ExperimentPrompt } from './experiment';
import { classifyUnitId } from './ids';
import { planRun, stageTotals, unitsToRedo, type ClassifyUnit, type PlannedUnit } from './plan';
import { activeTimeOf, ProgressTracker, type RunProgressSnapshot } from './progress';
import { RunState } from './state';
import { RunCallers } from './runner/callers';
import { judgeParamsOf, message, type UnitContext, type UnitResult } from './runner/context';
import { judgeUnit } from './runner/judge-unit';
import { accuracyUnit, checklistUnit, gradeUnit, metricsUnit } from './runner/measure-units';
import { runRecord, unitOutput, unitRecord } from './runner/records';
import { sampleUnit } from './runner/sample-unit';
import { RunSetupError, type RunOutcome, type RunnerOptions } from './runner/types';

export type { RunnerOptions, RunOutcome, UnitDoneEvent } from './runner/types';
export { RunSetupError } from './runner/types';

/** A random seed in [0, 2^31): within every engine's integer range. */
function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! >>> 1;
}

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
  #callers!: RunCallers;
  #ctx!: UnitContext;
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
    this.#callers = new RunCallers({
      chat: (id) => this.#chat(id),
      embeddingEngines: this.#options.embeddingEngines ?? [],
      concurrency: this.#options.concurrency,
      cache: this.#cache,
      signal: this.signal,
      batchStages: this.#batchStages,
      ledger: this.#ledger,
      poll: this.#options.batch?.poll,
    });
    const plan = planRun(runId, this.#def, (id) => this.#chat(id).capabilities.n === 'native');
    this.#state = new RunState(runId, persisted);
    this.#ctx = this.#unitContext();
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

  #caller(id: string, unit: PlannedUnit) {
    return this.#callers.caller(id, unit);
  }

  /** What the stage modules see of this run (fixed once the run started). */
  #unitContext(): UnitContext {
    return {
      runId: this.#options.runId,
      def: this.#def,
      state: this.#state,
      store: this.#options.store,
      signal: this.signal,
      judgeParams: this.#judgeParams,
      now: () => this.#now(),
      prompt: (id) => this.#prompt(id),
      caller: (id, unit) => this.#caller(id, unit),
      categories: (model, prompt) => this.#categories(model, prompt),
      embedder: (counter) => this.#callers.embedder(this.#def.embedding, counter),
    };
  }

  #runRecord(status: RunStatus): Draft<Run> {
    return runRecord(this.#tracker.snapshot(), {
      id: this.#options.runId,
      experimentId: this.#experimentId(),
      status,
      createdAt: this.#createdAt,
      startedAt: this.#startedAt,
      now: this.#now,
      fatal: this.#fatal,
      retryable: this.#retryable,
    });
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
    const record = unitRecord(unit, this.#options.runId, result, counter, started, this.#now);
    const records = unitOutput(result);
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
        return sampleUnit(this.#ctx, unit, counter);
      case 'judge':
        return judgeUnit(this.#ctx, unit, counter);
      case 'metrics':
        return metricsUnit(this.#ctx, unit, counter);
      case 'checklist':
        return checklistUnit(this.#ctx, unit, counter);
      case 'grade':
        return gradeUnit(this.#ctx, unit, counter);
      case 'accuracy':
        return accuracyUnit(this.#ctx, unit, counter);
    }
  }

  #prompt(id: string): ExperimentPrompt {
    const prompt = this.#prompts.get(id);
    if (prompt === undefined) throw new Error(`unknown prompt ${id}`);
    return prompt;
  }

  get #judgeParams(): JudgeSideParams {
    return judgeParamsOf(this.#def);
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
}
