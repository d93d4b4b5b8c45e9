// Live examples for the framework explorer: reads the newest stored runs from the app database
// once and offers, per concept, the prompts and groups of those runs that illustrate it.
/* eslint-disable svelte/prefer-svelte-reactivity -- the Maps here are built once per load and
   replaced whole with the runs list (never mutated afterwards), so plain Maps are what is needed. */
import {
  examplesForContexts,
  interModelRuns,
  levelExamples,
  type ExampleList,
  type ExampleRun,
  type InterModelRun,
  type LevelExamples,
  type PromptExample,
} from '../core/framework-examples';
import type { NormativeContext } from '../core/mmhs';
import { PlaygroundRunStore } from '../pipeline/store';
import { listRuns, type PlaygroundDB } from '../storage/db';
import { runData } from './run-data';

/** Runs read by default: enough for examples, few enough to stay quick with large runs. */
export const DEFAULT_MAX_RUNS = 10;

/** The stored runs the explorer draws its examples from. */
export class FrameworkExamples {
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<string | null>(null);
  /** The newest runs, newest first. */
  runs = $state.raw<ExampleRun[]>([]);
  /** How many runs are stored in all (only the newest `maxRuns` are read). */
  stored = $state(0);

  /** Groups that show the levels of analysis apart. */
  readonly levels: LevelExamples = $derived(levelExamples(this.runs));
  /** Runs comparing several generators. */
  readonly interModel: InterModelRun[] = $derived(interModelRuns(this.runs));

  readonly #open: () => Promise<PlaygroundDB>;
  readonly #maxRuns: number;

  /**
   * @param open opens the app database
   * @param maxRuns how many of the newest runs to read
   */
  constructor(open: () => Promise<PlaygroundDB>, maxRuns: number = DEFAULT_MAX_RUNS) {
    this.#open = open;
    this.#maxRuns = maxRuns;
  }

  /** Whether any run with measured prompts was read. */
  get hasRuns(): boolean {
    return this.runs.some((r) => r.points.length > 0);
  }

  /** Reads the newest runs; keeps what was shown if reading fails. */
  async load(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    try {
      const db = await this.#open();
      const all = (await listRuns(db)).map((e) => e.run);
      const store = new PlaygroundRunStore(db);
      const runs: ExampleRun[] = [];
      for (const record of all.slice(0, this.#maxRuns)) {
        const model = runData(record.id, await store.load(record.id));
        runs.push({
          runId: record.id,
          runName: model.name,
          promptTexts: new Map([...model.prompts].map(([id, p]) => [id, p.text])),
          points: model.points,
        });
      }
      this.runs = runs;
      this.stored = all.length;
      this.error = null;
      this.status = 'ready';
    } catch (err) {
      this.error = `Your stored runs could not be read: ${err instanceof Error ? err.message : String(err)}`;
      this.status = 'error';
    }
  }

  /** Prompts whose category activates every given context (one context, or a tension pair). */
  forContexts(contexts: readonly NormativeContext[], limit = 5): ExampleList<PromptExample> {
    return examplesForContexts(this.runs, contexts, limit);
  }
}
