// The page's side of the import worker: sends a file's bytes, waits for its columns and items.
// Without Worker support (tests in jsdom) the same handler runs in-thread, loaded on first use.
import type { ParseOptions } from '../core/importers';
import { ImportError } from '../core/importers/errors';
import { checkSize, DEFAULT_MAX_BYTES } from '../core/importers/text';
import type {
  ImportFailure,
  ImportReadOutcome,
  ImportReadRequest,
  ImportReadResponse,
} from './import-protocol';
import { RpcChannel, workerPortFactory } from './rpc';

/** A file to read: a File from a picker or a drop, or a name with its bytes. */
export interface ImportSource {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

function tooLargeFailure(err: unknown, fileName: string): ImportFailure {
  const e = err instanceof ImportError ? err : undefined;
  return {
    message: e?.message ?? `${fileName}: the file is too large.`,
    fileName,
    code: e?.code ?? 'too-large',
  };
}

/** Parses files in a Web Worker, one request at a time per call, replies matched by id. */
export class ImportParser {
  readonly #channel = new RpcChannel<ImportReadRequest, ImportReadResponse>(
    workerPortFactory(
      () =>
        new Worker(new URL('./import.worker.ts', import.meta.url), {
          type: 'module',
          name: 'import',
        }),
      'the import worker could not start',
    ),
    { crashError: (detail) => new Error(detail) },
  );
  readonly #useWorker: boolean;

  /** @param useWorker run in a worker when the platform has one (default: when available) */
  constructor(useWorker = typeof Worker !== 'undefined') {
    this.#useWorker = useWorker;
  }

  /**
   * Reads a file with the given options. Files over the size limit are refused before their
   * bytes are read, so a huge file cannot stall the page.
   */
  async read(source: ImportSource, options: ParseOptions = {}): Promise<ImportReadOutcome> {
    try {
      checkSize(source.name, source.size, options.maxBytes ?? DEFAULT_MAX_BYTES);
    } catch (err) {
      return { columns: null, result: null, error: tooLargeFailure(err, source.name), ms: 0 };
    }
    if (!this.#useWorker) {
      const bytes = await source.arrayBuffer();
      const { handleImportRead } = await import('./import-protocol');
      return handleImportRead({ fileName: source.name, bytes, options });
    }
    // A File goes as is and the worker reads it: reading 30 MB here held the page for 200 ms.
    const bytes = source instanceof Blob ? source : await source.arrayBuffer();
    return new Promise<ImportReadOutcome>((resolve) => {
      this.#channel.send(
        { fileName: source.name, bytes, options },
        {
          take: ({ id: _id, ...outcome }) => {
            resolve(outcome);
            return true;
          },
          // The worker stopped: the read fails with a message instead of waiting forever.
          fail: (error) =>
            resolve({
              columns: null,
              result: null,
              error: {
                message: `The file could not be read: ${error.message}.`,
                fileName: '',
                code: 'internal',
              },
              ms: 0,
            }),
        },
        bytes instanceof ArrayBuffer ? [bytes] : [],
      );
    });
  }

  /** Stops the worker; later reads start a new one. */
  dispose(): void {
    this.#channel.terminate(new Error('the import was closed'));
  }
}
