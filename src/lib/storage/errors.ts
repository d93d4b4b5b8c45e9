// Typed storage errors whose messages tell the user what to do next.
// toStorageError maps raw IndexedDB/DOMException failures onto these classes.

/** Machine-readable kind of a storage failure, for UI branching. */
export type StorageErrorCode =
  | 'quota'
  | 'disk'
  | 'closed'
  | 'unavailable'
  | 'version'
  | 'blocked'
  | 'migration'
  | 'constraint'
  | 'data'
  | 'unknown';

/** Where a failure happened: opening the database, or using an open one. */
export type StoragePhase = 'open' | 'use';

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

/** What to do when storage runs out, shared by the quota and disk messages. */
const FREE_SPACE_ADVICE =
  'To make room, export the runs you want to keep and delete old runs or datasets ' +
  '(Data › Stored data & export), or free disk space on this device; then try again.';

/** Problem and advice of the errors whose message never varies. */
type FixedCode = 'quota' | 'closed' | 'unavailable' | 'blocked' | 'constraint' | 'data';
const FIXED_MESSAGES: Record<FixedCode, readonly [problem: string, advice: string]> = {
  quota: [
    'Browser storage for this site is full, so this save was cancelled and nothing from it was ' +
      'written; everything stored before is unchanged.',
    FREE_SPACE_ADVICE,
  ],
  closed: [
    'The connection to browser storage was closed (this happens when the disk fills up or site ' +
      'data is cleared while the page is open), so nothing from this save was written.',
    'Try again: the connection is reopened. If it keeps failing, free disk space and reload the page.',
  ],
  unavailable: [
    'Browser storage (IndexedDB) is not available, so nothing can be saved.',
    'Leave private/incognito mode or allow site data for this page, then reload.',
  ],
  blocked: [
    'The database upgrade is waiting for another tab that still has an older version open.',
    'Close the other MMHS Playground tabs, then reload this page.',
  ],
  constraint: [
    'A record with the same id already exists, so this save was cancelled and nothing from it was written.',
    'Rename or remove the duplicate (or delete the existing record), then try again.',
  ],
  data: [
    'Some data could not be saved because the browser cannot store it; nothing from this save was written.',
    'This is a bug in the app: please report it with the browser console output.',
  ],
};

/** A StorageError class whose message is fixed (FIXED_MESSAGES): `new X(cause?)`, named `name`. */
function storageErrorClass(name: string, code: FixedCode): new (cause?: unknown) => StorageError {
  const [problem, advice] = FIXED_MESSAGES[code];
  const named = class extends StorageError {
    /** @param cause the underlying error or event, if any */
    constructor(cause?: unknown) {
      super(code, problem, advice, cause);
      this.name = name;
    }
  };
  // The class itself carries the name too, as a class declaration's would (stack traces, logs).
  Object.defineProperty(named, 'name', { value: name });
  return named;
}

/** The browser refused to store more data: the site's quota or the disk is full. */
export const StorageQuotaError = storageErrorClass('StorageQuotaError', 'quota');
export type StorageQuotaError = InstanceType<typeof StorageQuotaError>;

/**
 * The browser failed to write for an internal reason (Chromium's UnknownError), which in
 * practice means the disk is full or the site's database files are damaged.
 */
export class StorageDiskError extends StorageError {
  /**
   * @param cause the underlying UnknownError
   * @param phase 'open' when the database could not even be opened
   */
  constructor(cause?: unknown, phase: StoragePhase = 'use') {
    super(
      'disk',
      phase === 'open'
        ? 'The browser could not open its storage (it reported an internal error, most often ' +
            'because the disk is nearly full), so nothing can be loaded or saved.'
        : 'The browser could not write to its storage (it reported an internal error, most often ' +
            'because the disk is nearly full), so this save was cancelled and nothing from it was written.',
      phase === 'open'
        ? 'Free disk space on this device, then reload the page.'
        : FREE_SPACE_ADVICE,
      cause,
    );
    this.name = 'StorageDiskError';
  }
}

/**
 * The connection to the database was closed under the page (the browser does this when its
 * storage fails, e.g. on a full disk, or when site data is cleared); the next call reopens it.
 */
export const StorageClosedError = storageErrorClass('StorageClosedError', 'closed');
export type StorageClosedError = InstanceType<typeof StorageClosedError>;

