// The workshop pack opened in this tab (from a file or `?pack=<url>`): its guide, saving its
// finished runs all or nothing, and handing its prompts and settings to the Experiments form.
/* eslint-disable svelte/prefer-svelte-reactivity -- URLs here are local temporaries (never stored
   in state or mutated after), so plain ones are what is needed. */
import type { WorkshopPack } from '../bundle/pack';
import type { PlaygroundDB } from '../storage/db';
import { roomFor, storedBytesOf, type RoomCheck } from '../storage/quota';
import { BundleReader, ownBuffer } from '../workers/bundle-client';
import { packUrlFromSearch } from './data-route.svelte';
import { SharedOpener, type OpenedSource } from './opening.svelte';
import { getStorageStatus, type StorageStatus } from './storage-status.svelte';

export { packUrlFromSearch };

/** A pack opened in this tab. */
export interface OpenedPack {
  pack: WorkshopPack;
  source: { kind: 'file' | 'url'; name: string };
  /** Ids of the pack's runs stored in this browser (saved now, or already there). */
  stored: readonly string[];
  /** Size of the pack's JSON text, from which the space its runs take is estimated. */
  textBytes: number;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What the desk needs from the app. */
export interface WorkshopDeps {
  open: () => Promise<PlaygroundDB>;
  /** Puts the pack's prompts and settings in the Experiments form (default: the page's form). */
  prefill?: (pack: WorkshopPack) => Promise<void>;
  fetch?: typeof fetch;
  storage?: StorageStatus;
  reader?: BundleReader;
}

/** Fills the page's Experiments form once its saved draft and defaults are read. */
async function prefillExperiments(pack: WorkshopPack): Promise<void> {
  const { getExperimentServices } = await import('./experiment-services.svelte');
  const services = getExperimentServices();
  await services.load();
  services.form.applyWorkshop(pack.title, pack.prompts, pack.settings);
  services.saveDraft();
}

/** The workshop pack opened in this tab and what a participant can do with it. */
export class WorkshopDesk extends SharedOpener<OpenedPack> {
  saving = $state(false);
  saveProgress = $state<{ written: number; total: number } | null>(null);
  readonly storage: StorageStatus;
  readonly #deps: WorkshopDeps;
  readonly #reader: BundleReader;
  #fromSearch: string | null = null;

  /** @param deps database, Experiments hand-off, fetch, storage status and reader */
  constructor(deps: WorkshopDeps) {
    super(deps.fetch);
    this.#deps = deps;
    this.storage = deps.storage ?? getStorageStatus();
    this.#reader = deps.reader ?? new BundleReader();
  }

  /** Whether every finished run of the opened pack is stored in this browser. */
  get allStored(): boolean {
    const c = this.current;
    return c !== null && c.pack.runs.every((r) => c.stored.includes(r.run.id));
  }

  /** Whether the pack's runs are likely to fit in the space left; undefined when stored. */
  get room(): RoomCheck | undefined {
    const c = this.current;
    if (c === null || this.allStored) return undefined;
    return roomFor(storedBytesOf(c.textBytes), this.storage.estimate ?? undefined);
  }

  /**
   * Opens the pack a page address names (`?pack=<url>`), once per address.
   * @returns whether the address named a pack
   */
  openFromSearch(search: string): boolean {
    const url = packUrlFromSearch(search);
    if (url === null) return false;
    if (url !== this.#fromSearch) {
      this.#fromSearch = url;
      void this.openUrl(url);
    }
    return true;
  }

  protected override async afterOpen(): Promise<void> {
    if (!this.allStored) await this.storage.refresh();
  }

  protected override async read(bytes: Uint8Array, from: OpenedSource): Promise<OpenedPack> {
    const { bundleTextBytes } = await import('../bundle/import');
    // Measured before the bytes are handed (transferred) to the worker.
    const textBytes = bundleTextBytes(bytes);
    // Unzipped, parsed and validated (runs included) in the bundle worker.
    const pack = await this.#reader.readPack(from.label, ownBuffer(bytes));
    const stored = await this.#storedOf(pack);
    return { pack, source: { kind: from.kind, name: from.name }, stored, textBytes };
  }

  async #storedOf(pack: WorkshopPack): Promise<string[]> {
    try {
      const db = await this.#deps.open();
      const { runExists } = await import('../storage/db');
      const stored = await Promise.all(pack.runs.map((r) => runExists(db, r.run.id)));
      return pack.runs.filter((_, i) => stored[i] === true).map((r) => r.run.id);
    } catch {
      // Without storage the guide and the prompts still work.
      return [];
    }
  }

