// The runs stored in this browser for the Results area, newest first, with what each measured
// and how many judge calls pair skipping saved.
import { listRuns, type PlaygroundDB } from '../storage/db';
import { runListItem, type RunListItem } from './results-view';

/** Loads and holds the runs list. */
export class ResultsRunsList {
  items = $state.raw<RunListItem[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<string | null>(null);
  readonly #open: () => Promise<PlaygroundDB>;

  /** @param open opens the app database */
  constructor(open: () => Promise<PlaygroundDB>) {
    this.#open = open;
  }

  /** Reads every run and its definition; keeps the old list visible while reloading. */
  async refresh(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    try {
      const db = await this.#open();
      this.items = (await listRuns(db)).map((e) => runListItem(e.run, e.spec));
      this.error = null;
      this.status = 'ready';
    } catch (err) {
      this.error = `The stored runs could not be read: ${err instanceof Error ? err.message : String(err)}`;
      this.status = 'error';
    }
  }
}
