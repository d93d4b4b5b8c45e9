// Opening shared run bundles (from a file, or from `?bundle=<url>` on load): shown read-only and
// kept in memory until the user saves them. The Results area can read unsaved runs from here.
import type { RunBundle } from '../bundle/schema';
import type { RunSummary } from '../pipeline/results';
import type { PersistedRun } from '../pipeline/store';
import { runExists, type PlaygroundDB } from '../storage/db';
import { roomFor, storedBytesOf, type RoomCheck } from '../storage/quota';
import { BundleReader, ownBuffer } from '../workers/bundle-client';
import { bundleUrlFromSearch } from './data-route.svelte';
import { SharedOpener, type OpenedSource } from './opening.svelte';
import { yieldToEventLoop } from '../platform/yield';
import { RunResults, loadedRun, type LoadedRun } from './results-run.svelte';
import { getStorageStatus, type StorageStatus } from './storage-status.svelte';

/** A bundle opened in this tab. */
export interface OpenedBundle {
  bundle: RunBundle;
  persisted: PersistedRun;
  summary: RunSummary;
  source: { kind: 'file' | 'url'; name: string };
  /** Whether the run is stored in this browser (saved now, or already there when opened). */
  saved: boolean;
  /** Size of the bundle's JSON text, from which the space saving it takes is estimated. */
  textBytes: number;
  /** The run as the Results views show it, built once when the bundle was read. */
  preview: LoadedRun;
}

export { bundleUrlFromSearch };

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The bundle opened in this tab, read-only until saved. */
export class BundleViewer extends SharedOpener<OpenedBundle> {
  saving = $state(false);
  /** Records written and to write while saving, or null. */
  saveProgress = $state<{ written: number; total: number } | null>(null);
  /** The site's storage budget, shown beside Save. */
  readonly storage: StorageStatus;
  readonly #open: () => Promise<PlaygroundDB>;
  readonly #reader: BundleReader;
  #onSaved: ((runId: string) => void) | undefined;
  #fromSearch: string | null = null;

  /**
   * @param open opens the app database
   * @param fetchImpl fetch for URL bundles (default: the browser's)
   * @param storage usage, quota and persistence (default: the page's)
   * @param reader reads bundles (in a worker by default)
   */
  constructor(
    open: () => Promise<PlaygroundDB>,
    fetchImpl?: typeof fetch,
    storage: StorageStatus = getStorageStatus(),
    reader: BundleReader = new BundleReader(),
  ) {
    super(fetchImpl);
    this.#open = open;
    this.storage = storage;
    this.#reader = reader;
  }

  /**
   * Whether the opened, unsaved run is likely to fit in the space left, from the bundle's size
   * and the browser's latest estimate; undefined when there is nothing to save or no quota.
   */
  get room(): RoomCheck | undefined {
    const c = this.current;
    if (c === null || c.saved) return undefined;
    return roomFor(storedBytesOf(c.textBytes), this.storage.estimate ?? undefined);
  }

  /** Called after each save (to refresh lists). */
  onSaved(callback: (runId: string) => void): void {
    this.#onSaved = callback;
  }

  /**
   * The opened run with this id while it is not saved, for the Results area: a view of
   * `#/results?run=<id>` can show it from memory, read-only.
   */
  unsavedRun(runId: string): PersistedRun | undefined {
    const c = this.current;
    return c !== null && !c.saved && c.bundle.run.id === runId ? c.persisted : undefined;
  }

  /**
   * Opens the bundle a page address names (`?bundle=<url>`), once per address: coming back to
   * the Data area does not fetch it again.
   * @returns whether the address named a bundle
   */
  openFromSearch(search: string): boolean {
    const url = bundleUrlFromSearch(search);
    if (url === null) return false;
    if (url !== this.#fromSearch) {
      this.#fromSearch = url;
      void this.openUrl(url);
    }
    return true;
  }

  protected override async afterOpen(opened: OpenedBundle): Promise<void> {
    if (!opened.saved) await this.storage.refresh();
  }

  protected override async read(bytes: Uint8Array, from: OpenedSource): Promise<OpenedBundle> {
    const { persistedFromBundle, bundleTextBytes } = await import('../bundle/import');
    // Measured before the bytes are handed (transferred) to the worker.
    const textBytes = bundleTextBytes(bytes);
    // Parsed, validated and summarised in the bundle worker; only the records come back.
    const { bundle, summary } = await this.#reader.read(from.label, ownBuffer(bytes));
    let saved = false;
    try {
      const db = await this.#open();
      saved = await runExists(db, bundle.run.id);
    } catch {
      // Without storage the bundle can still be viewed.
    }
    const persisted = persistedFromBundle(bundle);
    // The run model of a 100,000-response bundle takes tens of ms to build and the views as long
    // to render: each gets a task of its own so the page never freezes.
    await yieldToEventLoop();
    const preview = loadedRun(bundle.run.id, persisted, summary);
    await yieldToEventLoop();
    return {
      bundle,
      persisted,
      preview,
      summary,
      source: { kind: from.kind, name: from.name },
      saved,
      textBytes,
    };
  }

  /** Stores the opened bundle in this browser, all or nothing. */
  async save(): Promise<boolean> {
    const current = this.current;
    if (current === null || current.saved || this.saving) return false;
    this.saving = true;
    this.saveError = null;
    // Unpersisted data is the first the browser evicts when the disk runs low.
    void this.storage.ensurePersistent();
    let conflict: (new (runId: string) => Error) | undefined;
    try {
      const [{ saveRunBundle, BundleConflictError }, db] = await Promise.all([
        import('../bundle/import'),
        this.#open(),
      ]);
      conflict = BundleConflictError;
      await saveRunBundle(db, current.bundle, (written, total) => {
        this.saveProgress = { written, total };
      });
      this.current = { ...current, saved: true };
      this.#onSaved?.(current.bundle.run.id);
      return true;
    } catch (err) {
      if (conflict !== undefined && err instanceof conflict) {
        this.current = { ...current, saved: true };
      }
      this.saveError = `Nothing was saved: ${messageOf(err)}`;
      return false;
    } finally {
      this.saving = false;
      void this.storage.refresh();
      this.saveProgress = null;
    }
  }
}

let shared: BundleViewer | undefined;

/**
 * The page's bundle viewer, shared by the Data area (which opens and saves bundles) and the
 * Results area (which may show an unsaved one through `unsavedRun`).
 * @param open opens the app database (used on first call only)
 */
export function getBundleViewer(open?: () => Promise<PlaygroundDB>): BundleViewer {
  if (shared === undefined) {
    if (open === undefined) {
      shared = new BundleViewer(() =>
        import('./settings-store').then(({ appDatabase }) => appDatabase()),
      );
    } else shared = new BundleViewer(open);
  }
  return shared;
}

const NOT_SAVED = 'This run is only open for viewing: save it to this browser first.';

/**
 * Results state over an opened bundle, read-only: nothing is read from or written to the
 * database (actions that would write, such as judging across models, say to save first).
 */
export function previewResults(opened: OpenedBundle): RunResults {
  const refuse = (): Promise<never> => Promise.reject(new Error(NOT_SAVED));
  const results = new RunResults(refuse, refuse);
  results.data = opened.preview;
  results.status = 'ready';
  return results;
}
