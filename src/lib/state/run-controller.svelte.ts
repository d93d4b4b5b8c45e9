// Runs one experiment at a time for the UI: builds the engines, drives an ExperimentRunner on the
// app's run store, and exposes throttled progress by stage, failures with reasons, cancel, resume.
import type { ChatEngine, EmbeddingEngine, LoadProgress } from '../engines/types';
import {
  ExperimentRunner,
  parseExperiment,
  summarizeRun,
  type ExperimentDefinition,
  type ExperimentInput,
  type RunProgressSnapshot,
  type RunStore,
  type RunSummary,
  type UnitDoneEvent,
} from '../pipeline/index';
import type { RunStatus, RunUnitRecord } from '../storage/schema';
import { importedModelEngines, isImportedEngine } from '../pipeline/analyse-existing';

/** What the controller is doing. */
export type RunPhase = 'idle' | 'preparing' | 'running' | 'cancelling' | 'finished';

/** A unit that failed, was skipped, or finished with a problem, and why. */
export interface UnitProblem {
  unitId: string;
  stage: RunUnitRecord['stage'];
  /** 'issue': the unit finished but e.g. only 3 of 5 responses could be parsed. */
  status: 'failed' | 'skipped' | 'issue';
  reason: string;
}

/** Engines built for a run, and how to free them afterwards. */
export interface BuiltEngines {
  chat: ChatEngine[];
  embedding: EmbeddingEngine[];
  dispose(): Promise<void>;
}

/** Model loading progress shown while a run prepares (local engines download first). */
export interface EngineLoad {
  engineId: string;
  progress: LoadProgress;
}

/** Returned by `withLock` when another tab holds the run. */
export const LOCKED = Symbol('locked');

/** What the controller needs from the app (swapped in tests). */
export interface RunControllerDeps {
  /** The run store (the app database). */
  openStore(): Promise<RunStore>;
  /** Builds the chat and embedding engines a definition names. */
  buildEngines(
    def: ExperimentDefinition,
    onLoad: (load: EngineLoad) => void,
  ): Promise<BuiltEngines>;
  /**
   * Runs `fn` while holding an exclusive lock on the run, so two tabs never run it at once;
   * resolves to LOCKED without calling `fn` when another tab holds it. Default: no locking.
   */
  withLock?<T>(runId: string, fn: () => Promise<T>): Promise<T | typeof LOCKED>;
  /** Turns an error into a message for the user (secrets removed). */
  describeError?(err: unknown): string;
  newRunId?(): string;
  /** Minimum time between progress updates of the UI (default 200 ms). */
  uiIntervalMs?: number;
}

/** Problems kept for display; the total is counted beyond it. */
export const MAX_PROBLEMS = 200;

function defaultRunId(): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `run-${new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14)}-${random}`;
}

function defaultDescribe(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

/**
 * Web Locks around a run: held for as long as the run executes in this tab and released by the
 * browser when the tab closes or reloads, so a reload can resume at once but a second tab cannot
 * run the same units in parallel (which would call every engine twice).
 */
export function webLock<T>(runId: string, fn: () => Promise<T>): Promise<T | typeof LOCKED> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) return fn();
  return locks.request(`${RUN_LOCK_PREFIX}${runId}`, { ifAvailable: true }, (lock) =>
    lock === null ? LOCKED : fn(),
  ) as Promise<T | typeof LOCKED>;
}

/** Name prefix of the Web Locks runs hold while they execute. */
export const RUN_LOCK_PREFIX = 'mmhs-run:';

/**
 * Whether a run executes now in any tab of this browser (its lock is held). Without Web Locks
 * nothing can be known, so the answer is false.
 */
export async function runInProgress(
  locks: LockManager | undefined = typeof navigator === 'undefined' ? undefined : navigator.locks,
): Promise<boolean> {
  if (locks === undefined) return false;
  const { held = [] } = await locks.query();
  return held.some((lock) => lock.name?.startsWith(RUN_LOCK_PREFIX) === true);
}

function problemOf(unit: RunUnitRecord): UnitProblem | null {
  if (unit.status === 'failed' || unit.status === 'skipped') {
    return {
      unitId: unit.id,
      stage: unit.stage,
      status: unit.status,
      reason: unit.error ?? (unit.status === 'failed' ? 'failed' : 'nothing to do'),
    };
  }
  if (unit.issue !== undefined) {
    return { unitId: unit.id, stage: unit.stage, status: 'issue', reason: unit.issue };
  }
  return null;
}

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

  readonly #deps: RunControllerDeps;
  #runner: ExperimentRunner | null = null;
  #cancelRequested = false;
  #latest: RunProgressSnapshot | null = null;
  #pendingProblems: UnitProblem[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** @param deps store, engine builder, lock and id factory */
  constructor(deps: RunControllerDeps) {
    this.#deps = deps;
  }

  /** What the controller is doing. */
  get phase(): RunPhase {
    return this.#phase;
  }

  /** Whether a run is being prepared, running or cancelling. */
  get busy(): boolean {
    return this.#phase === 'preparing' || this.#phase === 'running' || this.#phase === 'cancelling';
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

  /** A local model being loaded before the run starts. */
  get load(): EngineLoad | null {
    return this.#load;
  }

  /** The finished run's summary. */
  get summary(): RunSummary | null {
    return this.#summary;
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
   * Continues a stored run where it stopped: settled units are kept, the rest run.
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
        if (problem) this.#pendingProblems.push(problem);
      }
    } catch (err) {
      this.#fail(err);
      return true;
    }
    await this.#execute(runId, def, true);
    return true;
  }

  /** Stops the run: calls in flight are abandoned, everything settled stays stored. */
  cancel(): void {
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
    this.#load = null;
    this.#summary = null;
    this.#resumed = false;
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
      const outcome = await runner.start();
      this.#flush();
      this.#progress = outcome.progress;
      this.#status = outcome.status;
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
    const problem = problemOf(event.unit);
    if (problem) this.#pendingProblems.push(problem);
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
      const added = this.#pendingProblems;
      this.#pendingProblems = [];
      this.#problemTotal += added.length;
      this.#problems = [...this.#problems, ...added].slice(-MAX_PROBLEMS);
    }
  }
}
