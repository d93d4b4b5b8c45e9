// Opening (creating or upgrading) and deleting the app database. The upgrade runs the migrations
// in one versionchange transaction, so a failed step rolls the whole upgrade back.

import { wrap } from 'idb';
import { DB_NAME } from '../schema';
import {
  StorageBlockedError,
  StorageMigrationError,
  StorageUnavailableError,
  toStorageError,
} from '../errors';
import { Connection, type CloseReason, type PlaygroundDB } from './connection';
import { MIGRATIONS, validateMigrations, type Migration, type MigrationTx } from './migrations';

/** Options of openDatabase; all optional so the app just calls openDatabase(). */
export interface OpenOptions {
  /** IndexedDB factory; defaults to the global `indexedDB` (tests inject fresh instances). */
  factory?: IDBFactory;
  name?: string;
  /** Schema steps to apply; defaults to MIGRATIONS (tests pass a prefix to build old versions). */
  migrations?: readonly Migration[];
  /** Called when the handle closes on its own (another tab upgraded, or the browser dropped it). */
  onClosed?: (reason: Exclude<CloseReason, 'closed'>) => void;
}

function globalFactory(): IDBFactory | undefined {
  return typeof indexedDB === 'undefined' ? undefined : indexedDB;
}

/**
 * Open (creating or upgrading as needed) the app database.
 * Rejects with StorageUnavailableError, StorageVersionError, StorageBlockedError or
 * StorageMigrationError; a failed migration rolls the whole upgrade back.
 */
export function openDatabase(options: OpenOptions = {}): Promise<PlaygroundDB> {
  const migrations = options.migrations ?? MIGRATIONS;
  const version = validateMigrations(migrations);
  const name = options.name ?? DB_NAME;
  const factory = options.factory ?? globalFactory();
  // idb's wrap() relies on the global IDB classes, so a factory alone is not enough.
  if (factory === undefined || typeof IDBRequest === 'undefined') {
    return Promise.reject(new StorageUnavailableError());
  }
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(name, version);
  } catch (err) {
    return Promise.reject(toStorageError(err, 'open'));
  }

  return new Promise<PlaygroundDB>((resolve, reject) => {
    let settled = false;
    let failedStep: { version: number; error: unknown } | undefined;

    request.addEventListener('upgradeneeded', (event) => {
      const rawTx = request.transaction;
      if (rawTx === null) return;
      const db = wrap(request.result);
      const tx = wrap(rawTx) as unknown as MigrationTx;
      // A failed upgrade is reported through the open request; keep tx.done from going unhandled.
      tx.done.catch(() => undefined);
      const pending = migrations.filter((m) => m.version > event.oldVersion);
      const fail = (step: Migration, error: unknown): void => {
        failedStep = { version: step.version, error };
        try {
          rawTx.abort();
        } catch {
          // Already finished: the open request reports the failure anyway.
        }
      };
      // Synchronous steps run inside the event dispatch; only async ones chain on promises.
      const runFrom = (i: number): void => {
        for (; i < pending.length; i++) {
          const step = pending[i];
          if (step === undefined) return;
          let result: void | Promise<void>;
          try {
            result = step.migrate(db, tx);
          } catch (error) {
            fail(step, error);
            return;
          }
          if (result instanceof Promise) {
            const next = i + 1;
            result.then(
              () => runFrom(next),
              (error: unknown) => fail(step, error),
            );
            return;
          }
        }
      };
      runFrom(0);
    });

    request.addEventListener('blocked', (event) => {
      if (settled) return;
      settled = true;
      reject(new StorageBlockedError(event));
    });

    request.addEventListener('success', () => {
      const raw = request.result;
      if (settled) {
        // We already reported "blocked"; the late connection would otherwise leak.
        raw.close();
        return;
      }
      settled = true;
      resolve(new Connection(raw, options.onClosed));
    });

    request.addEventListener('error', (event) => {
      event.preventDefault();
      if (settled) return;
      settled = true;
      reject(
        failedStep
          ? new StorageMigrationError(failedStep.version, failedStep.error)
          : toStorageError(request.error, 'open'),
      );
    });
  });
}

/**
 * Delete the whole database (the "reset all data" action).
 * Rejects with StorageBlockedError while another tab keeps it open.
 */
export function deleteDatabase(options: Pick<OpenOptions, 'factory' | 'name'> = {}): Promise<void> {
  const factory = options.factory ?? globalFactory();
  if (factory === undefined) return Promise.reject(new StorageUnavailableError());
  return new Promise<void>((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.deleteDatabase(options.name ?? DB_NAME);
    } catch (err) {
      reject(toStorageError(err, 'open'));
      return;
    }
    request.addEventListener('success', () => resolve());
    request.addEventListener('error', () => reject(toStorageError(request.error, 'open')));
    request.addEventListener('blocked', (event) => reject(new StorageBlockedError(event)));
  });
}
