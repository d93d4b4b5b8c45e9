// The browser's storage budget for the whole page: usage and quota, whether data is persistent,
// the one-time persistence request made at the first save or run, and "will this save fit?".
import type { PlaygroundDB } from '../storage/db';
import {
  browserStorageManager,
  estimateUsage,
  requestPersistence,
  roomFor,
  storedBytesOf,
  type PersistenceResult,
  type RoomCheck,
  type StorageManagerLike,
  type UsageEstimate,
} from '../storage/quota';

/** Persistence as the page knows it: 'unknown' until the browser was asked or answered. */
export type PersistenceState = PersistenceResult | 'unknown';

/** Usage, quota and persistence of this site's storage, shared by every area of the page. */
export class StorageStatus {
  estimate = $state.raw<UsageEstimate | null>(null);
  persistence = $state<PersistenceState>('unknown');
  /** Whether the page asked for persistence on its own (at the first save or run). */
  askedAutomatically = $state(false);
  readonly #manager: () => StorageManagerLike | undefined;
  #asking: Promise<PersistenceResult> | undefined;

  /** @param manager navigator.storage or a stand-in (default: the browser's) */
  constructor(manager: () => StorageManagerLike | undefined = browserStorageManager) {
    this.#manager = manager;
  }

  /** Reads usage and quota, and whether the data is already persistent. */
  async refresh(): Promise<void> {
    const manager = this.#manager();
    this.estimate = (await estimateUsage(manager)) ?? null;
    if (typeof manager?.persisted === 'function') {
      const persisted = await manager.persisted().catch(() => false);
      if (persisted) this.persistence = 'persisted';
    } else if (typeof manager?.persist !== 'function') {
      this.persistence = 'unsupported';
    }
  }

  /** Asks the browser not to evict this site's data (the "Keep data persistent" button). */
  async keepPersistent(): Promise<PersistenceResult> {
    this.#asking = requestPersistence(this.#manager());
    this.persistence = await this.#asking;
    return this.persistence;
  }

  /**
   * Asks for persistence once per page, before the first thing worth keeping is written (a
   * save, an import or a run): unpersisted data is the first the browser evicts when the disk
   * runs low. Later calls return the first answer; never throws.
   */
  ensurePersistent(): Promise<PersistenceResult> {
    if (this.#asking === undefined) {
      this.askedAutomatically = true;
      this.#asking = requestPersistence(this.#manager()).then((result) => {
        this.persistence = result;
        return result;
      });
    }
    return this.#asking;
  }

  /**
   * Whether a save whose records are `jsonBytes` long as JSON is likely to fit in what is left,
   * with a fresh estimate; undefined when the browser does not report a quota.
   */
  async roomFor(jsonBytes: number): Promise<RoomCheck | undefined> {
    await this.refresh();
    return roomFor(storedBytesOf(jsonBytes), this.estimate ?? undefined);
  }
}

let shared: StorageStatus | undefined;

/** The page's storage status (one per page, so every area shows the same numbers). */
export function getStorageStatus(): StorageStatus {
  shared ??= new StorageStatus();
  return shared;
}

/**
 * `open`, asking for persistence first (once per page): for opening the database to write a run
 * or an analysis, the moments when data worth keeping is first stored.
 * @param open opens the app database
 */
export function openForSaving(
  open: () => Promise<PlaygroundDB>,
  status: StorageStatus = getStorageStatus(),
): () => Promise<PlaygroundDB> {
  return () => {
    void status.ensurePersistent();
    return open();
  };
}
