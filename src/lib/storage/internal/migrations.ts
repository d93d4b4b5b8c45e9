// The schema steps of the database, in order: each creates or alters stores and rewrites records.
// Append-only: a released step is never edited or reordered (SCHEMA_VERSION is the last one's).

import type { IDBPDatabase, IDBPTransaction } from 'idb';
import type { Run, RunV1 } from '../schema';
import { INDEXES, STORES } from './stores';

/** Untyped database handle given to migrations: they describe historical schemas. */
export type MigrationDB = IDBPDatabase<unknown>;
/** The versionchange transaction a migration runs in. */
export type MigrationTx = IDBPTransaction<unknown, ArrayLike<string>, 'versionchange'>;

/** One schema step. Steps are append-only: never edit or reorder a released one. */
export interface Migration {
  version: number;
  description: string;
  /**
   * Create/alter stores and rewrite records. An async step may only await requests on `tx`;
   * awaiting anything else lets the upgrade transaction auto-commit half-way.
   */
  migrate(db: MigrationDB, tx: MigrationTx): void | Promise<void>;
}

function isRunV1(value: unknown): value is RunV1 {
  if (typeof value !== 'object' || value === null) return false;
  return 'completed' in value && 'total' in value && !('progress' in value);
}

/**
 * Convert a version-1 run record to the current shape: the flat completed/total counters
 * become `progress`; v1 never counted failures, so `failed` starts at 0.
 */
export function upgradeRunV1(old: RunV1): Run {
  const { completed, total, ...rest } = old;
  return { ...rest, progress: { done: completed, total, failed: 0 }, schemaVersion: 2 };
}

/** All schema steps in order; the last version is SCHEMA_VERSION. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'Initial stores: prompts, datasets, experiments, runs, responses, embeddings.',
    migrate(db) {
      const prompts = db.createObjectStore(STORES.prompts, { keyPath: 'id' });
      prompts.createIndex(INDEXES.prompts.byDatasetId, 'datasetId');
      db.createObjectStore(STORES.datasets, { keyPath: 'id' });
      db.createObjectStore(STORES.experiments, { keyPath: 'id' });
      const runs = db.createObjectStore(STORES.runs, { keyPath: 'id' });
      runs.createIndex(INDEXES.runs.byExperimentId, 'experimentId');
      const responses = db.createObjectStore(STORES.responses, { keyPath: 'id' });
      responses.createIndex(INDEXES.responses.byRunId, 'runId');
      const embeddings = db.createObjectStore(STORES.embeddings, {
        keyPath: ['model', 'textHash'],
      });
      embeddings.createIndex(INDEXES.embeddings.byModel, 'model');
      db.createObjectStore(STORES.settings, { keyPath: 'key' });
    },
  },
  {
    version: 2,
    description: 'Judgements store, category and per-prompt indexes, run progress object.',
    async migrate(db, tx) {
      const judgements = db.createObjectStore(STORES.judgements, { keyPath: 'id' });
      judgements.createIndex(INDEXES.judgements.byRunId, 'runId');
      judgements.createIndex(INDEXES.judgements.byRunPrompt, ['runId', 'promptId']);
      tx.objectStore(STORES.prompts).createIndex(INDEXES.prompts.byCategory, 'category');
      tx.objectStore(STORES.responses).createIndex(INDEXES.responses.byRunPrompt, [
        'runId',
        'promptId',
      ]);
      const runs = tx.objectStore(STORES.runs);
      runs.createIndex(INDEXES.runs.byStatus, 'status');
      let cursor = await runs.openCursor();
      while (cursor) {
        const value: unknown = cursor.value;
        if (isRunV1(value)) await cursor.update(upgradeRunV1(value));
        cursor = await cursor.continue();
      }
    },
  },
  {
    version: 3,
    description:
      'Experiment pipeline stores: run units, classifications, checklists, metrics, run specs.',
    migrate(db) {
      const units = db.createObjectStore(STORES.runUnits, { keyPath: 'id' });
      units.createIndex(INDEXES.runUnits.byRunId, 'runId');
      const classifications = db.createObjectStore(STORES.classifications, { keyPath: 'id' });
      classifications.createIndex(INDEXES.classifications.byRunId, 'runId');
      const checklists = db.createObjectStore(STORES.checklists, { keyPath: 'id' });
      checklists.createIndex(INDEXES.checklists.byRunId, 'runId');
      const metrics = db.createObjectStore(STORES.metrics, { keyPath: 'id' });
      metrics.createIndex(INDEXES.metrics.byRunId, 'runId');
      metrics.createIndex(INDEXES.metrics.byRunPrompt, ['runId', 'promptId']);
      db.createObjectStore(STORES.runSpecs, { keyPath: 'runId' });
    },
  },
  {
    version: 4,
    description: 'Provider batches of runs in batch mode.',
    migrate(db) {
      const batches = db.createObjectStore(STORES.runBatches, { keyPath: 'id' });
      batches.createIndex(INDEXES.runBatches.byRunId, 'runId');
    },
  },
];

/**
 * Check that migrations are numbered 1, 2, 3... in order. Throws a plain Error because a
 * malformed list is a programming mistake, not a user-facing storage failure.
 */
export function validateMigrations(migrations: readonly Migration[]): number {
  if (migrations.length === 0) throw new Error('At least one migration is required.');
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration at position ${i} has version ${m.version}; expected ${i + 1}.`);
    }
  });
  return migrations.length;
}
