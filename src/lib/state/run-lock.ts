// Web Locks around a run: one tab at a time executes a run, and any tab can ask whether a run
// executes now (the update prompt waits for it).

/** Returned by `withLock` when another tab holds the run. */
export const LOCKED = Symbol('locked');

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
