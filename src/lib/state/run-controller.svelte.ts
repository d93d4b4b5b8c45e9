// Runs one experiment at a time for the UI: builds the engines, drives an ExperimentRunner on the
// app's run store, and exposes throttled progress by stage, failures with reasons, cancel, resume.
import type { ProviderPause } from '../engines/provider-pauses';
import {
  ExperimentRunner,
  parseExperiment,
  summarizeRun,
  type ExperimentDefinition,
  type ExperimentInput,
  type RunOutcome,
  type RunProgressSnapshot,
  type RunSummary,
  type UnitDoneEvent,
} from '../pipeline/index';
import type { RunStatus } from '../storage/schema';
import { importedModelEngines, isImportedEngine } from '../pipeline/analyse-existing';
import {
  defaultDescribe,
  defaultRunId,
  providersOf,
  type EngineLoad,
  type KeyRequest,
  type RunControllerDeps,
} from './run-controller-deps';
import { LOCKED } from './run-lock';
import { MAX_PROBLEMS, problemOf, type UnitProblem } from './run-problems';

export * from './run-controller-deps';
export * from './run-lock';
export * from './run-problems';

/**
 * What the controller is doing. 'needs-key': the run waits for API keys this browser no longer
 * holds (kept for the session only, and the browser was closed); nothing is sent meanwhile.
 */
export type RunPhase = 'idle' | 'needs-key' | 'preparing' | 'running' | 'cancelling' | 'finished';

/** One experiment run at a time: start, follow, cancel, resume. */
export class RunController {
  #phase = $state<RunPhase>('idle');
  #runId = $state<string | null>(null);
  #definition = $state<ExperimentDefinition | null>(null);
  #progress = $state<RunProgressSnapshot | null>(null);
  #status = $state<RunStatus | null>(null);
  #error = $state<string | null>(null);
  #problems = $state<UnitProblem[]>([]);
  #problemTotal = $state(0);
  #load = $state<EngineLoad | null>(null);
  #summary = $state<RunSummary | null>(null);
  #resumed = $state(false);
  #pauses = $state<ProviderPause[]>([]);
  #keyRequests = $state<KeyRequest[]>([]);
  /** The start or resume waiting for keys. */
  #waiting: { runId: string; def: ExperimentDefinition; resume: boolean } | null = null;

  readonly #deps: RunControllerDeps;
  #runner: ExperimentRunner | null = null;
  #cancelRequested = false;
  #latest: RunProgressSnapshot | null = null;
  /** Units settled since the last UI update, with their problem (null: none any more). */
  #pendingProblems: { unitId: string; problem: UnitProblem | null }[] = [];
  // Bookkeeping only (the list shown is replaced whole): a unit run again replaces its entry.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #problemsByUnit = new Map<string, UnitProblem>();
  #retryable = $state(0);
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** @param deps store, engine builder, lock and id factory */
  constructor(deps: RunControllerDeps) {
    this.#deps = deps;
  }

  /** What the controller is doing. */
  get phase(): RunPhase {
    return this.#phase;
  }

  /** Whether a run waits for keys, is being prepared, running or cancelling. */
  get busy(): boolean {
    return (
      this.#phase === 'needs-key' ||
      this.#phase === 'preparing' ||
      this.#phase === 'running' ||
      this.#phase === 'cancelling'
    );
  }

  /** The keys the run waits for (phase 'needs-key'). */
  get keyRequests(): readonly KeyRequest[] {
    return this.#keyRequests;
  }

  /** The current (or last) run's id. */
  get runId(): string | null {
    return this.#runId;
  }

  /** The current (or last) run's definition. */
  get definition(): ExperimentDefinition | null {
    return this.#definition;
  }

  /** Progress by stage, updated at most every `uiIntervalMs`. */
  get progress(): RunProgressSnapshot | null {
    return this.#progress;
  }

  /** How the last run ended (completed, cancelled, failed), null while running. */
  get status(): RunStatus | null {
    return this.#status;
  }

  /** Why the run could not start or stopped (not unit failures, see problems). */
  get error(): string | null {
    return this.#error;
  }

  /** Failed, skipped and problematic units, most recent last (at most MAX_PROBLEMS). */
  get problems(): readonly UnitProblem[] {
    return this.#problems;
  }

  /** All problems, including those beyond the list. */
  get problemTotal(): number {
    return this.#problemTotal;
  }

  /**
   * Units of the finished run whose engine call failed (rate limit, server, network, key):
   * {@link retryFailed} runs them again.
   */
  get retryable(): number {
    return this.#retryable;
  }

