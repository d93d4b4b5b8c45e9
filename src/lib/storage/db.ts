// The app's IndexedDB storage, as the rest of the app uses it: open or delete the database, and
// the domain repositories. Store names and the generic get/put/transact stay inside storage/.

export { SCHEMA_VERSION, DB_NAME } from './schema';
export { openDatabase, deleteDatabase, type OpenOptions } from './internal/open';
export type { CloseReason, Draft, PlaygroundDB } from './internal/connection';
export { responseLatencies, type LatencySample } from './latencies';
export {
  listRuns,
  listRunBatches,
  loadRun,
  loadRunSpec,
  runExists,
  saveNewRuns,
  saveRunResults,
  writeRunRecords,
  RUN_RECORD_LISTS,
  type NewRun,
  type RunEntry,
  type RunRecordKind,
  type RunRecords,
  type RunWrite,
  type SavedRuns,
  type SaveNewRunsOptions,
  type StoredRun,
} from './runs';
export { deleteExperiment, deleteRun, type DeleteCounts } from './run-delete';
export {
  addDataset,
  deleteDataset,
  deletePrompt,
  getDataset,
  listDatasets,
  promptsOfDataset,
  promptsWithIdPrefix,
  savePrompt,
} from './datasets';
export {
  getEmbedding,
  putEmbedding,
  putEmbeddings,
  readEmbeddings,
  textHash,
  RANGE_READ_MIN,
} from './embeddings';
export { getSetting, setSetting } from './settings';
export { readStoredContents, type StoredContents } from './contents';
