// Dhingra's Magic/Madness/Heaven/Sin framework: normative contexts, quadrants, levels of analysis,
// pairwise tensions, and the default bridge from Jain et al.'s task categories to active contexts.

export type {
  Pole,
  Valuation,
  NormativeContext,
  QuadrantName,
  Quadrant,
  NormativeContextInfo,
} from './mmhs/contexts';
export {
  QUADRANTS,
  NORMATIVE_CONTEXTS,
  NORMATIVE_CONTEXT_IDS,
  isNormativeContext,
  getContext,
  quadrantAt,
  valuationOf,
} from './mmhs/contexts';
export type {
  AnalysisLevel,
  AnalysisLevelInfo,
  AnalysisScope,
  AnalysisScopeInfo,
} from './mmhs/levels';
export { ANALYSIS_LEVELS, ANALYSIS_SCOPES } from './mmhs/levels';
export {
  valuationScore,
  DEFAULT_POLE_THRESHOLD,
  poleRuleText,
  poleOf,
  quadrantFor,
} from './mmhs/valuation';
export type { TensionKind, TensionKindInfo, ContextTension } from './mmhs/tensions';
export { TENSION_KINDS, CONTEXT_TENSIONS, getTension } from './mmhs/tensions';
export type { MeasuredAspect, ContextActivation } from './mmhs/bridge';
export { MEASURED_ASPECTS, CATEGORY_CONTEXT_MAP, activeContexts } from './mmhs/bridge';
export type { QueryAnalysis } from './mmhs/example';
export { EXAMPLE_QUERY } from './mmhs/example';
