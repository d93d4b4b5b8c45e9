// Opening one shared file or link at a time (run bundles, workshop packs): what is loading, the
// bytes downloaded so far, Cancel, and a newer opening superseding an older one.
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
export class Opening {
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
