// Prompt templates and message builders for task classification, task-anchored sampling, the
// pairwise functional-diversity judge, checklist quality grading and SimpleQA-style correctness.

export type { ChatMessage } from './prompts/fill';
export { fill, templatePlaceholders } from './prompts/fill';
export { CATEGORY_NAMES, CATEGORY_DEFINITIONS, QUALITY_FOCUS } from './prompts/categories';
export type { PromptTemplateId, PromptTemplate } from './prompts/templates';
export { PROMPT_TEMPLATES } from './prompts/templates';
export {
  CLASSIFICATION_SCHEMA,
  JUDGE_SCHEMA,
  CHECKLIST_SCHEMA,
  GRADE_SCHEMA,
  CORRECTNESS_SCHEMA,
} from './prompts/schemas';
export type { SamplingStrategy, SamplingStrategyInfo } from './prompts/sampling';
export {
  SAMPLING_STRATEGIES,
  SAMPLING_STRATEGY_IDS,
  systemSamplingInstruction,
  regenerationFollowUp,
  buildTemperatureMessages,
  buildSystemPromptSampling,
  buildRegenerationMessages,
} from './prompts/sampling';
export {
  buildClassificationMessages,
  judgeCriterion,
  buildJudgeMessages,
  buildChecklistMessages,
  formatChecklist,
  buildChecklistGradeMessages,
  buildCorrectnessMessages,
} from './prompts/builders';
