// Typed storage errors whose messages tell the user what to do next.
// toStorageError maps raw IndexedDB/DOMException failures onto these classes.

/** Machine-readable kind of a storage failure, for UI branching. */
export type StorageErrorCode =
  'quota' | 'unavailable' | 'version' | 'blocked' | 'migration' | 'constraint' | 'data' | 'unknown';

/** Base class of every storage error; `advice` is the user-facing next step. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly advice: string;

  /**
   * @param code failure kind
   * @param problem what went wrong, in user terms
   * @param advice what the user should do next
   * @param cause the underlying error, kept for debugging
   */
  constructor(code: StorageErrorCode, problem: string, advice: string, cause?: unknown) {
    super(`${problem} ${advice}`, cause === undefined ? undefined : { cause });
    this.name = 'StorageError';
    this.code = code;
    this.advice = advice;
  }
}

/** The browser refused to store more data. */
export class StorageQuotaError extends StorageError {
  /** @param cause the underlying QuotaExceededError */
  constructor(cause?: unknown) {
    super(
      'quota',
      'Browser storage is full, so this save was cancelled and nothing from it was written.',
      'Delete old runs or datasets, or free disk space on this device, then try again.',
      cause,
    );
    this.name = 'StorageQuotaError';
  }
}

/** IndexedDB is missing or disabled (e.g. some private-browsing modes or blocked site data). */
export class StorageUnavailableError extends StorageError {
  /** @param cause the underlying error, if any */
  constructor(cause?: unknown) {
    super(
      'unavailable',
      'Browser storage (IndexedDB) is not available, so nothing can be saved.',
      'Leave private/incognito mode or allow site data for this page, then reload.',
      cause,
    );
    this.name = 'StorageUnavailableError';
  }
}

/** The stored database is newer than this copy of the app, or a newer tab took it over. */
export class StorageVersionError extends StorageError {
  /**
   * @param cause the underlying VersionError, if any
   * @param problem override for the first sentence (e.g. when another tab upgraded the database)
   */
  constructor(cause?: unknown, problem?: string) {
    super(
      'version',
      problem ?? 'The saved data was written by a newer version of MMHS Playground.',
      'Reload the page to get the latest version of the app; your data is unchanged.',
      cause,
    );
    this.name = 'StorageVersionError';
  }
}

/** Another tab keeps an older version of the database open, so it cannot be upgraded. */
export class StorageBlockedError extends StorageError {
  /** @param cause the underlying event or error, if any */
  constructor(cause?: unknown) {
    super(
      'blocked',
      'The database upgrade is waiting for another tab that still has an older version open.',
      'Close the other MMHS Playground tabs, then reload this page.',
      cause,
    );
    this.name = 'StorageBlockedError';
  }
}

/** A schema migration failed; the upgrade was rolled back. */
export class StorageMigrationError extends StorageError {
  readonly version: number;

  /**
   * @param version the migration step that failed
   * @param cause the error it threw
   */
  constructor(version: number, cause?: unknown) {
    super(
      'migration',
      `Upgrading saved data to version ${version} failed; the upgrade was rolled back and your data is unchanged.`,
      'Reload the page to retry; if it keeps failing, report the problem with the browser console output.',
      cause,
    );
    this.name = 'StorageMigrationError';
    this.version = version;
  }
}

/** A write collided with an existing key (e.g. importing a record id that already exists). */
export class StorageConstraintError extends StorageError {
  /** @param cause the underlying ConstraintError */
  constructor(cause?: unknown) {
    super(
      'constraint',
      'A record with the same id already exists, so this save was cancelled and nothing from it was written.',
      'Rename or remove the duplicate (or delete the existing record), then try again.',
      cause,
    );
    this.name = 'StorageConstraintError';
  }
}

/** A value could not be stored (not structured-cloneable, or an invalid key). */
export class StorageDataError extends StorageError {
  /** @param cause the underlying DataCloneError or DataError */
  constructor(cause?: unknown) {
    super(
      'data',
      'Some data could not be saved because the browser cannot store it; nothing from this save was written.',
      'This is a bug in the app: please report it with the browser console output.',
      cause,
    );
    this.name = 'StorageDataError';
  }
}

/** Any other storage failure. */
export class StorageUnknownError extends StorageError {
  /** @param cause the underlying error */
  constructor(cause?: unknown) {
    super(
      'unknown',
      `Saving or loading data failed (${describe(cause)}).`,
      'Try again; if it keeps failing, reload the page.',
      cause,
    );
    this.name = 'StorageUnknownError';
  }
}

function describe(err: unknown): string {
  if (err instanceof Error)
    return err.name === 'Error' ? err.message : `${err.name}: ${err.message}`;
  return String(err);
}

function errorName(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('name' in err)) return undefined;
  const { name } = err;
  return typeof name === 'string' ? name : undefined;
}

// Firefox used its own names before standardising on QuotaExceededError.
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
// Firefox private mode throws InvalidStateError on open; Safari reports lost or deleted
// databases as UnknownError; SecurityError comes from blocked third-party storage.
const UNAVAILABLE_NAMES = new Set(['InvalidStateError', 'SecurityError', 'UnknownError']);
const DATA_NAMES = new Set(['DataCloneError', 'DataError']);

/**
 * Map any error thrown by IndexedDB (usually a DOMException) onto a typed StorageError.
 * StorageErrors pass through unchanged, so it is safe to call more than once.
 */
export function toStorageError(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const name = errorName(err);
  if (name === undefined) return new StorageUnknownError(err);
  if (QUOTA_NAMES.has(name)) return new StorageQuotaError(err);
  if (UNAVAILABLE_NAMES.has(name)) return new StorageUnavailableError(err);
  if (DATA_NAMES.has(name)) return new StorageDataError(err);
  if (name === 'VersionError') return new StorageVersionError(err);
  if (name === 'ConstraintError') return new StorageConstraintError(err);
  return new StorageUnknownError(err);
}

/** True when `err` looks like an IndexedDB failure (a DOMException or an error-like named one). */
export function isDomLikeError(err: unknown): boolean {
  if (typeof DOMException !== 'undefined' && err instanceof DOMException) return true;
  const name = errorName(err);
  return (
    name !== undefined &&
    (QUOTA_NAMES.has(name) ||
      UNAVAILABLE_NAMES.has(name) ||
      DATA_NAMES.has(name) ||
      name === 'VersionError' ||
      name === 'ConstraintError' ||
      name === 'AbortError' ||
      name === 'TransactionInactiveError' ||
      name === 'NotFoundError' ||
      name === 'ReadOnlyError')
  );
}
