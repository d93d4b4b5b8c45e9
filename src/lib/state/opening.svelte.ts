// Opening one shared file or link at a time (run bundles, workshop packs): what is loading, the
// bytes downloaded so far, Cancel, a newer opening superseding an older one, and what it opened.
import {
  checkBundleUrl,
  fetchBundleBytes,
  nameOfUrl,
  type DownloadProgress,
} from '../bundle/fetch';
import type { ImportSource } from '../workers/import-client';

/** What was opened: the file name or URL, and the name to show (a URL's last path segment). */
export interface OpenedSource {
  kind: 'file' | 'url';
  name: string;
  label: string;
}

/** Reads opened bytes into what the caller keeps. */
export type OpenBytes<T> = (bytes: Uint8Array, source: OpenedSource) => Promise<T>;

/** The file or link being opened; at most one at a time. */
class Opening {
  /** What is being opened (a file name or URL), or null. */
  loading = $state<string | null>(null);
  /** Bytes downloaded so far while a link loads, or null. */
  download = $state<DownloadProgress | null>(null);
  readonly #fetch: typeof fetch | undefined;
  #ticket = 0;
  #abort: AbortController | null = null;

  /** @param fetchImpl fetch for links (default: the browser's) */
  constructor(fetchImpl?: typeof fetch) {
    this.#fetch = fetchImpl;
  }

  /**
   * Opens a file with `use`.
   * @returns what `use` returned, or undefined when Cancel or a later opening superseded it
   */
  file<T>(source: ImportSource, use: OpenBytes<T>): Promise<T | undefined> {
    return this.#run(
      { kind: 'file', name: source.name, label: source.name },
      async () => new Uint8Array(await source.arrayBuffer()),
      use,
    );
  }

  /**
   * Checks a link (https, or http on this machine; throws BundleFetchError otherwise), downloads
   * it within the size limit, idle timeout and Cancel, and opens the bytes with `use`.
   * @returns what `use` returned, or undefined when Cancel or a later opening superseded it
   */
  async url<T>(text: string, use: OpenBytes<T>): Promise<T | undefined> {
    const url = checkBundleUrl(
      text,
      typeof location === 'undefined' ? 'https:' : location.protocol,
    );
    const { MAX_BUNDLE_BYTES } = await import('../bundle/import');
    const controller = new AbortController();
    return this.#run(
      { kind: 'url', name: url.href, label: nameOfUrl(url) },
      () => {
        this.#abort = controller;
        return fetchBundleBytes(url, MAX_BUNDLE_BYTES, this.#fetch ?? fetch.bind(globalThis), {
          signal: controller.signal,
          onProgress: (progress) => {
            if (this.#abort === controller) this.download = progress;
          },
        });
      },
      use,
    );
  }

  /**
   * Stops what is loading (the download too); its result is dropped.
   * @returns what was loading, or null
   */
  cancel(): string | null {
    const name = this.loading;
    this.#ticket += 1;
    this.#abort?.abort();
    this.#abort = null;
    this.loading = null;
    this.download = null;
    return name;
  }

  async #run<T>(
    source: OpenedSource,
    read: () => Promise<Uint8Array>,
    use: OpenBytes<T>,
  ): Promise<T | undefined> {
    const ticket = ++this.#ticket;
    this.#abort?.abort();
    this.#abort = null;
    this.loading = source.name;
    this.download = null;
    try {
      const value = await use(await read(), source);
      return ticket === this.#ticket ? value : undefined;
    } catch (err) {
      if (ticket !== this.#ticket) return undefined;
      throw err;
    } finally {
      if (ticket === this.#ticket) {
        this.loading = null;
        this.download = null;
        this.#abort = null;
      }
    }
  }
}

/**
 * What is opened from shared files and links (a run bundle, a workshop pack): the opened thing or
 * the error saying why it could not be, with loading, download progress and Cancel.
 */
export abstract class SharedOpener<T> {
  current = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  saveError = $state<string | null>(null);
  readonly #opening: Opening;

  /** @param fetchImpl fetch for links (default: the browser's) */
  constructor(fetchImpl?: typeof fetch) {
    this.#opening = new Opening(fetchImpl);
  }

  /** Reads the opened bytes (validating them) into what is kept; throws a message for the user. */
  protected abstract read(bytes: Uint8Array, source: OpenedSource): Promise<T>;

  /** Runs once something was opened (e.g. refreshes the storage estimate). */
  protected abstract afterOpen(opened: T): Promise<void>;

  /** What is being opened (a file name or URL), or null. */
  get loading(): string | null {
    return this.#opening.loading;
  }

  /** Bytes downloaded so far while a link loads, or null. */
  get download(): DownloadProgress | null {
    return this.#opening.download;
  }

  /** Opens a file (.json or .json.gz). */
  openFile(source: ImportSource): Promise<boolean> {
    return this.#load(() => this.#opening.file(source, (bytes, from) => this.read(bytes, from)));
  }

  /** Fetches and opens a link (https, or http on this machine). */
  openUrl(text: string): Promise<boolean> {
    return this.#load(() => this.#opening.url(text, (bytes, from) => this.read(bytes, from)));
  }

  /** Stops opening what is loading; nothing is stored and nothing new stays open. */
  cancel(): void {
    const name = this.#opening.cancel();
    if (name === null) return;
    this.error = `Opening ${name} was cancelled; nothing was stored. Open it again to retry.`;
  }

  /** Closes what is open (and stops what is loading). */
  close(): void {
    this.#opening.cancel();
    this.current = null;
    this.error = null;
    this.saveError = null;
  }

  async #load(open: () => Promise<T | undefined>): Promise<boolean> {
    this.error = null;
    this.saveError = null;
    try {
      const opened = await open();
      if (opened === undefined) return false;
      this.current = opened;
      await this.afterOpen(opened);
      return true;
    } catch (err) {
      this.current = null;
      this.error = err instanceof Error ? err.message : String(err);
      return false;
    }
  }
}
