// Browser storage budget: how much the site uses and may use, whether its data is persistent,
// and whether a save of a given size is likely to fit. Wraps navigator.storage and never throws.

/** Storage usage as reported by the browser. */
export interface UsageEstimate {
  usage: number;
  quota: number;
  /** usage / quota in [0, 1]; 0 when the quota is unknown. */
  fraction: number;
}

/** The parts of navigator.storage this module uses; all optional, as browsers differ. */
export type StorageManagerLike = Partial<
  Pick<StorageManager, 'estimate' | 'persist' | 'persisted'>
>;

/** navigator.storage, or undefined in Node and in insecure contexts despite the DOM typings. */
export function browserStorageManager(): StorageManagerLike | undefined {
  if (typeof navigator === 'undefined') return undefined;
  return navigator.storage as StorageManager | undefined;
}

/** Estimate how much storage the app uses; undefined when the browser cannot say. */
export async function estimateUsage(
  manager: StorageManagerLike | undefined = browserStorageManager(),
): Promise<UsageEstimate | undefined> {
  if (typeof manager?.estimate !== 'function') return undefined;
  try {
    const { usage = 0, quota = 0 } = await manager.estimate();
    return { usage, quota, fraction: quota > 0 ? Math.min(1, usage / quota) : 0 };
  } catch {
    return undefined;
  }
}

/** Outcome of asking the browser not to evict our data. */
export type PersistenceResult = 'persisted' | 'denied' | 'unsupported';

/**
 * Ask the browser to keep our data under storage pressure. Checks `persisted()` first so
 * browsers that prompt (Firefox) are not asked twice.
 */
export async function requestPersistence(
  manager: StorageManagerLike | undefined = browserStorageManager(),
): Promise<PersistenceResult> {
  if (typeof manager?.persist !== 'function') return 'unsupported';
  try {
    if (typeof manager.persisted === 'function' && (await manager.persisted())) return 'persisted';
    return (await manager.persist()) ? 'persisted' : 'denied';
  } catch {
    return 'unsupported';
  }
}

/**
 * Bytes of quota a save takes per byte of its records' JSON. Measured in Chromium: ~1.1 for
 * many small records, ~1.55 for a run bundle saved in one transaction (the database's write
 * log counts until it is compacted). The higher figure is used, so a warning errs on the safe side.
 */
export const STORED_BYTES_PER_JSON_BYTE = 1.5;
/** Fixed cost of a save (transaction log, store metadata), so tiny saves are not estimated at 0. */
export const SAVE_OVERHEAD_BYTES = 64 * 1024;

/** Estimated storage a save takes, from the size of its records as JSON (e.g. a bundle file). */
export function storedBytesOf(jsonBytes: number): number {
  return Math.ceil(Math.max(0, jsonBytes) * STORED_BYTES_PER_JSON_BYTE) + SAVE_OVERHEAD_BYTES;
}

/** Whether a save of `needed` bytes fits in what the browser says is left. */
export interface RoomCheck {
  needed: number;
  /** quota - usage, never negative. */
  free: number;
  usage: number;
  quota: number;
  fits: boolean;
}

/**
 * Compare a save's estimated size with the space left for the site.
 * @param needed bytes the save will take (see storedBytesOf)
 * @returns undefined when the browser does not report a quota, so nothing can be said
 */
export function roomFor(
  needed: number,
  estimate: UsageEstimate | undefined,
): RoomCheck | undefined {
  if (estimate === undefined || estimate.quota <= 0) return undefined;
  const free = Math.max(0, estimate.quota - estimate.usage);
  return { needed, free, usage: estimate.usage, quota: estimate.quota, fits: needed <= free };
}
