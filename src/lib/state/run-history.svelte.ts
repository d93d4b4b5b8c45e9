// The runs stored in this browser, newest first, and which interrupted run (left 'running' by a
// reload or crash) may resume on its own; the rest are offered with a Resume button.
import { deleteRun, listRuns, type PlaygroundDB } from '../storage/db';
import { runListItem, type RunListItem } from './results-view';

export type { RunListItem };

/** Where the auto-resume guard remembers its last attempt (sessionStorage in the app). */
export type GuardStorage = Pick<Storage, 'getItem' | 'setItem'>;

const GUARD_PREFIX = 'mmhs-auto-resume:';

/**
 * Whether an interrupted run may resume without asking. It may, unless this tab already resumed
 * it automatically and the run made no progress since: then the reload (or crash) probably
 * happened because of the run, and resuming again would loop, so the user decides.
 * @param lastAttempt settled units when this tab last auto-resumed the run, null if never
 * @param settled settled units now
 */
export function mayAutoResume(lastAttempt: number | null, settled: number): boolean {
  return lastAttempt === null || settled > lastAttempt;
}

/** The stored runs. */
export class RunHistory {
  #items = $state<RunListItem[]>([]);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  readonly #open: () => Promise<PlaygroundDB>;
  readonly #guard: GuardStorage | null;

  /**
   * @param open opens the app database
   * @param guard where auto-resume attempts are remembered (null: never auto-resume)
   */
  constructor(open: () => Promise<PlaygroundDB>, guard: GuardStorage | null) {
    this.#open = open;
    this.#guard = guard;
  }

  /** Stored runs, newest first. */
  get items(): readonly RunListItem[] {
    return this.#items;
  }

  /** Whether the list was read at least once. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Why the list could not be read. */
  get error(): string | null {
    return this.#error;
  }

  /** Runs left 'running' by a reload, a crash or a closed tab. */
  get interrupted(): RunListItem[] {
    return this.#items.filter((r) => r.status === 'running');
  }

  /** Reads the runs again. */
  async refresh(): Promise<void> {
    try {
      const db = await this.#open();
      this.#items = (await listRuns(db)).map((e) => runListItem(e.run, e.spec));
      this.#error = null;
    } catch (err) {
      this.#error = `Stored runs could not be read: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      this.#loaded = true;
    }
  }

  /** Deletes a run and everything it produced. */
  async remove(runId: string): Promise<void> {
    try {
      await deleteRun(await this.#open(), runId);
      this.#items = this.#items.filter((r) => r.id !== runId);
    } catch (err) {
      this.#error = `The run could not be deleted: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /**
   * The interrupted run to resume without asking: the newest one the user did not cancel (a
   * cancelled run is stored as 'cancelled', so 'running' always means interrupted), unless
   * {@link mayAutoResume} says no. Records the attempt.
   * @param exclude a run this tab is running already
   */
  takeAutoResume(exclude: string | null = null): string | null {
    if (this.#guard === null) return null;
    const candidate = this.interrupted.find((r) => r.id !== exclude);
    if (candidate === undefined) return null;
    const key = `${GUARD_PREFIX}${candidate.id}`;
    let last: number | null = null;
    try {
      const stored = this.#guard.getItem(key);
      last = stored === null ? null : Number(stored);
      if (last !== null && !Number.isFinite(last)) last = null;
    } catch {
      return null;
    }
    const settled = candidate.done + candidate.failed;
    if (!mayAutoResume(last, settled)) return null;
    try {
      this.#guard.setItem(key, String(settled));
    } catch {
      return null;
    }
    return candidate.id;
  }

  /** Whether the guard stopped an interrupted run from resuming on its own. */
  heldBack(runId: string): boolean {
    if (this.#guard === null) return true;
    const run = this.#items.find((r) => r.id === runId);
    if (run === undefined) return false;
    try {
      const stored = this.#guard.getItem(`${GUARD_PREFIX}${runId}`);
      return stored !== null && !mayAutoResume(Number(stored), run.done + run.failed);
    } catch {
      return true;
    }
  }
}