  /**
   * Stores every finished run of the pack in one transaction, all or nothing; runs already
   * stored are left as they are. A full disk stores nothing and says so.
   */
  async saveRuns(): Promise<boolean> {
    const current = this.current;
    if (current === null || this.saving) return false;
    if (this.allStored) return true;
    this.saving = true;
    this.saveError = null;
    void this.storage.ensurePersistent();
    try {
      const [{ saveRunBundles }, db] = await Promise.all([
        import('../bundle/import'),
        this.#deps.open(),
      ]);
      const result = await saveRunBundles(
        db,
        current.pack.runs,
        { existing: 'skip' },
        (written, total) => (this.saveProgress = { written, total }),
      );
      if (this.current === current) {
        this.current = { ...current, stored: [...result.saved, ...result.skipped] };
      }
      return true;
    } catch (err) {
      this.saveError = `Nothing was saved: ${messageOf(err)}`;
      return false;
    } finally {
      this.saving = false;
      this.saveProgress = null;
      void this.storage.refresh();
    }
  }

  /** Puts the pack's prompts and settings in the Experiments form; the user picks the model. */
  async runItYourself(): Promise<boolean> {
    const current = this.current;
    if (current === null) return false;
    try {
      await (this.#deps.prefill ?? prefillExperiments)(current.pack);
      return true;
    } catch (err) {
      this.error = `The experiment could not be prepared: ${messageOf(err)}`;
      return false;
    }
  }
}

/** The run `#/workshop?export=<runId>` asks to export as a pack, or undefined. */
export function exportRunFromHash(hash: string): string | undefined {
  const query = hash.indexOf('?');
  const runId = new URLSearchParams(query < 0 ? '' : hash.slice(query + 1)).get('export');
  return runId === null || runId === '' ? undefined : runId;
}

/** The hash of the page that exports `runId` as a workshop pack. */
export function exportPackHref(runId: string): string {
  return `#/workshop?${new URLSearchParams({ export: runId }).toString()}`;
}

/** A file ready to download. */
export interface PackFile {
  fileName: string;
  type: string;
  data: Uint8Array;
}

/** Exporting one stored run as a workshop pack, with a title and guide the presenter edits. */
export class PackExporter {
  runId = $state<string | null>(null);
  title = $state('');
  guide = $state('');
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<string | null>(null);
  readonly #open: () => Promise<PlaygroundDB>;
  readonly #secrets: () => Promise<string[]>;

  /**
   * @param open opens the app database
   * @param secrets the keys held in this browser, removed from anything exported
   */
  constructor(open: () => Promise<PlaygroundDB>, secrets: () => Promise<string[]>) {
    this.#open = open;
    this.#secrets = secrets;
  }

  /** Reads the run and starts the title and guide from its name. */
  async load(runId: string): Promise<void> {
    this.runId = runId;
    this.status = 'loading';
    this.error = null;
    try {
      const [{ PlaygroundRunStore }, { parseExperiment }, { defaultGuide }, db] = await Promise.all(
        [
          import('../pipeline/store'),
          import('../pipeline/experiment'),
          import('../bundle/pack'),
          this.#open(),
        ],
      );
      const persisted = await new PlaygroundRunStore(db).load(runId);
      if (persisted.run === undefined) throw new Error(`No run with id "${runId}" is stored here.`);
      const parsed = parseExperiment(persisted.spec?.definition);
      this.title = parsed.ok ? parsed.value.name : runId;
      this.guide = defaultGuide(this.title);
      this.status = 'ready';
    } catch (err) {
      this.error = messageOf(err);
      this.status = 'error';
    }
  }

  /** The pack file (gzipped JSON), or null with `error` saying why it cannot be exported. */
  async build(): Promise<PackFile | null> {
    const runId = this.runId;
    if (runId === null) return null;
    try {
      const [{ PlaygroundRunStore }, { buildWorkshopPack, serializePack, packFileName }, db] =
        await Promise.all([import('../pipeline/store'), import('../bundle/pack'), this.#open()]);
      const persisted = await new PlaygroundRunStore(db).load(runId);
      const pack = buildWorkshopPack(persisted, {
        title: this.title,
        guide: this.guide,
        secrets: await this.#secrets(),
      });
      this.error = null;
      return {
        fileName: packFileName(pack, true),
        type: 'application/gzip',
        data: serializePack(pack, true),
      };
    } catch (err) {
      this.error = `The pack was not exported: ${messageOf(err)}`;
      return null;
    }
  }
}

/** The page's pack exporter (keys from Settings are removed from every pack). */
export function createPackExporter(): PackExporter {
  return new PackExporter(
    () => import('./settings-store').then(({ appDatabase }) => appDatabase()),
    async () => {
      const { getSettingsServices } = await import('./settings-services');
      const settings = getSettingsServices();
      await settings.load();
      return settings.providers.secrets();
    },
  );
}

let shared: WorkshopDesk | undefined;

/** The page's workshop desk, shared by the Data area (which opens packs) and the Workshop page. */
export function getWorkshopDesk(): WorkshopDesk {
  shared ??= new WorkshopDesk({
    open: () => import('./settings-store').then(({ appDatabase }) => appDatabase()),
  });
  return shared;
}
