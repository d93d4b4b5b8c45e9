// Messages between the page and the import worker, and the one handler both sides share: the
// worker runs it off the main thread, and pages without Worker support run it in-thread.
import {
  detectColumns,
  ImportError,
  parseDataset,
  type ColumnInfo,
  type ImportErrorCode,
  type ImportFormat,
  type ParseOptions,
  type ParseResult,
} from '../core/importers';

const GENERIC: ReadonlySet<ImportFormat> = new Set([
  'generic-csv',
  'generic-jsonl',
  'generic-xlsx',
]);

const LIMIT_CODES: ReadonlySet<ImportFailure['code']> = new Set([
  'too-large',
  'too-many-columns',
  'cell-too-large',
]);

/** Read a file: list its columns (for the mapping step) and parse it with the given options. */
export interface ImportReadRequest {
  id: number;
  fileName: string;
  /**
   * The file's bytes, transferred; or the File itself (structured cloning copies a handle, not
   * the bytes), read by the worker so the page never copies a large file on its own thread.
   */
  bytes: ArrayBuffer | Blob;
  options: ParseOptions;
}

/** A read request whose bytes are at hand. */
export type ImportReadInput = Omit<ImportReadRequest, 'id' | 'bytes'> & { bytes: ArrayBuffer };

/** An import error as plain data (class instances do not survive postMessage). */
export interface ImportFailure {
  message: string;
  fileName: string;
  code: ImportErrorCode | 'internal';
  line?: number;
  field?: string;
}

/** What reading a file found. */
export interface ImportReadOutcome {
  /** Columns and a preview; null when the file cannot be read at all. */
  columns: ColumnInfo | null;
  /** The parsed items; null when parsing failed (see error). */
  result: ParseResult | null;
  error: ImportFailure | null;
  /** Milliseconds spent reading and parsing. */
  ms: number;
}

/** The worker's answer to one request. */
export interface ImportReadResponse extends ImportReadOutcome {
  id: number;
}

function failure(fileName: string, err: unknown): ImportFailure {
  if (err instanceof ImportError) {
    return {
      message: err.message,
      fileName: err.fileName,
      code: err.code,
      ...(err.line === undefined ? {} : { line: err.line }),
      ...(err.field === undefined ? {} : { field: err.field }),
    };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return {
    message: `${fileName}: the file could not be read (${detail}).`,
    fileName,
    code: 'internal',
  };
}

/**
 * Reads a file: its items, and for files that are not a known benchmark (or fail to parse) its
 * columns too, so a mapping step can be offered. Never throws; problems come back as an
 * ImportFailure.
 */
export function handleImportRead(request: ImportReadInput): ImportReadOutcome {
  const started = performance.now();
  const bytes = new Uint8Array(request.bytes);
  const done = (
    columns: ColumnInfo | null,
    result: ParseResult | null,
    error: ImportFailure | null,
  ): ImportReadOutcome => ({ columns, result, error, ms: performance.now() - started });
  let result: ParseResult | null = null;
  let parseError: ImportFailure | null = null;
  try {
    result = parseDataset(request.fileName, bytes, request.options);
  } catch (err) {
    parseError = failure(request.fileName, err);
  }
  // A recognised benchmark needs no mapping step, so its columns are not listed (a second pass).
  if (result !== null && !GENERIC.has(result.format)) return done(null, result, null);
  // A file over a size or shape limit would fail the second pass the same way, only later.
  if (parseError !== null && LIMIT_CODES.has(parseError.code)) return done(null, null, parseError);
  try {
    return done(detectColumns(request.fileName, bytes, request.options), result, parseError);
  } catch (err) {
    return done(null, null, parseError ?? failure(request.fileName, err));
  }
}

/**
 * Reads the file of a request (when it came as a File) and then handles it like
 * {@link handleImportRead}. Never rejects: a file that can no longer be read is an ImportFailure.
 */
export async function readImport(
  request: Omit<ImportReadRequest, 'id'>,
): Promise<ImportReadOutcome> {
  const { bytes, ...rest } = request;
  if (bytes instanceof ArrayBuffer) return handleImportRead({ ...rest, bytes });
  const started = performance.now();
  try {
    return handleImportRead({ ...rest, bytes: await bytes.arrayBuffer() });
  } catch (err) {
    const error = failure(request.fileName, err);
    return { columns: null, result: null, error, ms: performance.now() - started };
  }
}