  /** A local model being loaded before the run starts. */
  get load(): EngineLoad | null {
    return this.#load;
  }

  /** The finished run's summary. */
  get summary(): RunSummary | null {
    return this.#summary;
  }

  /**
   * Providers of this run that asked for a long wait (rate limit): the run holds their calls
   * until `until` and then continues by itself.
   */
  get pauses(): readonly ProviderPause[] {
    return this.#pauses;
  }

  /** Whether the current run continued a stored one. */
  get resumed(): boolean {
    return this.#resumed;
  }

  /**
   * Starts a new run of the definition.
   * @returns the run id, or null when the definition is invalid or a run is already active
   */
  async start(input: ExperimentInput): Promise<string | null> {
    if (this.busy) return null;
    const parsed = parseExperiment(input);
    if (!parsed.ok) {
      this.#reset(null, null);
      this.#error = `The experiment is not valid: ${parsed.issues.join('; ')}`;
      this.#phase = 'finished';
      return null;
    }
    const runId = (this.#deps.newRunId ?? defaultRunId)();
    await this.#execute(runId, parsed.value, false);
    return runId;
  }

  /**
   * Continues a stored run where it stopped: settled units are kept, the rest run, and so do
   * units whose engine call failed (see unitsToRedo).
   * @returns false when a run is already active here
   */
  async resume(runId: string): Promise<boolean> {
    if (this.busy) return false;
    this.#reset(runId, null);
    this.#phase = 'preparing';
    let def: ExperimentDefinition;
    try {
      const store = await this.#deps.openStore();
      const persisted = await store.load(runId);
      const parsed = parseExperiment(persisted.spec?.definition);
      if (!parsed.ok) throw new Error(`Run ${runId} has no readable definition to resume.`);
      def = parsed.value;
      for (const unit of persisted.units) {
        const problem = problemOf(unit);
        if (problem) this.#pendingProblems.push({ unitId: unit.id, problem });
      }
    } catch (err) {
      this.#fail(err);
      return true;
    }
    await this.#execute(runId, def, true);
    return true;
  }

  /**
   * Runs the failed units of the current run again (and what was skipped for want of them);
   * everything already stored is kept and no stored answer is asked for again.
   * @returns false when there is no run here or one is active
   */
  retryFailed(): Promise<boolean> {
    if (this.#runId === null) return Promise.resolve(false);
    return this.resume(this.#runId);
  }

  /**
   * Stores the keys the run waits for and continues it (asking again if one is still missing).
   * @param keys key per provider id, as typed
   * @returns false when the run is not waiting for keys
   */
  async provideKeys(keys: Readonly<Record<string, string>>): Promise<boolean> {
    const waiting = this.#waiting;
    if (this.#phase !== 'needs-key' || waiting === null) return false;
    for (const [providerId, key] of Object.entries(keys)) {
      if (key.trim()) this.#deps.saveKey?.(providerId, key);
    }
    this.#waiting = null;
    await this.#execute(waiting.runId, waiting.def, waiting.resume);
    return true;
  }

  /** Stops the run: calls in flight are abandoned, everything settled stays stored. */
  cancel(): void {
    if (this.#phase === 'needs-key') {
      // Nothing was sent: the run stays as stored, to be resumed later.
      this.#waiting = null;
      this.#keyRequests = [];
      this.#status = 'cancelled';
      this.#phase = 'finished';
      return;
    }
    if (!this.busy) return;
    this.#cancelRequested = true;
    this.#runner?.cancel();
    this.#phase = 'cancelling';
  }

  /** Clears a finished run from view (the run stays stored). */
  dismiss(): void {
    if (this.busy) return;
    this.#reset(null, null);
  }

  #reset(runId: string | null, def: ExperimentDefinition | null): void {
    this.#runId = runId;
    this.#definition = def;
    this.#progress = null;
    this.#status = null;
    this.#error = null;
    this.#problems = [];
    this.#problemTotal = 0;
    this.#pendingProblems = [];
    this.#problemsByUnit.clear();
    this.#retryable = 0;
    this.#load = null;
    this.#summary = null;
    this.#resumed = false;
    this.#pauses = [];
    this.#keyRequests = [];
    this.#waiting = null;
    this.#latest = null;
    this.#cancelRequested = false;
    this.#phase = 'idle';
  }

  async #execute(runId: string, def: ExperimentDefinition, resume: boolean): Promise<void> {
    const problems = this.#pendingProblems;
    this.#reset(runId, def);
    this.#pendingProblems = problems;
    this.#resumed = resume;
    this.#phase = 'preparing';
    try {
      // Before anything is built or sent: a provider that needs a key this browser no longer
      // holds would get keyless calls, so the run waits for the key, asked for in place.
      const missing = this.#deps.missingKeys === undefined ? [] : await this.#deps.missingKeys(def);
      if (this.#cancelRequested) {
        this.#status = 'cancelled';
        this.#phase = 'finished';
        return;
      }
      if (missing.length > 0) {
        this.#keyRequests = missing;
        this.#waiting = { runId, def, resume };
        this.#phase = 'needs-key';
        return;
      }
    } catch (err) {
      this.#fail(err);
      return;
    }
    const lock = this.#deps.withLock ?? (<T>(_id: string, fn: () => Promise<T>) => fn());
    try {
      const result = await lock(runId, () => this.#runLocked(runId, def, resume));
      if (result === LOCKED) {
        this.#error =
          'This run is already running in another tab or window of this browser. Follow it there, or close that tab and resume it here.';
        this.#phase = 'finished';
      }
    } catch (err) {
      this.#fail(err);
    }
  }

  async #runLocked(runId: string, def: ExperimentDefinition, resume: boolean): Promise<void> {
    const store = await this.#deps.openStore();
    // Responses imported from elsewhere have no engine to build: stand-ins replay them, and the
    // run's first judge classifies for them, as when the analysis first started in Data.
    const imported = def.generators.filter(isImportedEngine);
    const buildDef =
      imported.length === 0
        ? def
        : { ...def, generators: def.generators.filter((g) => !isImportedEngine(g)) };
    const engines = await this.#deps.buildEngines(buildDef, (load) => {
      this.#load = load;
    });
    this.#load = null;
    const chatEngines =
      imported.length === 0
        ? engines.chat
        : [
            ...importedModelEngines(
              imported,
              engines.chat.find((e) => e.id === def.judges[0]),
            ),
            ...engines.chat,
          ];
    try {
      if (this.#cancelRequested) {
        this.#status = 'cancelled';
        this.#phase = 'finished';
        return;
      }
      const runner = new ExperimentRunner({
        store,
        runId,
        ...(resume ? {} : { definition: def }),
        engines: chatEngines,
        embeddingEngines: engines.embedding,
        onProgress: (p) => this.#queueProgress(p),
        onUnitDone: (e) => this.#noteUnit(e),
      });
      this.#runner = runner;
      this.#phase = this.#cancelRequested ? 'cancelling' : 'running';
      if (this.#cancelRequested) runner.cancel();
      const providers = providersOf(def);
      const stopWatching = this.#deps.watchPauses?.((pauses) => {
        this.#pauses = pauses.filter((p) => providers.includes(p.providerId));
      });
      let outcome: RunOutcome;
      try {
        outcome = await runner.start();
      } finally {
        stopWatching?.();
        this.#pauses = [];
      }
      this.#flush();
      this.#progress = outcome.progress;
      this.#status = outcome.status;
      this.#retryable = outcome.retryable;
      if (outcome.error !== undefined) this.#error = outcome.error;
      try {
        this.#summary = summarizeRun(await store.load(runId));
      } catch {
        // The summary is a convenience; the Results area reads the stored run itself.
      }
      this.#phase = 'finished';
    } finally {
      this.#runner = null;
      this.#clearTimer();
      await engines.dispose().catch(() => undefined);
    }
  }

  #fail(err: unknown): void {
    this.#flush();
    this.#load = null;
    this.#error = (this.#deps.describeError ?? defaultDescribe)(err);
    this.#phase = 'finished';
  }

  #noteUnit(event: UnitDoneEvent): void {
    this.#pendingProblems.push({ unitId: event.unit.id, problem: problemOf(event.unit) });
  }

  #queueProgress(p: RunProgressSnapshot): void {
    this.#latest = p;
    if (this.#progress === null) {
      this.#flush();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#flush();
    }, this.#deps.uiIntervalMs ?? 200);
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #flush(): void {
    this.#clearTimer();
    if (this.#latest !== null) this.#progress = this.#latest;
    if (this.#pendingProblems.length > 0) {
      for (const { unitId, problem } of this.#pendingProblems) {
        // A unit that ran again (Retry failed) replaces its old problem, or clears it.
        this.#problemsByUnit.delete(unitId);
        if (problem !== null) this.#problemsByUnit.set(unitId, problem);
      }
      this.#pendingProblems = [];
      this.#problemTotal = this.#problemsByUnit.size;
      this.#problems = [...this.#problemsByUnit.values()].slice(-MAX_PROBLEMS);
    }
  }
}