/**
 * IndexedDB cannot be opened at all: missing, disabled by private browsing or blocked site
 * data. Only opening the database reports this; failures of an open database never do.
 */
export const StorageUnavailableError = storageErrorClass('StorageUnavailableError', 'unavailable');
export type StorageUnavailableError = InstanceType<typeof StorageUnavailableError>;

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
export const StorageBlockedError = storageErrorClass('StorageBlockedError', 'blocked');
export type StorageBlockedError = InstanceType<typeof StorageBlockedError>;

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
export const StorageConstraintError = storageErrorClass('StorageConstraintError', 'constraint');
export type StorageConstraintError = InstanceType<typeof StorageConstraintError>;

/** A value could not be stored (not structured-cloneable, or an invalid key). */
export const StorageDataError = storageErrorClass('StorageDataError', 'data');
export type StorageDataError = InstanceType<typeof StorageDataError>;

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

function legacyCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const { code } = err;
  return typeof code === 'number' ? code : undefined;
}

// Firefox used its own names before standardising on QuotaExceededError.
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
// DOMException's legacy QUOTA_EXCEEDED_ERR (22), and Firefox's NS_ERROR_DOM_QUOTA_REACHED (1014):
// some engines report a quota failure under another name but keep the code.
const QUOTA_CODES = new Set([22, 1014]);
const DATA_NAMES = new Set(['DataCloneError', 'DataError']);
// Script errors may carry an unrelated numeric `code` (e.g. an errno); only DOM-style ones count.
const JS_ERROR_NAMES = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
]);

/**
 * True when `err` says storage is full: a QuotaExceededError by name or legacy code 22, also
 * when it is the `error` of an aborted transaction or the `cause` of a wrapping error.
 */
export function isQuotaError(err: unknown, depth = 0): boolean {
  if (err instanceof StorageError) return err.code === 'quota';
  const name = errorName(err);
  if (name !== undefined && QUOTA_NAMES.has(name)) return true;
  const code = legacyCode(err);
  if (code !== undefined && QUOTA_CODES.has(code) && !JS_ERROR_NAMES.has(name ?? '')) return true;
  if (depth >= 3 || typeof err !== 'object' || err === null) return false;
  const inner = 'error' in err ? err.error : 'cause' in err ? err.cause : undefined;
  return inner !== undefined && inner !== null && isQuotaError(inner, depth + 1);
}

/**
 * Map any error thrown by IndexedDB (usually a DOMException) onto a typed StorageError.
 * StorageErrors pass through unchanged, so it is safe to call more than once.
 * @param phase 'open' while opening the database: only then do InvalidStateError (Firefox
 *   private mode) and SecurityError (blocked site data) mean storage is unavailable; on an
 *   open database InvalidStateError means the connection closed under us.
 */
export function toStorageError(err: unknown, phase: StoragePhase = 'use'): StorageError {
  if (err instanceof StorageError) return err;
  if (isQuotaError(err)) return new StorageQuotaError(err);
  const name = errorName(err);
  if (name === undefined) return new StorageUnknownError(err);
  if (name === 'SecurityError') return new StorageUnavailableError(err);
  if (name === 'InvalidStateError') {
    return phase === 'open' ? new StorageUnavailableError(err) : new StorageClosedError(err);
  }
  // Chromium reports failed disk writes and damaged database files as UnknownError.
  if (name === 'UnknownError') return new StorageDiskError(err, phase);
  if (DATA_NAMES.has(name)) return new StorageDataError(err);
  if (name === 'VersionError') return new StorageVersionError(err);
  if (name === 'ConstraintError') return new StorageConstraintError(err);
  return new StorageUnknownError(err);
}

/** True when `err` looks like an IndexedDB failure (a DOMException or an error-like named one). */
export function isDomLikeError(err: unknown): boolean {
  if (typeof DOMException !== 'undefined' && err instanceof DOMException) return true;
  if (isQuotaError(err)) return true;
  const name = errorName(err);
  return (
    name !== undefined &&
    (QUOTA_NAMES.has(name) ||
      DATA_NAMES.has(name) ||
      name === 'InvalidStateError' ||
      name === 'SecurityError' ||
      name === 'UnknownError' ||
      name === 'VersionError' ||
      name === 'ConstraintError' ||
      name === 'AbortError' ||
      name === 'TransactionInactiveError' ||
      name === 'NotFoundError' ||
      name === 'ReadOnlyError')
  );
}
