// Analysing responses generated elsewhere: read the file, choose the judge and embedding models
// (Settings' defaults first), then classify, judge, measure and grade into a run Results shows.
/* eslint-disable svelte/prefer-svelte-reactivity -- Maps, Sets, URLs and URLSearchParams here are
   local temporaries (never stored in state or mutated after), so plain ones are what is needed. */
import type { ImportedItem } from '../core/importers';
import type { ExperimentDefinition } from '../pipeline/experiment';
import type { RunProgressSnapshot } from '../pipeline/progress';
import type { RunStatus } from '../storage/schema';
import type { PlaygroundDB } from '../storage/db';
import type { BuiltEngines } from './run-controller.svelte';
import { ImportedFile } from './data-import.svelte';
import type { ImportParser } from '../workers/import-client';

/** The analysis choices. */
export interface AnalysisOptions {
  name: string;
  /** Name of the file the responses came from (shown with them as their source). */
  source: string;
  /** Judge engine id ('' for none: general metrics only). */
  judge: string;
  /** Embedding engine id ('' for none). */
  embedding: string;
  quality: boolean;
  accuracy: boolean;
}

/** What the analysis needs from the rest of the app (swapped in tests). */
export interface AnalysisDeps {
  open: () => Promise<PlaygroundDB>;
  /** Builds the judge and embedding engines a definition names. */
  buildEngines: (def: ExperimentDefinition) => Promise<BuiltEngines>;
  /** Turns an error into a message (keys removed). */
  describeError?: (err: unknown) => string;
  /** Called when a run was stored (to refresh lists). */
  onStored?: (runId: string) => void;
  newRunId?: () => string;
}

function defaultRunId(): string {
  return `run-import-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Reads a responses file and runs the analysis stages on it. */
export class ResponsesAnalysis {
  readonly file: ImportedFile;
  options = $state<AnalysisOptions>({
    name: '',
    source: '',
    judge: '',
    embedding: '',
    quality: true,
    accuracy: true,
  });
  phase = $state<'idle' | 'preparing' | 'running' | 'finished'>('idle');
  runId = $state<string | null>(null);
  status = $state<RunStatus | null>(null);
  progress = $state.raw<RunProgressSnapshot | null>(null);
  error = $state<string | null>(null);
  readonly #deps: AnalysisDeps;
  #controller: AbortController | null = null;

  /** Items of the file that carry responses, after sampling. */
  get withResponses(): ImportedItem[] {
    return this.file.chosen.filter((item) => (item.responses ?? []).length > 0);
  }

  /** Responses that will be analysed. */
  get responseCount(): number {
    return this.withResponses.reduce((sum, item) => sum + (item.responses?.length ?? 0), 0);
  }

  /** Models named in the file ('' for responses without one). */
  get models(): string[] {
    return [
      ...new Set(
        this.withResponses.flatMap((item) => (item.responses ?? []).map((r) => r.model ?? '')),
      ),
    ];
  }

  /**
   * @param deps database, engine builder and callbacks
   * @param parser reads files
   */
  constructor(deps: AnalysisDeps, parser?: ImportParser) {
    this.#deps = deps;
    this.file = new ImportedFile(parser);
  }

  /** Whether a run is being prepared or running. */
  get busy(): boolean {
    return this.phase === 'preparing' || this.phase === 'running';
  }

  /** Fills in the judge and embedding defaults when nothing is chosen yet. */
  useDefaults(defaults: { judge: string | null; embedding: string | null }): void {
    this.options = {
      ...this.options,
      judge: this.options.judge || defaults.judge || '',
      embedding: this.options.embedding || defaults.embedding || '',
    };
  }

  /** Reads a responses file. */
  async choose(source: Parameters<ImportedFile['choose']>[0]): Promise<void> {
    this.error = null;
    await this.file.choose(source);
    this.options = {
      ...this.options,
      name: `Responses from ${source.name.replace(/\.[^.]+$/, '')}`,
      source: source.name,
    };
  }

  /** Changes some options. */
  set(change: Partial<AnalysisOptions>): void {
    this.options = { ...this.options, ...change };
  }

  /** Why the analysis cannot start now, or null. */
  get blocker(): string | null {
    if (this.file.result === null) return 'Choose a file of responses first.';
    if (this.responseCount === 0) {
      return 'This file has no responses: map the column holding them (and the model column) above.';
    }
    if (this.options.judge === '' && this.options.embedding === '') {
      return 'Choose a judge model, an embedding model, or both.';
    }
    return null;
  }

  /**
   * Stores the responses as a run and runs classification, judging, metrics and quality on them.
   * @returns the run id, or null when it could not start
   */
  async start(): Promise<string | null> {
    if (this.busy || this.blocker !== null) return null;
    const runId = (this.#deps.newRunId ?? defaultRunId)();
    this.phase = 'preparing';
    this.runId = null;
    this.status = null;
    this.progress = null;
    this.error = null;
    const controller = new AbortController();
    this.#controller = controller;
    let engines: BuiltEngines | null = null;
    try {
      const [{ planExistingAnalysis, seedExistingRun, runExistingAnalysis }, db] =
        await Promise.all([import('../pipeline/analyse-existing'), this.#deps.open()]);
      const o = this.options;
      const seed = planExistingAnalysis(runId, {
        name: o.name,
        ...(o.source === '' ? {} : { source: o.source }),
        items: this.withResponses,
        judges: o.judge === '' ? [] : [o.judge],
        ...(o.embedding === '' ? {} : { embedding: o.embedding }),
        quality: o.quality,
        accuracy: o.accuracy,
      });
      engines = await this.#deps.buildEngines({ ...seed.definition, generators: [] });
      await seedExistingRun(db, seed);
      this.runId = runId;
      this.#deps.onStored?.(runId);
      this.phase = 'running';
      const outcome = await runExistingAnalysis({
        db,
        runId,
        judges: engines.chat,
        embeddingEngines: engines.embedding,
        signal: controller.signal,
        onProgress: (p) => {
          this.progress = p;
        },
      });
      this.progress = outcome.progress;
      this.status = outcome.status;
      if (outcome.error !== undefined) this.error = outcome.error;
      this.#deps.onStored?.(runId);
      return runId;
    } catch (err) {
      this.error = (this.#deps.describeError ?? messageOf)(err);
      return null;
    } finally {
      this.phase = 'finished';
      this.#controller = null;
      await engines?.dispose().catch(() => undefined);
    }
  }

  /** Stops the analysis; what was judged so far stays stored. */
  cancel(): void {
    this.#controller?.abort();
  }
}
