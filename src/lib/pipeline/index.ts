// Public API of the experiment pipeline for the UI: define and estimate an experiment, run or
// resume it on the app database, follow its progress, and summarize what it stored.

export {
  experimentSchema,
  parseExperiment,
  estimateExperiment,
  goldType,
  type ExperimentDefinition,
  type ExperimentInput,
  type ExperimentPrompt,
  type EngineInfo,
  type ParsedExperiment,
} from './experiment';
export {
  ExperimentRunner,
  RunSetupError,
  type RunnerOptions,
  type RunOutcome,
  type UnitDoneEvent,
} from './runner';
export { PlaygroundRunStore, type RunStore, type PersistedRun, type UnitCommit } from './store';
export type { RunProgressSnapshot } from './progress';
export { CallCache } from './call';
export { planRun, PIPELINE_STAGES, type PlannedUnit } from './plan';
export { summarizeRun, type GroupSummary, type RunSummary, type ClassifierScore } from './results';
