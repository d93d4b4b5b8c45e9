// The one loader of a stored run for a page: reads the run once, builds what the page shows from
// it, and tells the page's other views (the charts beside the table) when a new reading arrives.
import { PlaygroundRunStore, type PersistedRun } from '../pipeline/store';
import type { PlaygroundDB } from '../storage/db';

/** Loading state of a run. */
export type RunLoadStatus = 'idle' | 'loading' | 'ready' | 'missing' | 'error';

/** What a page's views read from the one loader of its run. */
export interface RunSource<D extends { runId: string }> {
  readonly status: RunLoadStatus;
  readonly error: string | null;
  readonly data: D | null;
  /** Loads a run (a later call wins over an earlier one still loading). */
  load(runId: string, quiet?: boolean): Promise<void>;
  /** Opens the app database. */
  database(): Promise<PlaygroundDB>;
  /** Calls `fit` with each new reading, just before it is shown. */
  onLoad(fit: (data: D) => void): void;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Reads one run from the app database and holds what was built from it. */
export class RunLoader<D extends { runId: string }> implements RunSource<D> {
  status = $state<RunLoadStatus>('idle');
  error = $state<string | null>(null);
  data = $state.raw<D | null>(null);

  readonly #open: () => Promise<PlaygroundDB>;
  readonly #build: (runId: string, persisted: PersistedRun) => D;
  readonly #fits: ((data: D) => void)[] = [];
  #loading = 0;

  /**
   * @param open opens the app database (the page's shared connection)
   * @param build what the page shows, from the stored records
   */
  constructor(
    open: () => Promise<PlaygroundDB>,
    build: (runId: string, persisted: PersistedRun) => D,
  ) {
    this.#open = open;
    this.#build = build;
  }

  /** Opens the app database. */
  database(): Promise<PlaygroundDB> {
    return this.#open();
  }

  /** Calls `fit` with each new reading, just before it is shown. */
  onLoad(fit: (data: D) => void): void {
    this.#fits.push(fit);
  }

  /** Called when another run replaces the one held; subclasses reset their per-run state. */
  protected runChanged(): void {}

  /**
   * Loads a run (a later call wins over an earlier one still loading). A quiet reload of the run
   * already shown keeps it on screen until the new reading replaces it.
   */
  async load(runId: string, quiet = false): Promise<void> {
    const ticket = ++this.#loading;
    if (!quiet || this.data?.runId !== runId) {
      this.status = 'loading';
      if (this.data?.runId !== runId) {
        this.data = null;
        this.runChanged();
      }
    }
    try {
      const db = await this.#open();
      const persisted = await new PlaygroundRunStore(db).load(runId);
      if (ticket !== this.#loading) return;
      if (persisted.run === undefined && persisted.spec === undefined) {
        this.status = 'missing';
        this.data = null;
        return;
      }
      const data = this.#build(runId, persisted);
      for (const fit of this.#fits) fit(data);
      this.data = data;
      this.error = null;
      this.status = 'ready';
    } catch (err) {
      if (ticket !== this.#loading) return;
      this.error = `The run could not be read: ${message(err)}`;
      this.status = 'error';
    }
  }
}
